"""The one conversion from an annotated ``Doc`` to the public ``Report`` model."""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from .. import __version__
from ..pipeline.extensions import text_of
from ..reading.article import Article
from ..reading.metadata import complete
from ..reading.plaintext import read_plain
from .model import GENRES, Actor, Claim, Document, Event, Mention, Person, Quote, Report, Stance, Technique


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pipeline_id(nlp: Language | None) -> str:
    """Which code and model made a record: stored with every report (computed once per pipeline:
    ``nlp.meta`` gathers every component's labels and is slow)."""
    if nlp is None:
        return f"claimscope {__version__}"
    cached = getattr(nlp, "_claimscope_pipeline_id", None)
    if cached is None:
        cached = _describe(nlp)
        nlp._claimscope_pipeline_id = cached  # type: ignore[attr-defined]
    return cached


def _describe(nlp: Language) -> str:
    meta = nlp.meta
    return f"claimscope {__version__} / {meta.get('lang', 'xx')}_{meta.get('name', '?')} {meta.get('version', '?')}"


class VoiceAt(NamedTuple):
    """Whose words a span is in: the report's ``voice`` and speaker fields, as keyword arguments."""

    voice: str = "outlet"
    speaker: str | None = None
    speaker_actor: str | None = None
    speaker_text: str | None = None

    def fields(self) -> dict[str, Any]:
        return self._asdict()


OUTLET_VOICE = VoiceAt()


def voice_of(quote: Any) -> VoiceAt:
    """A quote's source as the voice of what lies inside it: a source even when its speaker is unresolved."""
    return VoiceAt("source", getattr(quote, "speaker", None), getattr(quote, "speaker_actor", None), getattr(quote, "speaker_text", None))


def voice_at(doc: Doc, start: int, end: int) -> VoiceAt:
    """Whose words ``start:end`` is in: the source of the quote containing it, else the outlet."""
    for quote in doc._.quotes or []:
        if quote.start <= start and end <= quote.end + 1:
            return voice_of(quote)
    return OUTLET_VOICE


def _document(doc: Doc, article: Article) -> Document:
    return Document(
        id=document_id(text_of(doc)),
        source=article.source,
        title=article.title,
        published=article.published,
        sections=list(article.sections),
        genre=article.genre if article.genre in GENRES else "other",
        outlet=article.outlet,
        language=article.language,
        url=article.url,
        text=text_of(doc),
    )


def _actors(doc: Doc) -> list[Actor]:
    if "actors" not in doc.spans:
        return []
    from ..gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = text_of(doc)
    grouped: OrderedDict[str, list] = OrderedDict()
    for span in doc.spans["actors"]:
        grouped.setdefault(span.kb_id_ or span.label_, []).append(span)
    actors = []
    for base, spans in grouped.items():
        try:
            entry = gaz.entity(base)
            name, kind = entry.name, entry.kind
        except KeyError:
            name, kind = spans[0].text, "group"
        mentions = [Mention(start=s.start_char, end=s.end_char, text=text[s.start_char : s.end_char], code=s.label_) for s in spans]
        actors.append(Actor(id=base, name=name, kind=kind, code=base, mentions=mentions))
    return actors


def to_report(doc: Doc, nlp: Language | None = None) -> Report:
    article = doc._.article or complete(read_plain(text_of(doc)))
    people = [
        Person(id=p.id, name=p.name, roles=list(p.roles), actor=getattr(p, "actor", None), mentions=[Mention(start=s, end=e, text=text_of(doc)[s:e]) for s, e in p.mentions])
        for p in doc._.people or []
    ]
    quotes = [
        Quote(id=q.id, kind=q.kind, text=text_of(doc)[q.start : q.end], start=q.start, end=q.end, speaker=q.speaker,
              speaker_actor=getattr(q, "speaker_actor", None), speaker_text=q.speaker_text, speaker_start=q.speaker_start,
              speaker_end=q.speaker_end, cue=q.cue, cue_start=q.cue_start, cue_end=q.cue_end)
        for q in doc._.quotes or []
    ]
    claims = [Claim(**c.to_fields(doc)) for c in doc._.claims or []]
    events = [_event(doc, e, n, claims) for n, e in enumerate(doc._.events or [], 1)]
    stances = [Stance(**s) if isinstance(s, dict) else Stance(**s.to_fields()) for s in doc._.stances or []]
    techniques = [
        Technique(technique=span.label_, start=span.start_char, end=span.end_char, text=text_of(doc)[span.start_char : span.end_char],
                  **voice_at(doc, span.start_char, span.end_char).fields())
        for span in doc.spans.get("techniques", [])
    ]
    return Report(
        document=_document(doc, article),
        people=people,
        actors=_actors(doc),
        quotes=quotes,
        claims=claims,
        events=events,
        stances=stances,
        techniques=techniques,
        pipeline=pipeline_id(nlp),
    )


def _event(doc: Doc, e, n: int, claims: list[Claim]) -> Event:  # type: ignore[no-untyped-def]
    """An event record from the coder, tied to whose words it is in and the claim it comes from."""
    trigger = getattr(e, "trigger_start", e.start)
    claim = next((c.id for c in claims if c.start <= trigger < c.end), None)
    return Event(
        id=f"e{n}",
        source=e.source,
        target=e.target,
        code=e.code,
        label=e.label,
        modality=e.modality,
        **voice_at(doc, trigger, trigger + 1).fields(),
        claim=claim,
        start=e.start,
        end=e.end,
        via=list(e.via or []),
        goldstein=e.goldstein,
    )
