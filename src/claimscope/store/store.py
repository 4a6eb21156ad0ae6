"""``Store``: the corpus database behind ingest, export and the web UI.

Writes go through :meth:`Store.write_batch` (one transaction per batch, see
``writer``); reads are plain methods returning dicts and small dataclasses, so
the web layer needs no SQL for the common pages.  For anything else,
:meth:`Store.session` gives an ORM session over the models in ``models``.
"""
from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from ..report.model import Report
from ..report.upgrade import upgrade
from . import models as m
from .engine import make_engine, migrate, resolve_url
from .search import FACETS, SearchFilters, SearchPage, facet_counts, search
from .writer import Batch, BatchResult, StoredReport, key, write_batch

__all__ = ["Store", "open_store", "FailureRow", "RunRow"]


@dataclass(frozen=True, slots=True)
class FailureRow:
    id: int
    run_id: int | None
    source: str
    reason: str
    code: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class RunRow:
    id: int
    status: str
    engine: str
    pipeline: str | None
    started_at: str
    finished_at: str | None
    workers: int
    files_total: int
    files_done: int
    files_skipped: int
    articles_seen: int
    articles_stored: int
    duplicates: int
    failures: int
    resumes: int | None


def _iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Store:
    """One database (SQLite file or PostgreSQL), schema at the newest migration."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session (commits on success, rolls back on error)."""
        with self._sessions.begin() as session:
            yield session

    # ---- writing -------------------------------------------------------

    def write_batch(self, batch: Batch) -> BatchResult:
        """Commit one batch (reports, extra sources, failures, finished inputs, counters) atomically."""
        with self.engine.begin() as conn:
            return write_batch(conn, batch)

    def write_reports(self, reports: Iterable[Report | dict[str, Any]], run_id: int | None = None, *, batch_size: int = 64) -> int:
        """Store reports, ``batch_size`` per transaction; returns how many documents were new.

        A report whose document id is already stored adds only its source.
        """
        from .neardup import signature

        stored = 0
        batch = Batch(run_id=run_id)
        for report in reports:
            data = report.to_dict() if isinstance(report, Report) else report
            batch.reports.append(StoredReport(data, data["document"].get("source"), signature(data["document"]["text"])))
            batch.seen += 1
            if len(batch.reports) >= batch_size:
                stored += len(self.write_batch(batch).stored)
                batch = Batch(run_id=run_id)
        if batch.reports:
            stored += len(self.write_batch(batch).stored)
        return stored

    def add_failures(self, failures: Iterable[tuple[str, str, str | None]], run_id: int | None = None) -> None:
        """Record (source, reason, code) failures; a repeated (source, reason) is kept once."""
        self.write_batch(Batch(run_id=run_id, failures=list(failures)))

    def start_run(self, *, inputs: list[str], settings: Mapping[str, Any] | None = None, workers: int = 1,
                  engine: str = "local", pipeline: str | None = None, files_total: int = 0) -> int:
        """Open a ``runs`` row; earlier runs of this host whose process is gone are marked interrupted."""
        host = socket.gethostname()
        with self.session() as s:
            resumes = None
            for run in s.scalars(select(m.Run).where(m.Run.status == "running")):
                if run.host == host and run.pid is not None and not _pid_alive(run.pid):
                    run.status = "interrupted"
            s.flush()
            last = s.scalars(select(m.Run).where(m.Run.status == "interrupted").order_by(m.Run.id.desc())).first()
            if last is not None and last.inputs == inputs:
                resumes = last.id
            run = m.Run(inputs=inputs, settings=dict(settings or {}), workers=workers, engine=engine, pipeline=pipeline,
                        host=host, pid=os.getpid(), resumes=resumes, files_total=files_total, status="running")
            s.add(run)
            s.flush()
            return run.id

    def update_run(self, run_id: int, **values: Any) -> None:
        """Set run columns (``pipeline``, ``files_total``, ``files_skipped``…) outside a batch."""
        with self.engine.begin() as conn:
            conn.execute(update(m.Run).where(m.Run.id == run_id).values(**values))

    def finish_run(self, run_id: int, status: str = "done") -> None:
        self.update_run(run_id, status=status, finished_at=m.utcnow())

    # ---- ingest helpers --------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these document ids are stored already."""
        wanted = sorted(set(ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 900):
                found.update(conn.execute(select(m.Document.id).where(m.Document.id.in_(wanted[i : i + 900]))).scalars())
        return found

    def input_done(self, path: str, size: int, mtime_ns: int) -> bool:
        """Whether this file, unchanged since, was fully ingested before."""
        return path in self.inputs_done([(path, size, mtime_ns)])

    def inputs_done(self, files: Iterable[tuple[str, int, int]]) -> set[str]:
        """Which of these (path, size, mtime_ns) files were fully ingested before and are unchanged (one query)."""
        wanted = {key(path): (path, size, mtime) for path, size, mtime in files}
        done: set[str] = set()
        keys = sorted(wanted)
        with self.engine.connect() as conn:
            for i in range(0, len(keys), 900):
                for k, size, mtime in conn.execute(select(m.Input.key, m.Input.size, m.Input.mtime_ns).where(m.Input.key.in_(keys[i : i + 900]))):
                    path, want_size, want_mtime = wanted[k]
                    if (size, mtime) == (want_size, want_mtime):
                        done.add(path)
        return done

    # ---- reading -----------------------------------------------------------

    def report(self, doc_id: str) -> dict[str, Any]:
        """The stored contract JSON of one document, exactly as analysed; KeyError if unknown.

        A report stored under an older contract comes back upgraded to the current one (``report.upgrade``).
        """
        with self.engine.connect() as conn:
            row = conn.execute(select(m.Document.report, m.Document.text).where(m.Document.id == doc_id)).first()
        if row is None:
            raise KeyError(doc_id)
        return _with_text(row.report, row.text)

    def iter_reports(self, *, chunk: int = 500) -> Iterator[dict[str, Any]]:
        """Every stored report in insertion order, read ``chunk`` at a time (memory stays flat)."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(m.Document.num, m.Document.report, m.Document.text).where(m.Document.num > last).order_by(m.Document.num).limit(chunk)
                ).all()
            if not rows:
                return
            for row in rows:
                yield _with_text(row.report, row.text)
            last = rows[-1].num

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """Metadata, sources, counts and near-duplicates of one document (no text, no report)."""
        with self.engine.connect() as conn:
            d = m.Document
            row = conn.execute(select(d.id, d.title, d.published, d.outlet, d.genre, d.language, d.url, d.sections, d.pipeline, d.run_id, d.created_at).where(d.id == doc_id)).first()
            if row is None:
                return None
            counts = {
                name: conn.execute(select(func.count()).select_from(model).where(model.document_id == doc_id)).scalar_one()
                for name, model in (("people", m.Person), ("actors", m.Actor), ("quotes", m.Quote), ("claims", m.Claim), ("events", m.Event), ("stances", m.Stance), ("techniques", m.Technique))
            }
        info = dict(row._mapping)
        info["created_at"] = _iso(info["created_at"])
        info["sources"] = self.sources(doc_id)
        info["near_duplicates"] = self.near_duplicates(doc_id)
        info["counts"] = counts
        return info

    def sources(self, doc_id: str) -> list[str]:
        """Every path or URL this document arrived from, first seen first."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(m.Source.source).where(m.Source.document_id == doc_id).order_by(m.Source.id)).scalars())

    def near_duplicates(self, doc_id: str) -> list[tuple[str, float]]:
        """(other document id, estimated Jaccard) for documents linked as near-duplicates, closest first."""
        nd = m.NearDuplicate
        with self.engine.connect() as conn:
            rows = conn.execute(select(nd.doc_a, nd.doc_b, nd.jaccard).where((nd.doc_a == doc_id) | (nd.doc_b == doc_id))).all()
        pairs = [(b if a == doc_id else a, float(j)) for a, b, j in rows]
        return sorted(pairs, key=lambda p: (-p[1], p[0]))

    def search(self, query: str | None = None, filters: SearchFilters | Mapping[str, Any] | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
        """Documents matching a full-text ``query`` (words, "phrases") and ``filters``; best first.

        Without a query, newest published first.  ``SearchPage.total`` counts all matches.
        """
        with self.engine.connect() as conn:
            return search(conn, query, SearchFilters.of(filters), max(1, min(limit, 1000)), max(0, offset))

    def facets(self, name: str, limit: int = 50) -> list[tuple[str, int]]:
        """Values of a filter (``outlet``, ``speaker``, ``technique``, ``event_code``…) with document counts."""
        with self.engine.connect() as conn:
            return facet_counts(conn, name, limit)

    facet_names = tuple(FACETS)

    def failures(self, run_id: int | None = None, limit: int | None = None, offset: int = 0) -> list[FailureRow]:
        """Recorded failures, oldest first; ``run_id`` narrows to one run."""
        f = m.Failure
        stmt = select(f.id, f.run_id, f.source, f.reason, f.code, f.created_at).order_by(f.id).offset(offset)
        if run_id is not None:
            stmt = stmt.where(f.run_id == run_id)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [FailureRow(r.id, r.run_id, r.source, r.reason, r.code, _iso(r.created_at) or "") for r in conn.execute(stmt)]

    def runs(self) -> list[RunRow]:
        """Every run, newest first."""
        with self.session() as s:
            return [_run_row(r) for r in s.scalars(select(m.Run).order_by(m.Run.id.desc()))]

    def run(self, run_id: int) -> RunRow | None:
        with self.session() as s:
            r = s.get(m.Run, run_id)
            return _run_row(r) if r is not None else None

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables (the corpus at a glance, and what tests compare)."""
        tables = ("documents", "sources", "people", "actors", "quotes", "claims", "events", "stances", "techniques",
                  "near_duplicates", "failures", "runs", "claim_clusters", "canonical_persons")
        with self.engine.connect() as conn:
            return {t: conn.execute(select(func.count()).select_from(m.Base.metadata.tables[t])).scalar_one() for t in tables}


def _with_text(report_json: str, text: str) -> dict[str, Any]:
    data = json.loads(report_json)
    data["document"]["text"] = text
    return upgrade(data)


def _run_row(r: m.Run) -> RunRow:
    return RunRow(r.id, r.status, r.engine, r.pipeline, _iso(r.started_at) or "", _iso(r.finished_at), r.workers, r.files_total,
                  r.files_done, r.files_skipped, r.articles_seen, r.articles_stored, r.duplicates, r.failures, r.resumes)


def open_store(url: str | None = None) -> Store:
    """Open (and create or migrate) the database at ``url``; see ``resolve_url`` for the defaults."""
    engine = make_engine(resolve_url(url))
    migrate(engine)
    return Store(engine)
