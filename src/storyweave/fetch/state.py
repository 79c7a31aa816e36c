"""What the watcher remembers between runs, in a small SQLite file: URLs already handled and HTTP validators.

    seen(url, outcome, at)                  "ok" or "rejected: REASON"; transient failures are not recorded
    validators(url, etag, last_modified)    sent back as If-None-Match / If-Modified-Since on the next poll
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, outcome TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, at TEXT NOT NULL);
"""
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def canonical_url(url: str) -> str:
    """The key a URL is remembered under: no fragment, lower-case scheme and host, no default port,
    no tracking parameters (utm_*, fbclid, ...)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(_TRACKING)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class FetchState:
    """The seen set and validators. One writer; every change is committed at once (WAL, so readers never block)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=10.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def __enter__(self) -> "FetchState":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def is_seen(self, url: str) -> bool:
        row = self._db.execute("SELECT 1 FROM seen WHERE url = ?", (canonical_url(url),)).fetchone()
        return row is not None

    def outcome(self, url: str) -> str | None:
        row = self._db.execute("SELECT outcome FROM seen WHERE url = ?", (canonical_url(url),)).fetchone()
        return row[0] if row else None

    def mark_seen(self, *urls: str, outcome: str = "ok") -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO seen (url, outcome, at) VALUES (?, ?, ?)",
                                 [(canonical_url(u), outcome, _now()) for u in set(urls)])

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self._db.execute("SELECT etag, last_modified FROM validators WHERE url = ?",
                               (canonical_url(url),)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self._db:
            if etag or last_modified:
                self._db.execute("INSERT OR REPLACE INTO validators (url, etag, last_modified, at) VALUES (?, ?, ?, ?)",
                                 (canonical_url(url), etag, last_modified, _now()))
            else:
                self._db.execute("DELETE FROM validators WHERE url = ?", (canonical_url(url),))

    def count_seen(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM seen").fetchone()[0]
