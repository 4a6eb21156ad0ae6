"""The ingest's writer thread (SQLite, Parquet): commits batches in order while the next ones are analysed.

Much of an SQLite write is time inside SQLite's C code, during which Python
releases the GIL, so a thread that writes while the main thread analyses
takes that part off the critical path instead of adding it to every batch
(for a database server, ``writer_process`` takes the Python part off too).  Order is kept (one
thread, one FIFO queue), so the resume rules of ``engine`` hold unchanged:
a batch commits in one transaction, after every batch queued before it.

The queue is short (``depth`` batches), so a slow database slows the reading
side instead of letting analysed reports pile up in memory.  What happens
after a commit (run counters, the in-flight set, the progress bar) is handed
back to the main thread through ``drain``, so only the main thread touches
the run's state.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..store import Batch, BatchResult, Store

if TYPE_CHECKING:
    from .partitions import PartitionSink

__all__ = ["Committer", "Job", "store_job", "ThreadWriter"]

_STOP = object()


class Committer:
    """Run ``work`` callables on one thread, in order; their results come back to the caller's ``then``."""

    def __init__(self, depth: int = 2) -> None:
        self._todo: queue.Queue[Any] = queue.Queue(maxsize=max(1, depth))
        self._done: queue.SimpleQueue[tuple[Callable[[Any], None], Any]] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._discard = False
        self._thread = threading.Thread(target=self._loop, name="claimscope-writer", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        """Queue ``work`` (blocks while ``depth`` pieces wait); ``then(result)`` runs later, in ``drain``."""
        self._raise()
        self._todo.put((work, then))
        self.drain()

    def drain(self) -> None:
        """Run the ``then`` of every finished piece of work, in order, on this thread."""
        while True:
            try:
                then, result = self._done.get_nowait()
            except queue.Empty:
                break
            then(result)
        self._raise()

    def close(self) -> None:
        """Wait for everything queued to be written, then hand back the last results."""
        self._todo.put(_STOP)
        self._thread.join()
        self.drain()

    def abort(self) -> None:
        """Stop after the piece being written: what still waits is dropped (a rerun redoes it)."""
        self._discard = True
        self._todo.put(_STOP)
        self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _loop(self) -> None:
        while True:
            item = self._todo.get()
            if item is _STOP:
                return
            if self._discard:  # after an error or an abort, empty the queue so no producer blocks on it
                continue
            work, then = item
            try:
                self._done.put((then, work()))
            except BaseException as exc:  # handed to the main thread, which ends the run with it
                self._error = exc
                self._discard = True


@dataclass(slots=True)
class Job:
    """One batch for the writer, with the pipeline version to record on the run if it is the first."""

    batch: Batch
    pipeline: str | None = None


def store_job(store: Store | PartitionSink, run_id: int, job: Job) -> BatchResult:
    """Commit ``job``'s batch, then bring people and claim clusters up to date for what it added.

    The corpus step runs after every batch, never "when the writer is idle", so
    the database a run leaves does not depend on timing (nor on the engine)."""
    if job.pipeline is not None:
        store.update_run(run_id, pipeline=job.pipeline)
    result = store.write_batch(job.batch)
    if isinstance(store, Store):
        from ..corpus import update_corpus

        update_corpus(store, run_id=run_id)
    return result


class ThreadWriter:
    """The writer on a thread of this process (SQLite files and memory, Parquet folders)."""

    def __init__(self, store: Store | PartitionSink, run_id: int, depth: int = 2) -> None:
        self._store, self._run_id = store, run_id
        self._committer = Committer(depth)

    def submit(self, job: Job, then: Callable[[BatchResult], None]) -> None:
        store, run_id = self._store, self._run_id
        self._committer.submit(lambda: store_job(store, run_id, job), then)

    def drain(self) -> None:
        self._committer.drain()

    def close(self) -> None:
        self._committer.close()

    def abort(self) -> None:
        self._committer.abort()
