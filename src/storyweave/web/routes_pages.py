"""The HTML pages (no token needed to read):  /  (stories, ?q= search)   /stories/{id}   /documents/{id}   /add

`pages` holds the read pages; `writes` the form that adds reports (POST /add, behind the token gate)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUploadFile

from storyweave.web import present
from storyweave.web.deps import (FORM_LIMITS, ApiError, Ctx, TokenFirstRoute, form_field_value, form_record,
                                 safe_name, upload_suffix)

pages = APIRouter(include_in_schema=False)
writes = APIRouter(route_class=TokenFirstRoute, include_in_schema=False)


@pages.get("/", response_class=HTMLResponse)
def stories_page(request: Request, ctx: Ctx, q: Annotated[str | None, Query(max_length=500)] = None,
                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
    q = (q or "").strip() or None
    limit = ctx.settings.stories_per_page
    stories = ctx.store.stories(limit=limit, offset=offset, q=q)
    total = ctx.store.count_stories() if q is None else None
    more = (offset + limit < total) if total is not None else len(stories) == limit
    rows = present.story_rows(stories, ctx.docs_of(stories))
    return ctx.page(request, "stories.html", rows=rows, q=q or "", offset=offset, limit=limit, total=total,
                    more=more)


@pages.get("/stories/{story_id:path}", response_class=HTMLResponse)
def story_page(request: Request, ctx: Ctx, story_id: str) -> Response:
    story = ctx.load_story(story_id)
    docs = ctx.docs_of([story])
    sources = present.Sources(story, docs)
    chart = present.timeline_chart([t.date for t in story.timeline], [t.text for t in story.timeline])
    return ctx.page(request, "story.html", story=story, docs=docs, src=sources, chart=chart,
                    fact_groups=present.facts_by_support(story.facts), word_diff=present.word_diff,
                    independent=present.independent_sources(story, docs),
                    outlets=present.outlet_count(story, docs))


@pages.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, ctx: Ctx, doc_id: str,
                  start: Annotated[int | None, Query(ge=0)] = None,
                  end: Annotated[int | None, Query(ge=0)] = None) -> Response:
    doc = ctx.load_document(doc_id)
    story_id = ctx.store.story_of(doc.id)
    story = ctx.store.story(story_id) if story_id else None
    marks = [present.Mark(q.start, q.end, "num", present.quantity_note(q)) for q in doc.quantities]
    if story is not None:
        for quote in story.quotes:
            for ev in (*quote.evidence, *(e for v in quote.variants for e in v.evidence)):
                if ev.doc_id == doc.id:
                    note = f"quote: {quote.speaker}" if quote.speaker else "quote"
                    marks.append(present.Mark(ev.start, ev.end, "quote", note))
        marks += present.entity_marks(doc.body, ((e.name, e.type, e.aliases) for e in story.entities
                                                 if not e.sources or doc.id in e.sources))
    cited = (start, end) if start is not None and end is not None and start < end <= len(doc.body) else None
    return ctx.page(request, "document.html", doc=doc, story=story,
                    pieces=present.mark_body(doc.body, marks, cited), cited=cited is not None,
                    hidden_chars=present.has_hidden_characters(doc.body),
                    kinds={m.kind for m in marks})


@pages.get("/add", response_class=HTMLResponse)
def add_page(request: Request, ctx: Ctx) -> Response:
    return ctx.page(request, "add.html")


@writes.post("/add", response_class=HTMLResponse)
async def add_form(request: Request, ctx: Ctx) -> Response:
    form = await request.form(**FORM_LIMITS, max_part_size=ctx.max_upload_bytes)  # the gate's parse, if it ran
    files = []
    records = []
    text = form_field_value(form, "text")
    if text and text.strip():
        record = {"id": safe_name(form_field_value(form, "title") or text, ""), "text": text}
        for key in ("title", "outlet", "url", "published"):
            value = (form_field_value(form, key) or "").strip()
            if value:
                record[key] = value
        records.append(form_record(record))
    for item in form.getlist("files"):
        if isinstance(item, StarletteUploadFile):
            data = await item.read()
            if data:
                files.append((safe_name(item.filename or "upload", upload_suffix(item.filename)), data))
    if not files and not records:
        raise ApiError(422, "nothing to add: paste a report or choose files")
    report = await run_in_threadpool(ctx.run_add, files, records)
    return ctx.page(request, "added.html", report=report, docs={d.id: d for d in report.documents})
