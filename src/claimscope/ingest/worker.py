"""Analysis of one chunk of articles: runs in a worker process, or in-process for one worker.

Each worker process loads the pipeline once (``init``) and keeps it for every
chunk it is given; the settings live in this module for the life of that
process, which is what a ``multiprocessing`` initializer is for.  A chunk that
fails is retried one article at a time, so one bad article becomes one failure
and the rest of its chunk is still stored.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..config import Settings
from ..reading.article import Article

__all__ = ["Analysed", "Failed", "init", "warm", "analyse_chunk"]

_settings: Settings | None = None
_warmed = False


@dataclass(slots=True)
class Analysed:
    report: dict[str, Any]
    signature: bytes


@dataclass(slots=True)
class Failed:
    source: str
    reason: str


def init(settings: Settings) -> None:
    """Pool initializer: remember the settings and load the pipeline now, not on the first chunk."""
    global _settings
    _settings = settings
    warm(settings)


def warm(settings: Settings) -> None:
    """Load the pipeline (and datasketch) before the first chunk, then take what is loaded out of GC sweeps.

    The pipeline's objects live as long as the process, yet every full
    collection walked them all again, and the rows and reports of an ingest
    trigger collections at twice the rate of analysis alone.  After
    ``gc.freeze()`` collections walk only what was made since.  Once per process.
    """
    import gc

    global _warmed
    if _warmed:
        return
    _warmed = True

    from ..pipeline import load
    from ..store.neardup import buckets, signature

    load(settings)
    buckets(signature("warm up"))  # import datasketch and size the LSH bands now too
    gc.collect()
    gc.freeze()


def _analyse(articles: list[Article], settings: Settings) -> list[Analysed]:
    from ..api import analyze_articles
    from ..store.neardup import signature

    warm(settings)
    return [Analysed(r.to_dict(), signature(r.document.text)) for r in analyze_articles(articles, settings)]


def analyse_chunk(articles: list[Article], settings: Settings | None = None) -> list[Analysed | Failed]:
    """Reports (with MinHash signatures) for ``articles``, in order; a failure in place of each article that broke."""
    settings = settings or _settings or Settings()
    try:
        return list(_analyse(articles, settings))
    except Exception:  # isolate the article that broke the batch
        pass
    out: list[Analysed | Failed] = []
    for article in articles:
        try:
            out.extend(_analyse([article], settings))
        except Exception as exc:  # one article's failure is recorded, never fatal to the run
            out.append(Failed(article.source, f"analysis failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"))
    return out
