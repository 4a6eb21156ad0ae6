"""Alembic environment: runs on the connection ``open_store`` hands over, or on a URL.

``open_store`` calls ``alembic.command.upgrade`` with ``config.attributes["connection"]``
set, so migrations run inside the caller's engine (and its SQLite pragmas);
the ``alembic`` command line works too, given ``-x url=...`` or ``sqlalchemy.url``.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from claimscope.store.models import Base

config = context.config
target_metadata = Base.metadata


#: full-text objects made by hand in 0001 (engine-specific), which autogenerate must not try to drop
_FULL_TEXT = {"documents_fts", "documents_fts_data", "documents_fts_idx", "documents_fts_docsize", "documents_fts_config", "tsv", "ix_documents_tsv"}


def _include(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    return name not in _FULL_TEXT


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, include_object=_include)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
