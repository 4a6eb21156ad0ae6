"""The ``Doc``/``Span`` extension attributes our components write, registered in one place."""
from __future__ import annotations

from spacy.tokens import Doc, Span

#: doc-level results; each holds a list (or the Article) set by one component
DOC_EXTENSIONS = ("article", "people", "quotes", "claims", "events", "stances")
SPAN_EXTENSIONS = ("speaker", "cue", "quote_id", "person_id")


def register() -> None:
    """Idempotent: safe to call from every component factory."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register()
