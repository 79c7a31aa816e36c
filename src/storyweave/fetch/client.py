"""The HTTP client policy: how storyweave behaves on other people's servers.

    PoliteClient(policy, settings=...).get(url, etag=..., last_modified=...) -> Fetched      raises FetchError

- One clear User-Agent ("storyweave/0.1 (+https://...)"); only http and https URLs, on every redirect hop too.
- Timeouts: connect and read timeouts per request, plus a total deadline for the whole body (a server that drips
  one byte at a time cannot hold a worker for ever).
- Retries with exponential backoff (0.5 s, 1 s, 2 s, ...) on connect errors, 429 and 5xx; Retry-After is honoured,
  capped at `max_backoff`.
- Per-host rate limit: at least `host_interval` seconds between two requests to the same host.
- robots.txt, fetched once per host and cached for `robots_ttl` (urllib.robotparser). RFC 9309: a 4xx robots.txt
  allows everything; a 5xx or unreachable one disallows everything, and is asked for again after
  settings.FetchSettings.robots_retry_s (the client's `settings`).
- Redirects followed by hand (so that scheme, robots and address checks apply to each hop), at most `max_redirects`.
- Bodies capped at `max_bytes` (Content-Length checked first, then while streaming).
- Conditional GET: the caller passes the ETag / Last-Modified it remembered; a 304 comes back as `Fetched(status=304)`.
- Links taken from a feed may not lead to loopback, private or link-local addresses unless the caller allows it
  (`allow_private`): a feed's content must not make storyweave read an intranet. DNS can still change between this
  check and the connection (rebinding); run the watcher without access to anything sensitive if that matters.
"""
from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass
from http import HTTPStatus
from typing import Callable
from urllib.parse import urljoin, urlsplit

import httpx

from storyweave import htmlbytes
from storyweave.errors import BadDocument
from storyweave.settings import DEFAULTS, FetchSettings

USER_AGENT = "storyweave/0.1 (+https://github.com/storyweave/storyweave)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """How politely and how defensively to fetch. Defaults suit polling news sites every few minutes."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 5.0
    read_timeout: float = 15.0  # longest silence between two chunks of a response
    total_timeout: float = 60.0  # the whole request, body included
    retries: int = 3  # extra attempts after the first, on connect errors, 429 and 5xx
    backoff: float = 0.5  # first wait between attempts; doubles on each retry
    max_backoff: float = 30.0  # cap on any single wait, Retry-After included
    host_interval: float = 1.0  # seconds between two requests to one host
    max_redirects: int = 5
    max_bytes: int = 5_000_000
    respect_robots: bool = True
    robots_ttl: float = 24 * 3600.0
    allow_private: bool = False
    trust_env: bool = True  # proxies and certificates from the environment, as httpx does by default


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """A response worth reading: 200 with its body, or 304 (not modified) with none."""

    url: str  # the final URL, after redirects
    status: int
    body: bytes = b""
    content_type: str = ""  # media type only, lower case: "text/html"
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class FetchError(BadDocument):
    """A URL that could not be fetched. `permanent` errors (404, robots, too large) are not worth retrying later."""

    def __init__(self, url: str, reason: str, *, permanent: bool) -> None:
        super().__init__(url, reason)
        self.permanent = permanent


def check_url(url: str) -> str:
    """The URL's host (lower case); FetchError unless it is an absolute http(s) URL."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError as exc:
        raise FetchError(url, f"malformed URL: {exc}", permanent=True) from exc
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(url, f"unsupported URL scheme {parts.scheme or '(none)'!r}: only http and https",
                         permanent=True)
    if not host:
        raise FetchError(url, "URL has no host", permanent=True)
    return host.lower()


def is_private_host(host: str) -> bool:
    """True when `host` is, or resolves to, a loopback, private, link-local or otherwise non-public address."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False  # unresolvable: the connection will fail and say so
    return any(not ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_global for info in infos)


def decode_html(body: bytes, charset: str | None) -> str:
    """Text of an HTML body, decoded as ingest decodes a page read from a file (storyweave.htmlbytes.decode_html:
    byte-order mark, NUL bytes, UTF-8, the HTTP charset, <meta charset>, cp1252, detection); "" for a body that is
    empty or binary (the caller reports an empty page)."""
    try:
        return htmlbytes.decode_html(body, charset)
    except ValueError:
        return ""


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _media_type(header: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, val = p.partition("=")
        if key.strip().lower() == "charset" and val:
            charset = val.strip().strip("\"'")
    return parts[0].lower(), charset


class PoliteClient:
    """An httpx.Client wrapped in storyweave's fetching policy. Use as a context manager, or call close()."""

    def __init__(self, policy: Policy | None = None, *, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 settings: FetchSettings = DEFAULTS.fetch) -> None:
        self.policy = policy or Policy()
        self.settings = settings
        p = self.policy
        self._client = httpx.Client(
            headers={"User-Agent": p.user_agent},
            timeout=httpx.Timeout(p.read_timeout, connect=p.connect_timeout),
            follow_redirects=False, trust_env=p.trust_env, transport=transport)
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser, str | None]] = {}
        self._private: dict[str, bool] = {}

    def __enter__(self) -> "PoliteClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # ------------------------------------------------------------------ public

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "*/*", allow_private: bool | None = None) -> Fetched:
        """GET `url` under the policy. Returns 200 or 304; raises FetchError for everything else."""
        allow_private = self.policy.allow_private if allow_private is None else allow_private
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            host = check_url(current)
            if not allow_private and self._is_private(host):
                raise FetchError(url, f"refusing to fetch a private or local address ({host})", permanent=True)
            if self.policy.respect_robots:
                self._check_robots(url, current)
            status, resp_headers, body = self._request(url, current, headers)
            if status in REDIRECT_STATUSES:
                location = resp_headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {status} without a Location header", permanent=True)
                current = urljoin(current, location.strip())
                headers.pop("If-None-Match", None)  # validators belong to the URL they were given for
                headers.pop("If-Modified-Since", None)
                continue
            return self._result(url, current, status, resp_headers, body)
        raise FetchError(url, f"more than {self.policy.max_redirects} redirects", permanent=True)

    # ------------------------------------------------------------------ internals

    def _result(self, url: str, final: str, status: int, headers: httpx.Headers, body: bytes) -> Fetched:
        if status == 200 or status == 304:
            media, charset = _media_type(headers.get("content-type", ""))
            return Fetched(url=final, status=status, body=body, content_type=media, charset=charset,
                           etag=headers.get("etag"), last_modified=headers.get("last-modified"))
        phrase = _phrase(status)
        if status in RETRY_STATUSES:
            raise FetchError(url, f"HTTP {status} {phrase} after {self.policy.retries + 1} attempts", permanent=False)
        permanent = 400 <= status < 500 and status not in (408, 425)
        raise FetchError(url, f"HTTP {status} {phrase}".strip(), permanent=permanent)

    def _is_private(self, host: str) -> bool:
        if host not in self._private:
            self._private[host] = is_private_host(host)
        return self._private[host]

    def _wait_turn(self, netloc: str) -> None:
        last = self._last_request.get(netloc)
        if last is not None:
            wait = last + self.policy.host_interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[netloc] = self._clock()

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        delay = self.policy.backoff * (2 ** attempt)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(delay, self.policy.max_backoff)

    def _request(self, url: str, current: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        """One GET with retries; returns (status, headers, body). The body is read only for a 200."""
        p = self.policy
        netloc = urlsplit(current).netloc.lower()
        for attempt in range(p.retries + 1):
            self._wait_turn(netloc)
            last = attempt == p.retries
            try:
                with self._client.stream("GET", current, headers=headers) as resp:
                    status = resp.status_code
                    if status in RETRY_STATUSES and not last:
                        delay = self._backoff(attempt, _retry_after(resp.headers.get("retry-after")))
                    else:
                        body = self._read_capped(url, resp) if status == 200 else b""
                        return status, resp.headers, body
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                if last:
                    raise FetchError(url, f"cannot connect to {netloc} after {p.retries + 1} attempts: "
                                          f"{_one_line(exc)}", permanent=False) from exc
                delay = self._backoff(attempt, None)
            except httpx.TimeoutException as exc:
                raise FetchError(url, f"timed out ({type(exc).__name__})", permanent=False) from exc
            except httpx.HTTPError as exc:
                raise FetchError(url, f"transfer failed: {_one_line(exc)}", permanent=False) from exc
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read_capped(self, url: str, resp: httpx.Response) -> bytes:
        p = self.policy
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > p.max_bytes:
            raise FetchError(url, f"body of {int(declared)} bytes is larger than the {p.max_bytes}-byte cap",
                             permanent=True)
        deadline = self._clock() + p.total_timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > p.max_bytes:
                raise FetchError(url, f"body larger than the {p.max_bytes}-byte cap", permanent=True)
            if self._clock() > deadline:
                raise FetchError(url, f"timed out: body not complete after {p.total_timeout:g} s", permanent=False)
            chunks.append(chunk)
        return b"".join(chunks)

    def _check_robots(self, url: str, current: str) -> None:
        parts = urlsplit(current)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        cached = self._robots.get(origin)
        if cached is None or self._clock() > cached[0]:
            parser, trouble = self._fetch_robots(origin)
            # an unreachable robots.txt is asked for again sooner than a readable one
            ttl = self.policy.robots_ttl if trouble is None else min(self.policy.robots_ttl,
                                                                             self.settings.robots_retry_s)
            cached = (self._clock() + ttl, parser, trouble)
            self._robots[origin] = cached
        _, parser, trouble = cached
        if trouble is not None:
            raise FetchError(url, f"robots.txt unavailable, so nothing on {parts.netloc} is fetched ({trouble})",
                             permanent=False)
        if not parser.can_fetch(self.policy.user_agent, current):
            raise FetchError(url, f"disallowed by robots.txt ({current})", permanent=True)

    def _fetch_robots(self, origin: str) -> tuple[urllib.robotparser.RobotFileParser, str | None]:
        """The parsed robots.txt and, when it could not be read, why (then everything is disallowed)."""
        robots_url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            current = robots_url
            for _hop in range(self.policy.max_redirects + 1):
                check_url(current)
                status, headers, body = self._request(robots_url, current, {"Accept": "text/plain"})
                if status in REDIRECT_STATUSES and headers.get("location"):
                    current = urljoin(current, headers["location"].strip())
                    continue
                break
        except FetchError as exc:  # RFC 9309: unreachable means complete disallow
            parser.disallow_all = True  # type: ignore[attr-defined]  # set by read(); not in typeshed
            return parser, exc.reason
        if status == 200:
            parser.parse(decode_html(body, None).splitlines())
            return parser, None
        if 400 <= status < 500:  # RFC 9309: "unavailable" means no restrictions
            parser.allow_all = True  # type: ignore[attr-defined]
            return parser, None
        parser.disallow_all = True  # type: ignore[attr-defined]
        return parser, f"HTTP {status} {_phrase(status)}".strip()


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
