"""Reading: any supported input to ``Article`` objects, bad input to one-line ``ReadError``s.

Readers never raise past a single file: ``read_source`` yields a ``ReadError``
in place of what it could not read, so batches go on with the rest.
"""
from __future__ import annotations

import gzip
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import Settings
from ..errors import Errors, ReadError
from .article import Article
from .decode import decode
from .metadata import complete
from .plaintext import read_plain
from .records import read_json, read_jsonl

__all__ = ["Article", "ReadError", "iter_paths", "read_source", "read_bytes", "SUFFIXES"]

SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".json", ".jsonl", ".ndjson")


def _kind(name: str) -> str:
    name = name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix, kind in ((".html", "html"), (".htm", "html"), (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json")):
        if name.endswith(suffix):
            return kind
    return "text"


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Files to read, directories walked recursively in sorted order; ``-`` is stdin."""
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            yield path
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".") and (p.suffix.lower() in SUFFIXES or p.name.lower().endswith(tuple(s + ".gz" for s in SUFFIXES))))
            if not files:
                yield ReadError(path, Errors.E007)
            yield from files
        elif path.is_file():
            yield path
        else:
            yield ReadError(path, Errors.E006)


def read_bytes(data: bytes, source: str, kind: str | None = None, settings: Settings | None = None) -> Iterator[Article | ReadError]:
    """Bytes of one input (already un-gzipped) to articles."""
    settings = settings or Settings()
    kind = kind or _kind(source)
    if len(data) > settings.max_bytes:
        yield ReadError(source, Errors.E005.format(size=len(data), limit=settings.max_bytes))
        return
    try:
        if kind == "html":
            from .html import read_html

            yield complete(read_html(data, source=source))
            return
        text, warnings = decode(data, source)
        if kind == "html" or (kind == "text" and text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))):
            from .html import read_html

            yield complete(read_html(text, source=source))
            return
        if kind == "json":
            items = read_json(text, source)
        elif kind == "jsonl":
            items = read_jsonl(text, source)
        else:
            article = read_plain(text, source)
            article.warnings.extend(warnings)
            yield complete(article)
            return
        for item in items:
            yield item if isinstance(item, ReadError) else complete(item)
    except ReadError as err:
        yield err


def read_source(path: Path, settings: Settings | None = None) -> Iterator[Article | ReadError]:
    """One path (or ``-`` for stdin) to its articles."""
    settings = settings or Settings()
    source = str(path)
    try:
        if source == "-":
            data = sys.stdin.buffer.read()
            source = "<stdin>"
        else:
            size = path.stat().st_size
            if size > settings.max_bytes and not source.endswith(".gz"):
                yield ReadError(source, Errors.E005.format(size=size, limit=settings.max_bytes))
                return
            data = path.read_bytes()
            if source.endswith(".gz"):
                data = gzip.decompress(data)
    except FileNotFoundError:
        yield ReadError(source, Errors.E006)
        return
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield ReadError(source, f"cannot read file: {exc}")
        return
    yield from read_bytes(data, source, _kind(source), settings)


def read_paths(paths: Iterable[str | Path], settings: Settings | None = None) -> Iterator[Article | ReadError]:
    """Every article under ``paths``, errors in place of what could not be read."""
    for item in iter_paths(paths):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_source(item, settings)
