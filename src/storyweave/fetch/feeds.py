"""Entries of an RSS/Atom feed, parsed from bytes already fetched (feedparser never touches the network here), by
storyweave.feedxml: the same hardened reader as feed files (no entity expanded or loaded)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from storyweave import feedxml
from storyweave.errors import BadDocument


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    link: str
    title: str | None = None
    published: str | None = None  # ISO timestamp (UTC) when the feed gives one


def parse_feed(body: bytes, url: str, *, content_type: str = "") -> list[Entry]:
    """The entries that have a link (relative ones resolved against `url`), in feed order. BadDocument when the bytes
    are not a feed."""
    try:
        parsed = feedxml.parse(body, content_type=content_type, url=url, sanitize_html=True)
    except Exception as exc:  # feedparser wraps most errors in `bozo`, but not all
        raise BadDocument(url, f"unreadable feed: {type(exc).__name__}") from exc
    if not parsed.entries and (parsed.bozo or not parsed.version):
        why = getattr(parsed.get("bozo_exception"), "getMessage", None)
        detail = why() if callable(why) else type(parsed.get("bozo_exception")).__name__
        raise BadDocument(url, f"not an RSS or Atom feed ({detail})" if parsed.bozo else "not an RSS or Atom feed")
    entries: list[Entry] = []
    for item in parsed.entries:
        link = item.get("link") or next((li.get("href") for li in item.get("links", []) if li.get("href")), None)
        if not link or "://" not in link:  # no link, or feedparser fell back to a non-URL id such as "urn:..."
            continue
        when = item.get("published_parsed") or item.get("updated_parsed")
        published = datetime(*when[:6]).replace(tzinfo=timezone.utc).isoformat() if when else None
        title = " ".join((item.get("title") or "").split()) or None
        entries.append(Entry(link=link.strip(), title=title, published=published))
    return entries
