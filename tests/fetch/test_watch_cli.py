"""`storyweave watch FEED --store PATH --once` end to end: local feed -> fetched pages -> cleaned, woven, stored."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from fetch.fetchserver import HTML, XML, Route, Server, page, rss
from storyweave.cli import app

QUAKE_WIRE = page("Strong earthquake shakes northern Chile", [
    "SANTIAGO, Chile (AP) \u2014 A magnitude 6.8 earthquake struck northern Chile on Wednesday evening, shaking "
    "buildings in the port city of Antofagasta and cutting power to thousands of homes, officials said.",
    "The National Disaster Prevention and Response Service said there were no immediate reports of deaths. "
    "The quake was centred about 60 kilometres east of the city at a depth of 100 kilometres.",
    "\u201cWe felt it strongly, and many people went out into the streets,\u201d the regional governor told "
    "local radio. The navy said the quake did not meet the conditions to generate a tsunami on the coast.",
])
QUAKE_LOCAL = page("Antofagasta: 6.8 quake cuts power, no tsunami threat", [
    "A powerful earthquake of magnitude 6.8 hit the Antofagasta region on Wednesday, the national seismological "
    "centre said, leaving several neighbourhoods without electricity for hours.",
    "Emergency officials reported minor damage to older buildings but no deaths. The navy ruled out a tsunami "
    "for the Chilean coast shortly after the quake, which struck at a depth of about 100 kilometres.",
    "Power was restored to most homes by midnight, the electricity distributor said.",
], site="Diario del Norte")


@pytest.mark.slow
def test_watch_once_adds_new_articles_to_the_store(server: Server, tmp_path) -> None:
    server.routes.update({
        "/robots.txt": Route(body=b"User-agent: *\nDisallow: /admin/\n"),
        "/world/chile-earthquake": Route(body=QUAKE_WIRE, headers=HTML),
        "/norte/2024/sismo-antofagasta.html": Route(body=QUAKE_LOCAL, headers=HTML),
        "/rss.xml": Route(headers=XML, etag='"1"', body=rss(server.base, [
            ("/world/chile-earthquake", "Strong earthquake shakes northern Chile"),
            ("/norte/2024/sismo-antofagasta.html", "Antofagasta quake"),
            ("/missing-story", "Gone"),
        ])),
    })
    store = tmp_path / "stories.sqlite"
    runner = CliRunner()
    result = runner.invoke(app, ["watch", server.url("/rss.xml"), "--store", str(store), "--once"])
    assert result.exit_code == 0, result.output
    assert "2 new articles added" in result.output
    assert "/missing-story: HTTP 404" in result.output
    assert (tmp_path / "stories.watch.sqlite").exists()

    from storyweave.store import open_store

    st = open_store(str(store))
    try:
        docs = st.documents()
        assert len(docs) == 2
        assert {d.url for d in docs} == {server.url("/world/chile-earthquake"),
                                         server.url("/norte/2024/sismo-antofagasta.html")}
        assert all("6.8" in d.body and d.outlet == "127.0.0.1" for d in docs)
        assert st.count_stories() >= 1
    finally:
        st.close()

    before = len(server.hits)
    again = runner.invoke(app, ["watch", server.url("/rss.xml"), "--store", str(store), "--once"])
    assert again.exit_code == 0 and "0 new articles added" in again.output
    assert [h.path for h in server.hits[before:]] == ["/robots.txt", "/rss.xml"]  # 304; no page fetched again


def test_watch_rejects_a_bad_interval(tmp_path) -> None:
    result = CliRunner().invoke(app, ["watch", "http://127.0.0.1:9/feed", "--store", str(tmp_path / "s.sqlite"),
                                      "--every", "1s"])
    assert result.exit_code != 0 and "--every" in result.output
