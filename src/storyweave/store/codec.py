"""Model objects to JSON-ready dicts and back (the store keeps each Document and Story as one JSON blob).

    to_dict(obj)                    = storyweave.schema.dump (the one JSON writer)
    from_dict(cls, data)            any model dataclass, nested types rebuilt from the annotations
    document_from_dict(d), story_from_dict(d)
    annotations_to_bytes(a), annotations_from_bytes(b)   one report's Annotations, zlib-compressed JSON
"""
from __future__ import annotations

import dataclasses
import json
import types
import typing
import zlib
from functools import lru_cache
from typing import Any, TypeVar

from storyweave import model
from storyweave.model import Annotations, Document, Story
from storyweave.schema import dump

T = TypeVar("T")

to_dict = dump


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        item = args[0] if args else Any
        if len(args) == 2 and args[1] is Ellipsis or len(args) == 1:
            return tuple(_convert(item, v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value))
    if origin is dict:
        _, vt = args
        return {str(k): _convert(vt, v) for k, v in value.items()}
    if origin is typing.Literal:
        return value
    if dataclasses.is_dataclass(tp) and isinstance(value, dict):
        return from_dict(tp, value)
    if tp is float and isinstance(value, int):
        return float(value)
    return value


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a model dataclass from its to_jsonable() form; unknown keys are ignored, missing ones default."""
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def document_from_dict(data: dict[str, Any]) -> Document:
    return from_dict(Document, data)


def story_from_dict(data: dict[str, Any]) -> Story:
    return from_dict(Story, data)


def annotations_to_bytes(annotations: Annotations) -> bytes:
    return zlib.compress(json.dumps(to_dict(annotations), ensure_ascii=False).encode("utf-8", "surrogatepass"), 6)


def annotations_from_bytes(data: bytes) -> Annotations:
    return from_dict(Annotations, json.loads(zlib.decompress(data).decode("utf-8", "surrogatepass")))
