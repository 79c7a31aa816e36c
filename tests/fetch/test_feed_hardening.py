"""Feed files (ingest) and feeds fetched from the network (fetch) go through one hardened reader, storyweave.feedxml:
no entity of a DOCTYPE's internal subset is expanded, whatever the encoding or layout of the feed (issue 13)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from fetch.fetchserver import HTML, Route, Server, page

from storyweave import feedxml, ingest
from storyweave.fetch import Policy, fetch_feeds
from storyweave.fetch.feeds import parse_feed
from storyweave.model import RawDocument

LAUGHS = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))


def laughs_feed(base: str, *, encoding: str = "utf-8", before_doctype: str = "", subset_extra: str = "") -> bytes:
    """An RSS feed whose DOCTYPE declares a billion laughs and uses it in an item's title and description."""
    xml = (f'<?xml version="1.0" encoding="{encoding}"?>{before_doctype}'
           f'<!DOCTYPE rss [{subset_extra}{LAUGHS}]>'
           f'<rss version="2.0"><channel><title>Laughs</title><link>{base}/</link><description>d</description>'
           f"<item><title>Head &l9; line</title><link>{base}/story.html</link>"
           "<description>Before &l9; after.</description></item></channel></rss>")
    return xml.encode(encoding)


VARIANTS = {
    "utf-8": {},
    "utf-16 with BOM": {"encoding": "utf-16"},  # b"<!DOCTYPE" is not in these bytes: re-encoded before the cut
    "utf-16-le, no BOM": {"encoding": "utf-16-le"},
    "utf-32": {"encoding": "utf-32"},
    "DOCTYPE after 6 KB of comment": {"before_doctype": "<!--" + "x" * 6000 + "-->"},
    "']>' inside an entity value": {"subset_extra": '<!ENTITY trap "a]>b"><!-- ]> -->'},
}


def _no_laughs(text: str | None) -> None:
    assert "lollol" not in (text or "")


@pytest.mark.issue(13)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_feed_files_never_expand_entities(variant: str, tmp_path: Path) -> None:
    feed = tmp_path / "laughs.xml"
    feed.write_bytes(laughs_feed("https://e.example", **VARIANTS[variant]))
    start = time.perf_counter()
    items = list(ingest.read([feed]))
    assert time.perf_counter() - start < 1
    [doc] = items
    assert isinstance(doc, RawDocument), doc
    assert doc.url == "https://e.example/story.html" and doc.outlet == "Laughs"
    _no_laughs(doc.html or doc.text)
    _no_laughs(doc.title)
    assert "Before" in (doc.html or doc.text or "")


@pytest.mark.issue(13)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_fetched_feed_bytes_never_expand_entities(variant: str) -> None:
    kwargs = VARIANTS[variant]
    charset = f"; charset={kwargs['encoding']}" if "encoding" in kwargs else ""
    start = time.perf_counter()
    [entry] = parse_feed(laughs_feed("https://e.example", **kwargs), "https://e.example/feed.xml",
                         content_type="application/rss+xml" + charset)
    assert time.perf_counter() - start < 1
    assert entry.link == "https://e.example/story.html"
    _no_laughs(entry.title)
    assert entry.title and entry.title.startswith("Head")


@pytest.mark.issue(13)
def test_a_feed_served_over_http_is_hardened_too(server: Server, policy: Policy, tmp_path: Path) -> None:
    server.routes.update({
        "/robots.txt": Route(body=b"User-agent: *\nDisallow:\n", headers={"Content-Type": "text/plain"}),
        "/feed.xml": Route(body=laughs_feed(server.base, encoding="utf-16"),
                           headers={"Content-Type": "application/rss+xml; charset=utf-16"}),
        "/story.html": Route(body=page("A real story", ["Its only paragraph, long enough to be read as one."]),
                             headers=HTML),
    })
    start = time.perf_counter()
    items = list(fetch_feeds([server.url("/feed.xml")], state_path=tmp_path / "state.sqlite", policy=policy))
    assert time.perf_counter() - start < 5
    [doc] = items
    assert isinstance(doc, RawDocument), doc
    assert doc.url == server.url("/story.html")
    _no_laughs(doc.title)


def test_the_cut_keeps_feeds_without_a_subset_and_drops_an_unclosed_one() -> None:
    public = b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//x//y" "http://e.example/rss.dtd"><rss/>'
    assert feedxml.strip_internal_subset(public) == public
    inside = b'<rss><!DOCTYPE x [<!ENTITY a "b">]></rss>'  # not a DOCTYPE (after the root): malformed, left as is
    assert feedxml.strip_internal_subset(inside) == inside
    assert feedxml.strip_internal_subset(b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b"') == \
        b'<?xml version="1.0"?>'
    data, ctype = feedxml.harden('<?xml version="1.0" encoding="UTF-16"?><rss/>'.encode("utf-16"),
                                 "application/rss+xml; charset=UTF-16")
    assert data == b'<?xml version="1.0" encoding="utf-8"?><rss/>' and ctype == "application/rss+xml"
