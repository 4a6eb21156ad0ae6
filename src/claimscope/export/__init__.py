"""Exports of the corpus: reports or tables as JSONL, CSV, Parquet, and events as GDELT rows.

``jsonl`` of ``reports`` is the lossless form (one contract JSON per line,
exactly as stored); the other tables and formats are flat projections for
spreadsheets, dataframes and GDELT tooling.  Everything streams.
"""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..store import Store
from .gdelt import EXTRA_COLUMNS, gdelt_columns, iter_gdelt_rows
from .tables import COLUMNS, TABLES, iter_rows

__all__ = ["FORMATS", "TABLES", "export", "gdelt_header"]

FORMATS = ("jsonl", "csv", "parquet", "gdelt")
_PARQUET_ROWS = 10_000


def gdelt_header() -> list[str]:
    return [*gdelt_columns(), *EXTRA_COLUMNS]


@contextmanager
def _text_out(out: Path | IO[str] | None) -> Iterator[IO[str]]:
    if out is None:
        yield sys.stdout
    elif isinstance(out, Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    else:
        yield out


def _flat(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == "list":
        return "|".join(str(v) for v in value)
    return value


def _write_parquet(rows: Iterable[dict[str, Any]], columns: list[tuple[str, str]], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # optional extra
        raise RuntimeError("Parquet export needs pyarrow: pip install 'claimscope[parquet]'") from exc
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "list": pa.list_(pa.string())}
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= _PARQUET_ROWS:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count += len(chunk)
                chunk = []
        if chunk or count == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            count += len(chunk)
    return count


def export(store: Store, format: str, table: str = "reports", out: Path | IO[str] | None = None, *, header: bool | None = None) -> int:
    """Write ``table`` of ``store`` in ``format`` to ``out`` (a path, a text stream, or stdout); returns rows written.

    ``gdelt`` always exports events, tab-separated, without a header row as GDELT's
    own files (``header=True`` adds one); ``csv`` has a header unless ``header=False``.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
    count = 0
    if format == "parquet":
        if not isinstance(out, Path):
            raise ValueError("parquet export needs an output path (-o FILE)")
        return _write_parquet(iter_rows(store, table), COLUMNS[table], out)
    with _text_out(out) as fh:
        if format == "gdelt":
            writer = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            if header:
                writer.writerow(gdelt_header())
            for row in iter_gdelt_rows(store):
                writer.writerow(["" if v is None else v for v in row])
                count += 1
        elif format == "jsonl":
            rows = store.iter_reports() if table == "reports" else iter_rows(store, table)
            for item in rows:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
                count += 1
        else:
            columns = COLUMNS[table]
            writer = csv.writer(fh, lineterminator="\n")
            if header is not False:
                writer.writerow([name for name, _ in columns])
            for row in iter_rows(store, table):
                writer.writerow([_flat(row[name], kind) for name, kind in columns])
                count += 1
    return count
