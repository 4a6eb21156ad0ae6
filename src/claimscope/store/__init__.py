"""The corpus store: SQLAlchemy models, Alembic migrations, one writer and the read API.

    >>> from claimscope.store import open_store
    >>> store = open_store()            # claimscope.db here, or $CLAIMSCOPE_DB, or a URL
    >>> store.write_reports(reports)    # one transaction per batch
    >>> store.search("sanctions", {"outlet": "Example News"}).hits
"""
from __future__ import annotations

from .engine import resolve_url
from .search import MARK_END, MARK_START, SearchFilters, SearchHit, SearchPage
from .store import FailureRow, RunRow, Store, open_store
from .writer import Batch, BatchResult, InputMark, StoredReport

__all__ = [
    "open_store", "resolve_url", "Store", "SearchFilters", "SearchHit", "SearchPage", "MARK_START", "MARK_END",
    "FailureRow", "RunRow", "Batch", "BatchResult", "InputMark", "StoredReport",
]
