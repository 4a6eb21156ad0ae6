"""Database URLs, engines and migrations: the only place that knows SQLite from PostgreSQL setup."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text

__all__ = ["DEFAULT_FILE", "resolve_url", "make_engine", "migrate"]

DEFAULT_FILE = "claimscope.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def resolve_url(url: str | None = None) -> str:
    """An SQLAlchemy URL from what a user typed.

    ``None`` → ``$CLAIMSCOPE_DB`` or ``claimscope.db`` in the working directory;
    a bare path → an SQLite file; ``postgresql://`` → the psycopg 3 driver (the
    one we depend on), so users can paste the URL their server prints.
    """
    url = url or os.environ.get("CLAIMSCOPE_DB") or DEFAULT_FILE
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """WAL lets the web read while ingest writes; NORMAL sync survives a killed process (not power loss)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine with our per-connection settings."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (a no-op when it is there already).

    On PostgreSQL an advisory lock keeps two processes that open a fresh
    database at once from both creating the tables.
    """
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(7254120951)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
