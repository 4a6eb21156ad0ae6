"""Many-row INSERTs and UPDATEs with as little Python, and as few statements, per row as the driver allows.

Storing a batch is tens of thousands of child rows.  Through SQLAlchemy's
``insert(table)`` executemany, building each row's parameters (key lookups,
default filling, type processing, done per row in Python) cost more time than
SQLite took to store them, and it holds the GIL that the analysis beside the
writer needs.  ``insert_rows`` compiles one statement per table and column set,
applies only the type conversions a column really has (JSON, datetimes on
SQLite), and hands the driver plain tuples.

On SQLite the rows go as multi-row ``VALUES`` statements, up to 128 rows
each: ``executemany`` steps the statement once per row and releases and
retakes the interpreter lock at every step, and with the analysis holding
that lock on the main thread each retake waits for a switch interval.  An
UPDATE of many rows is likewise one ``UPDATE … FROM (VALUES …)`` per 128
rows there, and on PostgreSQL, where each row of an ``executemany``
UPDATE is a round of parse, bind and execute on the server, one
``UPDATE … FROM unnest(…)`` with one array per column, whatever their number.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
import sqlite3
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, text, update
from sqlalchemy.engine import Dialect

__all__ = ["chunks", "insert_rows", "update_rows"]


def chunks(items: Sequence[Any], size: int = 900) -> Iterator[Sequence[Any]]:
    """``items`` in slices of ``size``: IN lists stay under every engine's parameter limit (999 on old SQLite builds)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _converted(values: list[Any], convert: tuple[tuple[int, Callable[[Any], Any]], ...]) -> list[Any]:
    for i, fn in convert:
        values[i] = fn(values[i])
    return values


class _Insert:
    """A compiled INSERT: its SQL, the row keys it reads, the converters and the defaults it adds."""

    __slots__ = ("head", "marks", "tail", "keys", "convert", "defaults")

    def __init__(self, head: str, marks: str, tail: str, keys: tuple[str, ...],
                 convert: tuple[tuple[int, Callable[[Any], Any]], ...], defaults: tuple[Callable[[], Any], ...]) -> None:
        self.head, self.marks, self.tail = head, marks, tail
        self.keys, self.convert, self.defaults = keys, convert, defaults

    def sql(self, rows: int = 1) -> str:
        """The statement for ``rows`` rows of parameters (one ``VALUES`` tuple each)."""
        return f"{self.head} VALUES {', '.join([self.marks] * rows)}{self.tail}"

    def params(self, rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """The rows as driver tuples; callable defaults (timestamps) are evaluated once per call."""
        keys, convert = self.keys, self.convert
        defaults = tuple(make() for make in self.defaults)
        out = []
        for row in rows:
            values = _converted([row[k] for k in keys], convert)
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
    names = [*keys, *(c.name for c, _ in filled)]
    head = f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)})"
    tail = f" ON CONFLICT ({', '.join(quote(k) for k in skip_on)}) DO NOTHING" if skip_on else ""
    return _Insert(head, _marks(dialect, len(names)), tail, keys, _converters(dialect, columns), tuple(make for _, make in filled))


def _marks(dialect: Dialect, n: int) -> str:
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    return f"({', '.join([mark] * n)})"


def _converters(dialect: Dialect, columns: Sequence[Any]) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """(position, bind processor) of the columns whose values the driver cannot take as they are."""
    return tuple((i, fn) for i, c in enumerate(columns)
                 for fn in [c.type.dialect_impl(dialect).bind_processor(dialect)] if fn is not None)


def _parts(n: int, width: int) -> Iterator[tuple[int, int]]:
    """(start, stop) of the multi-row statements for ``n`` rows of ``width`` parameters.

    Full statements of ``_ROWS`` rows (fewer if the row is wide: SQLite takes 32,766
    parameters), then the rest in power-of-two sizes.  Each distinct row count is a
    distinct SQL text, and SQLite keeps up to a hundred prepared statements per
    connection: with any count allowed, the cache filled with one-off statements
    of hundreds of rows each, and memory grew with the corpus.
    """
    size = 1 << (max(1, min(_ROWS, _MAX_PARAMS // max(1, width))).bit_length() - 1)
    start = 0
    while start < n:
        step = min(size, 1 << ((n - start).bit_length() - 1))
        yield start, start + step
        start += step


_ROWS = 128  # a power of two
_MAX_PARAMS = 32766
_UPDATE_FROM = sqlite3.sqlite_version_info >= (3, 33)  # UPDATE … FROM


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
    params = compiled.params(rows)
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql(compiled.sql(), params)
        return
    for start, stop in _parts(len(params), len(params[0])):
        part = params[start:stop]
        conn.exec_driver_sql(compiled.sql(len(part)), tuple(v for row in part for v in row))


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
    if conn.dialect.name == "sqlite" and _UPDATE_FROM:
        _update_sqlite(conn, table, [*keys], columns, rows)
        return
    stmt = update(table).where(and_(*(table.c[k] == bindparam(f"k_{k}") for k in keys))).values({c: bindparam(f"v_{c}") for c in columns})
    conn.execute(stmt, [{**{f"k_{k}": r[k] for k in keys}, **{f"v_{c}": r[c] for c in columns}} for r in rows])


def _update_sqlite(conn: Connection, table: Table, keys: list[str], columns: list[str], rows: Sequence[dict[str, Any]]) -> None:
    """``WITH v(…) AS (VALUES …) UPDATE t SET … FROM v WHERE t.key = v.key``, up to 128 rows a statement."""
    quote = conn.dialect.identifier_preparer.quote
    names = [*keys, *columns]
    convert = _converters(conn.dialect, [table.c[n] for n in names])
    alias = ", ".join(quote(f"v_{n}") for n in names)
    sets = ", ".join(f"{quote(c)} = v.{quote(f'v_{c}')}" for c in columns)
    where = " AND ".join(f"{quote(table.name)}.{quote(k)} = v.{quote(f'v_{k}')}" for k in keys)
    marks = _marks(conn.dialect, len(names))
    for start, stop in _parts(len(rows), len(names)):
        part = rows[start:stop]
        flat: list[Any] = []
        for row in part:
            flat.extend(_converted([row[n] for n in names], convert))
        conn.exec_driver_sql(f"WITH v({alias}) AS (VALUES {', '.join([marks] * len(part))}) "
                             f"UPDATE {quote(table.name)} SET {sets} FROM v WHERE {where}", tuple(flat))
