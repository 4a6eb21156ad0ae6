"""Document search: full-text query plus the filters the web UI offers, on either engine.

SQLite answers the text part from the FTS5 table ``documents_fts`` (bm25
ranking), PostgreSQL from ``documents.tsv`` (``websearch_to_tsquery``,
``ts_rank``).  Filters on speakers, actors, techniques and events are
``EXISTS`` sub-queries over indexed child tables, so they combine freely.
Snippets mark matches with ``MARK_START``/``MARK_END`` (control characters
that never occur in article text): escape the snippet, then replace them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, Float, Integer, String, and_, exists, func, literal_column, or_, select, text

from . import models as m

__all__ = ["SearchFilters", "SearchHit", "SearchPage", "MARK_START", "MARK_END", "search", "facet_counts", "FACETS"]

MARK_START = "\x02"
MARK_END = "\x03"
_SNIPPET_TOKENS = 24
_PHRASE = re.compile(r'"([^"]+)"|(\w+)')


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchFilters:
    """Every field optional; set ones are ANDed.

    ``speaker`` matches a person's name on a quote or claim; ``actor`` a CAMEO
    actor code as stored on actors (``AZE``, ``NATO``…); ``event_code`` a CAMEO
    code prefix (``"07"`` matches 071…); ``modality`` an event modality, on the
    same event as ``event_code`` when both are set; ``published_from`` /
    ``published_to`` ISO dates, inclusive (a date prefix matches any time that day).
    """

    outlet: str | None = None
    genre: str | None = None
    language: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    speaker: str | None = None
    actor: str | None = None
    technique: str | None = None
    event_code: str | None = None
    modality: str | None = None
    claim_type: str | None = None

    @classmethod
    def of(cls, value: "SearchFilters | Mapping[str, Any] | None") -> "SearchFilters":
        if value is None:
            return cls()
        if isinstance(value, SearchFilters):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown search filter(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        return cls(**{k: v for k, v in value.items() if v not in (None, "")})


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    genre: str | None
    url: str | None
    snippet: str | None  # matches between MARK_START and MARK_END; None without a text query
    rank: float | None


@dataclass(frozen=True, slots=True)
class SearchPage:
    total: int
    hits: list[SearchHit]
    limit: int
    offset: int


def fts5_query(query: str) -> str | None:
    """User text to a safe FTS5 expression: words and "quoted phrases", all required, ``OR`` between two.

    The same reading as PostgreSQL's ``websearch_to_tsquery``, so both engines
    agree; any other syntax is dropped rather than passed to the engine.
    """
    parts: list[str] = []
    for phrase, word in _PHRASE.findall(query):
        if word == "OR" and not phrase:
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        words = re.findall(r"\w+", phrase or word)
        if words:
            parts.append('"' + " ".join(words) + '"')
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts) or None


def _conditions(f: SearchFilters) -> list[Any]:
    d = m.Document
    cond: list[Any] = []
    if f.outlet:
        cond.append(d.outlet == f.outlet)
    if f.genre:
        cond.append(d.genre == f.genre)
    if f.language:
        cond.append(d.language == f.language)
    if f.published_from:
        cond.append(d.published >= f.published_from)
    if f.published_to:
        cond.append(d.published <= f.published_to + "\uffff")  # a bare date includes that whole day
    if f.speaker:
        cond.append(or_(
            exists().where(m.Quote.document_id == d.id, m.Quote.speaker_name == f.speaker),
            exists().where(m.Claim.document_id == d.id, m.Claim.speaker_name == f.speaker),
        ))
    if f.actor:
        cond.append(exists().where(m.Actor.document_id == d.id, m.Actor.code == f.actor))
    if f.technique:
        cond.append(exists().where(m.Technique.document_id == d.id, m.Technique.technique == f.technique))
    if f.event_code or f.modality:
        ev = [m.Event.document_id == d.id]
        if f.event_code:
            ev.append(m.Event.root_code == f.event_code if len(f.event_code) == 2 else m.Event.code.startswith(f.event_code, autoescape=True))
        if f.modality:
            ev.append(m.Event.modality == f.modality)
        cond.append(exists().where(and_(*ev)))
    if f.claim_type:
        cond.append(exists().where(m.Claim.document_id == d.id, m.Claim.type == f.claim_type))
    return cond


def search(conn: Connection, query: str | None, filters: SearchFilters, limit: int, offset: int) -> SearchPage:
    d = m.Document
    cond = _conditions(filters)
    base = select(d.num, d.id, d.title, d.outlet, d.published, d.genre, d.url)
    rank_col: Any = None
    q = (query or "").strip()
    pg = conn.dialect.name == "postgresql"
    if q and pg:
        tsq = func.websearch_to_tsquery("english", q)
        cond.append(literal_column("documents.tsv").op("@@")(tsq))
        rank_col = func.ts_rank(literal_column("documents.tsv"), tsq)
    elif q:
        match = fts5_query(q)
        if match is None:
            return SearchPage(0, [], limit, offset)
        fts = text("SELECT rowid, bm25(documents_fts, 2.0, 1.0) AS rank FROM documents_fts WHERE documents_fts MATCH :match").bindparams(match=match).columns(rowid=Integer, rank=Float).subquery("fts")
        base = base.join(fts, fts.c.rowid == d.num)
        rank_col = -fts.c.rank  # bm25: lower is better; we report higher = better on both engines
    stmt = base.where(*cond)
    total = conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    if rank_col is not None:
        stmt = stmt.add_columns(rank_col.label("rank")).order_by(rank_col.desc(), d.num)
    else:
        stmt = stmt.order_by(d.published.desc().nulls_last() if pg else d.published.is_(None), d.published.desc(), d.num.desc())
    rows = conn.execute(stmt.limit(limit).offset(offset)).all()
    snippets = _snippets(conn, q, [r.num for r in rows]) if q and rows else {}
    hits = [
        SearchHit(r.id, r.title, r.outlet, r.published, r.genre, r.url, snippets.get(r.num), float(r.rank) if rank_col is not None else None)
        for r in rows
    ]
    return SearchPage(total, hits, limit, offset)


def _snippets(conn: Connection, query: str, nums: list[int]) -> dict[int, str]:
    """Snippets for one page of hits only: they cost a pass over each text."""
    params: dict[str, Any] = {f"n{i}": n for i, n in enumerate(nums)}
    marks = ", ".join(f":n{i}" for i in range(len(nums)))
    if conn.dialect.name == "postgresql":
        opts = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
        sql = text(
            f"SELECT num, ts_headline('english', left(text, 262144), websearch_to_tsquery('english', :q), :opts) FROM documents WHERE num IN ({marks})"
        ).columns(num=Integer, snippet=String)
        params.update(q=query, opts=opts)
    else:
        sql = text(
            f"SELECT rowid, snippet(documents_fts, 1, :a, :b, '…', {_SNIPPET_TOKENS}) FROM documents_fts WHERE documents_fts MATCH :match AND rowid IN ({marks})"
        ).columns(rowid=Integer, snippet=String)
        params.update(a=MARK_START, b=MARK_END, match=fts5_query(query))
    return {int(num): snip for num, snip in conn.execute(sql, params)}


#: facet name -> (column, table it lives on)
FACETS: dict[str, Any] = {
    "outlet": m.Document.outlet,
    "genre": m.Document.genre,
    "language": m.Document.language,
    "speaker": m.Quote.speaker_name,
    "actor": m.Actor.code,
    "technique": m.Technique.technique,
    "event_code": m.Event.root_code,
    "modality": m.Event.modality,
    "claim_type": m.Claim.type,
}


def facet_counts(conn: Connection, name: str, limit: int) -> list[tuple[str, int]]:
    """Values of one facet with the number of documents having each, most common first."""
    if name not in FACETS:
        raise ValueError(f"unknown facet {name!r}; known: {', '.join(FACETS)}")
    col = FACETS[name]
    doc_col = m.Document.id if col.class_ is m.Document else col.class_.document_id
    n = func.count(doc_col.distinct())
    stmt = select(col, n).where(col.is_not(None)).group_by(col).order_by(n.desc(), col).limit(limit)
    return [(value, int(count)) for value, count in conn.execute(stmt)]
