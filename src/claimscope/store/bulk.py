"""Many-row UPDATEs as one statement where the database allows it.

An ``executemany`` UPDATE is one statement per row: cheap in SQLite, which
runs in-process, but on PostgreSQL every row is a round of parse, bind and
execute on the server.  There the rows go as one array per column and one
``UPDATE … FROM unnest(…)``, whatever their number.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, text, update

__all__ = ["update_rows"]


def update_rows(conn: Connection, table: Table, keys: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
    """For each row, set its non-key columns where the ``keys`` columns equal its key values."""
    if not rows:
        return
    columns = [c for c in rows[0] if c not in keys]
    if conn.dialect.name == "postgresql":
        names = [*keys, *columns]
        arrays = ", ".join(f"CAST(:a{i} AS {table.c[n].type.compile(dialect=conn.dialect)}[])" for i, n in enumerate(names))
        sets = ", ".join(f'"{n}" = v."{n}"' for n in columns)
        where = " AND ".join(f'{table.name}."{k}" = v."{k}"' for k in keys)
        alias = ", ".join(f'"{n}"' for n in names)
        conn.execute(text(f"UPDATE {table.name} SET {sets} FROM unnest({arrays}) AS v({alias}) WHERE {where}"),
                     {f"a{i}": [r[n] for r in rows] for i, n in enumerate(names)})
        return
    stmt = update(table).where(and_(*(table.c[k] == bindparam(f"k_{k}") for k in keys))).values({c: bindparam(f"v_{c}") for c in columns})
    conn.execute(stmt, [{**{f"k_{k}": r[k] for k in keys}, **{f"v_{c}": r[c] for c in columns}} for r in rows])
