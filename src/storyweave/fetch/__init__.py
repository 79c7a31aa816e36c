"""Read news where it lives: poll RSS/Atom feeds and fetch their new article pages.

    fetch_feeds(feed_urls, *, state_path, settings=DEFAULTS.fetch) -> Iterator[RawDocument | Rejected]
    poll_once(feed_urls, *, state_path, sink, settings=...) -> Poll   new pages handed to sink(list[RawDocument])
    watch(feed_urls, *, state_path, sink, every, polls, settings=...) poll_once every `every` seconds

Each new page becomes `RawDocument(html=..., url=..., fetched=..., outlet=...)`, ready for `clean.clean`; the outlet is
the page's own site name (og:site_name, JSON-LD publisher) as the outlet table names it, else the host.
The HTTP policy (timeouts, retries, rate limit, robots.txt, caps) is `client.Policy`; what is remembered between
runs (URLs already handled, ETag/Last-Modified) lives in the SQLite file at `state_path` (`state.FetchState`).
The tuned values (entries read per feed and poll, the shortest interval, the robots.txt retry) come from
`settings` (settings.FetchSettings), handed to every function and client that uses one.
"""
from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence
from urllib.parse import urlsplit

from storyweave import outlets
from storyweave.errors import BadDocument
from storyweave.fetch.client import (USER_AGENT, Fetched, FetchError, PoliteClient, Policy, check_url, decode_html,
                                     is_private_host)
from storyweave.fetch.feeds import Entry, parse_feed
from storyweave.fetch.state import FetchState, canonical_url
from storyweave.model import RawDocument, Rejected
from storyweave.settings import DEFAULTS, FetchSettings
from storyweave.textutil import short_id

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
_SLUG = re.compile(r"[^a-z0-9]+")


def fetch_feeds(feed_urls: Iterable[str], *, state_path: str | Path, policy: Policy | None = None,
                client: PoliteClient | None = None, settings: FetchSettings = DEFAULTS.fetch
                ) -> Iterator[RawDocument | Rejected]:
    """Poll each feed once and yield a RawDocument for every article page not fetched before (or a Rejected);
    settings.max_entries entries of each feed at most (a feed listing thousands is read over several polls).

    A page counts as seen once the consumer asks for the next item after it, so a consumer that stops early
    gets it again on the next run (`poll_once` offers the stricter "seen once stored"). Permanent failures (404,
    robots.txt, not HTML, too large) are remembered and not retried; transient ones (timeouts, 5xx after retries)
    are retried on the next poll, and the feed's validators are then not saved, so a 304 cannot hide the entry that
    still has to be fetched.
    """
    with FetchState(state_path) as state:
        yield from _fetch(feed_urls, state=state, policy=policy, client=client, settings=settings, deferred=None)


def _fetch(feed_urls: Iterable[str], *, state: FetchState, policy: Policy | None, client: PoliteClient | None,
           settings: FetchSettings, deferred: list[Callable[[], None]] | None) -> Iterator[RawDocument | Rejected]:
    own_client = client is None
    http = client or PoliteClient(policy, settings=settings)
    try:
        taken: set[str] = set()  # pages yielded in this run (the seen set may not have them yet)
        for feed_url in feed_urls:
            yield from _poll_feed(feed_url, http, state, settings.max_entries, taken, deferred)
    finally:
        if own_client:
            http.close()


def _poll_feed(feed_url: str, http: PoliteClient, state: FetchState, max_entries: int, taken: set[str],
               deferred: list[Callable[[], None]] | None) -> Iterator[RawDocument | Rejected]:
    def later(action: Callable[[], None]) -> None:
        """Record success now, or (deferred) once the consumer says the documents so far are stored."""
        if deferred is None:
            action()
        else:
            deferred.append(action)

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
        if canonical_url(entry.link) in taken or state.is_seen(entry.link):
            continue
        try:
            doc = _fetch_page(entry, http, state, private_ok, taken)
        except FetchError as exc:
            yield Rejected(source=entry.link, stage="ingest", reason=exc.reason)
            if exc.permanent:
                state.mark_seen(entry.link, outcome=f"rejected: {exc.reason}")
            else:
                complete = False
            continue
        if doc is None:
            continue
        taken.update((canonical_url(entry.link), canonical_url(doc.url or entry.link)))
        yield doc
        page = doc.url or entry.link
        later(functools.partial(state.mark_seen, entry.link, page))
    if complete and len(entries) <= max_entries:
        later(lambda: state.save_validators(feed_url, feed.etag, feed.last_modified))


def _fetch_page(entry: Entry, http: PoliteClient, state: FetchState, private_ok: bool, taken: set[str]
                ) -> RawDocument | None:
    etag, modified = state.validators(entry.link)
    page = http.get(entry.link, etag=etag, last_modified=modified, accept=HTML_ACCEPT, allow_private=private_ok)
    final = canonical_url(page.url)
    if page.status == 304 or (final != canonical_url(entry.link) and (final in taken or state.is_seen(page.url))):
        if page.status == 304 or state.is_seen(page.url):
            state.mark_seen(entry.link)  # unchanged since, or redirected to a page already stored
        return None
    if page.content_type not in HTML_TYPES:
        raise FetchError(entry.link, f"not an HTML page ({page.content_type})", permanent=True)
    html = decode_html(page.body, page.charset)
    if not html.strip():
        raise FetchError(entry.link, "empty page", permanent=True)
    state.save_validators(page.url, page.etag, page.last_modified)
    return RawDocument(id=doc_id(page.url), source=entry.link, html=html, url=page.url, title=entry.title,
                       published=entry.published, outlet=page_outlet(html, page.url),
                       fetched=datetime.now(timezone.utc).isoformat(timespec="seconds"))


_SITE_META = ("og:site_name", "application-name", "twitter:site")


def site_name(html: str) -> str | None:
    """The site's own name from the page head: og:site_name, else the JSON-LD publisher of the article, else
    application-name (a twitter:site handle only as a last resort, without its "@")."""
    import json

    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html[:500_000])
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    metas = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = " ".join((meta.get("content") or "").split())
        if key in _SITE_META and value and key not in metas:
            metas[key] = value
    if metas.get("og:site_name"):
        return metas["og:site_name"]
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                publisher = item.get("publisher")
                if isinstance(publisher, dict) and isinstance(publisher.get("name"), str) and publisher["name"].strip():
                    return " ".join(publisher["name"].split())
                if isinstance(publisher, str) and publisher.strip():
                    return publisher.strip()
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    if metas.get("application-name"):
        return metas["application-name"]
    handle = metas.get("twitter:site", "").lstrip("@")
    return handle or None


def page_outlet(html: str, url: str) -> str:
    """The outlet a fetched page belongs to: its own site name (og:site_name, JSON-LD publisher) as the outlet table
    names it, else the table's name for the host, else the host."""
    named = site_name(html)
    if named and len(named) <= 80:
        return outlets.display(named) or named
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    known = outlets.from_host(host)
    return known.name if known else host


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.I)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_interval(text: str, *, settings: FetchSettings = DEFAULTS.fetch) -> float:
    """ "30s", "10m", "1h", "1d" or plain seconds -> seconds. ValueError for anything else or below
    settings.min_interval_s (feeds are never polled more often)."""
    m = _INTERVAL.match(text or "")
    if not m:
        raise ValueError(f"cannot read the interval {text!r}: use e.g. 30s, 10m, 1h")
    seconds = float(m.group(1)) * _UNIT_SECONDS[(m.group(2) or "s").lower()]
    if seconds < settings.min_interval_s:
        raise ValueError(f"interval {text!r} is shorter than {settings.min_interval_s:g} s; feeds are not polled "
                         "that often")
    return seconds


@dataclass(frozen=True, slots=True, kw_only=True)
class Poll:
    """What one poll did: documents handed to the sink, and what was rejected."""

    documents: int
    rejected: tuple[Rejected, ...]


def watch(feed_urls: Sequence[str], *, state_path: str | Path, sink: Callable[[list[RawDocument]], object],
          every: float = 600.0, polls: int | None = None, policy: Policy | None = None,
          on_poll: Callable[[Poll], None] = lambda poll: None, sleep: Callable[[float], None] = time.sleep,
          chunk: int = 50, settings: FetchSettings = DEFAULTS.fetch) -> None:
    """Poll `feed_urls` every `every` seconds (`polls` times, or until interrupted) and hand new pages to `sink`
    in chunks of `chunk`. One client, so robots.txt and the rate limit carry over from poll to poll."""
    with PoliteClient(policy, settings=settings) as client:
        n = 0
        while polls is None or n < polls:
            started = time.monotonic()
            on_poll(poll_once(feed_urls, state_path=state_path, sink=sink, client=client, chunk=chunk,
                              settings=settings))
            n += 1
            if polls is not None and n >= polls:
                break
            sleep(max(0.0, every - (time.monotonic() - started)))


def poll_once(feed_urls: Sequence[str], *, state_path: str | Path, sink: Callable[[list[RawDocument]], object],
              client: PoliteClient | None = None, policy: Policy | None = None, chunk: int = 50,
              settings: FetchSettings = DEFAULTS.fetch) -> Poll:
    """One poll: fetch new pages and pass them to `sink` in chunks of at most `chunk`. Pages (and the feeds'
    validators) are recorded as seen only after `sink` returned, so if it raises, nothing it did not store is lost:
    the next poll fetches those pages again."""
    deferred: list[Callable[[], None]] = []
    pending: list[RawDocument] = []
    rejected: list[Rejected] = []
    count = 0

    def flush() -> None:
        nonlocal count, pending
        if pending:
            sink(pending)
            count += len(pending)
            pending = []
        for action in deferred:  # everything recorded so far belongs to documents now stored
            action()
        deferred.clear()

    with FetchState(state_path) as state:
        for item in _fetch(feed_urls, state=state, policy=policy, client=client, settings=settings,
                           deferred=deferred):
            if isinstance(item, Rejected):
                rejected.append(item)
                continue
            pending.append(item)
            if len(pending) >= chunk:
                flush()
        flush()
    return Poll(documents=count, rejected=tuple(rejected))


def default_state_path(store: str) -> Path:
    """Where `watch` keeps its state for `store`: next to a SQLite store ("stories.sqlite" ->
    "stories.watch.sqlite"); for a server database, under ~/.local/state/storyweave/ (one file per store URL)."""
    if store.startswith("sqlite:///"):
        store = store[len("sqlite:///"):]
    if "://" not in store:
        path = Path(store).expanduser()
        return path.with_name(f"{path.stem}.watch.sqlite")
    return Path.home() / ".local" / "state" / "storyweave" / f"watch-{short_id(store, length=12)}.sqlite"


def doc_id(url: str) -> str:
    """A readable, stable id for a fetched page: its last path segment as a slug plus a short hash of the URL."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    stem = segments[-1].rsplit(".", 1)[0] if segments else (parts.hostname or "page")
    slug = _SLUG.sub("-", stem.lower()).strip("-")[:60].strip("-") or "page"
    return f"{slug}-{short_id(canonical_url(url), length=8)}"


__all__ = ["fetch_feeds", "poll_once", "watch", "Poll", "parse_interval", "default_state_path", "doc_id", "USER_AGENT",
           "Policy", "PoliteClient", "Fetched", "FetchError", "FetchState", "canonical_url", "parse_feed", "Entry"]
