"""Read queries for the web: article search, people, actors, events, clusters and their detail pages.

All run on a connection from ``Corpus.read`` (read-only, time-limited) against
the store's ORM models.  Every query is bounded so that a page stays fast on a
corpus of 100k+ articles where one speaker or country is in a third of them:

* filtered totals are counted up to ``COUNT_CAP`` (then reported as a lower
  bound, ``total_exact = false``) unless the caller asks for ``exact``;
* what a filter means on ``documents`` is the store's ``document_conditions``
  (``store/search.py``): a child-table filter is an ``IN`` list when few rows
  match and a correlated ``EXISTS`` when many do, and such a walked filter is
  counted only to ``WALKED_COUNT_CAP``;
* detail pages aggregate the latest ``SAMPLE`` rows of a speaker or actor (by
  storage order, through index-only scans) and say so when they were cut.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, exists, func, literal, or_, select

from ..report.upgrade import upgrade
from ..store import models as m
from ..store.search import MARK_END, MARK_START, article_query, document_conditions, facet_counts, newest_first, snippets
from . import cameo
from .filters import Filters, Page
from .schemas import (
    ActorDetail,
    ActorRow,
    ArticleRow,
    ClaimItem,
    ClusterDetail,
    ClusterMember,
    ClusterRow,
    Edge,
    EventRow,
    Facet,
    ListPage,
    PersonDetail,
    PersonRow,
    QuoteItem,
    Series,
    SeriesPoint,
    StanceSummary,
)

__all__ = [
    "articles", "article_report", "article_info", "people", "person", "actors", "actor", "events", "clusters", "cluster",
    "facet", "directory", "SNIPPET_OPEN", "SNIPPET_CLOSE", "COUNT_CAP", "SAMPLE",
]

SNIPPET_OPEN, SNIPPET_CLOSE = "[[", "]]"
COUNT_CAP = 1000  # filtered totals are counted this far unless exact=true
WALKED_COUNT_CAP = 200  # … and this far when a popular speaker/actor/… filter is checked article by article
SAMPLE = 500  # latest rows (stances, events, techniques) a person or actor page aggregates
RECENT_DOCS = 200  # latest documents (or quotes, claims) a detail page reads
DETAIL_ROWS = 50  # quotes / claims listed on a person or actor page
TOP_SERIES = 5  # lines in a stance-over-time plot
NETWORK_EDGES = 40
RARE_ACTOR = 5000  # articles naming an actor below which its events are looked up by actor first
NETWORK_DOCS = 200  # latest articles naming an actor whose events make its network
NAME_CHUNK = 100  # actor codes whose names one statement looks up


# ---- shared conditions ------------------------------------------------------


def _code_match(col: Any, code: str) -> ColumnElement[bool]:
    """An actor code column matching ``code``; a bare country code also matches its roles (RUS → RUSGOV).

    Written as a range rather than LIKE so the column's index is used on both engines.
    """
    if len(code) == 3:
        upper = code[:-1] + chr(ord(code[-1]) + 1)
        return and_(col >= code, col < upper)
    return col == code


def _event_conditions(f: Filters, actor_first: bool = False) -> list[ColumnElement[bool]]:
    """Conditions on ``events``; ``actor_first`` keeps code and modality off their indexes (SQLite) so a rare actor's drive."""
    e = m.Event
    root, modality = (e.root_code.concat(""), e.modality.concat("")) if actor_first else (e.root_code, e.modality)
    cond: list[ColumnElement[bool]] = []
    if f.event_code:
        cond.append(root == f.event_code if len(f.event_code) == 2 else e.code.startswith(f.event_code, autoescape=True))
    if f.modality:
        cond.append(modality == f.modality)
    if f.actor:
        cond.append(or_(_code_match(e.source_actor, f.actor), _code_match(e.target_actor, f.actor)))
    if f.speaker:
        cond.append(e.speaker_name == f.speaker)
    return cond


def _in_documents(conn: Connection, column: Any, f: Filters, **kw: bool) -> list[ColumnElement[bool]]:
    """``column IN (matching documents)``, or nothing when no filter is set."""
    cond = document_conditions(conn, f, **kw)
    if not cond:
        return []
    return [column.in_(select(m.Document.id).where(*cond))]


def _page(conn: Connection, stmt: Select[Any], page: Page, order: Iterable[Any], *, filtered: bool, exact: bool = False,
          cap: int = COUNT_CAP) -> tuple[int, bool, list[Any]]:
    """(total, whether the total is exact, this page's rows); filtered totals stop at ``cap`` unless ``exact``."""
    rows = conn.execute(stmt.order_by(*order).limit(page.limit).offset(page.offset)).all()
    if page.export:
        return len(rows), True, rows
    if page.offset == 0 and len(rows) < page.limit:
        return len(rows), True, rows  # the whole list is on this page
    counted = stmt.order_by(None)
    if filtered and not exact:
        counted = counted.limit(max(cap, page.offset + len(rows)) + 1)
    total = conn.execute(select(func.count()).select_from(counted.subquery())).scalar_one()
    if filtered and not exact and total > max(cap, page.offset + len(rows)):
        return total - 1, False, rows
    return total, True, rows


def _contains(column: Any, needle: str) -> ColumnElement[bool]:
    """Case-insensitive substring match (a scan, bounded by the statement time limit)."""
    return func.lower(column).contains(needle.lower(), autoescape=True)


# ---- articles -----------------------------------------------------------------


def articles(conn: Connection, f: Filters, page: Page, marks: tuple[str, str] = (SNIPPET_OPEN, SNIPPET_CLOSE),
             sort: str = "auto", exact: bool = False) -> ListPage[ArticleRow]:
    """Documents matching the full-text query and filters: best match first with a query, else newest first.

    ``sort``: ``relevance``, ``newest`` or ``auto`` (relevance when there is a query;
    downloads are newest first).  One page of snippets marks matches with ``marks``.
    The matching documents are the store's ``search``'s (``article_query``); only
    the capped count differs (see the module doc).
    """
    found = article_query(conn, f)
    if found is None:
        return ListPage[ArticleRow](total=0, limit=page.limit, offset=page.offset, items=[])
    d, rank = m.Document, found.rank
    by_rank = rank is not None and (sort == "relevance" or (sort == "auto" and not page.export))
    total, is_exact, rows = _page(conn, found.stmt, page, (rank.desc(), d.num) if by_rank else newest_first(conn),
                                  filtered=found.filtered, exact=exact, cap=WALKED_COUNT_CAP if found.walked else COUNT_CAP)
    q = (f.q or "").strip()
    marked = snippets(conn, q, [r.num for r in rows]) if q and not page.export else {}
    items = [
        ArticleRow(id=r.id, title=r.title, outlet=r.outlet, published=r.published, genre=r.genre, url=r.url,
                   snippet=_snippet(marked.get(r.num), marks), rank=round(float(r.rank), 4) if rank is not None else None)
        for r in rows
    ]
    return ListPage[ArticleRow](total=total, total_exact=is_exact, limit=page.limit, offset=page.offset, items=items)


def _snippet(raw: str | None, marks: tuple[str, str]) -> str | None:
    """A stored snippet with the store's match marks swapped for ``marks``."""
    if raw is None:
        return None
    return raw.replace(MARK_START, marks[0]).replace(MARK_END, marks[1])


def article_report(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    """The stored contract JSON of one document, its text put back (a report stored under /1 comes back as /2)."""
    row = conn.execute(select(m.Document.report, m.Document.text).where(m.Document.id == doc_id)).first()
    if row is None:
        return None
    data = json.loads(row.report)
    data["document"]["text"] = row.text
    return upgrade(data)


def article_info(conn: Connection, doc_id: str) -> dict[str, Any]:
    """Sources and near-duplicates of a document, for the article page's side panel."""
    sources = list(conn.execute(select(m.Source.source).where(m.Source.document_id == doc_id).order_by(m.Source.id).limit(50)).scalars())
    nd, d = m.NearDuplicate, m.Document
    other = func.coalesce(func.nullif(nd.doc_a, doc_id), nd.doc_b)
    dupes = conn.execute(
        select(d.id, d.title, d.outlet, d.published, nd.jaccard)
        .join(d, d.id == other)
        .where(or_(nd.doc_a == doc_id, nd.doc_b == doc_id))
        .order_by(nd.jaccard.desc()).limit(20)
    ).all()
    return {"sources": sources, "near_duplicates": [dict(r._mapping) for r in dupes]}


def facet(conn: Connection, name: str, limit: int = 200) -> list[Facet]:
    """Values of one filter with their document counts (the store's ``facet_counts``)."""
    return [Facet(value=str(v), documents=n) for v, n in facet_counts(conn, name, limit)]


def directory(conn: Connection) -> dict[str, list[Any]]:
    """Every person name and actor code with its document count: what the unfiltered lists page through.

    Index-only group-bys, but over every row, so the app keeps the result for a
    few minutes (``app.Directory``) instead of running them per request.
    """
    p, a = m.Person, m.Actor
    n = func.count().label("n")
    people_rows = [(name, int(k)) for name, k in conn.execute(select(p.name, n).group_by(p.name).order_by(n.desc(), p.name))]
    codes = [(code, int(k)) for code, k in conn.execute(select(a.code, n).group_by(a.code).order_by(n.desc(), a.code))]
    names = _actor_names(conn, [c for c, _ in codes])
    actor_rows = [(code, names.get(code, (code, "group"))[0], names.get(code, (code, "group"))[1], k) for code, k in codes]
    return {"people": people_rows, "actors": actor_rows}


def _actor_names(conn: Connection, codes: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(name, kind) of each code, from one stored row each (index probes, not a scan).

    Two statements per ``NAME_CHUNK`` codes — the first row id of every code, then
    those rows — rather than one per code: building and running a statement
    costs far more than its index probe.
    """
    a = m.Actor
    wanted = list(dict.fromkeys(codes))
    out: dict[str, tuple[str, str]] = {}
    for lo in range(0, len(wanted), NAME_CHUNK):
        firsts = [select(a.id).where(a.code == code).limit(1).scalar_subquery() for code in wanted[lo: lo + NAME_CHUNK]]
        ids = [i for i in conn.execute(select(*firsts)).one() if i is not None]
        if ids:
            out.update((code, (name, kind)) for code, name, kind in conn.execute(select(a.code, a.name, a.kind).where(a.id.in_(ids))))
    return out


def _slice(rows: list[Any], page: Page) -> list[Any]:
    return rows[page.offset: page.offset + page.limit]


# ---- people ----------------------------------------------------------------------


def people(conn: Connection, f: Filters, page: Page, sort: str = "documents", name: str | None = None,
           listing: dict[str, list[Any]] | None = None) -> ListPage[PersonRow]:
    """Named people, one row per name, with how many documents name them; ``name`` is a part of it.

    Without article filters the list comes from ``listing`` (see ``directory``) when given.
    """
    p = m.Person
    needle = (name or "").strip().lower()
    if listing is not None and not f:
        rows = [(n, k) for n, k in listing["people"] if needle in n.lower()] if needle else list(listing["people"])
        if sort == "name":
            rows.sort(key=lambda r: r[0])
        items = [PersonRow(name=n, documents=k) for n, k in _slice(rows, page)]
        return ListPage[PersonRow](total=len(rows), limit=page.limit, offset=page.offset, items=items)
    docs = func.count().label("documents")  # one people row per person and document
    cond = _in_documents(conn, p.document_id, f, speaker=False)
    if f.speaker:
        cond.append(p.name == f.speaker)
    if needle:
        cond.append(_contains(p.name, needle))
    total_col = func.count().over().label("total")
    stmt = select(p.name, docs, total_col).where(*cond).group_by(p.name)
    order = (p.name,) if sort == "name" else (docs.desc(), p.name)
    rows = conn.execute(stmt.order_by(*order).limit(page.limit).offset(page.offset)).all()
    total = rows[0].total if rows else 0 if page.offset == 0 else _count(conn, stmt)
    items = [PersonRow(name=r.name, documents=r.documents) for r in rows]
    return ListPage[PersonRow](total=total, limit=page.limit, offset=page.offset, items=items)


def _count(conn: Connection, stmt: Select[Any]) -> int:
    return int(conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one())


def _doc_cols() -> tuple[Any, ...]:
    d = m.Document
    return (d.title, d.outlet, d.published)


def _latest(column: Any, condition: ColumnElement[bool], n: int = SAMPLE) -> Any:
    """Ids of the latest ``n`` rows meeting ``condition`` (an index-only scan of ``condition``'s index)."""
    return column.in_(select(column).where(condition).order_by(column.desc()).limit(n))


def _series(points: Iterable[tuple[str, str, float]], keep: list[str]) -> list[Series]:
    """(key, month, polarity) → one series per kept key: the mean per month, months in order."""
    sums: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for key, month, polarity in points:
        if key in keep and month and len(month) == 7:
            sums[key][month].append(polarity)
    return [Series(name=k, points=[SeriesPoint(period=mo, polarity=round(sum(v) / len(v), 3), count=len(v))
                                   for mo, v in sorted(sums[k].items())]) for k in keep if sums.get(k)]


def _summaries(pairs: Iterable[tuple[str, float]], limit: int = 20) -> list[StanceSummary]:
    groups: dict[str, list[float]] = defaultdict(list)
    for key, polarity in pairs:
        groups[key].append(polarity)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    return [StanceSummary(key=k, polarity=round(sum(v) / len(v), 3), count=len(v)) for k, v in ranked]


def person(conn: Connection, name: str) -> PersonDetail | None:
    """What one speaker said across the corpus, newest first, and their stance toward each actor over time."""
    p, q, c, s, d, t = m.Person, m.Quote, m.Claim, m.Stance, m.Document, m.Technique
    documents = conn.execute(select(func.count()).where(p.name == name)).scalar_one()
    quotes_total = conn.execute(select(func.count()).where(q.speaker_name == name)).scalar_one()
    claims_total = conn.execute(select(func.count()).where(c.speaker_name == name)).scalar_one()
    if not (documents or quotes_total or claims_total):
        return None
    roles: Counter[str] = Counter()
    for (row_roles,) in conn.execute(select(p.roles).where(p.name == name).limit(300)):
        roles.update(r for r in (row_roles or []) if isinstance(r, str))
    quotes = [
        QuoteItem(document_id=r.document_id, title=r.title, outlet=r.outlet, published=r.published, quote=r.local_id,
                  kind=r.kind, text=r.text, cue=r.cue)
        for r in conn.execute(
            select(q.document_id, q.local_id, q.kind, q.text, q.cue, *_doc_cols()).join(d, d.id == q.document_id)
            .where(_latest(q.id, q.speaker_name == name, RECENT_DOCS)).order_by(d.published.desc(), q.id).limit(DETAIL_ROWS))
    ]
    claims = [_claim_item(r) for r in conn.execute(
        select(c.document_id, c.local_id, c.type, c.text, c.checkworthiness, c.certainty, *_voice_cols(c), *_doc_cols())
        .join(d, d.id == c.document_id).where(_latest(c.id, c.speaker_name == name, RECENT_DOCS))
        .order_by(d.published.desc(), c.checkworthiness.desc()).limit(DETAIL_ROWS))]
    rows = conn.execute(select(s.target, s.polarity, func.substr(d.published, 1, 7)).join(d, d.id == s.document_id)
                        .where(_latest(s.id, s.holder_name == name))).all()
    stances = _summaries(((tg, float(pol)) for tg, pol, _ in rows), 30)
    names = _actor_names(conn, [st.key for st in stances])
    stances = [st.model_copy(update={"name": names.get(st.key, (None,))[0]}) for st in stances]
    top = [st.key for st in stances[:TOP_SERIES]]
    techniques = Counter(conn.execute(select(t.technique).where(_latest(t.id, t.speaker_name == name))).scalars())
    return PersonDetail(name=name, roles=[r for r, _ in roles.most_common(10)], documents=documents,
                        quotes_total=quotes_total, quotes=quotes, claims_total=claims_total, claims=claims,
                        stances=stances, stance_series=_series(((tg, mo, float(pol)) for tg, pol, mo in rows), top),
                        techniques=[Facet(value=k, documents=n) for k, n in techniques.most_common()],
                        sampled=len(rows) >= SAMPLE or quotes_total > RECENT_DOCS or claims_total > RECENT_DOCS)


def _voice_cols(table: Any) -> tuple[Any, ...]:
    """Whose words a claim, event or quote row is in: its voice and the source's name, actor and wording."""
    return table.voice, table.speaker_name, table.speaker_actor, table.speaker_text


def _voice(r: Any) -> dict[str, Any]:
    return {"voice": r.voice, "speaker": r.speaker_name, "speaker_actor": r.speaker_actor, "speaker_text": r.speaker_text}


def _claim_item(r: Any) -> ClaimItem:
    return ClaimItem(document_id=r.document_id, title=r.title, outlet=r.outlet, published=r.published, claim=r.local_id,
                     type=r.type, text=r.text, checkworthiness=float(r.checkworthiness), certainty=r.certainty, **_voice(r))


# ---- actors --------------------------------------------------------------------------


def actors(conn: Connection, f: Filters, page: Page, sort: str = "documents", name: str | None = None,
           listing: dict[str, list[Any]] | None = None) -> ListPage[ActorRow]:
    """Actors (countries, organisations, groups) by CAMEO code, with how many documents name them.

    ``name`` matches a part of the name or the start of the code; without article
    filters the list comes from ``listing`` (see ``directory``) when given.
    """
    a = m.Actor
    needle = (name or "").strip()
    if listing is not None and not f.with_(actor=None):
        rows = [r for r in listing["actors"] if not f.actor or r[0] == f.actor or (len(f.actor) == 3 and r[0].startswith(f.actor))]
        if needle:
            rows = [r for r in rows if needle.lower() in r[1].lower() or r[0].startswith(needle.upper())]
        if sort == "name":
            rows.sort(key=lambda r: r[0])
        items = [ActorRow(code=c, name=n, kind=k, documents=docs) for c, n, k, docs in _slice(rows, page)]
        return ListPage[ActorRow](total=len(rows), limit=page.limit, offset=page.offset, items=items)
    docs = func.count().label("documents")  # actors are unique per (document, code)
    cond = _in_documents(conn, a.document_id, f.with_(actor=None))
    if f.actor:
        cond.append(_code_match(a.code, f.actor))
    if needle:
        cond.append(or_(_contains(a.name, needle), a.code.startswith(needle.upper(), autoescape=True)))
    stmt = select(a.code, docs, func.count().over().label("total")).where(*cond).group_by(a.code)
    order = (a.code,) if sort == "name" else (docs.desc(), a.code)
    rows = conn.execute(stmt.order_by(*order).limit(page.limit).offset(page.offset)).all()
    total = rows[0].total if rows else 0 if page.offset == 0 else _count(conn, stmt)
    names = _actor_names(conn, [r.code for r in rows])
    items = [ActorRow(code=r.code, name=names.get(r.code, (r.code, "group"))[0], kind=names.get(r.code, (r.code, "group"))[1],
                      documents=r.documents) for r in rows]
    return ListPage[ActorRow](total=total, limit=page.limit, offset=page.offset, items=items)


def actor(conn: Connection, code: str) -> ActorDetail | None:
    """Who says what about an actor, stance toward it by outlet and speaker over time, its event network."""
    a, c, s, d, q = m.Actor, m.Claim, m.Stance, m.Document, m.Quote
    documents = conn.execute(select(func.count()).where(a.code == code)).scalar_one()
    network, events_sampled = _network(conn, code, documents)
    if not documents and not network:
        return None
    names: Counter[tuple[str, str]] = Counter(tuple(r) for r in conn.execute(select(a.name, a.kind).where(a.code == code).limit(50)))
    name, kind = names.most_common(1)[0][0] if names else (code, "group")
    recent = _latest(a.id, a.code == code, RECENT_DOCS)
    recent_docs = select(a.document_id).where(recent)
    naming = [r.id for r in conn.execute(select(c.id, c.actors).where(c.document_id.in_(
        select(a.document_id).where(_latest(a.id, a.code == code, DETAIL_ROWS))))) if code in (r.actors or [])]  # JSON lists: checked here
    claims = [_claim_item(r) for r in conn.execute(
        select(c.document_id, c.local_id, c.type, c.text, c.checkworthiness, c.certainty, *_voice_cols(c), *_doc_cols())
        .join(d, d.id == c.document_id).where(c.id.in_(naming)).order_by(d.published.desc(), c.checkworthiness.desc()).limit(DETAIL_ROWS))]
    k = func.count(q.document_id.distinct()).label("k")
    speakers = [Facet(value=v, documents=n) for v, n in conn.execute(
        select(q.speaker_name, k).where(q.document_id.in_(recent_docs), q.speaker_name.is_not(None))
        .group_by(q.speaker_name).order_by(k.desc(), q.speaker_name).limit(20))]
    rows = conn.execute(select(s.holder, s.holder_name, s.polarity, d.outlet, func.substr(d.published, 1, 7))
                        .join(d, d.id == s.document_id).where(_latest(s.id, s.target == code))).all()
    by_outlet = _summaries((o or "unknown", float(pol)) for _, _, pol, o, _ in rows)
    by_speaker = _summaries((hn, float(pol)) for h, hn, pol, _, _ in rows if h != "outlet" and hn)
    outlets = [st.key for st in by_outlet[:TOP_SERIES] if st.key != "unknown"]
    speakers_top = [st.key for st in by_speaker[:TOP_SERIES]]
    return ActorDetail(
        code=code, name=name, kind=kind, documents=documents, claims=claims, speakers=speakers,
        stance_by_outlet=by_outlet, stance_by_speaker=by_speaker,
        outlet_series=_series(((o, mo, float(pol)) for _, _, pol, o, mo in rows), outlets),
        speaker_series=_series(((hn, mo, float(pol)) for h, hn, pol, _, mo in rows if h != "outlet" and hn), speakers_top),
        network=network, sampled=len(rows) >= SAMPLE or events_sampled or documents > RECENT_DOCS)


def _network(conn: Connection, code: str, documents: int) -> tuple[list[Edge], bool]:
    """Directed source → target edges touching the actor, most frequent first.

    Read from the events of the latest ``NETWORK_DOCS`` articles naming the actor
    (index lookups by document), not from a range scan over every event of a
    country and its role codes (RUS, RUSGOV…), which grows with the corpus.
    An actor no article names (a role code seen only in events) is looked up
    by its events directly.
    """
    e, a = m.Event, m.Actor
    cols = (e.source_actor, e.target_actor, e.root_code, e.goldstein)
    touches = or_(_code_match(e.source_actor, code), _code_match(e.target_actor, code))
    if documents:
        docs = select(a.document_id).where(_latest(a.id, a.code == code, NETWORK_DOCS))
        rows = conn.execute(select(*cols).where(e.document_id.in_(docs), touches)).all()
        sampled = documents > NETWORK_DOCS
    else:
        rows = conn.execute(select(*cols).where(touches).limit(SAMPLE)).all()
        sampled = len(rows) >= SAMPLE
    counts: Counter[tuple[str, str]] = Counter((r.source_actor, r.target_actor) for r in rows if r.source_actor and r.target_actor)
    top = dict(counts.most_common(NETWORK_EDGES))
    codes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    gold: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in rows:
        pair = (r.source_actor, r.target_actor)
        if pair in top:
            codes[pair][r.root_code] += 1
            if r.goldstein is not None:
                gold[pair].append(float(r.goldstein))
    edges = []
    for pair, n in top.items():
        root = codes[pair].most_common(1)[0][0]
        row = cameo.describe(root)
        g = gold.get(pair)
        edges.append(Edge(source=pair[0], target=pair[1], count=n, root_code=root, label=row.label if row else None,
                          quad_class=row.quad_class if row else None, goldstein=round(sum(g) / len(g), 2) if g else None,
                          codes=dict(codes[pair])))
    edges.sort(key=lambda x: (-x.count, x.source, x.target))
    return edges, sampled


# ---- events ----------------------------------------------------------------------------


def events(conn: Connection, f: Filters, page: Page, exact: bool = False) -> ListPage[EventRow]:
    """Coded events (source → code → target) with their article, newest stored first."""
    e, d = m.Event, m.Document
    actor_first = False
    if f.actor and (f.modality or f.event_code) and conn.dialect.name == "sqlite":
        # a rare actor's few events are found fastest through its code; a common one's by walking the newest events
        named = select(literal(1)).where(_code_match(m.Actor.code, f.actor)).limit(RARE_ACTOR + 1).subquery()
        actor_first = conn.execute(select(func.count()).select_from(named)).scalar_one() <= RARE_ACTOR
    cond = [*_event_conditions(f, actor_first), *_in_documents(conn, e.document_id, f.with_(speaker=None, actor=None, event_code=None, modality=None))]
    stmt = (select(e.document_id, e.local_id, e.source_actor, e.target_actor, e.code, e.label, e.goldstein, e.modality,
                   *_voice_cols(e), e.via, *_doc_cols()).join(d, d.id == e.document_id).where(*cond))
    total, is_exact, rows = _page(conn, stmt, page, (e.id.desc(),), filtered=bool(cond), exact=exact)
    items = [
        EventRow(document_id=r.document_id, title=r.title, outlet=r.outlet, published=r.published, event=r.local_id,
                 source=r.source_actor, target=r.target_actor, code=r.code, label=r.label, quad_class=cameo.quad_class(r.code),
                 goldstein=r.goldstein, modality=r.modality, **_voice(r), via=list(r.via or []))
        for r in rows
    ]
    return ListPage[EventRow](total=total, total_exact=is_exact, limit=page.limit, offset=page.offset, items=items)


# ---- claim clusters ------------------------------------------------------------------------


def _cluster_row(r: Any) -> ClusterRow:
    return ClusterRow(id=r.id, label=r.label, method=r.method, size=r.size, first_published=r.first_published,
                      first_outlet=r.first_outlet, first_speaker=r.first_speaker, first_document_id=r.first_document_id)


def clusters(conn: Connection, f: Filters, page: Page) -> ListPage[ClusterRow]:
    """Claims that recur across documents, biggest first; filters keep clusters with a matching member."""
    k, mem, c = m.ClaimCluster, m.ClaimClusterMember, m.Claim
    cond: list[ColumnElement[bool]] = []
    if f.q:
        cond.append(_contains(k.label, f.q))
    if f.published_from:
        cond.append(k.first_published >= f.published_from)
    if f.published_to:
        cond.append(k.first_published <= f.published_to + "\uffff")
    member = [*_in_documents(conn, c.document_id, f.with_(q=None, published_from=None, published_to=None, speaker=None))]
    if f.speaker:
        member.append(c.speaker_name == f.speaker)
    if f.claim_type:
        member.append(c.type == f.claim_type)
    if member:
        cond.append(exists().where(mem.cluster_id == k.id, mem.claim_id == c.id, *member))
    stmt = select(k.id, k.label, k.method, k.size, k.first_published, k.first_outlet, k.first_speaker, k.first_document_id).where(*cond)
    total, is_exact, rows = _page(conn, stmt, page, (k.size.desc(), k.id), filtered=bool(cond))
    return ListPage[ClusterRow](total=total, total_exact=is_exact, limit=page.limit, offset=page.offset,
                                items=[_cluster_row(r) for r in rows])


def cluster(conn: Connection, cluster_id: int, limit: int = 1000) -> ClusterDetail | None:
    """One cluster and its members in order of publication: where and when the claim appeared."""
    k, mem, c, d = m.ClaimCluster, m.ClaimClusterMember, m.Claim, m.Document
    head = conn.execute(select(k.id, k.label, k.method, k.size, k.first_published, k.first_outlet, k.first_speaker,
                               k.first_document_id).where(k.id == cluster_id)).first()
    if head is None:
        return None
    rows = conn.execute(
        select(c.id, c.document_id, c.text, *_voice_cols(c), mem.similarity, *_doc_cols())
        .join(mem, mem.claim_id == c.id).join(d, d.id == c.document_id).where(mem.cluster_id == cluster_id)
        .order_by(d.published.is_(None), d.published, c.id).limit(limit)
    ).all()
    members = [ClusterMember(claim_id=r.id, document_id=r.document_id, title=r.title, outlet=r.outlet, published=r.published,
                             **_voice(r), text=r.text, similarity=r.similarity) for r in rows]
    return ClusterDetail(**_cluster_row(head).model_dump(), members=members)

