"""spaCy component ``claimscope_claims``: every proposition as a typed, attributed claim.

Runs after the quotes component: a sentence is first cut where quotes begin and
end, so each claim lies wholly in one voice (a quote's speaker, or the outlet's
own), then split into propositions (``claims.segment``).  Frames that only
introduce speech ("Koltashov said", "According to the expert,") are not claims.
Questions are skipped: they ask rather than assert.  Check-worthiness comes from
the shipped model, scored once per document over all its claims.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..claims.certainty import certainty, evidence
from ..claims.segment import Proposition, is_question, propositions
from ..claims.typing import claim_type
from . import extensions  # noqa: F401  (registers Doc._.claims)

__all__ = ["ClaimRecord", "ClaimFinder", "Scorer", "claim_at", "make_claim_finder"]


class Scorer(Protocol):
    def score(self, texts: Sequence[str]) -> list[float]: ...


@dataclass
class ClaimRecord:
    """A claim; ``start``/``end`` are exact characters into ``doc.text``, ``head`` the token
    index of its main predicate (later components read modality and targets from it)."""

    id: str
    start: int
    end: int
    token_start: int
    token_end: int
    head: int
    type: str
    certainty: str
    evidence: str | None = None
    speaker: str | None = None
    quote: str | None = None
    actors: list[str] = field(default_factory=list)
    checkworthiness: float = 0.0

    def span(self, doc: Doc) -> Span:
        return doc[self.token_start : self.token_end]

    def to_fields(self, doc: Doc) -> dict[str, Any]:
        """Exactly the keyword arguments of ``report.model.Claim``."""
        return {
            "id": self.id,
            "text": self.span(doc).text,  # == doc.text[start:end]; Doc.text is rebuilt on every access
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "checkworthiness": self.checkworthiness,
            "speaker": self.speaker,
            "quote": self.quote,
            "certainty": self.certainty,
            "evidence": self.evidence,
            "actors": list(self.actors),
        }


def claim_at(doc: Doc, start: int, end: int) -> ClaimRecord | None:
    """The claim whose span holds the characters ``start:end`` (for events: which claim an event comes from)."""
    for claim in doc._.claims or []:
        if claim.start <= start and end <= claim.end:
            return claim
    return None


def _regions(sent: Span, quotes: Sequence[Any]) -> list[tuple[Span, Any]]:
    """Cut a sentence into runs of tokens that lie in the same quote (or in none)."""
    doc = sent.doc
    near = [q for q in quotes if q.start < sent.end_char and sent.start_char < q.end]
    if not near:
        return [(sent, None)]

    def quote_of(tok_start: int, tok_end: int) -> Any:
        inside = [q for q in near if q.start <= tok_start and tok_end <= q.end]
        return min(inside, key=lambda q: q.end - q.start) if inside else None

    runs: list[tuple[int, int, Any]] = []
    for tok in sent:
        q = runs[-1][2] if tok.is_space and runs else quote_of(tok.idx, tok.idx + len(tok))
        if runs and runs[-1][2] is q:
            runs[-1] = (runs[-1][0], tok.i + 1, q)
        else:
            runs.append((tok.i, tok.i + 1, q))
    return [(doc[s:e], q) for s, e, q in runs]


class ClaimFinder:
    """Writes ``doc._.claims`` (list of :class:`ClaimRecord`, in text order, ids c1…)."""

    def __init__(self, scorer: Scorer | None, actors_key: str = "actors") -> None:
        self.scorer = scorer
        self.actors_key = actors_key

    def _cue_heads(self, doc: Doc) -> set[int]:
        """Token indices of speech verbs that introduce a quote: their clause is a frame."""
        heads: set[int] = set()
        for q in doc._.quotes or []:
            if q.cue_start is not None:
                span = doc.char_span(q.cue_start, q.cue_end, alignment_mode="expand")
                if span is not None:
                    heads.update(t.i for t in span)
        return heads

    def _mentions(self, doc: Doc) -> list[tuple[int, int, str]]:
        """(start, end, base id) of every actor mention, read once per doc."""
        spans = doc.spans[self.actors_key] if self.actors_key in doc.spans else []
        return [(s.start_char, s.end_char, s.kb_id_ or s.label_) for s in spans]

    @staticmethod
    def _actors(mentions: list[tuple[int, int, str]], start: int, end: int) -> list[str]:
        return sorted({base for s, e, base in mentions if start <= s and e <= end})

    @staticmethod
    def _source(doc: Doc, quote: Any) -> Span | None:
        """The phrase an indirect quote is attributed to, as written."""
        if quote is None or quote.kind == "direct" or quote.speaker_start is None:
            return None
        return doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")

    def _record(self, doc: Doc, prop: Proposition, quote: Any, mentions: list[tuple[int, int, str]]) -> ClaimRecord:
        span = prop.span
        return ClaimRecord(
            id="",
            start=span.start_char,
            end=span.end_char,
            token_start=span.start,
            token_end=span.end,
            head=prop.head.i,
            type=claim_type(prop),
            certainty=certainty(prop, getattr(quote, "kind", None)),
            evidence=evidence(prop, self._source(doc, quote)),
            speaker=getattr(quote, "speaker", None),
            quote=getattr(quote, "id", None),
            actors=self._actors(mentions, span.start_char, span.end_char),
        )

    def __call__(self, doc: Doc) -> Doc:
        quotes = doc._.quotes or []
        cues = self._cue_heads(doc)
        mentions = self._mentions(doc)
        claims: list[ClaimRecord] = []
        for sent in doc.sents:
            if is_question(sent):
                continue
            for region, quote in _regions(sent, quotes):
                claims.extend(self._record(doc, prop, quote, mentions) for prop in propositions(region, skip_heads=cues))
        claims.sort(key=lambda c: (c.start, c.end))
        for n, claim in enumerate(claims, 1):
            claim.id = f"c{n}"
        if claims and self.scorer is not None:
            scores = self.scorer.score([c.span(doc).text for c in claims])
            for claim, score in zip(claims, scores, strict=True):
                claim.checkworthiness = round(min(1.0, max(0.0, float(score))), 4)
        doc._.claims = claims
        return doc


def _default_scorer() -> Scorer:
    """The shipped check-worthiness model; a missing artifact fails loudly, never falls back."""
    from ..checkworthiness import load_model

    return load_model()


@Language.factory(
    "claimscope_claims",
    assigns=["doc._.claims"],
    requires=["token.dep", "token.pos", "token.lemma"],
    default_config={"actors_key": "actors", "checkworthiness": True},
)
def make_claim_finder(nlp: Language, name: str, actors_key: str, checkworthiness: bool) -> ClaimFinder:
    """``checkworthiness: false`` leaves every score at 0.0 (for rule-only runs and tests of segmentation)."""
    loader: Callable[[], Scorer] = _default_scorer
    return ClaimFinder(loader() if checkworthiness else None, actors_key=actors_key)
