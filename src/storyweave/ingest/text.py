"""Plain-text files (.txt): one file, one document. A .txt that clearly is an HTML page is passed on as HTML."""
from __future__ import annotations

from pathlib import Path

from storyweave.errors import BadDocument
from storyweave.ingest._common import decode, looks_like_html, read_capped
from storyweave.model import RawDocument


def read_text(path: Path, *, source: str, doc_id: str, max_bytes: int) -> RawDocument:
    """One plain-text document; BadDocument for empty, binary or oversized files."""
    data = read_capped(path, source, max_bytes)
    try:
        text, _ = decode(data)
    except ValueError as exc:
        raise BadDocument(source, str(exc)) from exc
    if looks_like_html(text):
        return RawDocument(id=doc_id, source=source, html=text)
    return RawDocument(id=doc_id, source=source, text=text)
