"""What the web app's routes share, handed to them as FastAPI dependencies: the app's context (store, token,
templates, adder), the token gate of the write endpoints, loaders that answer 404, and the add step that weaves
records (in memory) and uploaded files (written under generated names) into the store.

    WebContext            one per app, on app.state.web;  Ctx = Annotated[WebContext, Depends(web_context)]
    ApiError(status, message)   answered as {"status", "message"} (JSON under /api, an HTML page elsewhere)
    TokenFirstRoute       route class of the write endpoints: the token is checked before the body is read
"""
from __future__ import annotations

import dataclasses
import hmac
import os
import re
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any, Callable, Sequence

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from storyweave.errors import InputError
from storyweave.model import Document, Report, Story
from storyweave.schema import ApiRecord
from storyweave.settings import DEFAULTS, WebSettings

UPLOAD_SUFFIXES = (".warc.gz", ".txt", ".html", ".htm", ".jsonl", ".json", ".xml", ".warc")
TOKEN_ENV = "STORYWEAVE_TOKEN"
FORM_LIMITS = {"max_files": 1000, "max_fields": 50}  # a write form (with max_part_size = the upload limit)
FORM_TOKEN_PATHS = ("/add", "/api/upload")  # write endpoints that also take the token as the form field `token`

# adder(inputs, store): inputs are uploaded files' paths and records already read (model.RawDocument or, for a
# record that could not be read, model.Rejected), as pipeline.add takes them
Adder = Callable[[list[Any], Any], Any]
# Documents the bearer scheme in OpenAPI (the "Authorize" button); the token itself is checked by the write routes'
# gate (TokenFirstRoute), before the body is read.
BEARER = HTTPBearer(auto_error=False, description="the server's STORYWEAVE_TOKEN")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


class ApiError(Exception):
    """An error answered as {"status", "message"} (JSON under /api, an HTML page elsewhere)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclasses.dataclass(slots=True, kw_only=True)
class WebContext:
    """Everything the routes of one app share. `token` None means adding is off (403)."""

    store: Any
    token: str | None
    max_upload_bytes: int
    templates: Jinja2Templates
    adder: Adder | None = None
    settings: WebSettings = DEFAULTS.web
    add_lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    # ------------------------------------------------------------ pages and loaders

    def page(self, request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return self.templates.TemplateResponse(request, name, {"adding": self.token is not None, **context},
                                               status_code=status_code)

    def load_story(self, story_id: str) -> Story:
        story = self.store.story(story_id)
        if story is None:
            raise ApiError(404, f"no story with id {story_id!r}")
        return story

    def load_document(self, doc_id: str) -> Document:
        doc = self.store.document(doc_id)
        if doc is None:
            raise ApiError(404, f"no document with id {doc_id!r}")
        return doc

    def docs_of(self, stories: Sequence[Story]) -> dict[str, Document]:
        ids = list(dict.fromkeys(d for s in stories for d in s.documents))
        return {d.id: d for d in self.store.documents(ids)} if ids else {}

    # ------------------------------------------------------------ the token

    def check_token(self, given: str | None) -> None:
        if self.token is None:
            raise ApiError(403, f"adding reports is disabled: start the server with {TOKEN_ENV} set")
        if not given:
            raise ApiError(401, "a token is needed: send 'Authorization: Bearer TOKEN' or the form field 'token'",
                           {"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode("utf-8", "surrogatepass"), self.token.encode()):
            raise ApiError(403, "wrong token")

    async def token_first(self, request: Request, form_field: bool) -> None:
        """The write endpoints' gate, run before FastAPI reads or validates the body (see TokenFirstRoute): a
        request without the token is answered 401 whatever its body, one with a wrong token 403.

        The token comes from `Authorization: Bearer TOKEN`; without that header, a form body (the /add page, or a
        multipart upload) may carry it in the field `token`. The form is parsed here only to find that field (with
        the limits the endpoints use; the parsed form is kept on the request for the endpoint): a form that cannot
        be parsed carries no token."""
        if self.token is None:
            self.check_token(None)
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            self.check_token(header[7:].strip())
            return
        given = None
        kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if form_field and kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
            try:
                given = form_field_value(await request.form(**FORM_LIMITS, max_part_size=self.max_upload_bytes),
                                         "token")
            except StarletteHTTPException as exc:  # Starlette's answer to a malformed form: 400
                if exc.status_code != 400:
                    raise
            except (MultiPartException, ValueError):  # ClientDisconnect and BodyLimit's cut-off propagate
                pass
        self.check_token(given)

    # ------------------------------------------------------------ adding

    def run_add(self, files: Sequence[tuple[str, bytes]] = (), records: Sequence[ApiRecord] = ()) -> Report:
        """Weave records and files into the store. Records (validated by schema.ApiRecord) are read in memory, as
        the JSON Lines reader reads a line (pipeline.records_to_raw): nothing is written for them. Uploaded files
        are written to a fresh private folder under safe generated names, since the readers take paths, and read
        there (pipeline.read_raw); the reports go to the adder named by their generated file name alone, so the
        private folder is never stored as a document's source."""
        from storyweave import pipeline

        add: Adder = self.adder or pipeline.add
        inputs: list[Any] = []
        if records:
            name = safe_name("pasted", "")
            inputs += pipeline.records_to_raw([r.model_dump(exclude_none=True) for r in records], source=name,
                                              id_prefix=name)
        with tempfile.TemporaryDirectory(prefix="storyweave-add-") as tmp:
            paths = []
            for name, data in files:
                path = Path(tmp) / name
                path.write_bytes(data)
                paths.append(str(path))
            prefix = tmp.rstrip("/\\") + os.sep
            try:
                if paths:
                    inputs += [dataclasses.replace(item, source=item.source.replace(prefix, "", 1))
                               for item in pipeline.read_raw(paths)]
                with self.add_lock:
                    result = add(inputs, self.store)
            except InputError as exc:  # the input as a whole cannot be used; a server fault stays a 500
                raise ApiError(422, str(exc).replace(tmp.rstrip("/\\") + os.sep, "")) from exc
            return _as_report(result, self.store, tmp)


def context_of(request: Request) -> WebContext:
    """The context of the app that received the request (set by create_app)."""
    return request.app.state.web


async def web_context(request: Request) -> WebContext:
    """The dependency every route takes (async: no thread is spent on it)."""
    return context_of(request)


Ctx = Annotated[WebContext, Depends(web_context)]


class TokenFirstRoute(APIRoute):
    """A route whose handler checks the token before anything else of the request is looked at. Only the form
    endpoints (/add, /api/upload) take the token from a form field; /api/add only from the header."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()
        form_field = self.path in FORM_TOKEN_PATHS

        async def guarded(request: Request) -> Response:
            await context_of(request).token_first(request, form_field)
            return await handler(request)

        return guarded


# ---------------------------------------------------------------- small helpers


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
                        rejected=tuple(getattr(result, "rejected", ())),
                        provenance=dict(getattr(result, "provenance", {})))
    prefix = tmp.rstrip("/\\") + os.sep
    rejected = tuple(dataclasses.replace(r, source=r.source.replace(prefix, "")) for r in report.rejected)
    return dataclasses.replace(report, rejected=rejected)


def form_field_value(form: Any, key: str) -> str | None:
    value = form.get(key)
    return value if isinstance(value, str) else None


def upload_suffix(filename: str | None) -> str:
    """A known report suffix taken from the user's file name (the name itself is never used as a path)."""
    lower = (filename or "").lower()
    return next((s for s in UPLOAD_SUFFIXES if lower.endswith(s)), ".txt")


def safe_name(hint: str, suffix: str) -> str:
    """A generated file name: a short ASCII slug of `hint` (becomes the document id) plus a random part."""
    stem = hint.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    for s in UPLOAD_SUFFIXES:
        if stem.lower().endswith(s):
            stem = stem[: -len(s)]
            break
    slug = "-".join(re.findall(r"[a-z0-9]+", stem.lower()))[:40].strip("-") or "report"
    return f"{slug}-{secrets.token_hex(3)}{suffix}"


def form_record(fields: dict[str, Any]) -> ApiRecord:
    """A report pasted into the /add form, validated as the API validates a record (schema.ApiRecord): 422 with
    the first problem when it does not fit."""
    try:
        return ApiRecord.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ApiError(422, f"invalid report: {where}: {first.get('msg', '')}") from exc
