"""Markdown report. Article text is escaped so it can never become links, HTML or formatting."""
from __future__ import annotations

import re

from storyweave.model import Document, Report, Story
from storyweave.render.order import reading_order

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def esc(text: object) -> str:
    """Escape Markdown and inline-HTML syntax; fold newlines so a value stays on its line."""
    s = " ".join(str(text if text is not None else "").split())
    return _MD_SPECIAL.sub(r"\\\1", s).replace("&", "&amp;")


def _cite(sources: tuple[str, ...], numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers[s]}]" for s in sources if s in numbers)


def _story(story: Story, docs: dict[str, Document]) -> list[str]:
    numbers = {d: i for i, d in enumerate(story.documents, 1)}
    out = [f"## {esc(story.title or 'Untitled story')}", ""]
    if story.date:
        out += [f"*Event date: {esc(story.date)}* · {len(story.documents)} reports", ""]
    out += ["### Summary", ""]
    for s in story.summary:
        partial = f" (in part: {_cite(s.partial_sources, numbers)})" if s.partial_sources else ""
        out += [f"{esc(s.text)} {_cite(s.sources, numbers)}{partial}", ""]
    out += ["### Sources", ""]
    for d_id, n in numbers.items():
        d = docs.get(d_id)
        if d is None:
            continue
        shown_origin = d.outlet and d.origin_outlet and d.origin_outlet != d.outlet
        origin = f" (origin: {esc(d.origin_outlet)})" if shown_origin else ""
        by = f", by {esc(', '.join(d.authors))}" if d.authors else ""
        out.append(f"{n}. **{esc(d.label)}** — {esc(d.outlet or d.origin_outlet or 'unknown outlet')}"
                   f"{origin}{by}{', ' + esc(d.published) if d.published else ''} — id {esc(d.id)}")
    out.append("")
    if story.conflicts:
        out += ["### Conflicts", ""]
        for c in story.conflicts:
            vals = "; ".join(f"**{esc(v.value)}**{_precision_note(v.precision)} {_cite(v.sources, numbers)}"
                             for v in c.values)
            out.append(f"- {esc(c.about)}: {vals}")
        out.append("")
    out += ["### Corroborated facts", ""]
    corroborated = [f for f in story.facts if len(f.sources) > 1]
    out += [f"- ({f.independent_sources} independent) {esc(f.text)} {_cite(f.sources, numbers)}" for f in corroborated]
    out.append("")
    if story.quotes:
        out += ["### Quotes", ""]
        for q in story.quotes:
            out.append(f"- **{esc(q.speaker or 'unattributed')}**: “{esc(q.text)}” {_cite(q.sources, numbers)}")
            out += [f"  - variant: “{esc(v.text)}” {_cite(v.sources, numbers)}" for v in q.variants]
            if q.attributions:
                out.append("  - reports disagree on the speaker: " + "; ".join(
                    f"{esc(a.speaker)} {_cite(a.sources, numbers)}" for a in q.attributions))
        out.append("")
    if story.exclusives:
        out += ["### Only in one report", ""]
        for d_id, items in story.exclusives.items():
            d = docs.get(d_id)
            out.append(f"- **[{numbers.get(d_id, '?')}] {esc((d.outlet or d.origin_outlet or d_id) if d else d_id)}**")
            out += [f"  - {esc(t)}" for t in items]
        out.append("")
    if story.timeline or story.timeline_note:
        out += ["### Timeline", ""]
        if story.timeline_note:
            out += [f"*{esc(story.timeline_note)}*", ""]
        out += [f"- **{esc(t.date)}** {esc(t.text)} {_cite(t.sources, numbers)}" for t in story.timeline]
        out.append("")
    if story.entities:
        out += ["### Entities", ""]
        for e in story.entities:
            aliases = ", ".join(esc(a) for a in e.aliases if a != e.name)
            out.append(f"- **{esc(e.name)}** ({esc(e.type)}){': ' + aliases if aliases else ''}")
        out.append("")
    return out


def to_markdown(report: Report) -> str:
    docs = {d.id: d for d in report.documents}
    out = ["# storyweave report", "",
           f"{len(report.stories)} {'story' if len(report.stories) == 1 else 'stories'} "
           f"from {len(report.documents)} reports"
           + (f"; {len(report.rejected)} inputs could not be used" if report.rejected else "") + ".", ""]
    stories = reading_order(report.stories)
    if len(stories) > 1:
        out += ["## Contents", ""] + [
            f"{k}. {esc(s.title or 'Untitled story')} ({s.independent_sources} independent sources, "
            f"{len(s.documents)} reports)" for k, s in enumerate(stories, 1)] + [""]
    for story in stories:
        out += _story(story, docs)
    if report.rejected:
        out += ["## Inputs not used", ""] + [f"- {esc(r.source)}: {esc(r.reason)}" for r in report.rejected] + [""]
    return "\n".join(out)


def _precision_note(precision: str) -> str:
    """" (approximate)", " (a bound)", " (vague)" after a conflict value that is not an exact figure."""
    return {"approximate": " (approximate)", "bound": " (a bound)", "vague": " (vague)"}.get(precision, "")
