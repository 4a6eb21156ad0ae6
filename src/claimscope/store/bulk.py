"""Many-row INSERTs and UPDATEs with as little Python per row as the driver allows.

Storing a batch is tens of thousands of child rows.  Through SQLAlchemy's
``insert(table)`` executemany, building each row's parameters (key lookups,
default filling, type processing, done per row in Python) cost more time than
SQLite took to store them, and it holds the GIL that the analysis beside the
writer needs.  ``insert_rows`` compiles one statement per table and column set,
applies only the type conversions a column really has (JSON, datetimes on
SQLite), and hands the driver plain tuples.

An ``executemany`` UPDATE is one statement per row: cheap in SQLite, which
runs in-process, but on PostgreSQL every row is a round of parse, bind and
execute on the server.  There ``update_rows`` sends the rows as one array per
column and one ``UPDATE … FROM unnest(…)``, whatever their number.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, text, update
from sqlalchemy.engine import Dialect

__all__ = ["insert_rows", "update_rows"]


class _Insert:
    """A compiled INSERT: its SQL, the row keys it reads, the converters and the defaults it adds."""

    __slots__ = ("sql", "keys", "convert", "defaults")

    def __init__(self, sql: str, keys: tuple[str, ...], convert: tuple[tuple[int, Callable[[Any], Any]], ...],
                 defaults: tuple[Callable[[], Any], ...]) -> None:
        self.sql, self.keys, self.convert, self.defaults = sql, keys, convert, defaults

    def params(self, rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """The rows as driver tuples; callable defaults (timestamps) are evaluated once per call."""
        keys, convert = self.keys, self.convert
        defaults = tuple(make() for make in self.defaults)
        out = []
        for row in rows:
            values = [row[k] for k in keys]
            for i, fn in convert:
                values[i] = fn(values[i])
            out.append((*values, *defaults) if defaults else tuple(values))
        return out


def _default(column: Any, dialect: Dialect) -> Callable[[], Any] | None:
    """A maker of the driver value of ``column``'s client-side default, or None where it has none."""
    default = column.default
    if default is None or not (getattr(default, "is_scalar", False) or getattr(default, "is_callable", False)):
        return None
    processor = column.type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
    if default.is_callable:
        return lambda: processor(default.arg(None))  # SQLAlchemy wraps the callable to take a context
    value = processor(default.arg)
    return lambda: value


@lru_cache(maxsize=256)
def _compile(dialect: Dialect, table: Table, keys: tuple[str, ...], skip_on: tuple[str, ...]) -> _Insert:
    quote = dialect.identifier_preparer.quote
    columns = [table.c[k] for k in keys]
    filled = [(c, make) for c in table.c if c.name not in keys
              for make in [_default(c, dialect)] if make is not None]
    convert = tuple((i, fn) for i, c in enumerate(columns)
                    for fn in [c.type.dialect_impl(dialect).bind_processor(dialect)] if fn is not None)
    names = [*keys, *(c.name for c, _ in filled)]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
           f"VALUES ({', '.join(mark for _ in names)})")
    if skip_on:
        sql += f" ON CONFLICT ({', '.join(quote(k) for k in skip_on)}) DO NOTHING"
    return _Insert(sql, keys, convert, tuple(make for _, make in filled))


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *,
                skip_conflicts_on: Sequence[str] = ()) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table``; columns left out get their model defaults.

    With ``skip_conflicts_on`` (a unique key), rows that would repeat a stored key are skipped:
    re-runs and resumes add nothing.  Client defaults are evaluated once per call: the rows of
    one call share one ``created_at``, as rows of one transaction should.
    """
    if not rows:
        return
    compiled = _compile(conn.dialect, table, tuple(rows[0]), tuple(skip_conflicts_on))
    conn.exec_driver_sql(compiled.sql, compiled.params(rows))


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
