"""Web archives (``.warc``, ``.warc.gz``): the HTML pages in them, as articles.

Only HTML ``response`` (and ``resource``) records with a 2xx status are read;
images, scripts and redirects are not articles and are passed over silently.
A record that holds no article, and a truncated archive, each become one
``ReadError``; the records read before a truncation are kept.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..config import Settings
from ..errors import Errors, ReadError
from ..reading.article import Article
from ..reading.metadata import complete

__all__ = ["read_warc", "is_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path | str) -> bool:
    name = str(path).lower()
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def _content_type(record) -> str:  # type: ignore[no-untyped-def]
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = (headers.get_header("Content-Type") if headers is not None else None) or ""
    return value.split(";", 1)[0].strip().lower()


def read_warc(path: Path, settings: Settings | None = None) -> Iterator[Article | ReadError]:
    """Articles from the HTML pages in one web archive, errors in place of what failed."""
    from warcio.archiveiterator import ArchiveIterator

    from ..reading.html import read_html

    settings = settings or Settings()
    read = 0
    cut = False
    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type not in ("response", "resource"):
                    continue
                if record.rec_type == "response":
                    status = record.http_headers.get_statuscode() if record.http_headers is not None else ""
                    if not str(status).startswith("2"):
                        continue
                if _content_type(record) not in _HTML_TYPES:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{read + 1}"
                payload = record.content_stream().read(settings.max_bytes + 1)
                if len(payload) <= settings.max_bytes and getattr(record.raw_stream, "limit", 0) > 0:
                    cut = True  # the record ends before its Content-Length: the archive was cut here
                    break
                read += 1
                if len(payload) > settings.max_bytes:
                    yield ReadError(uri, Errors.E005.format(size=f"more than {settings.max_bytes}", limit=settings.max_bytes))
                    continue
                try:
                    yield complete(read_html(payload, source=uri, url=uri if "://" in uri else None))
                except ReadError as err:
                    yield err
    except Exception as exc:  # warcio, gzip and zlib each raise their own types for a cut-off archive
        yield ReadError(path, f"truncated or corrupt web archive after {read} record(s): {type(exc).__name__}: {exc}")
        return
    if cut or not _complete(path):
        yield ReadError(path, f"truncated or corrupt web archive after {read} record(s)")


def _complete(path: Path) -> bool:
    """Whether a gzipped archive ends where its last gzip member ends.

    warcio stops quietly at a gzip member cut short, so the members are checked
    here in one streaming pass (output discarded, memory bounded).  A plain WARC
    cut inside a record shows as a short record and is caught while reading.
    """
    import zlib

    with open(path, "rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return True
        fh.seek(0)
        unpack, fed = zlib.decompressobj(wbits=31), False
        while block := fh.read(1 << 20):
            while block:
                fed = True
                try:
                    unpack.decompress(block, 1 << 22)
                except zlib.error:
                    return False
                if unpack.eof:
                    block = unpack.unused_data
                    unpack, fed = zlib.decompressobj(wbits=31), False
                else:
                    block = unpack.unconsumed_tail
        return not fed
