"""End to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a real uvicorn server.

Screenshots of the main pages go to tests/artifacts/ (git-ignored).
"""
from __future__ import annotations

import os
import re

import pytest

from tests.conftest import skip_or_fail
from tests.web.conftest import LiveServer, open_test_store
from tests.web.webdata import TOKEN, iter_pages, sample_report

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"{CHROMIUM} is not installed (tools/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from storyweave.web import create_app

    store = open_test_store(tmp_path_factory.mktemp("web") / "stories.sqlite")
    store.save(sample_report())
    with LiveServer(create_app(store, token=TOKEN)) as server:  # adds go through the real pipeline.add
        yield server
    store.close()


class Watch:
    """Everything a page does that report text must never cause: dialogs, console errors, page errors."""

    def __init__(self, page) -> None:
        self.events: list[str] = []
        page.on("dialog", lambda d: (self.events.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: self.events.append(f"pageerror: {e}"))
        page.on("console", lambda m: self.events.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") else None)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.watch = Watch(pg)
    yield pg
    context.close()


def test_stories_search_story_citation_document_clutter(page, live, artifacts):
    page.goto(live.url + "/")
    assert page.locator("h1").inner_text() == "Stories"
    assert page.locator("table.stories tbody tr").count() == 2
    page.screenshot(path=str(artifacts / "stories.png"), full_page=True)

    page.fill("header input[name=q]", "fishermen")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"\?q=fishermen"))
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 1 and "Harbour Bridge" in rows.inner_text()

    rows.locator("a.story-link").click()
    page.wait_for_url(re.compile(r"/stories/s-harbour-bridge$"))
    assert page.locator("h1").inner_text() == "Harbour Bridge reopens after storm repairs"

    badge = page.locator("#summary .cite").first
    tip = badge.locator(".tip")
    assert not tip.is_visible()
    badge.hover()
    tip.wait_for(state="visible")
    assert "The Harbour Bridge reopened to traffic on Tuesday" in tip.inner_text()
    box, viewport = tip.bounding_box(), page.viewport_size
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    page.screenshot(path=str(artifacts / "story-citation.png"))
    page.mouse.move(0, 0)
    badge.focus()  # keyboard users get the same passage
    tip.wait_for(state="visible")
    page.screenshot(path=str(artifacts / "story.png"), full_page=True)

    badge.click()
    page.wait_for_url(re.compile(r"/documents/coastal-times-bridge\?start=\d+&end=\d+#cited$"))
    cited = page.locator("#cited")
    assert cited.inner_text().startswith("The Harbour Bridge reopened to traffic on Tuesday")
    assert page.locator("#body .m-quote").count() >= 1 and page.locator("#body .m-ent").count() >= 1
    assert page.locator("#body .m-num").count() == 1
    clutter = page.locator("#removed ol")
    assert not clutter.is_visible()
    page.locator("#removed summary").click()
    clutter.wait_for(state="visible")
    assert "Subscribe to our newsletter" in clutter.inner_text()
    page.screenshot(path=str(artifacts / "document.png"), full_page=True)
    assert page.watch.events == []


def test_timeline_chart_is_drawn(page, live):
    page.goto(live.url + "/stories/s-harbour-bridge#timeline")
    dots = page.locator("svg.chart circle.dot")
    assert dots.count() == 2
    xs = [dots.nth(i).bounding_box()["x"] for i in range(2)]
    assert xs[0] < xs[1]  # March before May


def test_add_fails_without_the_token(page, live):
    page.goto(live.url + "/add")
    page.fill("#f-text", "Some report text.")
    page.fill("#f-token", "not-the-token")
    with page.expect_navigation():
        page.click("#f-submit")
    assert page.locator(".error h1").inner_text() == "403"
    assert "wrong token" in page.locator(".error .message").inner_text()


@pytest.mark.slow
def test_add_a_report_with_the_token(page, live, artifacts):
    page.goto(live.url + "/add")
    page.screenshot(path=str(artifacts / "add.png"), full_page=True)
    page.fill("#f-text", ADDED_TEXT)
    page.fill("#f-title", "Ferry workers strike over pay")
    page.fill("#f-outlet", "Harbour Gazette")
    page.fill("#f-token", TOKEN)
    with page.expect_navigation(timeout=180_000):
        page.click("#f-submit")
    assert page.locator("h1").inner_text() == "Added 1 report"
    page.screenshot(path=str(artifacts / "added.png"), full_page=True)
    page.locator(".added-stories a").first.click()
    assert "Ferry" in page.locator("h1").inner_text()
    page.goto(live.url + "/?q=ferry")
    assert page.locator("table.stories tbody tr").count() >= 1


ADDED_TEXT = (
    "Ferry workers in Harbour City walked off the job on Monday in a dispute over pay, halting crossings to the "
    "islands for the first time in a decade.\n\n"
    "The union said 300 crew members joined the strike after talks with the ferry operator broke down on Sunday "
    "night.\n\n"
    "\"Our members have not had a real raise in six years,\" union secretary Marta Lindqvist said outside the "
    "terminal.\n\n"
    "The operator said it had offered a 4 percent increase and called the walkout premature."
)


def test_hostile_report_does_nothing_on_any_page(page, live, artifacts):
    for path in iter_pages(sample_report()):
        page.goto(live.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned === undefined"), path
        # long lines wrap: nothing makes the page scroll sideways
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], (path, width)
        hrefs = "els => els.map(e => new URL(e.getAttribute('href'), location.href).href)"
        for link in page.locator("a[href]").evaluate_all(hrefs):
            assert re.match(r"https?:", link), (path, link)
        if path == "/stories/s-hostile":
            page.locator("#summary .cite").first.hover()  # the 1 MB passage, clipped, in a tooltip
            page.screenshot(path=str(artifacts / "hostile-story.png"), full_page=True)
        if path == "/documents/hostile-1":
            page.locator("#removed summary").click()
            page.screenshot(path=str(artifacts / "hostile-document.png"))
    assert page.watch.events == []


def test_openapi_page_renders_offline(page, live, artifacts):
    """Swagger UI comes from the packaged swagger-ui-bundle: the page works with no network at all."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live.url + "/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() == 7
    assert page.locator("button.authorize").count() == 1  # the bearer token scheme is documented
    page.screenshot(path=str(artifacts / "api-docs.png"))
    assert all(u.startswith(live.url) or u.startswith("data:") for u in requests), requests
    assert [e for e in page.watch.events if "error" in e] == []


def test_pages_fit_a_phone_screen(browser, live, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    watch = Watch(pg)
    try:
        for path in iter_pages(sample_report()):
            pg.goto(live.url + path)
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
        pg.goto(live.url + "/stories/s-harbour-bridge")
        pg.screenshot(path=str(artifacts / "story-phone.png"), full_page=True)
    finally:
        context.close()
    assert watch.events == []
