"""Parquet partitions: ingest to files (locally or on Dask), then `load`, gives the database a direct ingest gives."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from claimscope.cli_corpus import register
from claimscope.ingest import ingest
from claimscope.ingest.partitions import PartitionSink, load_partitions, partition_files, read_partition
from claimscope.store import open_store

from .conftest import TABLES, corpus_rows

pytest.importorskip("pyarrow")

# claim clusters and their buckets come from the cross-document stage, which both paths run
_COMPARED = (*TABLES, "claim_clusters", "claim_cluster_members", "claim_buckets")


def _corpus(write_articles):  # type: ignore[no-untyped-def]
    folder = write_articles("corpus", range(7))
    (folder / "copy-of-003.txt").write_text((folder / "article-003.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_partitions_then_load_give_the_same_rows_as_a_direct_ingest(engine: str, settings, write_articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if engine == "dask" and not os.environ.get("CI"):  # CI installs the extra: there a missing dask fails
        pytest.importorskip("distributed")
    folder = _corpus(write_articles)
    direct_url = str(tmp_path / "direct.db")
    with open_store(direct_url) as store:
        direct = ingest([folder], store, settings, batch_size=2)

    parts = tmp_path / "parts"
    written = ingest([folder], PartitionSink(parts), settings, batch_size=2, engine=engine, workers=2)
    files = partition_files([parts])
    assert (written.stored, written.duplicates, written.failures) == (direct.stored, direct.duplicates, direct.failures) == (7, 1, 1)
    assert len(files) >= 4 and sum(len(read_partition(f).reports) for f in files) == 7

    loaded_url = str(tmp_path / "loaded.db")
    with open_store(loaded_url) as store:
        stats = load_partitions([parts], store)
        assert (stats.files_done, stats.stored, stats.duplicates, stats.failures) == (len(files), 7, 1, 1)
        run = store.run(stats.run_id)
        assert run is not None and (run.status, run.engine, run.articles_stored) == ("done", "load", 7)
    direct_rows, loaded_rows = corpus_rows(direct_url, folder, _COMPARED), corpus_rows(loaded_url, folder, _COMPARED)
    assert direct_rows["claims"] and direct_rows["near_duplicates"] == loaded_rows["near_duplicates"]
    for name in _COMPARED:
        assert loaded_rows[name] == direct_rows[name], name


def test_partition_ingest_and_load_resume_without_duplicates(settings, write_articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _corpus(write_articles)
    parts = tmp_path / "parts"
    ingest([folder], PartitionSink(parts), settings, batch_size=3)
    first = partition_files([parts])
    again = ingest([folder], PartitionSink(parts), settings, batch_size=3)  # every file is done: nothing analysed
    assert (again.stored, again.files_skipped) == (0, 9) and partition_files([parts]) == first
    (parts / ".part-x.parquet.tmp").write_bytes(b"half a file")  # a killed writer's leftover is cleared, never loaded
    PartitionSink(parts)
    assert not list(parts.glob(".*.tmp"))

    with open_store(str(tmp_path / "db.sqlite")) as store:
        load_partitions([first[0]], store)  # an interrupted load: only the first partition made it
        partial = store.counts()["documents"]
        resumed = load_partitions([parts], store)
        assert resumed.files_skipped == 1 and resumed.files_done == len(first) - 1
        assert store.counts()["documents"] == 7 > partial
        counts = store.counts()
        last = load_partitions([parts], store)
        assert (last.files_done, last.files_skipped) == (0, len(first))
        assert {k: v for k, v in store.counts().items() if k != "runs"} == {k: v for k, v in counts.items() if k != "runs"}


def test_a_broken_partition_is_a_failure_and_the_rest_load(settings, write_articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_articles("corpus", range(4))
    parts = tmp_path / "parts"
    ingest([folder], PartitionSink(parts), settings, batch_size=2)
    files = partition_files([parts])
    broken = files[0]
    held = len(read_partition(broken).reports)
    broken.write_bytes(broken.read_bytes()[: len(broken.read_bytes()) // 2])  # truncated, as by a full disk
    (parts / "part-zzz-not-ours.parquet").write_bytes(b"PAR1 not really")
    with open_store(str(tmp_path / "db.sqlite")) as store:
        stats = load_partitions([parts], store)
        assert stats.failures == 2 and stats.files_done == len(files) + 1  # every partition read, two of them broken
        reasons = {Path(f.source).name: f.reason for f in store.failures()}
        assert set(reasons) == {broken.name, "part-zzz-not-ours.parquet"}
        assert all(r.startswith("partition: not a readable Parquet partition") for r in reasons.values())
        assert held > 0 and store.counts()["documents"] == 4 - held


def test_cli_ingest_to_parquet_then_load(settings, write_articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = typer.Typer()
    register(app)
    folder = write_articles("corpus", range(3))
    parts, db = tmp_path / "parts", str(tmp_path / "cli.db")
    disable = [arg for name in settings.disable for arg in ("--disable", name)]
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(folder), "--to-parquet", str(parts), "--no-progress", *disable])
    assert result.exit_code == 0, result.output
    assert "3 article(s) analysed into partitions" in result.output and "claimscope load" in result.output
    assert not (tmp_path / "claimscope.db").exists()
    result = runner.invoke(app, ["ingest", str(folder), "--to-parquet", str(parts), "--db", db])
    assert result.exit_code == 2 and "not both" in result.output
    result = runner.invoke(app, ["load", str(parts), "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 stored" in result.output
    result = runner.invoke(app, ["load", str(tmp_path / "nowhere"), "--db", db])
    assert result.exit_code == 2 and "no such file" in result.output
