"""JSON Lines (.jsonl, standard input) and JSON (.json: one record or a list of records).

A record: {"id", "text" or "html", "url", "title", "published", "outlet"}; only "text" or "html" is required.
Files are streamed line by line, so their size is unbounded; each line is capped at `max_bytes`. One bad record
becomes one Rejected ("path:line: reason") and never loses the records around it.
"""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import BinaryIO, Iterator

from pydantic import ValidationError

from storyweave.errors import BadDocument
from storyweave.ingest._common import (BOMS, SNIFF_BYTES, binary_kind, decode, display, normalise_newlines,
                                       open_regular, read_capped, too_big, utf16_guess)
from storyweave.model import RawDocument, Rejected
from storyweave.schema import (MAX_ID_CHARS, RECORD_BODY_FIELDS, RECORD_EXPECTS, RECORD_META_FIELDS, Record,
                               record_adapter)

_CHECK_ORDER = (*RECORD_BODY_FIELDS, "id", *RECORD_META_FIELDS)  # which problem of a record is named first
_CHUNK = 1 << 20


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def record_to_raw(obj: object, *, source: str, default_id: str) -> RawDocument:
    """A RawDocument for one decoded JSON record (validated by schema.Record); ValueError with the reason when the
    record cannot be used. The first problem is named, in the order: body type, empty body, id, the other fields."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object per record, got {_json_type(obj)}")
    record: Record | None = None
    bad: str | None = None
    try:
        record = record_adapter().validate_python(obj)
    except ValidationError as exc:
        wrong = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        bad = next((key for key in _CHECK_ORDER if key in wrong), None)
        if bad is None:  # pragma: no cover - every field of Record is in _CHECK_ORDER
            raise ValueError(f"invalid record: {exc.errors()[0]['msg']}") from exc
    if bad in RECORD_BODY_FIELDS:
        raise ValueError(f"'{bad}' must be {RECORD_EXPECTS[bad]}, got {_json_type(obj[bad])}")
    body = {key: normalise_newlines(obj[key]) for key in RECORD_BODY_FIELDS
            if isinstance(obj.get(key), str) and obj[key].strip()}
    if not body:
        if "text" in obj or "html" in obj:
            raise ValueError("record's 'text'/'html' is empty")
        keys = ", ".join(display(str(k))[:30] for k in list(obj)[:6]) + (", ..." if len(obj) > 6 else "")
        raise ValueError(f"record has no 'text' or 'html' (its keys: {keys})" if obj else "record is an empty object")
    if bad is not None or record is None:
        key = bad or "id"
        raise ValueError(f"'{key}' must be {RECORD_EXPECTS[key]}, got {_json_type(obj.get(key))}")
    doc_id = default_id if record.id is None or record.id == "" else (
        display(str(record.id).strip())[:MAX_ID_CHARS] or default_id)
    meta: dict[str, str | None] = {}
    for key in RECORD_META_FIELDS:
        value = getattr(record, key)
        if isinstance(value, str):
            meta[key] = value.strip() or None
        else:  # None, or a number as `published` (a year or a timestamp; clean() normalises dates)
            meta[key] = None if value is None else str(value)
    if "text" in body:  # the producer's own extraction wins over markup
        return RawDocument(id=doc_id, source=source, text=body["text"], **meta)
    return RawDocument(id=doc_id, source=source, html=body["html"], **meta)


def parse_record(line: str, *, source: str, default_id: str) -> RawDocument | Rejected:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Rejected(source=source, stage="ingest", reason=f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return Rejected(source=source, stage="ingest", reason="invalid JSON (nested too deeply)")
    except ValueError as exc:  # e.g. integers beyond Python's digit limit
        return Rejected(source=source, stage="ingest", reason=f"invalid JSON ({exc})")
    try:
        return record_to_raw(obj, source=source, default_id=default_id)
    except ValueError as exc:
        return Rejected(source=source, stage="ingest", reason=str(exc))


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "storyweave-latin1")  # JSON Lines should be UTF-8; be lenient per line


def _binary_lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, str | None]]:
    """(line number, line) for each line; None for a line over `max_bytes`, which is skipped without keeping it."""
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while True:  # skip the rest of the overlong line in bounded chunks
                chunk = stream.readline(_CHUNK)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, _decode_line(raw)


def _text_lines(stream: io.TextIOBase, max_chars: int) -> Iterator[tuple[int, str | None]]:
    number = 0
    while True:
        line = stream.readline(max_chars + 1)
        if not line:
            return
        number += 1
        if len(line) > max_chars and not line.endswith("\n"):
            while True:
                chunk = stream.readline(_CHUNK)
                if not chunk or chunk.endswith("\n"):
                    break
            yield number, None
            continue
        yield number, line


def _lines(stream: BinaryIO, head: bytes, max_bytes: int) -> Iterator[tuple[int, str | None]]:
    """Lines of a JSON Lines stream whose first bytes are `head` (already read), in its encoding."""
    codec = None
    for bom, name in BOMS:
        if head.startswith(bom):
            codec, head = name, head[len(bom):]
            break
    if codec is None and b"\x00" in head:
        codec = utf16_guess(head)
    buffered = io.BufferedReader(_Prefixed(head, stream), buffer_size=_CHUNK)
    if codec is None or codec == "utf-8":
        return _binary_lines(buffered, max_bytes)
    return _text_lines(io.TextIOWrapper(buffered, encoding=codec, errors="replace", newline=""), max_bytes)


class _Prefixed(io.RawIOBase):
    """A readable stream: `head` (already read from `rest`) followed by the rest of `rest`."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self._head.nbytes:
            n = min(len(buffer), self._head.nbytes)
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def iter_records(stream: BinaryIO, *, source_prefix: str, id_prefix: str, max_bytes: int
                 ) -> Iterator[RawDocument | Rejected]:
    """Records of a JSON Lines stream: source "PREFIX:LINE", default id "IDPREFIX-LINE". Blank lines are skipped."""
    head = stream.read(4)  # enough for any byte-order mark
    more = stream.read(SNIFF_BYTES - len(head)) if len(head) == 4 else b""
    head += more
    kind = binary_kind(head[:64])
    if kind:
        raise BadDocument(source_prefix, f"binary content ({kind}), not JSON Lines")
    for number, line in _lines(stream, head, max_bytes):
        source = f"{source_prefix}:{number}"
        if line is None:
            yield Rejected(source=source, stage="ingest", reason=too_big("line", None, max_bytes))
            continue
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        yield parse_record(line, source=source, default_id=f"{id_prefix}-{number}")


def read_jsonl(path: Path, *, source: str, stem: str, max_bytes: int) -> Iterator[RawDocument | Rejected]:
    """Every record of a .jsonl file; BadDocument when the file itself is unreadable, binary or has no records."""
    found = False
    with open_regular(path, source) as fh:
        for item in iter_records(fh, source_prefix=source, id_prefix=stem, max_bytes=max_bytes):
            found = True
            yield item
    if not found:
        raise BadDocument(source, "empty file (no JSON Lines records)")


def read_json(path: Path, *, source: str, stem: str, max_bytes: int) -> Iterator[RawDocument | Rejected]:
    """A .json file: one record, a list of records ("PATH#N"), or JSON Lines saved as .json."""
    data = read_capped(path, source, max_bytes)
    try:
        text, _ = decode(data)
    except ValueError as exc:
        raise BadDocument(source, str(exc)) from exc
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several records, one per line
            lines = text.split("\n")
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield parse_record(line.strip(), source=f"{source}:{number}", default_id=f"{stem}-{number}")
            return
        raise BadDocument(source, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise BadDocument(source, "invalid JSON (nested too deeply)") from exc
    except ValueError as exc:
        raise BadDocument(source, f"invalid JSON ({exc})") from exc
    if isinstance(obj, list):
        if not obj:
            raise BadDocument(source, "empty JSON list (no records)")
        for number, item in enumerate(obj, 1):
            item_source = f"{source}#{number}"
            try:
                yield record_to_raw(item, source=item_source, default_id=f"{stem}-{number}")
            except ValueError as exc:
                yield Rejected(source=item_source, stage="ingest", reason=str(exc))
        return
    try:
        yield record_to_raw(obj, source=source, default_id=stem)
    except ValueError as exc:
        raise BadDocument(source, str(exc)) from exc
