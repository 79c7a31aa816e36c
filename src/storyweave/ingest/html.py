"""HTML files (.html, .htm): one file, one document, passed on as markup (clean() extracts the article).

Nothing here parses the markup, so deep nesting, scripts, entities and invisible characters reach clean() as they
are. The charset a page declares is used when its bytes are not UTF-8 (storyweave.htmlbytes.decode_html, the one
decoder the fetcher uses too).
"""
from __future__ import annotations

from pathlib import Path

from storyweave.errors import BadDocument
from storyweave.htmlbytes import decode_html
from storyweave.ingest._common import read_capped
from storyweave.model import RawDocument

__all__ = ["decode_html", "read_html"]  # decode_html (storyweave.htmlbytes, shared with fetch) for warc.py


def read_html(path: Path, *, source: str, doc_id: str, max_bytes: int) -> RawDocument:
    """One HTML document; BadDocument for empty, binary or oversized files."""
    data = read_capped(path, source, max_bytes)
    try:
        html = decode_html(data)
    except ValueError as exc:
        raise BadDocument(source, str(exc)) from exc
    return RawDocument(id=doc_id, source=source, html=html)
