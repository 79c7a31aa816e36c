"""The web app: server-rendered pages for people and a JSON API for programs, over one story store.

    create_app(store, *, token=None, max_upload_bytes=None, adder=None, settings=None) -> FastAPI

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

Layout (datasette's app + views shape): this module builds the app (middleware, templates, error pages, routers);
routes_pages.py and routes_api.py hold the routes as APIRouters; deps.py what they share (WebContext, the token
gate, the add step) as dependencies; middleware.py the body limit and security headers; present.py the view helpers.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from storyweave.settings import DEFAULTS, WebSettings
from storyweave.web import present, routes_api, routes_pages
from storyweave.web.deps import TOKEN_ENV, Adder, ApiError, WebContext, context_of
from storyweave.web.middleware import BodyLimit, security_headers

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD_BYTES = DEFAULTS.web.max_upload_mb * 1_000_000  # one add request, all files together


def create_app(store: Any, *, token: str | None = None, max_upload_bytes: int | None = None,
               adder: Adder | None = None, settings: WebSettings = DEFAULTS.web) -> FastAPI:
    """The web app over `store` (see storyweave.store). `token` defaults to $STORYWEAVE_TOKEN; without one, adding
    is disabled (403). `adder(inputs, store)` weaves new reports into the store; it defaults to `pipeline.add`.
    `settings` (storyweave.settings.WebSettings): the upload limit (unless `max_upload_bytes` is given) and the
    page sizes."""
    token = (token if token is not None else os.environ.get(TOKEN_ENV)) or None  # empty means no token: adding is off
    if max_upload_bytes is None:
        max_upload_bytes = settings.max_upload_mb * 1_000_000

    app = FastAPI(title="storyweave", version="1", docs_url=None, redoc_url=None,
                  description="Stories woven from many news reports, with the same JSON objects as "
                              "`storyweave weave --format json`. Write endpoints need `Authorization: Bearer TOKEN`.")
    app.add_middleware(BodyLimit, limit=max_upload_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["clip"] = present.clip
    env.globals.update(safe_url=present.safe_url, doc_href=present.doc_href, story_href=present.story_href)
    app.state.web = WebContext(store=store, token=token, max_upload_bytes=max_upload_bytes,
                               templates=Jinja2Templates(env=env), adder=adder, settings=settings)
    _mount_docs(app)
    _error_handlers(app)
    app.middleware("http")(security_headers)
    app.include_router(routes_pages.pages)
    app.include_router(routes_api.api)
    app.include_router(routes_pages.writes)
    app.include_router(routes_api.writes)
    return app


# ---------------------------------------------------------------- errors


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None,
                    extra: dict[str, Any] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"status": status, "message": message, **(extra or {})}, status_code=status,
                            headers=headers)
    resp = context_of(request).page(request, "error.html", status, status=status, message=message)
    resp.headers.update(headers or {})
    return resp


async def _api_error(request: Request, exc: ApiError) -> Response:
    return _error_response(request, exc.status, exc.message, exc.headers)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"no page at {request.url.path}"
    return _error_response(request, exc.status_code, message, getattr(exc, "headers", None))


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    errors = jsonable_encoder(exc.errors(), custom_encoder={bytes: lambda b: b.decode("utf-8", "replace")})
    for e in errors:
        e.pop("input", None)  # never echo a (possibly huge) input back
        e.pop("ctx", None)
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    message = f"invalid request: {where}: {first.get('msg', '')}" if first else "invalid request"
    return _error_response(request, 422, message, extra={"errors": errors})


async def _crash(request: Request, exc: Exception) -> Response:  # logged by the server; the client gets no trace
    return _error_response(request, 500, "internal error: the server could not answer this request")


async def _bad_form(request: Request, exc: MultiPartException) -> Response:
    return _error_response(request, 422, f"invalid form: {exc.message}")


def _error_handlers(app: FastAPI) -> None:
    app.exception_handler(ApiError)(_api_error)
    app.exception_handler(StarletteHTTPException)(_http_error)
    app.exception_handler(RequestValidationError)(_invalid)
    app.exception_handler(Exception)(_crash)
    app.exception_handler(MultiPartException)(_bad_form)


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
