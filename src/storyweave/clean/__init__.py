"""The clean stage: a RawDocument in, a Document (article body + metadata) or a Rejected out.

    clean(raw: RawDocument, *, settings=DEFAULTS.clean) -> Document | Rejected

HTML goes through trafilatura first (main text, title, author, date, site name); plain text goes straight to the
text cleaner (`clean.text`), which splits the body from clutter and keeps every dropped block in
`Document.removed`. Authors and the origin outlet come from bylines and credit lines (`clean.credits`); title, date
and language from the lines around the body (`clean.meta`).

Every function that uses a tuned value (scores of the text cleaner, headline sizes, strengths of origin evidence)
takes `settings` (settings.CleanSettings, default DEFAULTS.clean); the stage keeps no tuned constants of its own.

Empty bodies: a report whose every block is boilerplate (a tweet widget, a video-player notice) is still returned as
a Document with an empty body and everything in `removed`, so that later stages see every report they were given.
Only input with no visible text at all, or HTML that cannot be parsed or holds no text, is Rejected.
"""
from __future__ import annotations

import dataclasses

import re

from storyweave.clean import credits, meta, text as textclean
from storyweave.clean.html import ExtractionError, extract_page
from storyweave import textutil
from storyweave.model import Document, RawDocument, Rejected
from storyweave.settings import DEFAULTS, CleanSettings

__all__ = ["clean"]

_SITE_TOKEN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$")  # a site written as its domain: "example.co.uk"
_DATED_BY = re.compile(r"\bby\s+([A-Z][^|·•]{2,80})$")  # "Posted on June 4, 2024 by Dave Miller"


def clean(raw: RawDocument, *, settings: CleanSettings = DEFAULTS.clean) -> Document | Rejected:
    """Clean one report (see the module docstring) with the tuned values of `settings`."""
    raw = dataclasses.replace(raw, **{f.name: textutil.replace_surrogates(v, "") for f in dataclasses.fields(raw)
                                      if isinstance(v := getattr(raw, f.name), str)})
    hint_title = raw.title
    hint_authors: tuple[str, ...] = ()
    hint_date = raw.published
    hint_site = raw.outlet
    extracted = False
    links: frozenset[str] = frozenset()
    if raw.html is not None and raw.text is None:
        try:
            page = extract_page(raw.html, url=raw.url, settings=settings)
        except ExtractionError as exc:
            return Rejected(source=raw.source, stage="clean", reason=str(exc))
        if page is None:
            return Rejected(source=raw.source, stage="clean", reason="no article text found in the HTML page")
        source_text = page.text
        hint_title = hint_title or page.title
        hint_authors = page.authors
        hint_date = hint_date or page.date
        hint_site = hint_site or page.sitename
        extracted, links = page.extracted, page.links
    else:
        source_text = raw.text or ""
    return _clean_text(raw, source_text, title=hint_title, authors=hint_authors, published=hint_date,
                       site=hint_site, extracted=extracted, links=links, settings=settings)


def _clean_text(raw: RawDocument, source_text: str, *, title: str | None, authors: tuple[str, ...],
                published: str | None, site: str | None, extracted: bool, links: frozenset[str],
                settings: CleanSettings) -> Document | Rejected:
    normalised = textclean.normalise(source_text)
    if not normalised.strip():
        return Rejected(source=raw.source, stage="clean", reason="empty document: no text")
    parts = textclean.split(normalised, is_byline=lambda line: credits.byline(line) is not None,
                            extracted=extracted, link_texts=links, settings=settings)
    body = "\n\n".join(parts.paragraphs)
    removed = list(parts.removed)
    if title:
        title = " ".join(textclean.normalise(title).split()) or None
    title = title or (meta.title_from_units(parts.header, settings) if parts.paragraphs else None)
    if title and parts.paragraphs and " ".join(parts.paragraphs[0].split()) == title:
        # the headline repeated as the first line of an extracted page: it is the Document's title, not body text
        # (on trafilatura's evaluation set, whose annotators sometimes count the headline as text, this costs 4
        # snippets and spares 2, F1 -0.0004; bench/extraction.py)
        removed.insert(0, parts.paragraphs[0])
        body = "\n\n".join(parts.paragraphs[1:])
    outlet = site or credits.outlet_from_url(raw.url) or _site_line(parts.header, title)
    return Document(
        id=raw.id,
        source=raw.source,
        body=body,
        url=raw.url,
        title=title,
        outlet=outlet,
        origin_outlet=_origin(parts, body, settings) or credits.canonical_outlet(outlet),
        authors=_authors(parts, authors, settings),
        published=meta.normalise_date(published) or meta.date_from_units(parts.header, parts.footer),
        language=meta.language_of(body or normalised),
        removed=tuple(removed),
    )


def _site_line(header: list[textclean.Unit], title: str | None) -> str | None:
    """A site-name line above the headline: an outlet of the outlet table, or a domain."""
    for unit in header:
        if unit.text == title or unit.words > 4:
            continue
        known = credits.known_outlet(unit.text)
        if known and not credits.is_wire(known):  # a lone "AP" above a headline credits a photo, not the site
            return known
        if _SITE_TOKEN.match(unit.text):
            return unit.text
    return None


def _authors(parts: textclean.Split, hints: tuple[str, ...], settings: CleanSettings) -> tuple[str, ...]:
    found: list[str] = []
    for name in hints:
        person = credits.clean_person(name)
        if person:
            found.append(person)
    for unit in parts.header + parts.inner_removed[:2]:
        if unit.clutter == "byline":
            found.extend((credits.byline(unit.text) or ([], None))[0])
        elif unit.clutter in ("published", "date") and (m := _DATED_BY.search(unit.text)):
            found.extend(credits.split_people(m.group(1)))
    for k, unit in enumerate(parts.footer):
        if k < settings.footer_byline_reach and unit.clutter == "byline":
            found.extend((credits.byline(unit.text) or ([], None))[0])
        if k < settings.footer_byline_reach:
            found.extend(credits.sign_off(unit.text))
        for piece in re.split(r"(?<=[.;])\s+", unit.text)[:4]:
            wf = credits.writes_for(piece)
            if wf:
                found.extend(wf[0])
            found.extend(credits.reporting_by(piece))
    seen: set[str] = set()
    out = []
    for name in found:
        key = name.lower()
        if key not in seen and not any(key in s for s in seen):
            seen.add(key)
            out.append(name)
    return tuple(out)


def _origin(parts: textclean.Split, body: str, settings: CleanSettings) -> str | None:
    """Who wrote the report: the strongest credit found around (and inside) the body. Strengths besides
    credits.origin_credit's own (1..6) are settings: byline_origin, dateline_origin (above a site's copyright
    footer, 4: the dateline signs the story itself), photo_origin, witness_origin ("a Reuters witness said"),
    contributor_origin ("AP writer X contributed to this report"), house_credit_origin ("(Writing by ...; Editing
    by ...)", the house sign-off of one outlet of the table); dateline_reach paragraphs of the body are read for a
    dateline (a caption or place line may come first), footer_byline_reach units after it for a byline."""
    cfg = settings
    best: tuple[float, str] | None = None

    def offer(strength: float, name: str | None) -> None:
        nonlocal best
        if name and (best is None or strength > best[0]):
            best = (strength, name)

    n_head = len(parts.header) + len(parts.inner_removed)
    for k, unit in enumerate(parts.header + parts.inner_removed + parts.footer):
        if k < n_head:  # a dateline paragraph the splitter left above the body or among removed lines
            offer(cfg.dateline_origin - 0.2, credits.dateline_agency(unit.text))
        if unit.words > 60:
            continue
        offer(cfg.contributor_origin, credits.contributor(unit.text))  # whole: "AP reporter Paul J. Weber contributed"
        for piece in re.split(r"(?<=[.;])\s+(?=[A-Z©(])", unit.text):
            found = credits.origin_credit(piece)
            if found:
                offer(*found)
        if unit.clutter == "byline" and k - n_head < cfg.footer_byline_reach:
            by = credits.byline(unit.text)
            if by and by[1]:
                offer(cfg.byline_origin, by[1])
        if unit.clutter in ("credit", "caption"):
            offer(cfg.photo_origin, credits.photo_credit(unit.text))
        house = credits.editing_credit(unit.text)
        if len(house) == 1:
            offer(cfg.house_credit_origin, house[0])
    paragraphs = body.split("\n\n") if body else []
    for k, paragraph in enumerate(paragraphs):
        if k < cfg.dateline_reach:
            offer(cfg.dateline_origin - 0.1 * k, credits.dateline_agency(paragraph))
        offer(cfg.witness_origin, credits.own_witness(paragraph))
        if k >= len(paragraphs) - 3:  # a credit left at the end of the body
            offer(cfg.contributor_origin, credits.contributor(paragraph))
            for piece in re.split(r"(?<=[.;])\s+(?=[A-Z©(])", paragraph):
                found = credits.origin_credit(piece) if len(piece.split()) <= 60 else None
                if found and found[0] <= 2:  # contributor lines only: a copyright in prose is not a credit
                    offer(*found)
            house = credits.editing_credit(paragraph)
            if len(house) == 1:
                offer(cfg.house_credit_origin, house[0])
    return best[1] if best else None
