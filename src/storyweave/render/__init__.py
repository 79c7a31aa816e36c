"""Stage 7: render a Report as Markdown, self-contained HTML or JSON (CONTRACT.md).

render(report, fmt) -> str
"""
from __future__ import annotations

from storyweave.model import Report
from storyweave.render.jsonout import to_json, to_jsonable


def render(report: Report, fmt: str = "md") -> str:
    if fmt == "json":
        return to_json(report)
    if fmt == "md":
        from storyweave.render.markdown import to_markdown

        return to_markdown(report)
    if fmt == "html":
        from storyweave.render.html import to_html

        return to_html(report)
    raise ValueError(f"unknown format {fmt!r}: use md, html or json")


__all__ = ["render", "to_json", "to_jsonable"]
