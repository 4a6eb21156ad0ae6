"""The FastAPI application: pages, the REST API, limits and error handling in one factory.

``create_app`` is all a caller needs (``claimscope serve`` and the tests use
it).  Every error leaves as a 4xx/5xx with a one-line message — JSON under
``/api``, a small HTML page elsewhere — and a database that is slow to answer
gives 503, never a hung worker.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import Settings
from .analysis import Analyzer
from .db import Corpus, QueryTimeout

__all__ = ["create_app", "WebConfig"]

log = logging.getLogger("claimscope.web")
T = TypeVar("T")
HERE = Path(__file__).resolve().parent
DEFAULT_MAX_BODY = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WebConfig:
    """What one app instance allows; set once at start."""

    allow_write: bool = False
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    read_timeout: float = 2.0
    export_timeout: float = 30.0
    facet_ttl: float = 300.0


class Cached(Generic[T]):
    """A value computed from the corpus, kept ``ttl`` seconds and refreshed in the background.

    For aggregates too slow to run per request on a large corpus (the search
    form's outlet, speaker and actor choices; every name and code with its
    count).  The first ``get`` computes it (``warm`` at start-up does that in a
    thread); later ones return the kept value at once and, when it is stale,
    start one refresh.  A value may therefore lag a running ingest by ``ttl``.
    """

    def __init__(self, compute: Callable[[], T], ttl: float) -> None:
        self._compute = compute
        self.ttl = ttl
        self._value: T | None = None
        self._at: float | None = None  # when the value was computed; None: never
        self._lock = threading.Lock()
        self._refreshing = False

    def _run(self) -> T | None:
        try:
            return self._compute()
        except Exception:  # noqa: BLE001 - keep serving the old value; the log says why
            log.exception("could not compute a cached aggregate")
            return self._value

    def _refresh(self) -> None:
        value = self._run()
        with self._lock:
            self._value, self._at, self._refreshing = value, time.monotonic(), False

    def _start_refresh(self) -> None:
        """Refresh in a thread (call with the lock held)."""
        if not self._refreshing:
            self._refreshing = True
            threading.Thread(target=self._refresh, daemon=True, name="claimscope-cache").start()

    def get(self) -> T | None:
        with self._lock:
            if self._at is not None:
                if time.monotonic() - self._at > self.ttl:
                    self._start_refresh()
                return self._value
        value = self._run()  # nothing computed yet: now (a warm-up thread may race it, harmlessly)
        with self._lock:
            if self._at is None:
                self._value, self._at = value, time.monotonic()
            return self._value

    def warm(self) -> None:
        with self._lock:
            if self._at is None:
                self._start_refresh()


def _facets(corpus: Corpus) -> dict[str, list[Any]]:
    from . import queries

    values: dict[str, list[Any]] = {}
    for name in ("outlet", "speaker", "actor"):
        try:
            with corpus.read(timeout=max(corpus.read_timeout, 30.0)) as conn:
                values[name] = queries.facet(conn, name, 300)
        except QueryTimeout:
            values[name] = []
    return values


def _directory(corpus: Corpus) -> dict[str, list[Any]] | None:
    from . import queries

    try:
        with corpus.read(timeout=max(corpus.read_timeout, 60.0)) as conn:
            return queries.directory(conn)
    except QueryTimeout:
        return None  # the People and Actors lists then query per request


def _environment() -> jinja2.Environment:
    from .pages import snippet_html, urlpart

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # every template, whatever its file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["urlpart"] = urlpart
    env.filters["snippet"] = snippet_html
    env.globals.update(version=__version__, active=None)  # a page's own ``active`` overrides this default
    return env


def _globals(request: Request) -> dict[str, Any]:
    return {"config": request.app.state.config}


def _wants_json(request: Request) -> bool:
    """API paths answer JSON; pages answer HTML unless the client asks for JSON only."""
    path = request.url.path
    accept = request.headers.get("accept", "")
    return path.startswith(("/api", "/openapi")) or ("application/json" in accept and "text/html" not in accept)


def _validation_message(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    clean = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body" or len(err.get("loc", ())) == 1)
        clean.append({"loc": [str(p) for p in err.get("loc", ())], "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))})
        err["_where"] = where
    first = errors[0] if errors else {}
    message = f"{first.get('_where') or 'request'}: {first.get('msg', 'invalid value')}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return message, clean


def _error(request: Request, status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"message": message, "detail": detail if detail is not None else message, "status": status},
                            status_code=status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message}, status_code=status, headers=headers)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return _error(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message, detail = _validation_message(list(exc.errors()))
        return _error(request, 422, message, detail)

    @app.exception_handler(QueryTimeout)
    async def timeout(request: Request, exc: QueryTimeout) -> Response:
        return _error(request, 503, str(exc), headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:  # pragma: no cover - a bug; logged with its trace
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(request, 500, "internal error; the server log has the details")


def _install_docs(app: FastAPI) -> None:
    """Swagger UI from files shipped in a wheel (fastapi-offline), so /docs works with no network."""
    try:
        from importlib.resources import files

        static = Path(str(files("fastapi_offline") / "static"))
    except (ImportError, ModuleNotFoundError, TypeError):
        static = None
    if static is not None and (static / "swagger-ui-bundle.js").exists():
        app.mount("/docs-assets", StaticFiles(directory=str(static)), name="docs-assets")
        js, css, icon = "/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css", "/docs-assets/favicon.png"
    else:  # no local copy: Swagger UI from its CDN (needs network in the browser)
        js = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"
        css = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"
        icon = "/static/favicon.svg"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="claimscope API", swagger_js_url=js,
                                   swagger_css_url=css, swagger_favicon_url=icon)


def create_app(db_url: str | None = None, allow_write: bool = False, token: str | None = None, *,
               settings: Settings | None = None, max_body: int = DEFAULT_MAX_BODY, read_timeout: float = 2.0,
               export_timeout: float = 30.0) -> FastAPI:
    """The web app over the corpus at ``db_url`` (see ``claimscope.store.resolve_url`` for defaults).

    ``allow_write`` enables analyse-and-store, guarded by ``token`` (default:
    ``$CLAIMSCOPE_TOKEN``; required when writes are allowed).  ``settings``
    configure the analysis pipeline behind the Analyse page and ``POST /api/analyze``.
    """
    from .api import router as api_router
    from .pages import router as page_router
    from .security import BodyLimit, SecurityHeaders

    token = token or os.environ.get("CLAIMSCOPE_TOKEN") or None
    if allow_write and not token:
        raise ValueError("--allow-write needs a token: set CLAIMSCOPE_TOKEN (a long random string)")
    config = WebConfig(allow_write=allow_write, token=token, max_body=max_body, read_timeout=read_timeout,
                       export_timeout=export_timeout)
    corpus = Corpus(db_url, read_timeout=read_timeout, allow_write=allow_write)
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        _app.state.facets.warm()  # in threads: the server answers while they run
        _app.state.directory.warm()
        yield
        corpus.close()  # the writer finishes its queue first

    app = FastAPI(
        lifespan=lifespan,
        title="claimscope",
        version=__version__,
        description="Explore a claimscope corpus: articles, speakers, actors, claims and events. "
                    "Every list takes the same filters and `format=csv|jsonl` for downloads.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = config
    app.state.corpus = corpus
    app.state.analyzer = Analyzer(settings)
    app.state.facets = Cached(lambda: _facets(corpus), config.facet_ttl)
    app.state.directory = Cached(lambda: _directory(corpus), config.facet_ttl)
    app.state.templates = Jinja2Templates(env=_environment(), context_processors=[_globals])
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _install_handlers(app)
    _install_docs(app)
    app.include_router(api_router)
    app.include_router(page_router)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(SecurityHeaders)
    return app
