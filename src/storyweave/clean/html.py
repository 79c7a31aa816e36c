"""HTML pages: trafilatura finds the main text and the page metadata; the text cleaner then does the rest.

Two additions to trafilatura's own output, each measured on trafilatura-eval (bench/extraction.py): a second run with
favor_recall when the default run holds no article prose (RECALL_RUN_BELOW), and the standfirst the page shows above
the article, which trafilatura often drops with the header (standfirst()).
"""
from __future__ import annotations

from dataclasses import dataclass
import re
from html.parser import HTMLParser
from typing import Any

from storyweave.clean.text import prose_words
from storyweave.settings import DEFAULTS, CleanSettings

_WORD = re.compile(r"[^\W\d_]{2,}")

_SKIP = frozenset({"script", "style", "iframe", "noscript", "template", "svg", "object", "head", "nav", "footer",
                   "form"})
_BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr",
                    "blockquote", "header", "aside", "figure", "figcaption", "dd", "dt", "pre", "table", "ul", "ol",
                    "main"})


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    sitename: str | None = None
    extracted: bool = True  # trafilatura chose the main text (False: the whole page's text, from the fallback)
    links: frozenset[str] = frozenset()  # the page's link texts, whitespace-normalised


class ExtractionError(Exception):
    """trafilatura or lxml could not read the page; str() is a one-line reason."""


def extract_page(html: str, *, url: str | None = None, settings: CleanSettings = DEFAULTS.clean) -> Page | None:
    """Main text (one paragraph a line) and metadata of an HTML page; None when the page holds no article text.
    `settings` scores the prose that decides the favor_recall run (clean.text.prose_words)."""
    import trafilatura  # imported here: the plain-text path does not need it

    try:
        # Settings measured on trafilatura's evaluation set (bench/extraction.py, 990 pages, F1 of the raw output):
        # tables on 0.9255 vs off 0.9209; favor_precision 0.9216, and 0.9276 when falling back to the default run
        # whenever it keeps under 90 % of it, but with storyweave's link drops (clean.text) on top the default run
        # alone is as good (0.9320 vs 0.9316) at half the cost; favor_recall alone 0.9195. Comments off: they are
        # not the report.
        data = _extract(trafilatura, html, url)
    except Exception as exc:  # lxml and trafilatura raise many kinds (ParserError, ValueError, TypeError ...)
        fallback = plain_text(html)
        if fallback:
            return Page(text=fallback, extracted=False)
        msg = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise ExtractionError(f"HTML could not be parsed: {msg}") from exc
    text = data.get("text") or ""
    if prose_words(text, settings) < RECALL_RUN_BELOW:
        data = _recall_run(trafilatura, html, url, data, text, settings=settings)
        text = data.get("text") or ""
    if not text.strip():
        # lxml gives up on pathological pages (e.g. thousands of nested tags); read their text without a tree.
        text = plain_text(html)
        if not text:
            return None
        return Page(text=text, extracted=False)
    author = data.get("author") or ""
    authors = tuple(a.strip() for a in author.replace(" and ", ";").split(";") if a.strip() and
                    not _commenter(html, a.strip()))
    root = _tree(html)
    links = _link_texts(root) if root is not None else frozenset()
    lede = standfirst(data.get("description"), text, root, links) if root is not None else None
    if lede:
        head, _, rest = text.partition("\n")
        if rest and " ".join(head.split()) == " ".join((data.get("title") or "").split()):
            text = head + "\n\n" + lede + "\n\n" + rest  # under the headline, where it stands on the page
        else:
            text = lede + "\n\n" + text
    return Page(text=text, title=(data.get("title") or None), authors=authors, date=data.get("date") or None,
                sitename=data.get("sitename") or None, links=links)


# The standfirst (lede, teaser, "chapo") many pages set above the article in its own block, which trafilatura's
# boilerplate filter often drops with the header around it. It is found as the page's own summary (og:description or
# meta description, as trafilatura reads it) standing visibly on the page as one block of its own, not a link, and
# missing from the extracted text; a summary cut off with "..." stands for the visible block it begins. On
# trafilatura-eval (bench/extraction.py) this adds a lede to 147 of 990 pages: HTML path +51 snippets found, +1
# boilerplate snippet kept (F1 0.9350 -> 0.9439); requiring the block above the article's first paragraph in page
# order finds 9 fewer.
STANDFIRST_MIN_WORDS = 6


def standfirst(description: str | None, text: str, root: Any, links: frozenset[str]) -> str | None:
    """The page's standfirst when the extracted `text` lacks it (see STANDFIRST_MIN_WORDS above), else None."""
    desc = " ".join((description or "").split())
    if len(desc.split()) < STANDFIRST_MIN_WORDS or not text.strip():
        return None
    flat = " ".join(text.split())
    stem = re.sub(r"[.…\s]+$", "", desc)
    if desc in flat or stem[:60] in flat:
        return None
    lines = [line for line in _layout(root).split("\n") if line]
    if desc in lines:
        lede = desc
    else:
        lede = next((line for line in lines if line.startswith(stem) and len(line) > len(stem)), "")
    if not lede or lede in links or lede in flat:
        return None
    return lede


def _tree(html: str) -> Any:
    """The page's lxml tree (comments and processing instructions left out), or None when lxml cannot read it."""
    from lxml import etree

    try:
        return etree.fromstring(html.encode("utf-8", "replace"), etree.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True))
    except (etree.LxmlError, ValueError):
        return None


# When the default run holds fewer prose words than this (a list, a menu, a teaser: trafilatura chose the wrong block),
# trafilatura runs again with favor_recall and its text is taken when it holds at least RECALL_RUN_GAIN more prose
# words. On trafilatura-eval (bench/extraction.py) this changes 4 of 990 pages: HTML path +6 snippets found, 2 fewer
# boilerplate snippets kept; the same for any threshold from 20 to 50 words (below 20: 3 snippets fewer found).
RECALL_RUN_BELOW = 30
RECALL_RUN_GAIN = 20


def _extract(trafilatura: Any, html: str, url: str | None, **options: bool) -> dict[str, Any]:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, include_images=False, deduplicate=False, **options)
    return {} if doc is None else (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc))


def _recall_run(trafilatura: Any, html: str, url: str | None, data: dict[str, Any], text: str, *,
                settings: CleanSettings = DEFAULTS.clean) -> dict[str, Any]:
    try:
        alt = _extract(trafilatura, html, url, favor_recall=True)
    except Exception:  # the default run read the page; a failing second run changes nothing
        return data
    if prose_words(alt.get("text") or "", settings) >= prose_words(text, settings) + RECALL_RUN_GAIN:
        return alt
    return data


def link_texts(html: str) -> frozenset[str]:
    """The text of every link (<a>) on the page, whitespace-normalised; empty when lxml cannot read the page."""
    root = _tree(html)
    return frozenset() if root is None else _link_texts(root)


def _link_texts(root: Any) -> frozenset[str]:
    found = (" ".join("".join(a.itertext()).split()) for a in root.iter("a"))
    return frozenset(t for t in found if t)


_COMMENT_ATTR = re.compile(r"""(?:class|id)\s*=\s*["'][^"']*comment""", re.I)


def _commenter(html: str, name: str) -> bool:
    """True when every place the name stands on the page is inside a comment's markup (class="sf_comment_author"):
    trafilatura reads any class holding "author" as a byline, readers' comments included."""
    seen = False
    for m in re.finditer(re.escape(name), html):
        seen = True
        tag_start = html.rfind("<", 0, m.start())
        tag = html[tag_start:html.find(">", tag_start) + 1] if tag_start >= 0 else ""
        if not _COMMENT_ATTR.search(tag):
            return False
    return seen


class _TextOnly(HTMLParser):
    """Streaming, tree-free text of a page: no recursion, so nesting depth does not matter."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


# page_text(): what a reader sees, laid out the way a browser's text copy or html-text's guess_layout does it.
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object", "embed",
                        "select", "datalist", "map", "canvas"})
_PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "figure",
                        "table", "hr"})  # a blank line around them
_LINE = frozenset({"div", "br", "li", "dd", "dt", "tr", "section", "article", "header", "footer", "nav", "aside",
                   "main", "form", "fieldset", "legend", "figcaption", "details", "summary", "address", "caption",
                   "thead", "tbody", "tfoot", "option", "label"})  # a line of their own
_CELL = frozenset({"td", "th"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def page_text(html: str) -> str:
    """The whole visible text of a page (menus, footers and all, as a reader copying the page would get it): one
    block a line, a blank line around paragraphs, headings, lists and tables, table cells on one line. Scripts,
    styles, the head and elements marked hidden are left out. Falls back to plain_text() when lxml cannot read the
    page."""
    root = _tree(html)
    if root is None:
        return plain_text(html)
    text = _layout(root)
    return text if _WORD.search(text) else ""


def _layout(root: Any) -> str:
    """page_text() of a parsed page."""
    from lxml import etree

    out: list[str | int] = []  # text, or a break: 1 = new line, 2 = blank line (a run of breaks counts as its largest)

    def brk(tag: str) -> None:
        if tag in _PARAGRAPH:
            out.append(2)
        elif tag in _LINE:
            out.append(1)
        elif tag in _CELL:
            out.append(" ")

    walk = etree.iterwalk(root, events=("start", "end"))
    skipped: set[object] = set()
    for event, el in walk:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _INVISIBLE or el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
                walk.skip_subtree()
                skipped.add(el)
                continue
            brk(tag)
            if el.text:
                out.append(el.text)
        else:
            if el not in skipped and tag != "br":
                brk(tag)
            if el.tail:
                out.append(el.tail)
    pieces: list[str] = []
    pending = 0
    for item in out:
        if isinstance(item, int):
            pending = max(pending, item)
        elif pending and not item.strip():
            continue  # white space next to a line break (indentation) is no text
        else:
            if pending:
                pieces.append("\n" * pending)
                pending = 0
            pieces.append(item)
    lines = [" ".join(line.split()) for line in "".join(pieces).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain_text(html: str) -> str:
    """The visible text of a page, one block a line; scripts, styles and frames left out."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    return text if _WORD.search(text) else ""
