"""Which files an ingest reads, and how each is read.

The readers in ``claimscope.reading`` handle text, HTML and JSON(L), gzipped
or not; web archives are added here because only corpus ingest needs them.
Paths are made absolute so the same file reached by two relative spellings is
one source, and a rerun from another directory recognises it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import Settings
from ..errors import Errors, ReadError
from ..reading import SUFFIXES, read_source
from ..reading.article import Article
from .warc import is_warc, read_warc

__all__ = ["walk", "read_file", "INGEST_SUFFIXES"]

INGEST_SUFFIXES: tuple[str, ...] = (*SUFFIXES, *(s + ".gz" for s in SUFFIXES), ".warc", ".warc.gz", ".arc", ".arc.gz")


def _wanted(path: Path) -> bool:
    return not path.name.startswith(".") and path.name.lower().endswith(INGEST_SUFFIXES)


def walk(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Files under ``paths`` (directories recursively, sorted), or an error per missing path.

    A file named explicitly is read whatever its suffix; in directories only
    known suffixes are taken, so stray images or archives do not show up as failures.
    """
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                if child.is_file() and _wanted(child):
                    found = True
                    yield child.resolve()
            if not found:
                yield ReadError(path, Errors.E007)
        elif path.is_file():
            yield path.resolve()
        else:
            yield ReadError(path, Errors.E006)


def read_file(path: Path, settings: Settings) -> Iterator[Article | ReadError]:
    """Articles in one file, an error in place of each part that could not be read."""
    if is_warc(path):
        yield from read_warc(path, settings)
    else:
        yield from read_source(path, settings)
