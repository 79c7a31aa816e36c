"""The standfirst trafilatura drops with the page header, found again from the page's own summary; the recall run
taken when the default run holds no article."""
from __future__ import annotations

import pytest

from storyweave.clean import clean, html as clean_html
from storyweave.model import Document, RawDocument

LEDE = ("Three weeks of snow have left solar panels on farm roofs across the region buckling under the weight, "
        "engineers warn.")
FIRST = "Farmers in the north reported damage to more than 40 installations on Monday"


def page(description: str, lede_html: str) -> str:
    return f"""<!doctype html><html><head><title>Snow strains solar roofs</title>
<meta property="og:description" content="{description}"></head><body>
<nav><a href="/">Home</a> <a href="/energy">Energy</a></nav>
<header class="article-header"><h1>Snow strains solar roofs</h1>{lede_html}</header>
<main><article>
<p>{FIRST}, most of them on older barns whose frames were never meant to carry panels and a heavy load of snow at
once.</p>
<p>The agricultural chamber advised owners to clear roofs only with soft brooms and never to climb onto wet panels,
and it asked insurers to speed up their assessments.</p>
<p>Repairs are expected to take until the spring, the chamber said, and some installers already report waiting lists
of several weeks for new mounting rails.</p>
</article></main><footer><p>Imprint</p></footer></body></html>"""


def body_of(html: str) -> list[str]:
    doc = clean(RawDocument(id="p", source="p.html", html=html))
    assert isinstance(doc, Document), doc
    assert doc.title == "Snow strains solar roofs"
    return doc.body.split("\n\n")


def test_trafilatura_alone_drops_the_standfirst():
    import trafilatura

    text = trafilatura.extract(page(LEDE, f'<p class="teaser">{LEDE}</p>')) or ""
    assert FIRST in text and LEDE not in text  # the case the standfirst reader is for


def test_visible_summary_missing_from_the_text_is_the_first_paragraph():
    paragraphs = body_of(page(LEDE, f'<p class="teaser">{LEDE}</p>'))
    assert paragraphs[0] == LEDE and paragraphs[1].startswith(FIRST) and len(paragraphs) == 4


def test_summary_cut_off_stands_for_the_block_it_begins():
    paragraphs = body_of(page(LEDE[:70] + "...", f'<p class="teaser">{LEDE}</p>'))
    assert paragraphs[0] == LEDE


@pytest.mark.parametrize("lede_html", ["", f'<p><a href="/other">{LEDE}</a></p>'])
def test_summary_not_on_the_page_or_only_as_a_link_is_not_added(lede_html):
    paragraphs = body_of(page(LEDE, lede_html))
    assert paragraphs[0].startswith(FIRST) and len(paragraphs) == 3


def test_summary_already_in_the_text_is_not_repeated():
    summary = FIRST + ", most of them on older barns."
    paragraphs = body_of(page(summary, f"<p>{summary}</p>"))
    assert paragraphs[0].startswith(FIRST) and sum(p.startswith(FIRST) for p in paragraphs) == 1


class _Runs:
    """trafilatura as far as _recall_run sees it: one text per setting."""

    def __init__(self, default: str, recall: str) -> None:
        self.texts = {False: default, True: recall}
        self.calls: list[bool] = []

    def bare_extraction(self, html: str, **options: object) -> dict[str, str]:
        recall = bool(options.get("favor_recall"))
        self.calls.append(recall)
        return {"text": self.texts[recall]}


PROSE = ("The council approved the budget on Monday after a long debate. Critics said it would raise taxes for "
         "most families next year, and the opposition promised to fight it.")


def test_recall_run_replaces_a_default_run_without_prose():
    runs = _Runs("Home\nNews\nSport", PROSE)
    default = clean_html._extract(runs, "<p>x</p>", None)
    assert clean_html._recall_run(runs, "<p>x</p>", None, default, default["text"])["text"] == PROSE
    assert runs.calls == [False, True]


def test_recall_run_kept_only_when_it_holds_clearly_more_prose():
    runs = _Runs("Home\nNews", "Home\nNews\nA short line here.")
    default = clean_html._extract(runs, "<p>x</p>", None)
    assert clean_html._recall_run(runs, "<p>x</p>", None, default, default["text"])["text"] == "Home\nNews"
