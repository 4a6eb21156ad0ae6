"""claimscope: take news and opinion articles apart, every finding tied to its span.

    >>> import claimscope
    >>> report = claimscope.analyze("path/to/article.txt")   # or raw text
    >>> nlp = claimscope.load_pipeline(); doc = nlp("...");  doc._.quotes
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from .api import analyze, analyze_many, load_pipeline
    from .config import Settings
    from .report.model import Report

__all__ = ["analyze", "analyze_many", "load_pipeline", "Settings", "Report", "__version__"]


def __getattr__(name: str) -> Any:
    """Import lazily so `import claimscope` stays cheap (spaCy loads only when used)."""
    if name in ("analyze", "analyze_many", "load_pipeline"):
        from . import api

        return getattr(api, name)
    if name == "Settings":
        from .config import Settings

        return Settings
    if name == "Report":
        from .report.model import Report

        return Report
    raise AttributeError(name)
