"""Dask engine: a local 2-worker cluster must leave the same database as the local engine."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from claimscope.ingest import ingest
from claimscope.store import open_store

from .conftest import TABLES as _TABLES, corpus_rows as _rows

try:
    import distributed  # noqa: F401
except ImportError:
    if os.environ.get("CI"):  # CI installs the extra: a missing dask there is a failure, not a skip
        raise
    pytest.skip("dask[distributed] is not installed", allow_module_level=True)

def test_dask_engine_gives_the_same_rows_as_the_local_engine(settings, write_articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_articles("corpus", range(7))
    (folder / "copy-of-003.txt").write_text((folder / "article-003.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")  # a failure row, recorded by the client in both engines

    local_url, dask_url = str(tmp_path / "local.db"), str(tmp_path / "dask.db")
    local_store = open_store(local_url)
    local = ingest([folder], local_store, settings, batch_size=2)
    local_store.close()

    dask_store = open_store(dask_url)
    started = time.monotonic()
    seen: list[int] = []
    remote = ingest([folder], dask_store, settings, workers=2, batch_size=2, engine="dask", progress=lambda s: seen.append(s.stored))
    elapsed = time.monotonic() - started
    run = dask_store.run(remote.run_id)
    dask_store.close()

    assert (local.stored, local.duplicates, local.failures) == (7, 1, 1)
    assert (remote.stored, remote.duplicates, remote.failures, remote.files_done) == (local.stored, local.duplicates, local.failures, local.files_done)
    assert seen == sorted(seen) and seen[-1] == 7  # progress streamed in as partitions were committed
    assert run is not None and (run.status, run.engine, run.workers) == ("done", "dask", 2)
    assert run.pipeline and run.pipeline.startswith("claimscope")

    local_rows, dask_rows = _rows(local_url, folder), _rows(dask_url, folder)
    assert len(local_rows["documents"]) == 7 and local_rows["quotes"] and local_rows["claims"] and local_rows["events"]
    for name in _TABLES:
        assert dask_rows[name] == local_rows[name], name
    print(f"dask ingest of 9 files on a 2-worker local cluster: {elapsed:.1f}s")


def test_ingest_rejects_an_unknown_engine(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "x.db"))
    with pytest.raises(ValueError, match="unknown engine"):
        ingest([tmp_path], store, engine="spark")
    store.close()


def test_an_unreachable_scheduler_fails_the_run_with_a_connection_error(tmp_path: Path) -> None:
    import dask

    store = open_store(str(tmp_path / "x.db"))
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(ConnectionError, match="tcp://127.0.0.1:1"):
        ingest([tmp_path], store, engine="dask", scheduler="tcp://127.0.0.1:1")
    assert [(r.status, r.engine) for r in store.runs()] == [("failed", "dask")]
    store.close()
