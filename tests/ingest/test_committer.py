"""The ingest's writer (a thread for SQLite, a process for PostgreSQL): batches commit in order, off the
analysis's path, while the next batch is analysed; its errors end the run."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from claimscope.ingest import engine
from claimscope.ingest import ingest
from claimscope.ingest.committer import Committer
from claimscope.store import open_store
from claimscope.store.engine import resolve_url
from claimscope.store.testing import ENGINES
from sqlalchemy import create_engine

from .conftest import TABLES, corpus_rows


def test_work_runs_in_order_on_another_thread_and_results_come_back_on_this_one() -> None:
    main = threading.get_ident()
    ran: list[tuple[int, int]] = []
    seen: list[tuple[int, int]] = []
    c = Committer(depth=1)
    for n in range(20):
        c.submit(lambda n=n: ran.append((n, threading.get_ident())) or n * n, lambda r: seen.append((r, threading.get_ident())))
    c.close()
    assert [n for n, _ in ran] == list(range(20)) and all(t != main for _, t in ran)
    assert seen == [(n * n, main) for n in range(20)]


def test_an_error_on_the_thread_is_raised_here_and_later_work_is_dropped() -> None:
    done: list[int] = []
    release = threading.Event()
    c = Committer(depth=4)

    def fail() -> None:
        release.wait(5)
        raise RuntimeError("database went away")

    c.submit(fail, lambda _r: None)
    c.submit(lambda: done.append(1), lambda _r: None)
    release.set()
    with pytest.raises(RuntimeError, match="database went away"):
        c.close()
    assert done == []
    c.abort()  # as the engine does on its way out: returns at once


def test_abort_drops_what_waits() -> None:
    gate, started = threading.Event(), threading.Event()
    done: list[int] = []
    c = Committer(depth=4)
    c.submit(lambda: (started.set(), gate.wait(5), done.append(0)), lambda _r: None)
    c.submit(lambda: done.append(1), lambda _r: None)
    assert started.wait(5)
    threading.Timer(0.2, gate.set).start()
    c.abort()
    assert done == [0]  # the piece being written finished; the one waiting was dropped


@contextmanager
def _write_lock(url: str) -> Iterator[None]:
    """Hold the database's write lock for documents, on a connection of its own, while the context is open."""
    db = create_engine(resolve_url(url))
    conn = db.connect()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("LOCK TABLE documents IN EXCLUSIVE MODE")  # reads go on, inserts wait
    try:
        yield
    finally:
        conn.close()  # rolls back, which releases the lock
        db.dispose()


def _documents(url: str) -> int:
    db = create_engine(resolve_url(url))
    try:
        with db.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one()
    finally:
        db.dispose()


@pytest.mark.parametrize("db_url", ENGINES, indirect=True)
def test_storage_overlaps_the_analysis_of_the_next_batch(db_url: str, settings, write_articles, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """While batch 1 cannot be written (the test holds the write lock), batch 2 is still analysed:
    with writing on the analysis's own path, the ingest would wait for the lock instead."""
    folder = write_articles("corpus", range(4))
    with open_store(db_url):
        pass
    stack = ExitStack()
    seen_while_locked: list[int] = []
    calls = 0
    analyse = engine.analyse_chunk

    def analyse_chunk(articles, s=None):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 2:  # batch 1 is with the writer, which cannot commit it
            seen_while_locked.append(_documents(db_url))
            stack.close()
        out = analyse(articles, s)
        if calls == 1:
            stack.enter_context(_write_lock(db_url))
        return out

    monkeypatch.setattr(engine, "analyse_chunk", analyse_chunk)
    with open_store(db_url) as store:
        stats = ingest([folder], store, settings, batch_size=2)
        assert seen_while_locked == [0] and stats.stored == 4 and store.counts()["documents"] == 4


_REFUSE = {  # a trigger that refuses the third document: a real database error, raised in the writer
    "sqlite": ["CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN (SELECT count(*) FROM documents) >= 2 "
               "BEGIN SELECT RAISE(ABORT, 'disk full'); END"],
    "postgresql": ["CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   "IF (SELECT count(*) FROM documents) >= 2 THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$",
                   "CREATE TRIGGER refuse BEFORE INSERT ON documents FOR EACH ROW EXECUTE FUNCTION refuse()"],
}


@pytest.mark.parametrize("db_url", ENGINES, indirect=True)
def test_a_failed_write_fails_the_run_and_a_rerun_completes_it(db_url: str, settings, write_articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The writer's error ends the run with it; what was committed stays, and a rerun leaves the database
    a clean run leaves."""
    folder = write_articles("corpus", range(6))
    clean = str(tmp_path / "clean.db")
    with open_store(clean) as store:
        ingest([folder], store, settings, batch_size=2)

    with open_store(db_url) as store:
        with store.engine.begin() as conn:
            for sql in _REFUSE[store.dialect]:
                conn.exec_driver_sql(sql)
        with pytest.raises(Exception, match="disk full"):
            ingest([folder], store, settings, batch_size=2)
        first = store.runs()[0]
        assert first.status == "failed" and store.counts()["documents"] == 2  # the first batch, whole; nothing after it
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER refuse" + (" ON documents" if store.dialect == "postgresql" else ""))
        again = ingest([folder], store, settings, batch_size=2)
        assert again.stored == 4
        dialect = store.dialect
    with open_store(clean) as store:
        clean_counts = store.counts()
    with open_store(db_url) as store:
        assert store.counts() == clean_counts | {"runs": 2}
    if dialect == "sqlite":  # PostgreSQL's sequences keep the numbers the failed transaction took, so row ids differ there
        assert corpus_rows(db_url, folder, TABLES) == corpus_rows(clean, folder, TABLES)
