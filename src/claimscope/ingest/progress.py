"""A rich progress bar for ingest: files done of total, articles stored, rate, failures, ETA."""
from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from .engine import IngestStats

__all__ = ["RichProgress"]


class RichProgress:
    """Context manager and ``ProgressSink``: ``with RichProgress() as p: ingest(..., progress=p)``.

    The bar counts files (the only total known before reading: a JSONL or WARC
    file holds an unknown number of articles); the text shows articles.
    """

    def __init__(self, console: Console | None = None, label: str = "ingest") -> None:
        self._progress = Progress(
            TextColumn(f"[bold]{label}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[articles]} articles · {task.fields[rate]:.1f}/s · {task.fields[dups]} known · [red]{task.fields[failures]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=False,
        )
        self._task = self._progress.add_task("ingest", total=None, articles=0, rate=0.0, dups=0, failures=0)

    def __enter__(self) -> "RichProgress":
        self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._progress.stop()

    def __call__(self, stats: IngestStats) -> None:
        elapsed = max(stats.elapsed, 1e-6)
        self._progress.update(
            self._task,
            total=stats.files_total or None,
            completed=stats.files_done + stats.files_skipped,
            articles=stats.stored,
            rate=stats.stored / elapsed,
            dups=stats.duplicates,
            failures=stats.failures,
        )
