"""The web app's view of the corpus: time-limited read connections and one writer.

Why a second engine for reads: the store's engine is the writer's, and every
web read must be both read-only and bounded in time, so that a slow filter
combination cannot hang a page or hold a lock.  SQLite gets ``query_only`` and
a progress handler that aborts a statement past its deadline; PostgreSQL gets
a read-only transaction with ``statement_timeout``.  Writes (analyse-and-store)
go through a single worker thread calling the store's own batch writer, so the
web app never has two writers at once.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from ..store import Store, open_store, resolve_url

__all__ = ["Corpus", "QueryTimeout", "CorpusMissing"]

#: SQLite VM instructions between two deadline checks: small enough to react within milliseconds
_PROGRESS_STEPS = 2000


class QueryTimeout(RuntimeError):
    """A read ran past its time limit and was aborted (the page answers 503)."""


class CorpusMissing(FileNotFoundError):
    """Read-only mode was asked to serve an SQLite file that does not exist."""


def _sqlite_read_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=1")  # belt and braces: no statement on this engine can write
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA mmap_size=2147418112")  # reads from the OS page cache without a syscall per page
    cursor.execute("PRAGMA cache_size=-16000")  # 16 MB per pooled connection
    cursor.close()


def _is_timeout(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.OperationalError) and "interrupted" in str(orig):
        return True
    return type(orig).__name__ == "QueryCanceled" or "statement timeout" in str(orig)


class Corpus:
    """The database behind one app: ``read()`` for pages and API, ``write_report()`` for the one writer."""

    def __init__(self, url: str | None = None, *, read_timeout: float = 2.0, allow_write: bool = False) -> None:
        self.url = resolve_url(url)
        self.read_timeout = read_timeout
        self.allow_write = allow_write
        sa_url = make_url(self.url)
        self.is_sqlite = sa_url.get_backend_name() == "sqlite"
        if self.is_sqlite and not allow_write and sa_url.database not in (None, "", ":memory:"):
            path = Path(sa_url.database)
            if not path.exists():
                raise CorpusMissing(f"no corpus database at {path}: run `claimscope ingest` first, or pass --db")
        # open_store migrates a fresh or old database; the read engine then sees the newest schema
        self.store: Store = open_store(self.url)
        self.reader: Engine = self._read_engine()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimscope-writer")
        self._write_lock = threading.Lock()

    def _read_engine(self) -> Engine:
        if self.is_sqlite:
            engine = create_engine(self.url, connect_args={"check_same_thread": False, "timeout": 5}, pool_size=8, max_overflow=8)
            event.listen(engine, "connect", _sqlite_read_pragmas)
            return engine
        return create_engine(self.url, pool_pre_ping=True, pool_size=8, max_overflow=8)

    @property
    def dialect(self) -> str:
        return self.reader.dialect.name

    @contextmanager
    def read(self, timeout: float | None = None) -> Iterator[Connection]:
        """A read-only connection whose statements abort after ``timeout`` seconds (``QueryTimeout``)."""
        limit = self.read_timeout if timeout is None else timeout
        with self.reader.connect() as conn:
            raw = conn.connection.dbapi_connection
            if self.is_sqlite:
                deadline = time.monotonic() + limit
                raw.set_progress_handler(lambda: int(time.monotonic() > deadline), _PROGRESS_STEPS)  # type: ignore[union-attr]
            else:
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                conn.execute(text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": str(int(limit * 1000))})
            try:
                yield conn
            except DBAPIError as exc:
                if _is_timeout(exc):
                    raise QueryTimeout(f"the query took longer than {limit:g} s; narrow the filters") from exc
                raise
            finally:
                if self.is_sqlite:
                    raw.set_progress_handler(None, 0)  # type: ignore[union-attr]
                else:
                    conn.rollback()

    def write_report(self, report: dict[str, Any]) -> bool:
        """Store one report through the single writer thread; True when the document was new."""
        if not self.allow_write:
            raise PermissionError("this server is read-only (start it with --allow-write)")
        future = self._writer.submit(self.store.write_reports, [report])
        return bool(future.result())

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        self.reader.dispose()
        self.store.close()
