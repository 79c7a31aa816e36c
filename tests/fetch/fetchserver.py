"""A real HTTP server on 127.0.0.1 (a free port, in a thread) that serves feeds and pages for the fetcher's tests.

Routes are plain data: path -> Route. Each request is recorded (path, headers, time) so tests can check what the
fetcher sent: User-Agent, conditional headers, how often and how fast it came back. Nothing else is contacted.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer



@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answer 304 when the request's If-None-Match equals it
    last_modified: str | None = None  # answer 304 when If-Modified-Since equals it
    fail_first: int = 0  # answer `fail_status` to this many requests first
    fail_status: int = 500
    delay: float = 0.0  # seconds before answering (a slow server)


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self._lock:
            return [h.path for h in self.hits]

    def count(self, path: str) -> int:
        return self.paths().count(path)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle(self) -> None:
                try:
                    super().handle()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout and size-cap tests)

            def log_message(self, *args: object) -> None:  # keep test output quiet
                return None

            def do_GET(self) -> None:  # noqa: N802
                with server._lock:
                    server.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()},
                                           time.monotonic()))
                    route = server.routes.get(self.path)
                    n = server._served.get(self.path, 0)
                    server._served[self.path] = n + 1
                if route is None:
                    return self._send(404, b"not found", {"Content-Type": "text/plain"})
                if route.delay:
                    time.sleep(route.delay)
                if n < route.fail_first:
                    return self._send(route.fail_status, b"try later", {"Content-Type": "text/plain",
                                                                         "Retry-After": "0"})
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    return self._send(304, b"", {"ETag": route.etag})
                if route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified:
                    return self._send(304, b"", {"Last-Modified": route.last_modified})
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                self._send(route.status, route.body, headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if status != 304:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        return Handler

    def start(self) -> "Server":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def rss(base: str, items: list[tuple[str, str]], *, title: str = "Test feed") -> bytes:
    """An RSS 2.0 feed whose items link to base + path."""
    xml = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
           f"<link>{base}/</link><description>test</description>"]
    for i, (path, headline) in enumerate(items):
        link = path if "://" in path or path.startswith(("javascript:", "ftp:", "mailto:")) else base + path
        xml.append(f"<item><title>{headline}</title><link>{link}</link>"
                   f"<pubDate>Fri, 15 Nov 2024 0{i % 10}:30:00 GMT</pubDate><guid>{link}</guid></item>")
    xml.append("</channel></rss>")
    return "".join(xml).encode()


def page(headline: str, paragraphs: list[str], *, charset: str = "utf-8", site: str = "Example News") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f'<!doctype html><html><head><meta charset="{charset}"><title>{headline} | {site}</title></head>'
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{headline}</h1>{body}</article><footer>(c) {site}</footer></body></html>")
    return html.encode(charset)


HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}
