"""The one shape every reader returns, so the pipeline never cares where text came from."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Article:
    """Plain article text plus whatever metadata the reader could find.

    ``text`` is exactly the string the analysis runs on (headline first); all
    report offsets index into it.  ``body_start`` is where the body begins
    after the headline/date/section lines, so components can tell the
    headline apart from paragraphs.
    """

    text: str
    source: str = "<string>"
    title: str | None = None
    published: str | None = None  # ISO 8601, no timezone games
    sections: list[str] = field(default_factory=list)
    outlet: str | None = None
    url: str | None = None
    genre: str | None = None
    language: str = "en"
    title_span: tuple[int, int] | None = None
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)
