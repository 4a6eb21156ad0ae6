"""Resume after ``kill -9``: a real ingest subprocess killed mid-run, rerun, equals a clean run."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimscope.ingest import ingest
from claimscope.store import open_store

ARTICLES = 40


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT articles_stored FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else 0
    except sqlite3.Error:  # not created yet, or busy
        return 0


def _command(folder: Path, db: Path, settings) -> list[str]:  # type: ignore[no-untyped-def]
    cmd = [sys.executable, "-m", "claimscope.cli_corpus", "ingest", str(folder), "--db", str(db), "--batch-size", "2", "--no-progress"]
    for name in settings.disable:
        cmd += ["--disable", name]
    return cmd


def _snapshot(store) -> dict[str, object]:  # type: ignore[no-untyped-def]
    reports = sorted((r["document"]["id"], r["document"]["text"]) for r in store.iter_reports())
    sources = sorted(s for doc_id, _ in reports for s in store.sources(doc_id))
    counts = {k: v for k, v in store.counts().items() if k != "runs"}
    return {"counts": counts, "reports": reports, "sources": sources}


@pytest.mark.slow
def test_killed_ingest_resumes_to_the_same_database(settings, write_articles, article_text, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_articles("corpus", range(ARTICLES))
    (folder / "copy.txt").write_text(article_text(0), encoding="utf-8")  # a second source for one text
    (folder / "empty.txt").write_bytes(b"")  # and one failure
    db = tmp_path / "killed.db"

    proc = subprocess.Popen(_command(folder, db, settings), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while _stored(db) < 6 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, f"ingest ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
    with open_store(str(db)) as killed:
        partial = killed.counts()["documents"]
    assert 6 <= partial < ARTICLES

    rerun = subprocess.run(_command(folder, db, settings), capture_output=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr.decode()[-2000:]

    clean = open_store(str(tmp_path / "clean.db"))
    ingest([folder], clean, settings, batch_size=2)
    resumed = open_store(str(db))
    assert _snapshot(resumed) == _snapshot(clean)
    assert resumed.counts()["documents"] == ARTICLES and resumed.counts()["failures"] == 1

    first, second = sorted(resumed.runs(), key=lambda r: r.id)
    assert first.status == "interrupted" and second.status == "done" and second.resumes == first.id
    assert second.files_skipped > 0  # files committed before the kill were not read again
    assert first.articles_stored + second.articles_stored == ARTICLES
    resumed.close()
    clean.close()
