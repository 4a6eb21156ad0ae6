"""The ingest's writer thread: commits batches in order while the next ones are analysed.

Storing a batch is mostly time spent inside the database (SQLite's C code, or
a PostgreSQL server process), during which Python releases the GIL, so one
thread that writes while the main thread analyses takes storage off the
critical path instead of adding it to every batch.  Order is kept (one
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
from typing import Any

__all__ = ["Committer"]

_STOP = object()


class Committer:
    """Run ``work`` callables on one thread, in order; their results come back to the caller's ``then``."""

    def __init__(self, depth: int = 2, *, after: Callable[[], Any] | None = None) -> None:
        self._todo: queue.Queue[Any] = queue.Queue(maxsize=max(1, depth))
        self._done: queue.SimpleQueue[tuple[Callable[[Any], None], Any]] = queue.SimpleQueue()
        self._after = after  # runs on the thread after each piece of work: after every batch, so the result never depends on timing
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
                result = work()
                if self._after is not None:
                    self._after()
                self._done.put((then, result))
            except BaseException as exc:  # handed to the main thread, which ends the run with it
                self._error = exc
                self._discard = True
