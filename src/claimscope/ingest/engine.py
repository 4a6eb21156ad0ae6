"""The local ingest engine: read → skip known texts → analyse in N processes → one writer.

Resumability comes from three rules:

1. an article's id is the hash of its text, and texts already stored (or
   already on their way to the store in this run) are never analysed again —
   only their new source is recorded;
2. every batch (reports, sources, failures, finished files, run counters) is
   committed in one transaction, in input order;
3. a file is marked done in the transaction that commits its last article, and
   a rerun skips done files unread.

So a run killed at any instant loses at most its uncommitted batches, and the
rerun redoes exactly those.  Memory stays flat: at most ``2 × workers`` batches
are in flight, two more wait for the writer, and near-duplicate buckets live
in the database.  The writer (a child process for PostgreSQL,
``writer_process``; a thread for SQLite and Parquet folders, ``committer``)
stores batch k, then brings people and claim clusters up to date for it,
while batch k + 1 is analysed.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..config import Settings
from ..errors import ReadError
from ..reading.article import Article
from ..store import Batch, BatchResult, InputMark, Store, StoredReport
from .committer import Job, ThreadWriter
from .inputs import read_file, walk
from .partitions import PartitionSink
from .writer_process import WriterProcess
from .worker import Analysed, Failed, analyse_chunk, init

__all__ = ["IngestStats", "ingest", "ProgressSink", "text_id"]

_FILE_GROUP = 64  # files whose done-marks are looked up in one query


@dataclass(slots=True)
class IngestStats:
    """Where a run stands; the same numbers go to the ``runs`` row."""

    run_id: int = 0
    files_total: int = 0
    files_done: int = 0
    files_skipped: int = 0
    articles_seen: int = 0
    stored: int = 0
    duplicates: int = 0
    failures: int = 0
    near_duplicates: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("started")
        out["seconds"] = round(self.elapsed, 2)
        return out


class ProgressSink(Protocol):
    def __call__(self, stats: IngestStats) -> None: ...


class _Now:
    """A finished 'future' for in-process analysis, so one code path serves 1 and N workers."""

    def __init__(self, fn: Callable[[], list[Analysed | Failed]]) -> None:
        self._fn = fn

    def ready(self) -> bool:
        return True

    def get(self) -> list[Analysed | Failed]:
        return self._fn()


@dataclass(slots=True)
class _Ticket:
    """One future batch: the articles sent for analysis plus what commits with them."""

    articles: list[Article] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)
    failures: list[tuple[str, str, str | None]] = field(default_factory=list)
    marks: list[InputMark] = field(default_factory=list)
    duplicates: int = 0
    future: Any = None

    def extras(self) -> int:
        return len(self.sources) + len(self.failures) + len(self.marks)


def _groups(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    group: list[Any] = []
    for item in items:
        group.append(item)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


def text_id(text: str) -> str:
    """The document id: sha256 of the exact analysed text (same as the report's ``document.id``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ingest(
    paths: Iterable[str | Path],
    store: Store | PartitionSink,
    settings: Settings | None = None,
    *,
    workers: int = 1,
    batch_size: int = 32,
    progress: ProgressSink | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> IngestStats:
    """Ingest every article under ``paths`` into ``store``; returns the run's numbers.

    Safe to rerun and to interrupt: see the module docstring.  ``engine="dask"``
    analyses on a Dask cluster (``scheduler`` address, or a local cluster of
    ``workers`` processes); reading and writing stay here, so the database is the same.
    A ``PartitionSink`` instead of a store writes each batch as a Parquet file
    for ``load_partitions`` (the cross-document stage then runs at load time).
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r}: expected 'local' or 'dask'")
    settings = settings or Settings()
    paths = [str(p) for p in paths]
    workers = max(1, workers)
    files_total = sum(1 for item in walk(paths) if not isinstance(item, ReadError))
    stats = IngestStats(files_total=files_total)
    stats.run_id = store.start_run(
        inputs=[str(Path(p).expanduser().resolve()) for p in paths],
        settings={"model": settings.model, "disable": list(settings.disable), "batch_size": batch_size, "max_bytes": settings.max_bytes},
        workers=workers,
        engine=engine,
        files_total=files_total,
    )
    runner: _Runner | None = None
    try:  # the pool starts inside: a cluster that cannot be reached fails the run row, not leaves it "running"
        runner = _Runner(store, settings, stats, workers, batch_size, progress, engine=engine, scheduler=scheduler)
        runner.run(paths)
    except BaseException as exc:
        if runner is not None:
            runner.abort()
        with contextlib.suppress(Exception):  # the original error matters more than a failed status update
            store.finish_run(stats.run_id, status="interrupted" if isinstance(exc, KeyboardInterrupt) else "failed")
        raise
    store.update_run(stats.run_id, files_skipped=stats.files_skipped)
    if isinstance(store, Store):
        from ..corpus import update_corpus  # cross-document stage: people and claim clusters, for what is new

        update_corpus(store, run_id=stats.run_id)
    store.finish_run(stats.run_id, status="done")
    if progress:
        progress(stats)
    return stats


def _writer(store: Store | PartitionSink, run_id: int) -> ThreadWriter | WriterProcess:
    """A writer process for a database server, a writer thread for SQLite and Parquet folders.

    With a server, the client side of each write (rows, parameters, clustering)
    is Python, which on a thread would hold the interpreter lock against the
    analysis; SQLite's work is C that releases the lock, and a second
    interpreter (its start, and the pickling of every report) costs it more
    than it saves (bench/ingest.py measured both)."""
    if isinstance(store, Store) and store.dialect != "sqlite":
        return WriterProcess(store.engine.url.render_as_string(hide_password=False), run_id)
    return ThreadWriter(store, run_id)


class _Runner:
    """One run's moving parts: the read buffer, the open ticket, tickets in flight, the worker pool."""

    def __init__(self, store: Store | PartitionSink, settings: Settings, stats: IngestStats, workers: int, batch_size: int, progress: ProgressSink | None,
                 *, engine: str = "local", scheduler: str | None = None) -> None:
        self.store, self.settings, self.stats = store, settings, stats
        self.batch_size = max(1, batch_size)
        self.progress = progress
        self.pending: deque[_Ticket] = deque()
        self.in_flight: set[str] = set()
        self.ticket = _Ticket()
        self.read_buffer: list[Article] = []
        self.read_marks: list[InputMark] = []
        self.pipeline_recorded = False
        self.pool: Any = None
        self.max_pending = 0
        if engine == "dask":
            from .dask_engine import DaskPool

            self.pool = DaskPool(settings, scheduler=scheduler, workers=workers)
            self.max_pending = 2 * self.pool.workers
        elif workers > 1:
            import multiprocessing

            # spawn, not fork: database connections and spaCy state must not be shared with children
            self.pool = multiprocessing.get_context("spawn").Pool(workers, initializer=init, initargs=(settings,))
            self.max_pending = 2 * workers
        self.writer = _writer(store, stats.run_id)

    # -- reading side ----------------------------------------------------------

    def run(self, paths: list[str]) -> None:
        for group in _groups(walk(paths), _FILE_GROUP):
            files: list[tuple[Path, os.stat_result]] = []
            for item in group:
                if isinstance(item, ReadError):
                    self._fail(item.source, item.reason, item.code)
                    continue
                try:
                    files.append((item, item.stat()))
                except OSError as exc:
                    self._fail(str(item), f"cannot read file: {exc}", None)
            done = self.store.inputs_done((str(p), st.st_size, st.st_mtime_ns) for p, st in files)
            for path, st in files:
                if str(path) in done:
                    self.stats.files_skipped += 1
                    self._report()
                else:
                    self._file(path, st)
        self._flush_reads()
        self._submit()
        while self.pending:
            self._commit(self.pending.popleft())
        self.writer.close()
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None

    def _file(self, path: Path, st: os.stat_result) -> None:
        articles = 0
        try:
            for item in read_file(path, self.settings):
                if isinstance(item, ReadError):
                    self._fail(item.source, item.reason, item.code)
                    continue
                articles += 1
                self.read_buffer.append(item)
                if len(self.read_buffer) >= self.batch_size:
                    self._flush_reads()
        except Exception as exc:  # a reader bug on one file must not end the run: record it and go on
            self._fail(str(path), f"unexpected error while reading: {type(exc).__name__}: {exc}", None)
        self.read_marks.append(InputMark(str(path), st.st_size, st.st_mtime_ns, articles))
        if len(self.read_marks) >= self.batch_size:
            self._flush_reads()

    def _flush_reads(self) -> None:
        """Look the buffered texts up in one query, then queue files whose articles are all queued as done."""
        self._enqueue(self.read_buffer)
        self.read_buffer = []
        self.ticket.marks.extend(self.read_marks)
        self.read_marks = []
        self._maybe_submit()

    def _fail(self, source: str, reason: str, code: str | None) -> None:
        self.ticket.failures.append((source, reason, code))
        self._maybe_submit()

    def _enqueue(self, articles: list[Article]) -> None:
        """Send new texts to analysis; record a known text's new source instead."""
        if not articles:
            return
        ids = [text_id(a.text) for a in articles]
        known = self.store.known_ids(i for i in ids if i not in self.in_flight)
        for article, did in zip(articles, ids):
            if did in known or did in self.in_flight:
                self.ticket.sources.append((did, article.source))
                self.ticket.duplicates += 1
                continue
            self.in_flight.add(did)
            self.ticket.articles.append(article)
            self.ticket.ids.append(did)
            if len(self.ticket.articles) >= self.batch_size:
                self._submit()
        self._maybe_submit()

    # -- analysis and writing side ---------------------------------------------

    def _maybe_submit(self) -> None:
        if len(self.ticket.articles) >= self.batch_size or self.ticket.extras() >= 8 * self.batch_size:
            self._submit()

    def _submit(self) -> None:
        ticket, self.ticket = self.ticket, _Ticket()
        if not ticket.articles and not ticket.extras() and not ticket.duplicates:
            return
        if ticket.articles and self.pool is not None:
            ticket.future = self.pool.apply_async(analyse_chunk, (ticket.articles,))
        else:
            arts, settings = ticket.articles, self.settings
            ticket.future = _Now(lambda: analyse_chunk(arts, settings) if arts else [])
        self.pending.append(ticket)
        while self.pending and (len(self.pending) > self.max_pending or self.pending[0].future.ready()):
            self._commit(self.pending.popleft())

    def _commit(self, ticket: _Ticket) -> None:
        results = ticket.future.get()
        batch = Batch(run_id=self.stats.run_id, sources=ticket.sources, failures=list(ticket.failures), inputs=ticket.marks,
                      seen=len(ticket.articles) + ticket.duplicates, duplicates=ticket.duplicates)
        for article, result in zip(ticket.articles, results):
            if isinstance(result, Failed):
                batch.failures.append((result.source, result.reason, None))
            else:
                batch.reports.append(StoredReport(result.report, article.source, result.signature))
        pipeline = None
        if batch.reports and not self.pipeline_recorded:
            pipeline = batch.reports[0].report.get("pipeline")
            self.pipeline_recorded = True
        self.writer.submit(Job(batch, pipeline), lambda outcome: self._committed(ticket, batch, outcome))

    def _committed(self, ticket: _Ticket, batch: Batch, outcome: BatchResult) -> None:
        """Back on the main thread: count a committed batch, and let its texts be looked up in the store again."""
        self.in_flight.difference_update(ticket.ids)
        s = self.stats
        s.articles_seen += batch.seen
        s.stored += len(outcome.stored)
        s.duplicates += ticket.duplicates + len(outcome.existing)
        s.failures += len(batch.failures)
        s.files_done += len(ticket.marks)
        s.near_duplicates += outcome.near_duplicates
        self._report()

    def _report(self) -> None:
        if self.progress:
            self.progress(self.stats)

    def abort(self) -> None:
        self.writer.abort()
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
