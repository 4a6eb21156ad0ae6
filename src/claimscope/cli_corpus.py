"""Corpus commands (``ingest``, ``load``, ``failures``, ``export``), registered on the main typer app.

Kept apart from ``cli.py`` so the corpus engine can grow (Dask, ``load``)
without touching the single-article commands; ``register(app)`` adds them.
``python -m claimscope.cli_corpus`` runs them alone (tests use it for a real
subprocess to kill).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .cli_common import err as _err, settings_or_exit
from .config import COMPONENTS

__all__ = ["register", "main"]


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class ExportTable(str, Enum):
    reports = "reports"
    quotes = "quotes"
    claims = "claims"
    events = "events"


DbOption = Annotated[Optional[str], typer.Option("--db", help="Database URL or SQLite file (default: $CLAIMSCOPE_DB or ./claimscope.db).")]


@contextmanager
def _progress_bar(enabled: bool, label: str) -> Iterator[Any]:
    """A rich progress bar on stderr, or None when the user turned it off."""
    if not enabled:
        yield None
        return
    from .ingest.progress import RichProgress

    with RichProgress(label=label) as bar:
        yield bar


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (recursive): .txt .html .json .jsonl (optionally .gz), .warc, .warc.gz")],
    db: DbOption = None,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", min=1, help="Analysis processes (each loads the pipeline once); default 1, or 2 for a local Dask cluster.")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per analysis chunk and per database transaction.")] = 32,
    model: Annotated[Optional[str], typer.Option(help="spaCy model package to use.")] = None,
    disable: Annotated[Optional[list[str]], typer.Option(help=f"Skip a component: {', '.join(COMPONENTS)}")] = None,
    max_bytes: Annotated[Optional[int], typer.Option(help="Refuse input files larger than this.")] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar (on stderr).")] = True,
    engine: Annotated[Engine, typer.Option("--engine", help="local: a process pool here; dask: Dask distributed tasks.")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://HOST:PORT); without it --engine dask starts a local cluster.")] = None,
    to_parquet: Annotated[Optional[Path], typer.Option("--to-parquet", help="Write each batch as a Parquet partition in this folder instead of the database; `claimscope load` brings them in.")] = None,
) -> None:
    """Analyse articles into the corpus database (or Parquet partitions); rerun to resume, known texts are skipped."""
    from .ingest import ingest as run_ingest
    from .ingest.partitions import PartitionSink
    from .store import open_store

    settings = settings_or_exit(model, disable, max_bytes)
    if scheduler is not None and engine is not Engine.dask:
        _err("error: --scheduler needs --engine dask")
        raise typer.Exit(2)
    if workers is None:
        workers = 2 if engine is Engine.dask else 1
    if to_parquet is not None and db is not None:
        _err("error: give --db or --to-parquet, not both (load the partitions with `claimscope load`)")
        raise typer.Exit(2)
    try:
        store = PartitionSink(to_parquet) if to_parquet is not None else open_store(db)
    except (RuntimeError, OSError) as exc:  # pyarrow missing, folder not writable
        _err(f"error: {exc}")
        raise typer.Exit(2)
    try:
        with _progress_bar(progress, "ingest") as bar:
            stats = run_ingest(paths, store, settings, workers=workers, batch_size=batch_size, progress=bar,
                               engine=engine.value, scheduler=scheduler)
    except ConnectionError as exc:  # an unreachable Dask scheduler is a usage problem, not a crash
        _err(f"error: {exc}")
        raise typer.Exit(1)
    finally:
        store.close()
    if to_parquet is not None:
        _err(f"{stats.stored} article(s) analysed into partitions in {to_parquet}, {stats.duplicates} already known, "
             f"{stats.failures} failed, {stats.files_skipped} file(s) skipped as done, {stats.elapsed:.1f}s; "
             f"next: claimscope load {to_parquet}")
        return
    _err(
        f"run {stats.run_id}: {stats.stored} stored, {stats.duplicates} already known, {stats.failures} failed, "
        f"{stats.near_duplicates} near-duplicate link(s), {stats.files_skipped} file(s) skipped as done, {stats.elapsed:.1f}s"
    )
    if stats.failures:
        _err("see `claimscope failures`")


def load(
    paths: Annotated[list[Path], typer.Argument(help="Folders of Parquet partitions (from `ingest --to-parquet`), or partition files.")],
    db: DbOption = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar (on stderr).")] = True,
) -> None:
    """Bring Parquet partitions into the database, one transaction each; rerun to resume, loaded partitions are skipped."""
    from .ingest.partitions import load_partitions
    from .store import open_store

    missing = [p for p in paths if not p.exists()]
    if missing:
        _err(f"error: {missing[0]}: no such file or folder")
        raise typer.Exit(2)
    with open_store(db) as store:
        try:
            with _progress_bar(progress, "load") as bar:
                stats = load_partitions(paths, store, progress=bar)
        except RuntimeError as exc:  # pyarrow missing
            _err(f"error: {exc}")
            raise typer.Exit(2)
    _err(f"run {stats.run_id}: {stats.files_done} partition(s) read, {stats.files_skipped} already loaded; "
         f"{stats.stored} stored, {stats.duplicates} already known, {stats.failures} failed, {stats.elapsed:.1f}s")
    if stats.failures:
        _err("see `claimscope failures`")


def failures(
    db: DbOption = None,
    run: Annotated[Optional[int], typer.Option("--run", help="Only failures recorded by this run.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List inputs that could not be read or analysed: source, reason, run."""
    from .store import open_store

    with open_store(db) as store:
        rows = store.failures(run_id=run)
    for row in rows:
        if as_json:
            typer.echo(json.dumps({"source": row.source, "reason": row.reason, "code": row.code, "run": row.run_id, "at": row.created_at}, ensure_ascii=False))
        else:
            typer.echo(f"{row.source}\t{row.reason}\trun {row.run_id}")
    if not as_json:
        _err(f"{len(rows)} failure(s)")


def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl | csv | parquet | gdelt (events as GDELT 2.0 rows)")] = ExportFormat.jsonl,
    table: Annotated[ExportTable, typer.Option("--table", "-t", help="reports | quotes | claims | events")] = ExportTable.reports,
    db: DbOption = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout; parquet needs a file).")] = None,
    header: Annotated[Optional[bool], typer.Option("--header/--no-header", help="Header row (csv: on by default; gdelt: off, as in GDELT's files).")] = None,
) -> None:
    """Export the corpus: reports (jsonl = exact stored reports) or the quotes, claims, events tables."""
    from .export import export as run_export
    from .store import open_store

    if format is ExportFormat.parquet and output is None:
        _err("error: parquet needs --output FILE")
        raise typer.Exit(2)
    with open_store(db) as store:
        try:
            count = run_export(store, format.value, table.value if format is not ExportFormat.gdelt else "events", output, header=header)
        except RuntimeError as exc:
            _err(f"error: {exc}")
            raise typer.Exit(2)
    _err(f"{count} row(s) exported")


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app`` (the main ``claimscope`` CLI)."""
    app.command("ingest")(ingest)
    app.command("load")(load)
    app.command("failures")(failures)
    app.command("export")(export)


def main() -> None:
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning, module="dateutil")
    app = typer.Typer(add_completion=False, no_args_is_help=True, help="claimscope corpus commands.")
    register(app)
    app()


if __name__ == "__main__":
    main()
