"""Read news where it lives: poll RSS/Atom feeds and fetch their new article pages.

    fetch_feeds(feed_urls, *, state_path) -> Iterator[RawDocument | Rejected]

Each new page becomes `RawDocument(html=..., url=..., fetched=..., outlet=host)`, ready for `clean.clean`.
The HTTP policy (timeouts, retries, rate limit, robots.txt, caps) is `client.Policy`; what is remembered between
runs (URLs already handled, ETag/Last-Modified) lives in the SQLite file at `state_path` (`state.FetchState`).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from storyweave.errors import BadDocument
from storyweave.fetch.client import USER_AGENT, Fetched, FetchError, PoliteClient, Policy, check_url, decode_html, is_private_host
from storyweave.fetch.feeds import Entry, parse_feed
from storyweave.fetch.state import FetchState, canonical_url
from storyweave.model import RawDocument, Rejected
from storyweave.textutil import short_id

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
MAX_ENTRIES = 200  # per feed and poll; a feed listing thousands of links is read over several polls
_SLUG = re.compile(r"[^a-z0-9]+")


def fetch_feeds(feed_urls: Iterable[str], *, state_path: str | Path, policy: Policy | None = None,
                client: PoliteClient | None = None, max_entries: int = MAX_ENTRIES
                ) -> Iterator[RawDocument | Rejected]:
    """Poll each feed once and yield a RawDocument for every article page not fetched before (or a Rejected).

    A page counts as seen once the consumer asks for the next item after it, so a consumer that stops early
    gets it again on the next run. Permanent failures (404, robots.txt, not HTML, too large) are remembered and not
    retried; transient ones (timeouts, 5xx after retries) are retried on the next poll, and the feed's validators
    are then not saved, so a 304 cannot hide the entry that still has to be fetched.
    """
    own_client = client is None
    http = client or PoliteClient(policy)
    try:
        with FetchState(state_path) as state:
            for feed_url in feed_urls:
                yield from _poll_feed(feed_url, http, state, max_entries)
    finally:
        if own_client:
            http.close()


def _poll_feed(feed_url: str, http: PoliteClient, state: FetchState, max_entries: int
               ) -> Iterator[RawDocument | Rejected]:
    etag, modified = state.validators(feed_url)
    try:
        check_url(feed_url)
        feed = http.get(feed_url, etag=etag, last_modified=modified, accept=FEED_ACCEPT, allow_private=True)
        if feed.status == 304:
            return
        entries = parse_feed(feed.body, feed.url, content_type=feed.content_type)
    except BadDocument as exc:
        yield Rejected(source=feed_url, stage="ingest", reason=exc.reason)
        return
    # The user chose the feed; links inside it may reach local addresses only if the feed itself is local.
    private_ok = is_private_host(urlsplit(feed.url).hostname or "")
    complete = True
    for entry in entries[:max_entries]:
        if state.is_seen(entry.link):
            continue
        try:
            doc = _fetch_page(entry, http, state, private_ok)
        except FetchError as exc:
            yield Rejected(source=entry.link, stage="ingest", reason=exc.reason)
            if exc.permanent:
                state.mark_seen(entry.link, outcome=f"rejected: {exc.reason}")
            else:
                complete = False
            continue
        if doc is None:
            continue
        yield doc
        state.mark_seen(entry.link, doc.url or entry.link)
    if complete and len(entries) <= max_entries:
        state.save_validators(feed_url, feed.etag, feed.last_modified)


def _fetch_page(entry: Entry, http: PoliteClient, state: FetchState, private_ok: bool) -> RawDocument | None:
    etag, modified = state.validators(entry.link)
    page = http.get(entry.link, etag=etag, last_modified=modified, accept=HTML_ACCEPT, allow_private=private_ok)
    if page.status == 304 or (canonical_url(page.url) != canonical_url(entry.link) and state.is_seen(page.url)):
        state.mark_seen(entry.link)  # redirected to a page already read, or unchanged since
        return None
    if page.content_type not in HTML_TYPES:
        raise FetchError(entry.link, f"not an HTML page ({page.content_type})", permanent=True)
    html = decode_html(page.body, page.charset)
    if not html.strip():
        raise FetchError(entry.link, "empty page", permanent=True)
    state.save_validators(page.url, page.etag, page.last_modified)
    host = (urlsplit(page.url).hostname or "").lower()
    return RawDocument(id=doc_id(page.url), source=entry.link, html=html, url=page.url, title=entry.title,
                       published=entry.published, outlet=host.removeprefix("www."),
                       fetched=datetime.now(timezone.utc).isoformat(timespec="seconds"))


def doc_id(url: str) -> str:
    """A readable, stable id for a fetched page: its last path segment as a slug plus a short hash of the URL."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    stem = segments[-1].rsplit(".", 1)[0] if segments else (parts.hostname or "page")
    slug = _SLUG.sub("-", stem.lower()).strip("-")[:60].strip("-") or "page"
    return f"{slug}-{short_id(canonical_url(url), length=8)}"


__all__ = ["fetch_feeds", "doc_id", "USER_AGENT", "Policy", "PoliteClient", "Fetched", "FetchError", "FetchState",
           "canonical_url", "parse_feed", "Entry"]
