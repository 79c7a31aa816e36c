"""Model objects to JSON-ready dicts and back (the store keeps each Document and Story as one JSON blob).

    to_dict(obj)                    = storyweave.schema.dump (the one JSON writer)
    from_dict(cls, data)            any model dataclass, nested types rebuilt from the annotations
    document_from_dict(d), story_from_dict(d)
    annotations_to_bytes(a), annotations_from_bytes(b)   one report's Annotations, zlib-compressed JSON
    vectors_to_bytes(texts, vectors), vectors_from_bytes(b)  one report's sentence vectors (float16) and a digest of
                                                             the texts they embed -> SentenceVectors
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import struct
import types
import typing
import zlib
from functools import lru_cache
from typing import Any, Sequence, TypeVar

import numpy as np

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


_VECTORS_MAGIC = b"SWV1"
_VECTORS_HEAD = struct.Struct("<4sII16s")  # magic, rows, dimension, digest of the texts


def texts_digest(texts: Sequence[str]) -> bytes:
    """16 bytes naming the texts a set of vectors embeds, in order."""
    h = hashlib.blake2b(digest_size=16)
    for t in texts:
        h.update(t.encode("utf-8", "surrogatepass") + b"\x1e")
    return h.digest()


@dataclasses.dataclass(frozen=True, slots=True)
class SentenceVectors:
    """One report's stored sentence vectors: float32 rows holding the float16 values kept, and the digest of the
    texts they embed."""

    digest: bytes
    vectors: np.ndarray  # (rows, dimension) float32

    def matches(self, texts: Sequence[str]) -> bool:
        """Do these vectors embed exactly `texts` (in order)?"""
        return len(texts) == len(self.vectors) and texts_digest(texts) == self.digest


def vectors_to_bytes(texts: Sequence[str], vectors: np.ndarray) -> bytes:
    vectors = np.asarray(vectors)
    if vectors.ndim != 2 or len(vectors) != len(texts):
        raise ValueError(f"{len(texts)} texts but vectors of shape {vectors.shape}")
    head = _VECTORS_HEAD.pack(_VECTORS_MAGIC, vectors.shape[0], vectors.shape[1], texts_digest(texts))
    return head + vectors.astype("<f2").tobytes()


def vectors_from_bytes(data: bytes, *, dim: int | None = None) -> SentenceVectors | None:
    """The vectors of a stored blob; None when it is not one, or its dimension is not `dim` (when given)."""
    if len(data) < _VECTORS_HEAD.size:
        return None
    magic, rows, width, digest = _VECTORS_HEAD.unpack_from(data, 0)
    if magic != _VECTORS_MAGIC or (dim is not None and width != dim) or \
            len(data) != _VECTORS_HEAD.size + rows * width * 2:
        return None
    vecs = np.frombuffer(data, "<f2", rows * width, _VECTORS_HEAD.size).reshape(rows, width).astype(np.float32)
    return SentenceVectors(digest=digest, vectors=vecs)
