"""RSS and Atom feeds (.xml, .rss, .atom): each entry with content or a summary becomes one document.

The bytes are parsed by storyweave.feedxml, the same hardened reader as feeds fetched by `watch` (no entity is ever
expanded, none is loaded). url, title and published come from the entry, outlet from the feed's title.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from storyweave import feedxml
from storyweave.errors import BadDocument
from storyweave.ingest._common import binary_kind, display, normalise_newlines, one_line, read_capped, url_slug
from storyweave.model import RawDocument, Rejected

_TEXT_TYPES = ("text/plain", "text")
strip_internal_subset = feedxml.strip_internal_subset  # kept under its old name
def _body(entry: Any) -> tuple[str, bool] | None:
    """(content, is_html) of an entry: its longest full content, else its summary."""
    best: tuple[str, bool] | None = None
    for part in entry.get("content") or ():
        value = (part.get("value") or "").strip()
        if value and (best is None or len(value) > len(best[0])):
            best = (value, (part.get("type") or "text/html") not in _TEXT_TYPES)
    if best:
        return best
    summary = (entry.get("summary") or "").strip()
    if summary:
        detail = entry.get("summary_detail") or {}
        return summary, (detail.get("type") or "text/html") not in _TEXT_TYPES
    return None


def _outlet(feed: Any) -> str | None:
    title = (feed.get("title") or "").strip()
    if title:
        return title
    link = feed.get("link") or ""
    host = urlsplit(link).hostname if link else None
    return host.removeprefix("www.") if host else None


def read_feed(path: Path, *, source: str, stem: str, max_bytes: int) -> Iterator[RawDocument | Rejected]:
    """Every entry of one feed file ("PATH#N"); BadDocument when the file is not a feed at all."""
    data = read_capped(path, source, max_bytes)
    if not data.strip():
        raise BadDocument(source, "empty file")
    kind = binary_kind(data[:64])
    if kind:
        raise BadDocument(source, f"binary content ({kind}), not a feed")
    try:
        parsed = feedxml.parse(data)
    except Exception as exc:  # feedparser promises not to raise; a bug in it must not stop the run
        raise BadDocument(source, one_line(f"cannot parse feed ({type(exc).__name__}: {exc})")) from exc
    entries = parsed.get("entries") or []
    if not entries:
        if not parsed.get("version"):
            problem = parsed.get("bozo_exception")
            detail = f" ({one_line(str(problem), limit=120)})" if problem else ""
            raise BadDocument(source, f"not an RSS or Atom feed{detail}")
        raise BadDocument(source, "feed has no entries")
    outlet = _outlet(parsed.get("feed") or {})
    for number, entry in enumerate(entries, 1):
        entry_source = f"{source}#{number}"
        body = _body(entry)
        if body is None:
            yield Rejected(source=entry_source, stage="ingest", reason="feed entry has no content or summary")
            continue
        content, is_html = body
        url = (entry.get("link") or "").strip() or None
        doc_id = url_slug(url) or f"{stem}-{number}"
        meta: dict[str, Any] = dict(id=display(doc_id), source=entry_source, url=url,
                    title=(entry.get("title") or "").strip() or None,
                    published=(entry.get("published") or entry.get("updated") or "").strip() or None,
                    outlet=outlet)
        if is_html:
            yield RawDocument(html=normalise_newlines(content), **meta)
        else:
            yield RawDocument(text=normalise_newlines(content), **meta)
