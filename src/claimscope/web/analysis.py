"""Analysing text sent to the web app: one pipeline, loaded on first use, one document at a time.

The spaCy pipeline takes seconds to load and a core per document, so it is
loaded lazily (a read-only server that nobody asks to analyse never pays) and
calls are serialised by a lock: two large pastes cannot starve the page reads.
"""
from __future__ import annotations

import threading

from ..config import Settings
from ..errors import ReadError
from ..reading import read_bytes
from ..reading.article import Article
from ..reading.metadata import complete
from ..reading.plaintext import read_plain
from ..report.model import Report

__all__ = ["Analyzer", "AnalysisError", "MAX_CHARS"]

MAX_CHARS = 500_000  # well under spaCy's max_length, and minutes of CPU at most


class AnalysisError(ValueError):
    """The input could not be read as an article (the request answers 422)."""


class Analyzer:
    """Text or an uploaded file in, a report out; nothing is stored here."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self._lock = threading.Lock()

    def report(self, article: Article) -> Report:
        from ..api import analyze_articles

        if not article.text.strip():
            raise AnalysisError("the text is empty")
        if len(article.text) > MAX_CHARS:
            raise AnalysisError(f"the text has {len(article.text)} characters; the limit is {MAX_CHARS}")
        with self._lock:
            return next(analyze_articles([article], self.settings))

    def from_text(self, text: str, *, title: str | None = None, outlet: str | None = None, published: str | None = None,
                  url: str | None = None, genre: str | None = None, source: str | None = None) -> Report:
        """Pasted text; metadata given explicitly wins over what the reader finds in the text."""
        article = complete(read_plain(text, source or "<web>"))
        for name, value in (("title", title), ("outlet", outlet), ("published", published), ("url", url), ("genre", genre)):
            if value:
                setattr(article, name, value)
        return self.report(article)

    def from_upload(self, data: bytes, filename: str) -> Report:
        """An uploaded file (text, HTML, JSON or JSONL: its first article)."""
        if not data:
            raise AnalysisError(f"{filename}: the file is empty")
        for item in read_bytes(data, filename or "<upload>", settings=self.settings):
            if isinstance(item, ReadError):
                raise AnalysisError(str(item))
            return self.report(item)
        raise AnalysisError(f"{filename}: no article found")
