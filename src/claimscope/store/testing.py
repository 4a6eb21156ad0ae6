"""Throwaway databases for tests (ours and the web app's): SQLite in a folder, or a PostgreSQL schema.

``CLAIMSCOPE_TEST_PG`` names the PostgreSQL server (``scripts/ci_postgres.sh`` starts one
and prints it).  Without it, PostgreSQL tests skip on a developer machine but fail
when ``CI`` is set, so CI cannot go green with half the engines untested.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .engine import resolve_url

__all__ = ["ENGINES", "pg_url_or_skip", "temporary_database"]

ENGINES = ("sqlite", "postgresql")


def pg_url_or_skip() -> str:
    """The test server's URL; skip (or, in CI, fail) the calling test when there is none."""
    import pytest

    url = os.environ.get("CLAIMSCOPE_TEST_PG")
    if url:
        return resolve_url(url)
    if os.environ.get("CI"):
        pytest.fail("CLAIMSCOPE_TEST_PG is not set in CI: source the output of scripts/ci_postgres.sh before pytest")
    pytest.skip('CLAIMSCOPE_TEST_PG not set (run: eval "$(bash scripts/ci_postgres.sh)")')


@contextmanager
def temporary_database(engine: str, folder: Path) -> Iterator[str]:
    """A URL to an empty database: a file in ``folder``, or a fresh PostgreSQL schema dropped afterwards.

    A schema per test (selected through ``search_path``) is much cheaper than a
    database per test and isolates just as well.
    """
    if engine == "sqlite":
        yield f"sqlite:///{folder / 'corpus.db'}"
        return
    if engine != "postgresql":
        raise ValueError(f"unknown engine {engine!r}")
    from sqlalchemy import create_engine, text

    base = pg_url_or_skip()
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        sep = "&" if "?" in base else "?"
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
