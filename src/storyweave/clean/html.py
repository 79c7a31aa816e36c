"""HTML pages: trafilatura finds the main text and the page metadata; the text cleaner then does the rest."""
from __future__ import annotations

from dataclasses import dataclass
import re
from html.parser import HTMLParser

_WORD = re.compile(r"[^\W\d_]{2,}")

_SKIP = frozenset({"script", "style", "iframe", "noscript", "template", "svg", "object", "head", "nav", "footer", "form"})
_BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr", "blockquote",
                    "header", "aside", "figure", "figcaption", "dd", "dt", "pre", "table", "ul", "ol", "main"})


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    sitename: str | None = None


class ExtractionError(Exception):
    """trafilatura or lxml could not read the page; str() is a one-line reason."""


def extract_page(html: str, *, url: str | None = None) -> Page | None:
    """Main text (one paragraph a line) and metadata of an HTML page; None when the page holds no article text."""
    import trafilatura  # imported here: the plain-text path does not need it

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, include_images=False, deduplicate=False)
    except Exception as exc:  # lxml and trafilatura raise many kinds (ParserError, ValueError, TypeError ...)
        fallback = plain_text(html)
        if fallback:
            return Page(text=fallback)
        msg = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise ExtractionError(f"HTML could not be parsed: {msg}") from exc
    data = {} if doc is None else (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc))
    text = data.get("text") or ""
    if not text.strip():
        # lxml gives up on pathological pages (e.g. thousands of nested tags); read their text without a tree.
        text = plain_text(html)
        if not text:
            return None
    author = data.get("author") or ""
    authors = tuple(a.strip() for a in author.replace(" and ", ";").split(";") if a.strip() and
                    not _commenter(html, a.strip()))
    return Page(text=text, title=(data.get("title") or None), authors=authors, date=data.get("date") or None,
                sitename=data.get("sitename") or None)


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


def plain_text(html: str) -> str:
    """The visible text of a page, one block a line; scripts, styles and frames left out."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    return text if _WORD.search(text) else ""
