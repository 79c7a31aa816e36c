"""The fetch stage reads its tuned values from settings.FetchSettings (issue 13): entries per feed and poll, the
shortest poll interval (through the CLI's --set) and when an unreachable robots.txt is asked for again."""
from __future__ import annotations

import dataclasses

import pytest
from typer.testing import CliRunner

from fetch.fetchserver import HTML, XML, Route, Server, page, rss
from storyweave import settings as config
from storyweave.cli import app
from storyweave.fetch import FetchError, PoliteClient, Policy, fetch_feeds, parse_interval
from storyweave.model import RawDocument
from storyweave.settings import DEFAULTS

pytestmark = [pytest.mark.issue(13)]


def test_max_entries_caps_the_pages_read_per_feed(server: Server, policy: Policy, tmp_path) -> None:
    paths = [f"/news/story-{i}" for i in range(3)]
    server.routes.update({"/robots.txt": Route(body=b"User-agent: *\nAllow: /\n"),
                          "/feed.xml": Route(headers=XML, body=rss(server.base, [(p, f"Story {p}") for p in paths]))})
    for i, p in enumerate(paths):
        server.routes[p] = Route(body=page(f"Story number {i}", [f"Paragraph {i} of a report."]), headers=HTML)

    def pages(settings, state: str) -> list[str]:
        got = fetch_feeds([server.url("/feed.xml")], state_path=tmp_path / state, policy=policy, settings=settings)
        return [d.url or "" for d in got if isinstance(d, RawDocument)]

    assert len(pages(DEFAULTS.fetch, "a.sqlite")) == 3
    one = pages(dataclasses.replace(DEFAULTS.fetch, max_entries=1), "b.sqlite")
    assert one == [server.url(paths[0])]  # the feed's first entry only; the rest wait for the next poll


def test_min_interval_comes_from_the_settings_also_through_the_cli() -> None:
    assert parse_interval("20s", settings=dataclasses.replace(DEFAULTS.fetch, min_interval_s=10.0)) == 20
    with pytest.raises(ValueError, match="shorter than 30 s"):
        parse_interval("20s")
    runner = CliRunner()
    # refused before anything is fetched: the watch command hands the fetch group to the stage
    plain = runner.invoke(app, ["watch", "http://127.0.0.1:9/feed.xml", "--store", "x.sqlite", "--every", "20s",
                                "--once"])
    assert plain.exit_code == 2 and "shorter than 30 s" in plain.output, plain.output
    tuned = runner.invoke(app, ["--set", "fetch.min_interval_s=60", "watch", "http://127.0.0.1:9/feed.xml",
                                "--store", "x.sqlite", "--every", "45s", "--once"])
    assert tuned.exit_code == 2 and "shorter than 60 s" in tuned.output, tuned.output
    assert config.load(environ={}, flags={"fetch.min_interval_s": "60"}).fetch.min_interval_s == 60.0


def test_an_unreachable_robots_txt_is_asked_for_again_after_robots_retry_s(server: Server, policy: Policy) -> None:
    def run(settings) -> bool:
        """Robots.txt answers 503, then (10 s later) allows everything: is the page fetched then?"""
        server.routes.clear()
        server.routes.update({"/robots.txt": Route(status=503), "/p": Route(body=page("P", ["x"]), headers=HTML)})
        now = [100.0]

        def sleep(seconds: float) -> None:
            now[0] += seconds

        with PoliteClient(dataclasses.replace(policy, retries=0), clock=lambda: now[0], sleep=sleep,
                          settings=settings) as client:
            with pytest.raises(FetchError, match="robots.txt unavailable"):
                client.get(server.url("/p"), allow_private=True)
            server.routes["/robots.txt"] = Route(body=b"User-agent: *\nAllow: /\n")
            now[0] += 10.0
            try:
                return client.get(server.url("/p"), allow_private=True).status == 200
            except FetchError as exc:
                assert "robots.txt unavailable" in exc.reason
                return False

    assert not run(DEFAULTS.fetch)  # 600 s: still the unreachable answer
    assert run(dataclasses.replace(DEFAULTS.fetch, robots_retry_s=5.0))
