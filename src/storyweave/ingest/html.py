"""HTML files (.html, .htm): one file, one document, passed on as markup (clean() extracts the article).

Nothing here parses the markup, so deep nesting, scripts, entities and invisible characters reach clean() as they
are. The charset a page declares is used when its bytes are not UTF-8.
"""
from __future__ import annotations

from pathlib import Path

from storyweave.errors import BadDocument
from storyweave.ingest._common import decode, declared_charset, read_capped
from storyweave.model import RawDocument


def decode_html(data: bytes, *, charset: str | None = None) -> str:
    """Markup as text: byte-order mark, UTF-8, the given or declared charset, then detection. ValueError if binary."""
    declared = charset or declared_charset(data)
    text, _ = decode(data, declared=declared)
    return text


def read_html(path: Path, *, source: str, doc_id: str, max_bytes: int) -> RawDocument:
    """One HTML document; BadDocument for empty, binary or oversized files."""
    data = read_capped(path, source, max_bytes)
    try:
        html = decode_html(data)
    except ValueError as exc:
        raise BadDocument(source, str(exc)) from exc
    return RawDocument(id=doc_id, source=source, html=html)
