"""Document search: full-text query plus filters, on either engine — the one place that says what a filter means.

SQLite answers the text part from the FTS5 table ``documents_fts`` (bm25
ranking), PostgreSQL from ``documents.tsv`` (``websearch_to_tsquery``,
``ts_rank``).  ``SearchFilters`` is the filter set of both the store's
``search`` and every web page and API list; ``document_conditions`` turns it
into conditions on ``documents``, so the two cannot drift apart.

A filter on a child table (speaker, actor, technique, event, claim type)
becomes an uncorrelated ``IN`` when few rows match and a correlated ``EXISTS``
walked through the ``document_id`` index when many do — SQLite has no
statistics to make that choice itself.  Both mean the same.

Snippets mark matches with ``MARK_START``/``MARK_END`` (control characters
that never occur in article text): escape the snippet, then replace them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    Integer,
    Select,
    String,
    bindparam,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)

from . import models as m

__all__ = [
    "SearchFilters", "SearchHit", "SearchPage", "ArticleQuery", "MARK_START", "MARK_END", "IN_THRESHOLD",
    "search", "article_query", "document_conditions", "newest_first", "snippets", "fts5_query", "facet_counts", "FACETS",
]

MARK_START = "\x02"
MARK_END = "\x03"
IN_THRESHOLD = 2000  # child rows up to which a filter is an IN list rather than a correlated EXISTS
_SNIPPET_TOKENS = 24
_PHRASE = re.compile(r'"([^"]+)"|(\w+)')


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchFilters:
    """Every field optional; set ones are ANDed.

    ``q`` is a full-text query (see ``fts5_query``); ``speaker`` matches a
    person's name on a quote or claim; ``actor`` a CAMEO actor code as stored on
    actors (``AZE``, ``NATO``…); ``event_code`` a CAMEO code prefix (``"07"``
    matches 071…); ``modality`` an event modality, on the same event as
    ``event_code`` when both are set; ``published_from`` / ``published_to`` ISO
    dates, inclusive (a date prefix matches any time that day).
    """

    q: str | None = None
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
        """Filters from a mapping (empty values unset); an unknown name is a ``ValueError``, not silently ignored."""
        if value is None:
            return cls()
        if isinstance(value, SearchFilters):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown search filter(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        return cls(**{k: v for k, v in value.items() if v not in (None, "")})

    def active(self) -> list[tuple[str, str]]:
        """(name, value) of the set filters, in field order."""
        return [(f.name, getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)]

    def with_(self, **changes: Any) -> "SearchFilters":
        return replace(self, **changes)

    def query(self, **extra: Any) -> str:
        """The URL query string for these filters (plus ``extra``): what a link that keeps them carries."""
        params = dict(self.active())
        params.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(params)

    def __bool__(self) -> bool:
        return bool(self.active())


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


# ---- conditions ---------------------------------------------------------------------


def _text_match(conn: Connection, query: str) -> ColumnElement[bool] | None:
    """Documents matching a full-text query (None: the query has no words, so nothing matches)."""
    if conn.dialect.name == "postgresql":
        return literal_column("documents.tsv").op("@@")(func.websearch_to_tsquery("english", query))
    match = fts5_query(query)
    if match is None:
        return None
    return m.Document.num.in_(text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :match")
                              .bindparams(match=match).columns(rowid=Integer))


def _child(conn: Connection, fk: Any, equals: Sequence[tuple[Any, str]], extra: Sequence[ColumnElement[bool]] = (),
           walked: list[bool] | None = None) -> ColumnElement[bool]:
    """``documents`` rows having a child row (foreign key ``fk``) with these column values.

    Few matches: ``id IN (SELECT document_id …)``, evaluated once.  Many: a
    correlated EXISTS; on SQLite the value columns are wrapped (``col || ''``)
    so each probe goes through the child's ``document_id`` index instead of
    walking every row of a popular value for each document.  ``walked`` gets a
    ``True`` appended for the latter, so a caller can count less far.
    """
    d = m.Document
    conds = [col == value for col, value in equals] + list(extra)
    probe = select(literal(1)).select_from(fk.class_).where(*conds).limit(IN_THRESHOLD + 1).subquery()
    if conn.execute(select(func.count()).select_from(probe)).scalar_one() <= IN_THRESHOLD:
        return d.id.in_(select(fk).where(*conds))
    if conn.dialect.name == "sqlite":
        conds = [col.concat("") == value for col, value in equals] + list(extra)
    if walked is not None:
        walked.append(True)
    return exists().where(fk == d.id, *conds)


def document_conditions(conn: Connection, f: SearchFilters, *, speaker: bool = True, events: bool = True,
                        text_first: bool = False, walked: list[bool] | None = None) -> list[ColumnElement[bool]]:
    """Conditions on ``documents`` for the filters; an empty list when none is set.

    ``speaker`` / ``events``: False leaves those filters to the caller (a list of
    people or events applies them to its own rows).  ``text_first``: a full-text
    match drives the query, so on SQLite the column conditions are kept off their
    indexes (``col || ''``); otherwise SQLite may walk every "news" article and
    probe the full-text index once for each.
    """
    d = m.Document
    plain = text_first and conn.dialect.name == "sqlite"
    outlet, genre, language, published = ((c.concat("") if plain else c) for c in (d.outlet, d.genre, d.language, d.published))
    cond: list[ColumnElement[bool]] = []
    if f.outlet:
        cond.append(outlet == f.outlet)
    if f.genre:
        cond.append(genre == f.genre)
    if f.language:
        cond.append(language == f.language)
    if f.published_from:
        cond.append(published >= f.published_from)
    if f.published_to:
        cond.append(published <= f.published_to + "\uffff")  # a bare date includes that whole day
    if f.q:
        match = _text_match(conn, f.q)
        cond.append(match if match is not None else d.num.is_(None))
    if speaker and f.speaker:
        cond.append(or_(_child(conn, m.Quote.document_id, [(m.Quote.speaker_name, f.speaker)], walked=walked),
                        _child(conn, m.Claim.document_id, [(m.Claim.speaker_name, f.speaker)], walked=walked)))
    if f.actor:
        cond.append(_child(conn, m.Actor.document_id, [(m.Actor.code, f.actor)], walked=walked))
    if f.technique:
        cond.append(_child(conn, m.Technique.document_id, [(m.Technique.technique, f.technique)], walked=walked))
    if events and (f.event_code or f.modality):
        e = m.Event
        equals: list[tuple[Any, str]] = [(e.modality, f.modality)] if f.modality else []
        extra: list[ColumnElement[bool]] = []
        if f.event_code and len(f.event_code) == 2:
            equals.append((e.root_code, f.event_code))
        elif f.event_code:
            extra.append(e.code.startswith(f.event_code, autoescape=True))
        cond.append(_child(conn, e.document_id, equals, extra, walked=walked))
    if f.claim_type:
        cond.append(_child(conn, m.Claim.document_id, [(m.Claim.type, f.claim_type)], walked=walked))
    return cond


# ---- article search -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """Matching documents, unordered: ``stmt`` selects num, id, title, outlet, published, genre, url (and ``rank``)."""

    stmt: Select[Any]
    rank: Any  # higher is better; None without a text query
    filtered: bool  # some filter or a text query narrows the list
    walked: bool  # some child filter is checked article by article (a popular value)


def article_query(conn: Connection, f: SearchFilters) -> ArticleQuery | None:
    """The documents matching ``f`` with their full-text rank; None when ``f.q`` has no words (nothing matches)."""
    d = m.Document
    q = (f.q or "").strip()
    walked: list[bool] = []
    cond = document_conditions(conn, f.with_(q=None), text_first=bool(q), walked=walked)
    stmt = select(d.num, d.id, d.title, d.outlet, d.published, d.genre, d.url)
    rank: Any = None
    if q and conn.dialect.name == "postgresql":
        tsq = func.websearch_to_tsquery("english", q)
        cond.append(literal_column("documents.tsv").op("@@")(tsq))
        rank = func.ts_rank(literal_column("documents.tsv"), tsq)
    elif q:
        match = fts5_query(q)
        if match is None:
            return None
        fts = (text("SELECT rowid, bm25(documents_fts, 2.0, 1.0) AS rank FROM documents_fts WHERE documents_fts MATCH :match")
               .bindparams(match=match).columns(rowid=Integer, rank=Float).subquery("fts"))
        stmt = stmt.join(fts, fts.c.rowid == d.num)
        rank = -fts.c.rank  # bm25: lower is better; reported as higher is better on both engines
    if rank is not None:
        stmt = stmt.add_columns(rank.label("rank"))
    return ArticleQuery(stmt.where(*cond), rank, bool(cond) or rank is not None, bool(walked))


def newest_first(conn: Connection) -> tuple[Any, ...]:
    """Newest published first, undated last; SQLite sorts NULL last in DESC already, and so can use the index."""
    d = m.Document
    return (d.published.desc().nulls_last() if conn.dialect.name == "postgresql" else d.published.desc(), d.num.desc())


def snippets(conn: Connection, query: str, nums: list[int]) -> dict[int, str]:
    """Match-marked snippets (``MARK_START``/``MARK_END``) for one page of hits only: each costs a pass over its text."""
    if not nums:
        return {}
    if conn.dialect.name == "postgresql":
        d = m.Document
        opts = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, "
                'FragmentDelimiter=" … "')
        stmt = select(d.num, func.ts_headline("english", func.left(d.text, 262144), func.websearch_to_tsquery("english", query),
                                              opts)).where(d.num.in_(nums))
        return {int(n): snip for n, snip in conn.execute(stmt)}
    match = fts5_query(query)
    if match is None:
        return {}
    sql = (text(f"SELECT rowid, snippet(documents_fts, 1, :a, :b, '…', {_SNIPPET_TOKENS}) FROM documents_fts "
                "WHERE documents_fts MATCH :match AND rowid IN :nums")
           .bindparams(bindparam("nums", expanding=True)).columns(rowid=Integer, snippet=String))
    return {int(n): snip for n, snip in conn.execute(sql, {"a": MARK_START, "b": MARK_END, "match": match, "nums": nums})}


def search(conn: Connection, query: str | None, filters: SearchFilters, limit: int, offset: int) -> SearchPage:
    """One page of documents matching ``query`` (else ``filters.q``) and the filters, with the exact total.

    Best match first with a text query, else newest published first.
    """
    f = filters if query is None else filters.with_(q=query)
    found = article_query(conn, f)
    if found is None:
        return SearchPage(0, [], limit, offset)
    total = conn.execute(select(func.count()).select_from(found.stmt.subquery())).scalar_one()
    order = (found.rank.desc(), m.Document.num) if found.rank is not None else newest_first(conn)
    rows = conn.execute(found.stmt.order_by(*order).limit(limit).offset(offset)).all()
    q = (f.q or "").strip()
    marked = snippets(conn, q, [r.num for r in rows]) if q else {}
    hits = [
        SearchHit(r.id, r.title, r.outlet, r.published, r.genre, r.url, marked.get(r.num), float(r.rank) if found.rank is not None else None)
        for r in rows
    ]
    return SearchPage(total, hits, limit, offset)


# ---- facets ---------------------------------------------------------------------------

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
