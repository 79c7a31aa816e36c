"""The JSON API: the same objects as `weave --format json` (CONTRACT.md), written by storyweave.schema.

    GET /api/stories?q=&limit=&offset=    GET /api/stories/{id}    GET /api/documents?ids=    GET /api/documents/{id}
    GET /api/search?q=                    POST /api/add (JSON records)    POST /api/upload (files)

`api` holds the read endpoints; `writes` the two that add reports (behind the token gate). The pydantic models
below document the answers in OpenAPI and validate the add body (one record is schema.ApiRecord)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from storyweave import schema
from storyweave.model import Document, Report, Story
from storyweave.schema import ApiRecord as RecordIn  # one input record, as the JSON Lines reader takes it
from storyweave.web.deps import ApiError, Bearer, Ctx, TokenFirstRoute, safe_name, upload_suffix

MAX_PAGE = 200  # most stories or documents one API call returns

api = APIRouter()
writes = APIRouter(route_class=TokenFirstRoute)


class ErrorBody(BaseModel):
    status: int
    message: str


class AddIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[RecordIn] = Field(..., min_length=1, max_length=1000)


class StoriesOut(BaseModel):
    stories: list[Story]
    total: int | None = None
    limit: int
    offset: int


class DocumentsOut(BaseModel):
    documents: list[Document]


class RejectedOut(BaseModel):
    source: str
    stage: str
    reason: str


class ReportOut(BaseModel):
    """What an add wove: the JSON of `weave --format json`."""

    documents: list[Document]
    stories: list[Story]
    rejected: list[RejectedOut]
    provenance: dict[str, str] = {}  # what produced it (Report.provenance); empty when the adder gives none


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorBody} for c in codes}


def _report_json(report: Report) -> JSONResponse:
    return JSONResponse(schema.dump(report))


@api.get("/api/stories", summary="List or search stories",
         response_model=StoriesOut, responses=_errors(422), tags=["stories"])
def api_stories(ctx: Ctx, q: Annotated[str | None, Query(max_length=500, description="full-text search")] = None,
                limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
    """Stories, newest first; with `q`, those matching a full-text search."""
    q = (q or "").strip() or None
    stories = ctx.store.stories(limit=limit, offset=offset, q=q)
    total = ctx.store.count_stories() if q is None else None
    return JSONResponse({"stories": [schema.dump(s) for s in stories], "total": total, "limit": limit,
                         "offset": offset})


@api.get("/api/search", summary="Full-text search",
         response_model=StoriesOut, responses=_errors(422), tags=["stories"])
def api_search(ctx: Ctx, q: Annotated[str, Query(min_length=1, max_length=500, description="words to look for")],
               limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
    """Full-text search over stories (titles, summaries, facts and their reports' text)."""
    stories = ctx.store.stories(limit=limit, offset=offset, q=q.strip() or None) if q.strip() else []
    return JSONResponse({"stories": [schema.dump(s) for s in stories], "total": None, "limit": limit,
                         "offset": offset})


@api.get("/api/stories/{story_id:path}", summary="One story",
         response_model=Story, responses=_errors(404, 422), tags=["stories"])
def api_story(ctx: Ctx, story_id: str) -> Response:
    """One story (CONTRACT "Story")."""
    return JSONResponse(schema.dump(ctx.load_story(story_id)))


@api.get("/api/documents", summary="Documents",
         response_model=DocumentsOut, responses=_errors(422), tags=["documents"])
def api_documents(ctx: Ctx,
                  ids: Annotated[list[str] | None, Query(max_length=MAX_PAGE, description="document ids")] = None,
                  limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                  offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
    """Documents by id (in the order asked), or all of them a page at a time."""
    docs = ctx.store.documents(ids) if ids else ctx.store.documents()
    return JSONResponse({"documents": [schema.dump(d) for d in docs[offset:offset + limit]]})


@api.get("/api/documents/{doc_id:path}", summary="One document",
         response_model=Document, responses=_errors(404, 422), tags=["documents"])
def api_document(ctx: Ctx, doc_id: str) -> Response:
    """One cleaned document (CONTRACT "Document")."""
    return JSONResponse(schema.dump(ctx.load_document(doc_id)))


@writes.post("/api/add", summary="Add reports as JSON records",
             response_model=ReportOut, responses=_errors(401, 403, 413, 422, 503), tags=["add"])
def api_add(request: Request, ctx: Ctx, body: AddIn, _: Bearer = None) -> Response:
    """Add reports given as JSON records; they are grouped and woven into the store like `storyweave add`.
    The token (`Authorization: Bearer TOKEN`) is checked before the body is read."""
    for r in body.documents:
        if not (r.text or "").strip() and not (r.html or "").strip():
            raise ApiError(422, "every record needs a non-empty 'text' or 'html'")
    return _report_json(ctx.run_add(records=body.documents))


@writes.post("/api/upload", summary="Add report files",
             response_model=ReportOut, responses=_errors(401, 403, 413, 422, 503), tags=["add"])
def api_upload(request: Request, ctx: Ctx, files: Annotated[list[UploadFile], File(description="report files")],
               token: Annotated[str | None, Form()] = None, _: Bearer = None) -> Response:
    """Add report files (.txt .html .jsonl .json .xml .warc .warc.gz); `token` may be a form field. The token is
    checked before the files are looked at."""
    named = []
    for f in files:
        data = f.file.read()
        if data:
            named.append((safe_name(f.filename or "upload", upload_suffix(f.filename)), data))
    if not named:
        raise ApiError(422, "no file with content was sent")
    return _report_json(ctx.run_add(named))
