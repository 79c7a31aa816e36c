"""Self-contained HTML report (inline CSS, no scripts, no external resources). Jinja2 autoescape on all text."""
from __future__ import annotations

from functools import lru_cache

import jinja2

from storyweave.model import Document, Evidence, Report
from storyweave.render.order import reading_order


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("storyweave.render", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


def evidence_text(ev: Evidence, docs: dict[str, Document], *, limit: int = 600) -> str:
    """The exact source text an Evidence points at (plain text; the template escapes it)."""
    d = docs.get(ev.doc_id)
    if d is None or not (0 <= ev.start <= ev.end <= len(d.body)):
        return ""
    return " ".join(d.body[ev.start:ev.end].split())[:limit]


def to_html(report: Report) -> str:
    docs = {d.id: d for d in report.documents}
    return _env().get_template("report.html").render(report=report, stories=reading_order(report.stories), docs=docs,
                                                      evidence_text=evidence_text)
