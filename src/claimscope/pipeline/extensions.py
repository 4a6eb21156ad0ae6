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


_TEXT_KEY = "claimscope.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, joined once per doc: spaCy rebuilds it from every token on each access,
    which made rules that look at the text in a loop quadratic on long articles."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text
