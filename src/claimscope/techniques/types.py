"""Small shared types, kept apart so rules, model and component agree on one shape."""
from __future__ import annotations

from typing import NamedTuple, Sequence

#: Sentence boundaries as ``(start_char, end_char)`` pairs, as the caller's parser found them.
Sentences = Sequence[tuple[int, int]]


class TechniqueSpan(NamedTuple):
    """One labelled stretch of text; a span with two labels is two of these."""

    start: int
    end: int
    technique: str
    score: float
