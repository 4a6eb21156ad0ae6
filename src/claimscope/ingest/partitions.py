"""Parquet partitions: an ingest that writes its batches to files, and ``load``, which brings them in.

A cluster often cannot reach the database, or the analysis should run now and
the load later (or into several databases).  ``ingest(..., store=PartitionSink(DIR))``
runs the usual engine (local or Dask) but commits each batch as one Parquet
file instead of one transaction: the same ``Batch`` (reports with their
MinHash, extra sources, failures, finished input files), so ``load_partitions``
replays the batches, in file-name order, through the store's one writer and
leaves the same database a direct ingest would have.

Both halves are resumable:

* a partition is written to a temporary name and renamed, so it is either
  whole or absent; a rerun of the ingest reads the finished-input rows of the
  partitions already there and skips those files, as it does with a database;
* ``load`` records each partition it committed in the ``inputs`` table, in the
  same transaction as its rows, so a rerun skips it; a partition that cannot be
  read becomes a ``failures`` row and the load goes on.
"""
from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..store import Batch, BatchResult, InputMark, Store, StoredReport

if TYPE_CHECKING:
    from .engine import IngestStats

__all__ = ["PartitionSink", "load_partitions", "write_partition", "read_partition", "partition_files", "FORMAT"]

FORMAT = "claimscope.partition/1"
_SUFFIX = ".parquet"
_COLUMNS = ("kind", "document_id", "source", "report", "signature", "reason", "code", "size", "mtime_ns", "articles")


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # an optional extra: say which
        raise RuntimeError("Parquet partitions need pyarrow: pip install 'claimscope[parquet]'") from exc
    return pa, pq


def _schema() -> Any:
    pa, _ = _pyarrow()
    return pa.schema([
        ("kind", pa.string()), ("document_id", pa.string()), ("source", pa.large_string()), ("report", pa.large_string()),
        ("signature", pa.binary()), ("reason", pa.large_string()), ("code", pa.string()), ("size", pa.int64()),
        ("mtime_ns", pa.int64()), ("articles", pa.int64()),
    ])


def _row(kind: str, **values: Any) -> dict[str, Any]:
    return {c: values.get(c) for c in _COLUMNS} | {"kind": kind}


def write_partition(path: Path, batch: Batch) -> None:
    """Write ``batch`` as one Parquet file, atomically (temporary name, then rename)."""
    pa, pq = _pyarrow()
    rows = [_row("report", document_id=r.report["document"]["id"], source=r.source, signature=r.signature,
                 report=json.dumps(r.report, ensure_ascii=False, separators=(",", ":"))) for r in batch.reports]
    rows += [_row("source", document_id=did, source=src) for did, src in batch.sources]
    rows += [_row("failure", source=src, reason=reason, code=code) for src, reason, code in batch.failures]
    rows += [_row("input", source=mk.path, size=mk.size, mtime_ns=mk.mtime_ns, articles=mk.articles) for mk in batch.inputs]
    meta = {"format": FORMAT, "seen": batch.seen, "duplicates": batch.duplicates}
    table = pa.Table.from_pylist(rows, schema=_schema().with_metadata({"claimscope": json.dumps(meta)}))
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def read_partition(path: Path) -> Batch:
    """The batch stored in ``path``; ValueError for a file that is not a whole partition."""
    pa, pq = _pyarrow()
    try:
        table = pq.read_table(path)
        meta = json.loads((table.schema.metadata or {}).get(b"claimscope", b"{}"))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise ValueError(f"not a readable Parquet partition ({type(exc).__name__}: {exc})") from exc
    if meta.get("format") != FORMAT or not set(_COLUMNS) <= set(table.column_names):
        raise ValueError(f"not a claimscope partition (expected format {FORMAT})")
    batch = Batch(seen=int(meta.get("seen", 0)), duplicates=int(meta.get("duplicates", 0)))
    for r in table.to_pylist():
        kind = r["kind"]
        if kind == "report":
            batch.reports.append(StoredReport(json.loads(r["report"]), r["source"], r["signature"]))
        elif kind == "source":
            batch.sources.append((r["document_id"], r["source"]))
        elif kind == "failure":
            batch.failures.append((r["source"], r["reason"], r["code"]))
        elif kind == "input":
            batch.inputs.append(InputMark(r["source"], r["size"], r["mtime_ns"], r["articles"] or 0))
    return batch


def partition_files(paths: Iterable[str | Path]) -> list[Path]:
    """Partition files under ``paths`` (files or folders), in name order, which is the order they were written."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(f for f in p.rglob(f"*{_SUFFIX}") if not f.name.startswith("."))
        else:
            found.append(p)
    return sorted(found, key=lambda f: (f.name, str(f)))


class PartitionSink:
    """What the ingest engine writes to instead of a ``Store``: one Parquet file per batch in ``folder``.

    Offers the part of the ``Store`` surface the engine uses.  Known texts are
    those of the partitions already in the folder plus those written since, so
    a rerun neither analyses nor writes an article twice.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).expanduser()
        self.folder.mkdir(parents=True, exist_ok=True)
        for stale in self.folder.glob(f".*{_SUFFIX}.tmp"):  # left by a killed run: never renamed, never complete
            stale.unlink(missing_ok=True)
        self._stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        self._seq = 0
        self._ids: set[str] = set()
        self._done: dict[str, tuple[int, int]] = {}
        _, pq = _pyarrow()
        for f in partition_files([self.folder]):
            with contextlib.suppress(Exception):  # an unreadable partition is load's to report; here it just adds nothing
                t = pq.read_table(f, columns=["kind", "document_id", "source", "size", "mtime_ns"]).to_pydict()
                for kind, did, src, size, mtime in zip(t["kind"], t["document_id"], t["source"], t["size"], t["mtime_ns"]):
                    if kind == "report":
                        self._ids.add(did)
                    elif kind == "input":
                        self._done[src] = (size, mtime)
        self.stats: dict[str, Any] = {}

    @property
    def url(self) -> str:
        return str(self.folder)

    def start_run(self, **_: Any) -> int:
        return 0

    def update_run(self, run_id: int, **values: Any) -> None:
        self.stats.update(values)

    def finish_run(self, run_id: int, status: str = "done") -> None:
        self.stats["status"] = status

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return {i for i in ids if i in self._ids}

    def inputs_done(self, files: Iterable[tuple[str, int, int]]) -> set[str]:
        return {path for path, size, mtime in files if self._done.get(path) == (size, mtime)}

    def write_batch(self, batch: Batch) -> BatchResult:
        self._seq += 1
        write_partition(self.folder / f"part-{self._stamp}-{os.getpid()}-{self._seq:06d}{_SUFFIX}", batch)
        result = BatchResult()
        for r in batch.reports:
            did = r.report["document"]["id"]
            (result.existing if did in self._ids else result.stored).append(did)
            self._ids.add(did)
        for mk in batch.inputs:
            self._done[mk.path] = (mk.size, mk.mtime_ns)
        return result

    def close(self) -> None:
        """Nothing to release; kept for the ``Store`` surface."""


def load_partitions(paths: Iterable[str | Path], store: Store, *, progress: Callable[[IngestStats], None] | None = None) -> IngestStats:
    """Commit every partition under ``paths`` not loaded before, one transaction each, each followed by the
    cross-document stage for what it added; see the module docstring.  The ``files_*`` numbers count partition files."""
    from ..corpus import update_corpus
    from .committer import Job, store_job
    from .engine import IngestStats

    files = partition_files(paths)
    stats = IngestStats(files_total=len(files))
    stats.run_id = store.start_run(inputs=[str(Path(p).expanduser().resolve()) for p in paths], engine="load", files_total=len(files))
    try:
        marks = {}
        for f in files:
            with contextlib.suppress(OSError):
                st = f.stat()
                marks[f] = InputMark(str(f.resolve()), st.st_size, st.st_mtime_ns)
        done = store.inputs_done((mk.path, mk.size, mk.mtime_ns) for mk in marks.values())
        pipeline_recorded = False
        for f in files:
            mark = marks.get(f)
            if mark is not None and mark.path in done:
                stats.files_skipped += 1
                continue
            try:
                if mark is None:
                    raise ValueError("cannot read file")
                batch = read_partition(f)
            except ValueError as exc:
                store.add_failures([(str(f), f"partition: {exc}", None)], run_id=stats.run_id)
                stats.failures += 1
                stats.files_done += 1
                if progress:
                    progress(stats)
                continue
            batch.run_id = stats.run_id
            batch.inputs.append(mark)
            pipeline = None
            if batch.reports and not pipeline_recorded:
                pipeline = batch.reports[0].report.get("pipeline")
                pipeline_recorded = True
            outcome = store_job(store, stats.run_id, Job(batch, pipeline))  # what a direct ingest's writer does: the same clusters
            stats.files_done += 1
            stats.stored += len(outcome.stored)
            stats.duplicates += batch.duplicates + len(outcome.existing)
            stats.failures += len(batch.failures)
            stats.near_duplicates += outcome.near_duplicates
            if progress:
                progress(stats)
    except BaseException as exc:
        with contextlib.suppress(Exception):
            store.finish_run(stats.run_id, status="interrupted" if isinstance(exc, KeyboardInterrupt) else "failed")
        raise
    update_corpus(store, run_id=stats.run_id)  # what an interrupted earlier load left unclustered
    store.finish_run(stats.run_id, status="done")
    return stats

