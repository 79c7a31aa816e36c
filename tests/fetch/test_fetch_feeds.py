"""fetch_feeds against a real local HTTP server: new pages become RawDocuments, failures become Rejected with a
reason, and a second poll fetches nothing it already has (304 on the feed, seen set for pages)."""
from __future__ import annotations

import socket

import pytest
from fetch.fetchserver import HTML, XML, Route, Server, page, rss

from storyweave.fetch import USER_AGENT, FetchState, Policy, Poll, fetch_feeds, parse_interval, poll_once, watch
from storyweave.model import RawDocument, Rejected

ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n"

AP_STYLE = page("Leaders meet at summit in Lima", [
    "LIMA, Peru (AP) \u2014 Leaders of the three countries met on Friday for the first time in a year.",
    "\u201cWe are at an inflection point,\u201d one official told reporters after the meeting.",
])
BLOG_STYLE = page("Why the port strike matters", [
    "Dockworkers walked out on Tuesday, and the queue of container ships grew to 40 by the evening.",
    "The union said talks would resume next week.",
], site="Harbour Notes")
GUARDIAN_STYLE = page("Flood warnings issued across the north", [
    "Residents were told to leave their homes as the river rose more than two metres overnight.",
])


def serve_news(server: Server) -> None:
    server.routes.update({
        "/robots.txt": Route(body=ROBOTS, headers={"Content-Type": "text/plain"}),
        "/news/summit-in-lima.html": Route(body=AP_STYLE, headers=HTML),
        "/blog/port-strike": Route(body=BLOG_STYLE, headers=HTML, fail_first=1, fail_status=500),
        "/old/floods": Route(status=301, headers={"Location": "/world/2024/flood-warnings"}),
        "/world/2024/flood-warnings": Route(body=GUARDIAN_STYLE, headers=HTML),
        "/private/internal-memo": Route(body=page("Internal", ["Do not crawl."]), headers=HTML),
        "/report.pdf": Route(body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}),
    })
    server.routes["/feed.xml"] = Route(headers=XML, etag='"v1"', body=rss(server.base, [
        ("/news/summit-in-lima.html", "Leaders meet at summit"),
        ("/blog/port-strike", "Port strike"),
        ("/gone/deleted-story", "A story that was removed"),
        ("/old/floods", "Flood warnings"),
        ("/private/internal-memo", "Memo"),
        ("/report.pdf", "A PDF"),
        ("ftp://127.0.0.1/file.txt", "Not HTTP"),
    ]))


def split(items: list) -> tuple[dict[str, RawDocument], dict[str, str]]:
    docs = {d.source: d for d in items if isinstance(d, RawDocument)}
    rejected = {r.source: r.reason for r in items if isinstance(r, Rejected)}
    assert len(docs) + len(rejected) == len(items)
    return docs, rejected


def test_first_poll_reads_pages_and_rejects_with_reasons(server: Server, policy: Policy, tmp_path) -> None:
    serve_news(server)
    items = list(fetch_feeds([server.url("/feed.xml")], state_path=tmp_path / "state.sqlite", policy=policy))
    docs, rejected = split(items)

    assert set(docs) == {server.url(p) for p in ("/news/summit-in-lima.html", "/blog/port-strike", "/old/floods")}
    lima = docs[server.url("/news/summit-in-lima.html")]
    assert "LIMA, Peru (AP)" in lima.html and "\u201cWe are at an inflection point" in lima.html
    assert lima.outlet == "127.0.0.1" and lima.url == lima.source and lima.title == "Leaders meet at summit"
    assert lima.fetched and lima.fetched.endswith("+00:00")
    assert lima.published == "2024-11-15T00:30:00+00:00"
    assert lima.id.startswith("summit-in-lima-") and lima.text is None

    # 500 then 200: the retry worked
    assert server.count("/blog/port-strike") == 2
    assert "Dockworkers walked out" in docs[server.url("/blog/port-strike")].html
    # the redirect was followed; the document keeps the final URL, its source the feed's link
    floods = docs[server.url("/old/floods")]
    assert floods.url == server.url("/world/2024/flood-warnings")
    assert floods.id.startswith("flood-warnings-")

    assert "404" in rejected[server.url("/gone/deleted-story")]
    assert "robots.txt" in rejected[server.url("/private/internal-memo")]
    assert "not an HTML page (application/pdf)" in rejected[server.url("/report.pdf")]
    assert "scheme" in rejected["ftp://127.0.0.1/file.txt"]
    # robots.txt was read once for the host, and the disallowed page was never requested
    assert server.count("/robots.txt") == 1
    assert server.count("/private/internal-memo") == 0
    assert all(h.headers.get("user-agent") == USER_AGENT for h in server.hits)
    assert USER_AGENT.startswith("storyweave/0.1 (+https://")


def test_second_poll_gets_304_and_fetches_nothing(server: Server, policy: Policy, tmp_path) -> None:
    serve_news(server)
    state = tmp_path / "state.sqlite"
    first = list(fetch_feeds([server.url("/feed.xml")], state_path=state, policy=policy))
    assert sum(isinstance(i, RawDocument) for i in first) == 3
    before = len(server.hits)

    second = list(fetch_feeds([server.url("/feed.xml")], state_path=state, policy=policy))
    assert second == []
    new_hits = server.hits[before:]
    # only the feed was asked for again, conditionally, and it answered 304 (robots.txt is re-read once per run)
    assert [h.path for h in new_hits if h.path != "/robots.txt"] == ["/feed.xml"]
    assert new_hits[-1].headers.get("if-none-match") == '"v1"'


def test_seen_pages_are_skipped_across_runs_when_feed_changes(server: Server, policy: Policy, tmp_path) -> None:
    serve_news(server)
    state = tmp_path / "state.sqlite"
    server.routes["/plain.xml"] = Route(headers=XML, body=rss(server.base, [("/news/summit-in-lima.html", "Lima")]))
    assert len(list(fetch_feeds([server.url("/plain.xml")], state_path=state, policy=policy))) == 1
    # the feed grows (no validators this time): only the new entry is fetched
    server.routes["/story-two"] = Route(body=BLOG_STYLE, headers=HTML)
    server.routes["/plain.xml"] = Route(headers=XML, body=rss(server.base, [
        ("/story-two", "Two"), ("/news/summit-in-lima.html#comments", "Lima again"),
        ("/news/summit-in-lima.html?utm_source=rss", "Lima, tracked")]))
    items = list(fetch_feeds([server.url("/plain.xml")], state_path=state, policy=policy))
    assert [i.source for i in items] == [server.url("/story-two")]
    assert server.count("/news/summit-in-lima.html") == 1
    with FetchState(state) as st:
        assert st.is_seen(server.url("/news/summit-in-lima.html"))
        assert st.outcome(server.url("/story-two")) == "ok"


def test_same_page_in_two_feeds_is_fetched_once(server: Server, policy: Policy, tmp_path) -> None:
    serve_news(server)
    server.routes["/a.xml"] = Route(headers=XML, body=rss(server.base, [("/news/summit-in-lima.html", "Lima")]))
    server.routes["/b.xml"] = Route(headers=XML, body=rss(server.base, [("/news/summit-in-lima.html", "Lima")]))
    items = list(fetch_feeds([server.url("/a.xml"), server.url("/b.xml")], state_path=tmp_path / "s.sqlite",
                             policy=policy))
    assert len(items) == 1 and server.count("/news/summit-in-lima.html") == 1


def test_slow_page_times_out_and_is_retried_next_poll(server: Server, policy: Policy, tmp_path) -> None:
    state = tmp_path / "state.sqlite"
    server.routes["/slow"] = Route(body=AP_STYLE, headers=HTML, delay=1.2)  # read timeout is 0.5 s
    server.routes["/feed.xml"] = Route(headers=XML, etag='"f"', body=rss(server.base, [("/slow", "Slow")]))
    items = list(fetch_feeds([server.url("/feed.xml")], state_path=state, policy=policy))
    assert len(items) == 1 and isinstance(items[0], Rejected) and "timed out" in items[0].reason
    assert items[0].stage == "ingest" and str(items[0]).startswith(server.url("/slow") + ": ")
    with FetchState(state) as st:
        assert not st.is_seen(server.url("/slow"))  # transient: not remembered
        assert st.validators(server.url("/feed.xml")) == (None, None)  # so the next poll cannot get a 304
    server.routes["/slow"].delay = 0.0
    items = list(fetch_feeds([server.url("/feed.xml")], state_path=state, policy=policy))
    assert [type(i) for i in items] == [RawDocument]


def test_body_over_the_cap_is_rejected(server: Server, policy: Policy, tmp_path) -> None:
    big = page("Huge", ["word " * 20_000])  # > 50 kB cap of the test policy
    server.routes["/big"] = Route(body=big, headers=HTML)
    server.routes["/feed.xml"] = Route(headers=XML, body=rss(server.base, [("/big", "Big")]))
    items = list(fetch_feeds([server.url("/feed.xml")], state_path=tmp_path / "s.sqlite", policy=policy))
    assert isinstance(items[0], Rejected) and "cap" in items[0].reason


def test_unreachable_and_broken_feeds_are_rejected(server: Server, policy: Policy, tmp_path) -> None:
    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    server.routes["/notafeed.xml"] = Route(body=b"<html><body>hello</body></html>", headers=HTML)
    items = list(fetch_feeds([f"http://127.0.0.1:{closed}/feed.xml", server.url("/notafeed.xml"),
                              server.url("/missing.xml"), "file:///etc/passwd"],
                             state_path=tmp_path / "s.sqlite", policy=policy))
    reasons = [r.reason for r in items]
    assert all(isinstance(r, Rejected) for r in items) and len(items) == 4
    assert "cannot connect" in reasons[0] and "3 attempts" in reasons[0]
    assert "not an RSS or Atom feed" in reasons[1]
    assert "404" in reasons[2]
    assert "scheme" in reasons[3]


def test_robots_5xx_disallows_and_404_allows(make_server, policy: Policy, tmp_path) -> None:
    down, absent = make_server(), make_server()
    for srv in (down, absent):
        srv.routes["/story"] = Route(body=AP_STYLE, headers=HTML)
        srv.routes["/feed.xml"] = Route(headers=XML, body=rss(srv.base, [("/story", "Story")]))
    down.routes["/robots.txt"] = Route(status=503, body=b"down")
    items = list(fetch_feeds([down.url("/feed.xml"), absent.url("/feed.xml")], state_path=tmp_path / "s.sqlite",
                             policy=policy))
    # robots.txt unavailable (5xx): nothing on that host is fetched, not even the feed
    assert isinstance(items[0], Rejected) and "robots.txt unavailable" in items[0].reason
    assert "503" in items[0].reason and down.count("/robots.txt") == 3  # retried like any 5xx
    assert down.count("/feed.xml") == 0 and down.count("/story") == 0
    # robots.txt missing (404): everything is allowed
    assert isinstance(items[1], RawDocument) and absent.count("/story") == 1


def test_poll_once_records_pages_only_after_the_sink_stored_them(server: Server, policy: Policy, tmp_path) -> None:
    serve_news(server)
    state = tmp_path / "state.sqlite"

    def failing_sink(docs: list[RawDocument]) -> None:
        raise RuntimeError("store is down")

    try:
        poll_once([server.url("/feed.xml")], state_path=state, sink=failing_sink, policy=policy, chunk=2)
    except RuntimeError:
        pass
    with FetchState(state) as st:
        assert not st.is_seen(server.url("/news/summit-in-lima.html"))
        assert st.validators(server.url("/feed.xml")) == (None, None)
        assert st.count_seen() == 0  # the poll stopped at the sink's failure, before any permanent rejection

    stored: list[list[str]] = []
    poll = poll_once([server.url("/feed.xml")], state_path=state, policy=policy, chunk=2,
                     sink=lambda docs: stored.append([d.id for d in docs]))
    assert poll.documents == 3 and [len(c) for c in stored] == [2, 1]
    assert len(poll.rejected) == 4  # 404, robots.txt, PDF, ftp: each reported once
    again = poll_once([server.url("/feed.xml")], state_path=state, policy=policy, sink=lambda docs: stored.append(docs))
    assert again.documents == 0 and again.rejected == () and len(stored) == 2  # 304: the feed is unchanged


def test_watch_polls_a_bounded_number_of_times(server: Server, policy: Policy, tmp_path) -> None:
    serve_news(server)
    polls: list[Poll] = []
    waits: list[float] = []
    watch([server.url("/feed.xml")], state_path=tmp_path / "s.sqlite", sink=lambda docs: None, every=600.0,
          polls=2, policy=policy, on_poll=polls.append, sleep=waits.append)
    assert [p.documents for p in polls] == [3, 0]
    assert len(waits) == 1 and 590 < waits[0] <= 600
    assert server.count("/robots.txt") == 1  # one client for the whole watch: robots.txt cached across polls


def test_parse_interval() -> None:
    assert parse_interval("10m") == 600 and parse_interval("1h") == 3600 and parse_interval("45") == 45
    assert parse_interval("1.5h") == 5400 and parse_interval(" 30s ") == 30
    for bad in ("soon", "5s", "-1m", ""):
        with pytest.raises(ValueError):
            parse_interval(bad)
