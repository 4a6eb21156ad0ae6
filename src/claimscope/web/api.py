"""The REST API under ``/api``: the same filters on every list, reports in the contract JSON.

Routes are plain (sync) functions: FastAPI runs them in its thread pool, and
each read holds a time-limited connection only for as long as its queries run.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Connection

from ..report.model import Report
from . import queries
from .analysis import AnalysisError
from .db import Corpus
from .export import download
from .filters import Filters, Page, filters_dependency, page_dependency
from .schemas import (
    ActorDetail,
    ActorRow,
    AnalyzeRequest,
    ArticleRow,
    ClusterDetail,
    ClusterRow,
    ErrorBody,
    EventRow,
    Facet,
    ListPage,
    PersonDetail,
    PersonRow,
)
from .security import bearer, check_write

__all__ = ["router", "read", "DOC_ID", "ACTOR_CODE", "NAME_FILTER"]

DOC_ID = r"^[0-9a-f]{64}$"
ACTOR_CODE = r"^[A-Za-z0-9]{1,32}$"
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (400, 404, 413, 422, 503)
}
_DOWNLOADS = {200: {"content": {"text/csv": {}, "application/x-ndjson": {}},
                    "description": "A page as JSON; with format=csv or jsonl, a download of the rows."}}
NAME_FILTER = Annotated[str | None, Query(max_length=300, pattern=r"^[^\x00-\x1f\x7f]*$",
                                          description="Case-insensitive part of the name.")]
SORT = Annotated[Literal["documents", "name"], Query(description="documents (most first) or name.")]

router = APIRouter(prefix="/api", responses=_ERRORS)


@contextmanager
def read(request: Request, page: Page | None = None) -> Iterator[Connection]:
    """A time-limited read; downloads get the longer export limit."""
    corpus: Corpus = request.app.state.corpus
    config = request.app.state.config
    timeout = config.export_timeout if page is not None and page.export else config.read_timeout
    with corpus.read(timeout) as conn:
        yield conn


def _directory(request: Request) -> dict[str, list[Any]] | None:
    return request.app.state.directory.get()


EXACT = Annotated[bool, Query(description=f"Count every match (slower); by default a filtered total stops at {queries.COUNT_CAP}.")]


@router.get("/articles", response_model=ListPage[ArticleRow], responses=_DOWNLOADS, tags=["articles"])
def list_articles(request: Request, f: Annotated[Filters, Depends(filters_dependency)],
                  page: Annotated[Page, Depends(page_dependency)], exact: EXACT = False,
                  sort: Annotated[Literal["auto", "relevance", "newest"], Query(description="auto: best match first with q, else newest.")] = "auto") -> Any:
    """Search articles: full text (`q`) and filters; newest first, or best match first with `q`."""
    with read(request, page) as conn:
        result = queries.articles(conn, f, page, sort=sort, exact=exact)
    return download(result.items, ArticleRow, page.format, "articles") if page.export else result


@router.get("/articles/{doc_id}", tags=["articles"], responses={200: {"model": Report, "description": "The article's report (contract JSON)."}})
def get_article(request: Request, doc_id: Annotated[str, Path(pattern=DOC_ID, description="sha256 of the text")]) -> JSONResponse:
    """One article's full report, exactly as stored (`claimscope.report/2`; a report stored under /1 comes back upgraded)."""
    with read(request) as conn:
        report = queries.article_report(conn, doc_id)
    if report is None:
        raise HTTPException(404, f"no article {doc_id}")
    return JSONResponse(report)


@router.get("/people", response_model=ListPage[PersonRow], responses=_DOWNLOADS, tags=["people"])
def list_people(request: Request, f: Annotated[Filters, Depends(filters_dependency)],
                page: Annotated[Page, Depends(page_dependency)], name: NAME_FILTER = None, sort: SORT = "documents") -> Any:
    """People named in articles (one row per name), most documents first; filters pick the articles."""
    with read(request, page) as conn:
        result = queries.people(conn, f, page, sort, name=name, listing=_directory(request))
    return download(result.items, PersonRow, page.format, "people") if page.export else result


@router.get("/people/{name:path}", response_model=PersonDetail, tags=["people"])
def get_person(request: Request, name: str) -> PersonDetail:
    """A speaker across the corpus: quotes and claims (newest first), stance toward each actor over time."""
    if not name.strip() or len(name) > 300:
        raise HTTPException(404, "no such person")
    with read(request) as conn:
        detail = queries.person(conn, name)
    if detail is None:
        raise HTTPException(404, f"no person named {name!r} in the corpus")
    return detail


@router.get("/actors", response_model=ListPage[ActorRow], responses=_DOWNLOADS, tags=["actors"])
def list_actors(request: Request, f: Annotated[Filters, Depends(filters_dependency)],
                page: Annotated[Page, Depends(page_dependency)], name: NAME_FILTER = None, sort: SORT = "documents") -> Any:
    """Actors by CAMEO code; `actor=RUS` also lists its roles (RUSGOV, RUSMIL…)."""
    with read(request, page) as conn:
        result = queries.actors(conn, f, page, sort, name=name, listing=_directory(request))
    return download(result.items, ActorRow, page.format, "actors") if page.export else result


@router.get("/actors/{code}", response_model=ActorDetail, tags=["actors"])
def get_actor(request: Request, code: Annotated[str, Path(pattern=ACTOR_CODE)]) -> ActorDetail:
    """An actor: who says what about it, stance toward it by outlet and speaker over time, its event network."""
    with read(request) as conn:
        detail = queries.actor(conn, code.upper())
    if detail is None:
        raise HTTPException(404, f"no actor {code.upper()} in the corpus")
    return detail


@router.get("/events", response_model=ListPage[EventRow], responses=_DOWNLOADS, tags=["events"])
def list_events(request: Request, f: Annotated[Filters, Depends(filters_dependency)],
                page: Annotated[Page, Depends(page_dependency)], exact: EXACT = False) -> Any:
    """Coded events. `actor` matches source or target, `speaker` who reported it; the rest filter the articles."""
    with read(request, page) as conn:
        result = queries.events(conn, f, page, exact=exact)
    return download(result.items, EventRow, page.format, "events") if page.export else result


@router.get("/clusters", response_model=ListPage[ClusterRow], responses=_DOWNLOADS, tags=["clusters"])
def list_clusters(request: Request, f: Annotated[Filters, Depends(filters_dependency)],
                  page: Annotated[Page, Depends(page_dependency)]) -> Any:
    """Claims recurring across articles, biggest first; `q` searches their wording, dates their first appearance."""
    with read(request, page) as conn:
        result = queries.clusters(conn, f, page)
    return download(result.items, ClusterRow, page.format, "clusters") if page.export else result


@router.get("/clusters/{cluster_id}", response_model=ClusterDetail, tags=["clusters"])
def get_cluster(request: Request, cluster_id: Annotated[int, Path(ge=1, le=2**62)]) -> ClusterDetail:
    """One claim cluster: every appearance with outlet, speaker and date, first seen first."""
    with read(request) as conn:
        detail = queries.cluster(conn, cluster_id)
    if detail is None:
        raise HTTPException(404, f"no claim cluster {cluster_id}")
    return detail


@router.get("/facets/{name}", response_model=list[Facet], tags=["articles"])
def get_facet(request: Request, name: Literal["outlet", "genre", "language", "speaker", "actor", "technique", "event_code", "modality", "claim_type"],
              limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> list[Facet]:
    """Values of one filter with how many articles have each, most common first."""
    with read(request) as conn:
        return queries.facet(conn, name, limit)


@router.post("/analyze", tags=["analyze"], responses={200: {"model": Report, "description": "The report (contract JSON)."},
                                                        401: {"model": ErrorBody}, 403: {"model": ErrorBody}})
def analyze(request: Request, body: AnalyzeRequest) -> Response:
    """Analyse an article and return its report; with `store: true` (write mode and token) also store it."""
    if body.store:
        check_write(request, bearer(request))
    try:
        report = request.app.state.analyzer.from_text(body.text, title=body.title, outlet=body.outlet, published=body.published,
                                                      url=body.url, genre=body.genre, source=body.source or "<api>")
    except AnalysisError as exc:
        raise HTTPException(422, str(exc)) from exc
    data = report.to_dict()
    headers = {}
    if body.store:
        new = request.app.state.corpus.write_report(data)
        headers = {"X-Claimscope-Stored": "new" if new else "existing", "Location": f"/api/articles/{report.document.id}"}
    return JSONResponse(data, headers=headers)
