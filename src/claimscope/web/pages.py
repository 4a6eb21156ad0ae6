"""Server-rendered pages: Search, Article, Person, Actor, Events, Claim clusters, Analyse.

Pages reuse the API's queries and filters; only presentation lives here.
The article view reuses the standalone report renderer's span markup
(``render.html.mark_up``), adding one class per claim type so claims can be
toggled by type as well as as a whole.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from ..render.html import LAYERS, collect_highlights, mark_up
from ..render.text import entity_name, speaker_name
from ..report.model import TECHNIQUES, Report
from ..store.search import MARK_END, MARK_START
from . import cameo, charts, queries
from .analysis import AnalysisError
from .api import ACTOR_CODE, DOC_ID, NAME_FILTER, read
from .filters import CLAIM_TYPES, GENRES, MAX_PAGE, MODALITIES, Filters, Format, Page, filters_dependency
from .security import check_write

__all__ = ["router", "urlpart", "snippet_html"]

router = APIRouter(include_in_schema=False)

CHOICES = {
    "genres": GENRES,
    "techniques": TECHNIQUES,
    "modalities": MODALITIES,
    "claim_types": CLAIM_TYPES,
    "roots": cameo.roots(),
}


def urlpart(value: object) -> str:
    """A path segment or query value, percent-encoded (``/`` included)."""
    return quote(str(value), safe="")


def snippet_html(value: str | None) -> Markup:
    """A search snippet: escaped, then its match marks turned into ``<mark>``."""
    if not value:
        return Markup("")
    return Markup(str(escape(value)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _html_page(limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Page:
    return Page(limit, offset, Format.json)


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


# ---- search ------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, f: Annotated[Filters, Depends(filters_dependency)],
                page: Annotated[Page, Depends(_html_page)]) -> HTMLResponse:
    with read(request) as conn:
        result = queries.articles(conn, f, page, marks=(MARK_START, MARK_END))
    facets = request.app.state.facets.get() or {}
    return _render(request, "search.html", {"active": "Search", "f": f, "result": result, "facets": facets, "choices": CHOICES})


# ---- article -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _EventView:
    source: str | None
    target: str | None
    code: str
    label: str
    modality: str
    speaker: str
    via: list[str]
    quad: int | None
    quad_name: str
    goldstein: float | None


def report_context(report: Report, *, linked: bool) -> dict[str, Any]:
    """Everything the article template shows; ``linked``: names link to person and actor pages."""
    doc = report.document
    claim_type = {c.id: c.type for c in report.claims}
    highlights = [
        dataclasses.replace(h, extra_class=f"hl-claim-{claim_type[h.key]}") if h.layer == "claim" and h.key in claim_type else h
        for h in collect_highlights(report)
    ]
    counts = {"quote": len(report.quotes), "claim": len(report.claims), "technique": len(report.techniques),
              "actor": sum(len(a.mentions) for a in report.actors), "person": sum(len(p.mentions) for p in report.people)}
    quotes_by = {p.id: sum(1 for q in report.quotes if q.speaker == p.id) for p in report.people}
    actor_ids = {a.id for a in report.actors} | {a.code for a in report.actors}
    events = []
    for e in report.events:
        row = cameo.describe(e.code)
        quad = row.quad_class if row else None
        events.append(_EventView(e.source, e.target, e.code, e.label, e.modality, speaker_name(report, e), e.via, quad,
                                 cameo.QUAD_NAMES.get(quad or 0, "unknown class"),
                                 e.goldstein if e.goldstein is not None else (row.goldstein if row else None)))
    stances = [
        {"holder": entity_name(report, s.holder), "target": s.target, "target_name": entity_name(report, s.target),
         "target_is_actor": s.target in actor_ids, "polarity": s.polarity}
        for s in report.stances
    ]
    claims = [{"id": c.id, "text": c.text, "type": c.type, "certainty": c.certainty, "checkworthiness": c.checkworthiness,
               "speaker": speaker_name(report, c)}
              for c in sorted(report.claims, key=lambda c: (-c.checkworthiness, c.start))]
    techniques = [{"key": f"t{i}", "technique": t.technique, "text": t.text, "speaker": speaker_name(report, t)}
                  for i, t in enumerate(report.techniques, 1)]
    meta = [("published", doc.published or "unknown"), ("outlet", doc.outlet or "unknown"), ("genre", doc.genre),
            ("sections", ", ".join(doc.sections) or "—"), ("source", doc.source)]
    if report.pipeline:
        meta.append(("pipeline", report.pipeline))
    return {
        "doc": doc, "meta": meta, "url_href": doc.url if doc.url and re.match(r"https?://", doc.url, re.I) else None,
        "article_html": Markup(mark_up(doc.text, highlights)), "layers": LAYERS, "counts": counts,
        "claim_types": CLAIM_TYPES, "claim_counts": {t: sum(1 for c in report.claims if c.type == t) for t in CLAIM_TYPES},
        "people": [{"name": p.name, "roles": p.roles, "actor": p.actor, "quotes": quotes_by[p.id]} for p in report.people],
        "events": events, "stances": stances, "claims": claims, "techniques": techniques, "linked": linked,
    }


@router.get("/articles/{doc_id}", response_class=HTMLResponse)
def article_page(request: Request, doc_id: Annotated[str, Path(pattern=DOC_ID)]) -> HTMLResponse:
    with read(request) as conn:
        data = queries.article_report(conn, doc_id)
        info = queries.article_info(conn, doc_id) if data is not None else None
    if data is None:
        raise HTTPException(404, f"no article {doc_id}")
    context = report_context(Report.model_validate(data), linked=True)
    context.update(info=info, json_href=f"/api/articles/{doc_id}", active=None)
    return _render(request, "article.html", context)


# ---- people and actors ----------------------------------------------------------


@router.get("/people", response_class=HTMLResponse)
def people_page(request: Request, f: Annotated[Filters, Depends(filters_dependency)], page: Annotated[Page, Depends(_html_page)],
                name: NAME_FILTER = None) -> HTMLResponse:
    with read(request) as conn:
        result = queries.people(conn, f, page, name=name, listing=request.app.state.directory.get())
    rows = [[(p.name, f"/people/{urlpart(p.name)}"), (p.documents, None)] for p in result.items]
    return _render(request, "listing.html", {
        "active": "People", "heading": "People", "noun": "people", "action": "/people", "api_path": "/api/people",
        "f": f, "name": name, "result": result, "columns": ["name", "articles"], "rows": rows})


@router.get("/people/{name:path}", response_class=HTMLResponse)
def person_page(request: Request, name: str) -> HTMLResponse:
    if not name.strip() or len(name) > 300:
        raise HTTPException(404, "no such person")
    with read(request) as conn:
        detail = queries.person(conn, name)
    if detail is None:
        raise HTTPException(404, f"no person named {name!r} in the corpus")
    plot = charts.line_chart([s.model_copy(update={"name": _target_label(s.name, detail.stances)}) for s in detail.stance_series])
    return _render(request, "person.html", {"active": "People", "p": detail, "plot": plot})


def _target_label(code: str, stances: list[Any]) -> str:
    name = next((s.name for s in stances if s.key == code and s.name), None)
    return f"{name} ({code})" if name and name != code else code


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, f: Annotated[Filters, Depends(filters_dependency)], page: Annotated[Page, Depends(_html_page)],
                name: NAME_FILTER = None) -> HTMLResponse:
    with read(request) as conn:
        result = queries.actors(conn, f, page, name=name, listing=request.app.state.directory.get())
    rows = [[(a.code, f"/actors/{urlpart(a.code)}"), (a.name, None), (a.kind, None), (a.documents, None)] for a in result.items]
    return _render(request, "listing.html", {
        "active": "Actors", "heading": "Actors", "noun": "actors", "action": "/actors", "api_path": "/api/actors",
        "f": f, "name": name, "result": result, "columns": ["code", "name", "kind", "articles"], "rows": rows})


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor_page(request: Request, code: Annotated[str, Path(pattern=ACTOR_CODE)]) -> HTMLResponse:
    with read(request) as conn:
        detail = queries.actor(conn, code.upper())
    if detail is None:
        raise HTTPException(404, f"no actor {code.upper()} in the corpus")
    return _render(request, "actor.html", {
        "active": "Actors", "a": detail, "outlet_plot": charts.line_chart(detail.outlet_series),
        "speaker_plot": charts.line_chart(detail.speaker_series), "net": charts.network(detail.network, detail.code)})


# ---- events and clusters ------------------------------------------------------------


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, f: Annotated[Filters, Depends(filters_dependency)],
                page: Annotated[Page, Depends(_html_page)]) -> HTMLResponse:
    with read(request) as conn:
        result = queries.events(conn, f, page)
    facets = request.app.state.facets.get() or {}
    return _render(request, "events.html", {"active": "Events", "f": f, "result": result, "facets": facets, "choices": CHOICES})


@router.get("/clusters", response_class=HTMLResponse)
def clusters_page(request: Request, f: Annotated[Filters, Depends(filters_dependency)],
                  page: Annotated[Page, Depends(_html_page)]) -> HTMLResponse:
    with read(request) as conn:
        result = queries.clusters(conn, f, page)
    return _render(request, "clusters.html", {"active": "Claim clusters", "f": f, "result": result})


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, cluster_id: Annotated[int, Path(ge=1, le=2**62)]) -> HTMLResponse:
    with read(request) as conn:
        detail = queries.cluster(conn, cluster_id)
    if detail is None:
        raise HTTPException(404, f"no claim cluster {cluster_id}")
    outlets = len({mb.outlet for mb in detail.members})
    return _render(request, "cluster.html", {"active": "Claim clusters", "c": detail, "tl": charts.timeline(detail.members),
                                             "outlets": outlets})


# ---- analyse --------------------------------------------------------------------------


def _analyse_context(request: Request, form: dict[str, Any], error: str | None = None) -> dict[str, Any]:
    form = {"text": "", "title": "", "outlet": "", "published": "", "store": False, **form}
    return {"active": "Analyse", "form": form, "error": error, "doc": None, "max_body": request.app.state.config.max_body}


@router.get("/analyse", response_class=HTMLResponse)
def analyse_form(request: Request) -> HTMLResponse:
    return _render(request, "analyse.html", _analyse_context(request, {}))


@router.post("/analyse", response_class=HTMLResponse)
def analyse_submit(
    request: Request,
    text: Annotated[str, Form(max_length=500_000)] = "",
    file: Annotated[UploadFile | None, File()] = None,
    title: Annotated[str, Form(max_length=1000)] = "",
    outlet: Annotated[str, Form(max_length=300)] = "",
    published: Annotated[str, Form(pattern=r"^(|\d{4}-\d{2}-\d{2})$")] = "",
    store: Annotated[bool, Form()] = False,
    token: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Analyse pasted text or an upload; show the report, or store it (write mode, token) and open its page."""
    form = {"text": text, "title": title, "outlet": outlet, "published": published, "store": store}
    if store:
        check_write(request, token)
    analyzer = request.app.state.analyzer
    try:
        data = file.file.read() if file is not None and file.filename else b""
        if data:
            report = analyzer.from_upload(data, file.filename or "<upload>")  # type: ignore[union-attr]
        elif text.strip():
            report = analyzer.from_text(text, title=title or None, outlet=outlet or None, published=published or None)
        else:
            raise AnalysisError("paste some text or choose a file")
    except AnalysisError as exc:
        return _render(request, "analyse.html", _analyse_context(request, form, str(exc)), status=422)
    if store:
        request.app.state.corpus.write_report(report.to_dict())
        return RedirectResponse(f"/articles/{report.document.id}", status_code=303)
    context = _analyse_context(request, form)
    context.update(report_context(report, linked=False), info=None, json_href=None)
    return _render(request, "analyse.html", context)
