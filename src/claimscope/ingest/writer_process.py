"""The ingest's writer in a process of its own, for a database server (PostgreSQL).

A writer thread shares the interpreter lock with the analysis, and much of a
write is Python (building rows, binding parameters, clustering claims), so on
a thread that part still comes out of the analysis's time.  In a child process
it runs beside the analysis instead.  The child opens the database from its
URL, takes ``Job``s from a short queue (the parent blocks when ``depth`` wait,
so memory stays bounded), runs ``store_job`` on each, in order, and sends back
each ``BatchResult``, or the error that ends the run.

The child must never outlive the parent: a parent killed with ``kill -9``
takes the child with it (``PR_SET_PDEATHSIG`` on Linux, a watch on the parent
id elsewhere), so a half-written batch is rolled back as the resume rules
expect and a rerun never races an orphan writer.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from ..store import BatchResult
from .committer import Job

__all__ = ["WriterProcess"]

_POLL = 0.5  # seconds between checks that the other side is still alive


class WriterGone(RuntimeError):
    """The writer process died without saying why (killed, out of memory)."""


class WriterProcess:
    """``submit``/``drain``/``close``/``abort``, as ``ThreadWriter``, with the writing done in a child process."""

    def __init__(self, url: str, run_id: int, depth: int = 2) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork: the parent's connections and threads must not be copied
        self._todo: Any = ctx.Queue(maxsize=max(1, depth))
        self._done: Any = ctx.Queue()
        self._thens: deque[Callable[[BatchResult], None]] = deque()
        self._process = ctx.Process(target=_serve, args=(url, run_id, os.getpid(), self._todo, self._done), name="claimscope-writer", daemon=True)
        self._process.start()

    def submit(self, job: Job, then: Callable[[BatchResult], None]) -> None:
        """Queue ``job`` (waits while ``depth`` jobs are queued); ``then(result)`` runs later, in ``drain``."""
        while True:
            self.drain()
            try:
                self._todo.put(job, timeout=_POLL)
                break
            except queue.Full:
                continue
        self._thens.append(then)

    def drain(self, wait: bool = False) -> None:
        """Run the ``then`` of each job the child has finished, in order (with ``wait``: of every job queued)."""
        while self._thens:
            try:
                kind, value = self._done.get(timeout=_POLL) if wait else self._done.get_nowait()
            except queue.Empty:
                if not self._process.is_alive() and self._done.empty():
                    raise WriterGone(f"the writer process ended (exit code {self._process.exitcode}) with {len(self._thens)} batches unwritten")
                if wait:
                    continue
                return
            if kind == "error":
                self._thens.clear()
                raise value
            self._thens.popleft()(value)

    def close(self) -> None:
        """Wait for every queued job to be written, hand back their results, and end the child."""
        self.drain(wait=True)
        self._todo.put(None)
        self._process.join()

    def abort(self) -> None:
        """End the child now; its open transaction is rolled back and what waited is redone by a rerun."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._thens.clear()


def _die_with(parent: int) -> None:
    """Make sure this process ends when ``parent`` does."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        else:
            if os.getppid() != parent:  # the parent died before the call above
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_POLL)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _serve(url: str, run_id: int, parent: int, todo: Any, done: Any) -> None:
    """The child: open the store, then write each job until ``None`` comes; after an error, only drain the queue."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle (it aborts us)
    from ..store import Store
    from ..store.engine import make_engine
    from .committer import store_job

    store = Store(make_engine(url))  # the parent migrated it already
    failed = False
    try:
        while (job := todo.get()) is not None:
            if failed:
                continue
            try:
                done.put(("ok", store_job(store, run_id, job)))
            except BaseException as exc:  # the parent ends the run with it
                failed = True
                try:
                    pickle.loads(pickle.dumps(exc))
                except Exception:  # an exception that does not pickle still ends the run, as text
                    exc = RuntimeError(f"{type(exc).__name__}: {exc}")
                done.put(("error", exc))
    finally:
        store.close()
