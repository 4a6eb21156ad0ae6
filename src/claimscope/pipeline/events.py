"""spaCy component ``claimscope_events``: CAMEO events into ``doc._.events``.

Why a component: the pipeline is one spaCy ``Language``; the events stage
runs after the actor component (which fills ``doc.spans["actors"]``) and
leaves a list of :class:`claimscope.events.coder.EventRecord` for the report
builder.  The lexicon is loaded once, when the pipeline is built.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimscope.events.coder import EventRecord, code_events
from claimscope.events.lexicon import Lexicon, load_lexicon

from .extensions import register

__all__ = ["EventCoder", "make_event_coder"]

# ``doc._.events`` defaults to None, never to a shared list: each call sets a fresh list
register()
if not Doc.has_extension("events"):  # pragma: no cover - extensions.py lists it
    Doc.set_extension("events", default=None)


class EventCoder:
    """Callable component; ``doc._.events`` becomes a new ``list[EventRecord]``."""

    def __init__(self, name: str, spans_key: str, lexicon: Lexicon | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.lexicon = lexicon or load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        events: list[EventRecord] = code_events(doc, self.spans_key, self.lexicon)
        doc._.events = events
        return doc


@Language.factory(
    "claimscope_events",
    assigns=["doc._.events"],
    requires=["token.dep", "token.lemma", "token.pos"],
    default_config={"spans_key": "actors"},
)
def make_event_coder(nlp: Language, name: str, spans_key: str) -> EventCoder:
    """Build the events component (``nlp.add_pipe("claimscope_events", after="claimscope_actors")``)."""
    return EventCoder(name, spans_key)
