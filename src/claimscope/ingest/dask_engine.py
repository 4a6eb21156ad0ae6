"""The Dask engine: analysis as Dask distributed tasks, writing by the local engine's single writer.

Only the analysis moves to the cluster.  Reading, the known-text lookups, the
batching into partitions (one partition = one ``_Ticket`` of the local engine)
and the in-order, one-transaction-per-batch commits stay in the client, in the
local engine's ``_Runner``: this module only supplies a pool with the
``multiprocessing.Pool`` surface that ``_Runner`` uses.  That is why a Dask run
gives the same database as a local run, and resumes the same way.

Results stream back as their tasks finish; the runner commits the oldest
partition as soon as it is done and keeps at most ``2 × workers`` partitions on
the cluster, so client memory stays flat however large the corpus.  Committing
strictly in input order (rather than in completion order) is what keeps the
``documents``/``sources`` rows, and their autoincrement numbers, identical to a
local run's.

Each worker loads the pipeline once, when it joins, through a worker plugin
(``PipelinePlugin``); tasks also carry the settings, so a worker that missed
the plugin still analyses with the right pipeline (``pipeline.load`` caches by
settings).
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin

from ..config import Settings
from .worker import Analysed, Failed, init

__all__ = ["DaskPool", "PipelinePlugin", "DEFAULT_LOCAL_WORKERS"]

DEFAULT_LOCAL_WORKERS = 2


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline into each worker process once, when the worker starts or joins."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # one name per settings: re-registering the same settings replaces the plugin instead of stacking it
        self.name = "claimscope-pipeline-" + hashlib.sha1(repr(settings).encode()).hexdigest()[:12]

    def setup(self, worker: Any) -> None:
        init(self.settings)


class _Pending:
    """A submitted partition, with the ``ready()``/``get()`` surface of a ``multiprocessing`` AsyncResult."""

    def __init__(self, future: Future, live: set[Future]) -> None:
        self._future, self._live = future, live
        live.add(future)

    def ready(self) -> bool:
        return self._future.done()

    def get(self) -> list[Analysed | Failed]:
        result: list[Analysed | Failed] = self._future.result()
        self._live.discard(self._future)
        self._future.release()  # the partition's results are in the client now: free them on the worker
        return result


class DaskPool:
    """The pool ``_Runner`` drives, backed by a Dask cluster.

    ``scheduler`` is a ``tcp://HOST:PORT`` address of a running scheduler;
    without one a ``LocalCluster`` of ``workers`` single-threaded processes is
    started here and shut down with the pool.
    """

    def __init__(self, settings: Settings, *, scheduler: str | None = None, workers: int = DEFAULT_LOCAL_WORKERS) -> None:
        self.settings = settings
        self._cluster: LocalCluster | None = None
        self._live: set[Future] = set()  # submitted, not yet collected: what ``terminate`` cancels
        if scheduler is None:
            # processes, one thread each: the pipeline is CPU-bound and spaCy holds the GIL
            self._cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.WARNING)
        try:
            self.client = Client(self._cluster if self._cluster is not None else scheduler)
        except OSError as exc:  # distributed says OSError/TimeoutError; callers catch one clear type
            self.close()
            raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler or 'the local cluster'}: {exc}") from exc
        except BaseException:
            self.close()
            raise
        try:
            self.client.register_plugin(PipelinePlugin(settings))
        except BaseException:
            self.terminate()
            raise
        # task slots on the cluster now, which sizes how many partitions the runner keeps in flight
        self.workers = max(1, sum(self.client.nthreads().values()) or workers)

    def apply_async(self, fn: Callable[..., list[Analysed | Failed]], args: tuple[Any, ...]) -> _Pending:
        """Run ``fn(*args, settings)`` as one task; ``pure=False`` because equal chunks are never resubmitted on purpose."""
        return _Pending(self.client.submit(fn, *args, self.settings, pure=False), self._live)

    def close(self) -> None:
        """Shut the client (and a cluster started here) down; every result has been collected by now."""
        client = getattr(self, "client", None)
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()
            self._cluster = None

    def join(self) -> None:
        """Nothing to wait for once ``close`` returns; kept for the ``multiprocessing.Pool`` surface."""

    def terminate(self) -> None:
        """Abandon the run: cancel what is still queued on the cluster, then close."""
        with contextlib.suppress(Exception):
            self.client.cancel(list(self._live))
        self._live.clear()
        self.close()
