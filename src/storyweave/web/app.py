"""The web app: server-rendered pages for people and a JSON API for programs, over one story store.

    create_app(store, *, token=None, max_upload_bytes=...) -> FastAPI

Pages (no token needed):   /  (stories, ?q= search)   /stories/{id}   /documents/{id}   /add (form)
API (JSON, same objects as `weave --format json`):
    GET /api/stories?q=&limit=&offset=    GET /api/stories/{id}    GET /api/documents?ids=    GET /api/documents/{id}
    GET /api/search?q=                    POST /api/add (JSON records)    POST /api/upload (files)
Write endpoints (POST /add, /api/add, /api/upload) need the token from STORYWEAVE_TOKEN, given as
`Authorization: Bearer TOKEN` or (the two form endpoints) as a form field `token`; it is checked before anything else
of the request: without it the answer is 401 whatever the body, with a wrong one 403 (a body over the size limit is
still refused 413 first, by its Content-Length). Errors are JSON `{"status", "message"}` under /api (and
HTML pages elsewhere). Report text is untrusted: templates autoescape it, only http(s) URLs become links, and every
HTML page is served with a Content-Security-Policy that allows no inline script.
"""
from __future__ import annotations

import dataclasses
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any, Callable, Sequence

import jinja2
from fastapi import APIRouter, Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile as StarletteUploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyweave import schema
from storyweave.errors import InputError
from storyweave.model import Document, Report, Story
from storyweave.schema import ApiRecord as RecordIn  # one input record, as the JSON Lines reader takes it
from storyweave.web import present

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD_BYTES = 25_000_000  # one add request, all files together
MAX_PAGE = 200  # most stories or documents one API call returns
UPLOAD_SUFFIXES = (".warc.gz", ".txt", ".html", ".htm", ".jsonl", ".json", ".xml", ".warc")
TOKEN_ENV = "STORYWEAVE_TOKEN"
FORM_LIMITS = {"max_files": 1000, "max_fields": 50}  # a write form (with max_part_size = the upload limit)
FORM_TOKEN_PATHS = ("/add", "/api/upload")  # write endpoints that also take the token as the form field `token`

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")

Adder = Callable[[list[str], Any], Any]
# Documents the bearer scheme in OpenAPI (the "Authorize" button); the token itself is checked by the write routes'
# gate (create_app's token_first), before the body is read.
BEARER = HTTPBearer(auto_error=False, description="the server's STORYWEAVE_TOKEN")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


class ApiError(Exception):
    """An error answered as {"status", "message"} (JSON under /api, an HTML page elsewhere)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# ---------------------------------------------------------------- API schema (documentation and input)


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


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorBody} for c in codes}


# ---------------------------------------------------------------- body size limit


class BodyLimit:
    """Answer 413 before reading a request body larger than `limit` bytes (by Content-Length, or as it streams)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _too_large(self.limit, scope, send)
            return
        seen = 0
        started = answered = False

        async def limited() -> Message:
            nonlocal seen, answered
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    if not started and not answered:
                        answered = True
                        await _too_large(self.limit, scope, send)
                    raise _TooLarge()
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            if answered:  # the 413 went out already: whatever the app answers to the cut-off body is dropped
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watch)
        except _TooLarge:
            if not answered:
                raise


class _TooLarge(Exception):
    pass


async def _too_large(limit: int, scope: Scope, send: Send) -> None:
    body = json.dumps({"status": 413, "message": f"request body is larger than {limit:,} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


# ---------------------------------------------------------------- the app


def create_app(store: Any, *, token: str | None = None, max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
               adder: Adder | None = None) -> FastAPI:
    """The web app over `store` (see storyweave.store). `token` defaults to $STORYWEAVE_TOKEN; without one, adding
    is disabled (403). `adder(paths, store)` weaves new files into the store; it defaults to `pipeline.add`."""
    token = (token if token is not None else os.environ.get(TOKEN_ENV)) or None  # empty means no token: adding is off
    add_lock = threading.Lock()

    app = FastAPI(title="storyweave", version="1", docs_url=None, redoc_url=None,
                  description="Stories woven from many news reports, with the same JSON objects as "
                              "`storyweave weave --format json`. Write endpoints need `Authorization: Bearer TOKEN`.")
    app.add_middleware(BodyLimit, limit=max_upload_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    templates = Jinja2Templates(env=env)
    env.filters["clip"] = present.clip
    env.globals.update(safe_url=present.safe_url, doc_href=present.doc_href, story_href=present.story_href)
    _mount_docs(app)

    # ------------------------------------------------------------ helpers

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"adding": token is not None, **context},
                                          status_code=status_code)

    def load_story(story_id: str) -> Story:
        story = store.story(story_id)
        if story is None:
            raise ApiError(404, f"no story with id {story_id!r}")
        return story

    def load_document(doc_id: str) -> Document:
        doc = store.document(doc_id)
        if doc is None:
            raise ApiError(404, f"no document with id {doc_id!r}")
        return doc

    def docs_of(stories: Sequence[Story]) -> dict[str, Document]:
        ids = list(dict.fromkeys(d for s in stories for d in s.documents))
        return {d.id: d for d in store.documents(ids)} if ids else {}

    def check_token(given: str | None) -> None:
        if token is None:
            raise ApiError(403, f"adding reports is disabled: start the server with {TOKEN_ENV} set")
        if not given:
            raise ApiError(401, "a token is needed: send 'Authorization: Bearer TOKEN' or the form field 'token'",
                           {"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode()):
            raise ApiError(403, "wrong token")

    async def token_first(request: Request, form_field: bool) -> None:
        """The write endpoints' gate, run before FastAPI reads or validates the body (see _TokenFirstRoute): a
        request without the token is answered 401 whatever its body, one with a wrong token 403.

        The token comes from `Authorization: Bearer TOKEN`; without that header, a form body (the /add page, or a
        multipart upload) may carry it in the field `token`. The form is parsed here only to find that field (with
        the limits the endpoints use; the parsed form is kept on the request for the endpoint): a form that cannot
        be parsed carries no token."""
        if token is None:
            check_token(None)
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            check_token(header[7:].strip())
            return
        given = None
        kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if form_field and kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
            try:
                given = _field(await request.form(**FORM_LIMITS, max_part_size=max_upload_bytes), "token")
            except StarletteHTTPException as exc:  # Starlette's answer to a malformed form: 400
                if exc.status_code != 400:
                    raise
            except (MultiPartException, ValueError):  # ClientDisconnect and BodyLimit's cut-off propagate
                pass
        check_token(given)

    class _TokenFirstRoute(APIRoute):
        """A route whose handler checks the token before anything else of the request is looked at. Only the
        form endpoints (/add, /api/upload) take the token from a form field; /api/add only from the header."""

        def get_route_handler(self) -> Callable[[Request], Any]:
            handler = super().get_route_handler()
            form_field = self.path in FORM_TOKEN_PATHS

            async def guarded(request: Request) -> Response:
                await token_first(request, form_field)
                return await handler(request)

            return guarded

    writes = APIRouter(route_class=_TokenFirstRoute)

    def run_add(files: list[tuple[str, bytes]]) -> Report:
        """Write the files to a fresh folder under safe generated names and weave them into the store."""
        add: Adder | None = adder
        if add is None:
            from storyweave import pipeline

            add = getattr(pipeline, "add", None)
            if add is None:
                raise ApiError(503, "adding reports is not available in this build (pipeline.add is missing)")
        with tempfile.TemporaryDirectory(prefix="storyweave-add-") as tmp:
            paths = []
            for name, data in files:
                path = Path(tmp) / name
                path.write_bytes(data)
                paths.append(str(path))
            try:
                with add_lock:
                    result = add(paths, store)
            except InputError as exc:  # the input as a whole cannot be used; a server fault stays a 500
                raise ApiError(422, str(exc).replace(tmp.rstrip("/\\") + os.sep, "")) from exc
            return _as_report(result, store, tmp)

    # ------------------------------------------------------------ errors

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")

    def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None,
                       extra: dict[str, Any] | None = None) -> Response:
        if wants_json(request):
            return JSONResponse({"status": status, "message": message, **(extra or {})}, status_code=status,
                                headers=headers)
        resp = page(request, "error.html", status, status=status, message=message)
        resp.headers.update(headers or {})
        return resp

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}"
        return error_response(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = jsonable_encoder(exc.errors(), custom_encoder={bytes: lambda b: b.decode("utf-8", "replace")})
        for e in errors:
            e.pop("input", None)  # never echo a (possibly huge) input back
            e.pop("ctx", None)
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"invalid request: {where}: {first.get('msg', '')}" if first else "invalid request"
        return error_response(request, 422, message, extra={"errors": errors})

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:  # logged by the server; the client gets no trace
        return error_response(request, 500, "internal error: the server could not answer this request")

    @app.exception_handler(MultiPartException)
    async def _bad_form(request: Request, exc: MultiPartException) -> Response:
        return error_response(request, 422, f"invalid form: {exc.message}")

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.headers.get("content-type", "").startswith("text/html") and request.url.path != "/docs":
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    # ------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, q: Annotated[str | None, Query(max_length=500)] = None,
                     offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
        q = (q or "").strip() or None
        limit = 50
        stories = store.stories(limit=limit, offset=offset, q=q)
        total = store.count_stories() if q is None else None
        more = (offset + limit < total) if total is not None else len(stories) == limit
        rows = present.story_rows(stories, docs_of(stories))
        return page(request, "stories.html", rows=rows, q=q or "", offset=offset, limit=limit, total=total,
                    more=more)

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> Response:
        story = load_story(story_id)
        docs = docs_of([story])
        sources = present.Sources(story, docs)
        chart = present.timeline_chart([t.date for t in story.timeline], [t.text for t in story.timeline])
        return page(request, "story.html", story=story, docs=docs, src=sources, chart=chart,
                    fact_groups=present.facts_by_support(story.facts), word_diff=present.word_diff,
                    independent=present.independent_sources(story, docs),
                    outlets=present.outlet_count(story, docs))

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str,
                      start: Annotated[int | None, Query(ge=0)] = None,
                      end: Annotated[int | None, Query(ge=0)] = None) -> Response:
        doc = load_document(doc_id)
        story_id = store.story_of(doc.id)
        story = store.story(story_id) if story_id else None
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
        return page(request, "document.html", doc=doc, story=story,
                    pieces=present.mark_body(doc.body, marks, cited), cited=cited is not None,
                    hidden_chars=present.has_hidden_characters(doc.body),
                    kinds={m.kind for m in marks})

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page(request: Request) -> Response:
        return page(request, "add.html")

    @writes.post("/add", response_class=HTMLResponse, include_in_schema=False)
    async def add_form(request: Request) -> Response:
        form = await request.form(**FORM_LIMITS, max_part_size=max_upload_bytes)  # the gate's parse, if it ran
        files = []
        text = _field(form, "text")
        if text and text.strip():
            record = {"id": _safe_name(_field(form, "title") or text, ""), "text": text}
            for key in ("title", "outlet", "url", "published"):
                value = (_field(form, key) or "").strip()
                if value:
                    record[key] = value
            files.append(_record_file([record]))
        for item in form.getlist("files"):
            if isinstance(item, StarletteUploadFile):
                data = await item.read()
                if data:
                    files.append((_safe_name(item.filename or "upload", _suffix(item.filename)), data))
        if not files:
            raise ApiError(422, "nothing to add: paste a report or choose files")
        from starlette.concurrency import run_in_threadpool

        report = await run_in_threadpool(run_add, files)
        return page(request, "added.html", report=report, docs={d.id: d for d in report.documents})

    # ------------------------------------------------------------ API

    @app.get("/api/stories", summary="List or search stories",
             response_model=StoriesOut, responses=_errors(422), tags=["stories"])
    def api_stories(q: Annotated[str | None, Query(max_length=500, description="full-text search")] = None,
                    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
        """Stories, newest first; with `q`, those matching a full-text search."""
        q = (q or "").strip() or None
        stories = store.stories(limit=limit, offset=offset, q=q)
        total = store.count_stories() if q is None else None
        return JSONResponse({"stories": [schema.dump(s) for s in stories], "total": total, "limit": limit,
                             "offset": offset})

    @app.get("/api/search", summary="Full-text search",
             response_model=StoriesOut, responses=_errors(422), tags=["stories"])
    def api_search(q: Annotated[str, Query(min_length=1, max_length=500, description="words to look for")],
                   limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                   offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
        """Full-text search over stories (titles, summaries, facts and their reports' text)."""
        stories = store.stories(limit=limit, offset=offset, q=q.strip() or None) if q.strip() else []
        return JSONResponse({"stories": [schema.dump(s) for s in stories], "total": None, "limit": limit,
                             "offset": offset})

    @app.get("/api/stories/{story_id:path}", summary="One story",
             response_model=Story, responses=_errors(404, 422), tags=["stories"])
    def api_story(story_id: str) -> Response:
        """One story (CONTRACT "Story")."""
        return JSONResponse(schema.dump(load_story(story_id)))

    @app.get("/api/documents", summary="Documents",
             response_model=DocumentsOut, responses=_errors(422), tags=["documents"])
    def api_documents(ids: Annotated[list[str] | None, Query(max_length=MAX_PAGE, description="document ids")] = None,
                      limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                      offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
        """Documents by id (in the order asked), or all of them a page at a time."""
        docs = store.documents(ids) if ids else store.documents()
        return JSONResponse({"documents": [schema.dump(d) for d in docs[offset:offset + limit]]})

    @app.get("/api/documents/{doc_id:path}", summary="One document",
             response_model=Document, responses=_errors(404, 422), tags=["documents"])
    def api_document(doc_id: str) -> Response:
        """One cleaned document (CONTRACT "Document")."""
        return JSONResponse(schema.dump(load_document(doc_id)))

    @writes.post("/api/add", summary="Add reports as JSON records",
              response_model=ReportOut, responses=_errors(401, 403, 413, 422, 503), tags=["add"])
    def api_add(request: Request, body: AddIn, _: Bearer = None) -> Response:
        """Add reports given as JSON records; they are grouped and woven into the store like `storyweave add`.
        The token (`Authorization: Bearer TOKEN`) is checked before the body is read."""
        records = []
        for r in body.documents:
            if not (r.text or "").strip() and not (r.html or "").strip():
                raise ApiError(422, "every record needs a non-empty 'text' or 'html'")
            records.append(r.model_dump(exclude_none=True))
        return _report_json(run_add([_record_file(records)]))

    @writes.post("/api/upload", summary="Add report files",
              response_model=ReportOut, responses=_errors(401, 403, 413, 422, 503), tags=["add"])
    def api_upload(request: Request, files: Annotated[list[UploadFile], File(description="report files")],
                   token: Annotated[str | None, Form()] = None, _: Bearer = None) -> Response:
        """Add report files (.txt .html .jsonl .json .xml .warc .warc.gz); `token` may be a form field. The token is
        checked before the files are looked at."""
        named = []
        for f in files:
            data = f.file.read()
            if data:
                named.append((_safe_name(f.filename or "upload", _suffix(f.filename)), data))
        if not named:
            raise ApiError(422, "no file with content was sent")
        return _report_json(run_add(named))

    app.include_router(writes)
    return app


# ---------------------------------------------------------------- small helpers


def _report_json(report: Report) -> JSONResponse:
    return JSONResponse(schema.dump(report))


def _as_report(result: Any, store: Any, tmp: str) -> Report:
    """What an add did, as a Report: the reports it stored and the stories it (re)wove, read back from the store.

    `pipeline.add` answers an AddResult (ids); an adder may also answer a Report. Rejections name the uploaded
    file by its generated name, not by the private folder it was written to."""
    if isinstance(result, Report):
        report = result
    elif result is None:
        report = Report()
    else:
        ids = [*getattr(result, "added", ()), *getattr(result, "skipped", ())]
        stories = [store.story(i) for i in getattr(result, "changed", ())]
        report = Report(documents=tuple(store.documents(ids)) if ids else (),
                        stories=tuple(s for s in stories if s is not None),
                        rejected=tuple(getattr(result, "rejected", ())))
    prefix = tmp.rstrip("/\\") + os.sep
    rejected = tuple(dataclasses.replace(r, source=r.source.replace(prefix, "")) for r in report.rejected)
    return dataclasses.replace(report, rejected=rejected)


def _field(form: Any, key: str) -> str | None:
    value = form.get(key)
    return value if isinstance(value, str) else None


def _suffix(filename: str | None) -> str:
    """A known report suffix taken from the user's file name (the name itself is never used as a path)."""
    lower = (filename or "").lower()
    return next((s for s in UPLOAD_SUFFIXES if lower.endswith(s)), ".txt")


def _safe_name(hint: str, suffix: str) -> str:
    """A generated file name: a short ASCII slug of `hint` (becomes the document id) plus a random part."""
    stem = hint.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    for s in UPLOAD_SUFFIXES:
        if stem.lower().endswith(s):
            stem = stem[: -len(s)]
            break
    slug = "-".join(re.findall(r"[a-z0-9]+", stem.lower()))[:40].strip("-") or "report"
    return f"{slug}-{secrets.token_hex(3)}{suffix}"


def _record_file(records: list[dict[str, Any]]) -> tuple[str, bytes]:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8", "surrogatepass")
    return _safe_name("pasted", ".jsonl"), data


def _mount_docs(app: FastAPI) -> None:
    """The OpenAPI page at /docs, served from the packaged Swagger UI (no CDN) when swagger-ui-bundle is installed."""
    from fastapi.openapi.docs import get_swagger_ui_html

    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # pragma: no cover - the pinned requirements install it
        swagger_ui_path = None
    if swagger_ui_path:
        app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")
        js, css = "/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"
    else:
        js = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"
        css = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="storyweave API", swagger_js_url=js,
                                   swagger_css_url=css, swagger_favicon_url="/static/favicon.svg")


__all__ = ["create_app", "ApiError"]
