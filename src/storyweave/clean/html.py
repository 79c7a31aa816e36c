"""HTML pages: trafilatura finds the main text and the page metadata; the text cleaner then does the rest."""
from __future__ import annotations

from dataclasses import dataclass


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
        msg = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise ExtractionError(f"HTML could not be parsed: {msg}") from exc
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    if not text.strip():
        return None
    author = data.get("author") or ""
    authors = tuple(a.strip() for a in author.replace(" and ", ";").split(";") if a.strip())
    return Page(text=text, title=(data.get("title") or None), authors=authors, date=data.get("date") or None,
                sitename=data.get("sitename") or None)
