"""The HTTP policy on its own (PoliteClient against the local server) and the small pure helpers."""
from __future__ import annotations

import dataclasses

import pytest

from fetch.fetchserver import HTML, Route, Server, page
from storyweave.errors import BadDocument
from storyweave.fetch import FetchError, PoliteClient, Policy, canonical_url, doc_id, parse_feed
from storyweave.fetch.client import decode_html, is_private_host


def test_per_host_rate_limit_spaces_requests(make_server, policy: Policy) -> None:
    a, b = make_server(), make_server()
    for srv in (a, b):
        srv.routes["/robots.txt"] = Route(body=b"User-agent: *\nAllow: /\n")
        for i in range(3):
            srv.routes[f"/p{i}"] = Route(body=page(f"P{i}", ["x"]), headers=HTML)
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # a clock that only moves when the client waits: the waits are exact
        waits.append(round(seconds, 6))
        now[0] += seconds

    with PoliteClient(dataclasses.replace(policy, host_interval=0.25), clock=lambda: now[0], sleep=sleep) as client:
        for i in range(3):
            assert client.get(a.url(f"/p{i}"), allow_private=True).status == 200
        assert client.get(b.url("/p0"), allow_private=True).status == 200  # another host: its own schedule
    assert [h.path for h in a.hits] == ["/robots.txt", "/p0", "/p1", "/p2"]
    assert waits == [0.25, 0.25, 0.25, 0.25]  # a: robots -> p0 -> p1 -> p2; b: robots -> p0


def test_429_with_retry_after_then_success(server: Server, policy: Policy) -> None:
    server.routes["/busy"] = Route(body=page("Busy", ["ok"]), headers=HTML, fail_first=2, fail_status=429)
    with PoliteClient(policy) as client:
        got = client.get(server.url("/busy"), allow_private=True)
    assert got.status == 200 and b"ok" in got.body and server.count("/busy") == 3


def test_5xx_that_never_recovers_is_a_transient_error(server: Server, policy: Policy) -> None:
    server.routes["/down"] = Route(fail_first=100, fail_status=503)
    with PoliteClient(policy) as client, pytest.raises(FetchError) as info:
        client.get(server.url("/down"), allow_private=True)
    assert "HTTP 503" in info.value.reason and not info.value.permanent
    assert server.count("/down") == policy.retries + 1


def test_redirect_loop_and_redirect_to_other_scheme(server: Server, policy: Policy) -> None:
    server.routes["/loop"] = Route(status=302, headers={"Location": "/loop2"})
    server.routes["/loop2"] = Route(status=302, headers={"Location": "/loop"})
    server.routes["/to-file"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    with PoliteClient(policy) as client:
        with pytest.raises(FetchError, match="more than 5 redirects"):
            client.get(server.url("/loop"), allow_private=True)
        with pytest.raises(FetchError, match="scheme 'file'"):
            client.get(server.url("/to-file"), allow_private=True)
    assert server.count("/loop") + server.count("/loop2") == 6


def test_conditional_get_with_last_modified(server: Server, policy: Policy) -> None:
    stamp = "Fri, 15 Nov 2024 10:00:00 GMT"
    server.routes["/lm"] = Route(body=page("LM", ["x"]), headers=HTML, last_modified=stamp)
    with PoliteClient(policy) as client:
        first = client.get(server.url("/lm"), allow_private=True)
        second = client.get(server.url("/lm"), last_modified=first.last_modified, allow_private=True)
    assert first.status == 200 and first.last_modified == stamp
    assert second.status == 304 and second.body == b""
    assert server.hits[-1].headers["if-modified-since"] == stamp


def test_private_addresses_refused_unless_allowed(server: Server, policy: Policy) -> None:
    server.routes["/p"] = Route(body=page("P", ["x"]), headers=HTML)
    with PoliteClient(policy) as client:
        with pytest.raises(FetchError, match="private or local address") as info:
            client.get(server.url("/p"))
        assert info.value.permanent
        assert client.get(server.url("/p"), allow_private=True).status == 200
    assert server.count("/p") == 1
    assert is_private_host("localhost") and is_private_host("10.1.2.3") and is_private_host("169.254.169.254")
    assert is_private_host("[::1]") and not is_private_host("93.184.216.34")


def test_decode_html_charsets() -> None:
    latin = page("Caf\u00e9", ["Cr\u00e8me br\u00fbl\u00e9e at the \u00e9lys\u00e9e"], charset="iso-8859-1")
    assert "Cr\u00e8me br\u00fbl\u00e9e" in decode_html(latin, None)  # from <meta charset>
    assert "Cr\u00e8me" in decode_html("Cr\u00e8me".encode("cp1252"), "windows-1252")  # from the HTTP header
    assert decode_html(b"\xef\xbb\xbfplain", "latin-1") == "plain"  # BOM wins
    # unknown charset: ignored, and the bytes read as ingest reads a file (issue 13: one decoder; was "caf\ufffd")
    assert decode_html(b"caf\xe9", "no-such-codec") == "caf\u00e9"


def test_canonical_url_and_doc_id() -> None:
    assert canonical_url("HTTPS://Example.COM:443/a/b?utm_source=x&id=3#top") == "https://example.com/a/b?id=3"
    assert canonical_url("http://example.com") == "http://example.com/"
    a = doc_id("https://www.example.com/world/2024/11/15/Leaders-Meet-In-Lima.html")
    assert a.startswith("leaders-meet-in-lima-") and len(a) == len("leaders-meet-in-lima-") + 8
    assert doc_id("https://example.com/") .startswith("example-com-")
    assert doc_id("https://a.example/x") != doc_id("https://b.example/x")
    assert doc_id("https://example.com/<script>alert(1)</script>").startswith("script-")


def test_parse_atom_with_relative_links() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:x</id><updated>2024-11-16T08:00:00Z</updated>
<entry><title>Ceasefire  talks resume</title><id>urn:1</id><link rel="alternate" href="/world/ceasefire"/>
<updated>2024-11-16T07:45:00Z</updated></entry>
<entry><title>No link here</title><id>urn:2</id><updated>2024-11-16T07:00:00Z</updated></entry>
</feed>"""
    entries = parse_feed(atom, "https://wire.example/feeds/world.atom")
    assert len(entries) == 1
    assert entries[0].link == "https://wire.example/world/ceasefire"
    assert entries[0].title == "Ceasefire talks resume" and entries[0].published == "2024-11-16T07:45:00+00:00"
    with pytest.raises(BadDocument, match="not an RSS or Atom feed"):
        parse_feed(b"just some words", "https://x.example/feed")
