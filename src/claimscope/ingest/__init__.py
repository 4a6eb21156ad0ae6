"""Corpus ingest: paths in, a resumable, deduplicated database out.

    >>> from claimscope.ingest import ingest
    >>> from claimscope.store import open_store
    >>> stats = ingest(["articles/"], open_store(), workers=2)
"""
from __future__ import annotations

from .engine import IngestStats, ingest, text_id
from .inputs import read_file, walk
from .warc import read_warc

__all__ = ["ingest", "IngestStats", "text_id", "read_file", "walk", "read_warc"]
