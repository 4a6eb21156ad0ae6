"""spaCy component ``claimscope_claims``: every proposition as a typed, attributed claim.

Runs after the quotes component: a sentence is first cut where quotes begin and
end, so each claim lies wholly in one voice (a quote's speaker, or the outlet's
own), then split into propositions (``claims.segment``).  Frames that only
introduce speech ("Koltashov said", "According to the expert,") are not claims.
Questions are skipped: they ask rather than assert.  Check-worthiness comes from
the shipped model, scored once per document over all its claims.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..claims.certainty import certainty_at, evidence_at
from ..claims.segment import is_question_at, proposition_bounds
from ..claims.table import ParseTable, table_of
from ..claims.typing import claim_type_at
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
    speaker_actor: str | None = None
    speaker_text: str | None = None
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
            "voice": "outlet" if self.quote is None else "source",
            "speaker": self.speaker,
            "speaker_actor": self.speaker_actor,
            "speaker_text": self.speaker_text,
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


def _regions(t: ParseTable, start: int, end: int, quotes: Sequence[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Cut the sentence ``start:end`` (token indices) into runs of tokens that lie in the
    same quote (or in none): ``(start, end, quote)``; ``quotes`` are ``(start, end, quote)``
    in characters.  A space token stays in the run before it."""
    start_char, end_char = t.idx[start], t.end_char(end - 1)
    near = [(lo, hi, q) for lo, hi, q in quotes if lo < end_char and start_char < hi]
    if not near:
        return [(start, end, None)]
    if len(near) == 1:
        return _one_quote(t, start, end, *near[0])

    def quote_of(tok_start: int, tok_end: int) -> Any:
        inside = [(lo, hi, q) for lo, hi, q in near if lo <= tok_start and tok_end <= hi]
        return min(inside, key=lambda x: x[1] - x[0])[2] if inside else None

    runs: list[tuple[int, int, Any]] = []
    idx, ends, space = t.idx, t.ends, t.space
    for i in range(start, end):
        q = runs[-1][2] if space[i] and runs else quote_of(idx[i], ends[i])
        if runs and runs[-1][2] is q:
            runs[-1] = (runs[-1][0], i + 1, q)
        else:
            runs.append((i, i + 1, q))
    return runs


def _one_quote(t: ParseTable, start: int, end: int, lo: int, hi: int, quote: Any) -> list[tuple[int, int, Any]]:
    """:func:`_regions` when one quote touches the sentence, without a test per token: the
    tokens wholly inside it are one stretch ``a:b`` (offsets only grow), so there are at most
    three runs, and only spaces (which join the run before them) move their edges."""
    space = t.space
    a = bisect_left(t.idx, lo, start, end)  # first token starting in the quote
    b = max(a, bisect_right(t.ends, hi, a, end))  # first token ending after it
    if a <= start < b:
        first = start
    else:  # the quote's run opens at its first word
        first = max(a, start + 1)
        while first < b and space[first]:
            first += 1
        if first >= b:
            return [(start, end, None)]
    last = b  # ... and closes before the first word after it
    while last < end and space[last]:
        last += 1
    runs = [(start, first, None)] if first > start else []
    runs.append((first, last, quote))
    if last < end:
        runs.append((last, end, None))
    return runs


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
        """(start, end, base id) of every actor mention, read once per doc, by start."""
        spans = doc.spans[self.actors_key] if self.actors_key in doc.spans else []
        return sorted((s.start_char, s.end_char, s.kb_id_ or s.label_) for s in spans)

    @staticmethod
    def _actors(mentions: list[tuple[int, int, str]], start: int, end: int) -> list[str]:
        """Base ids of the mentions (sorted by start) lying inside ``start:end``."""
        first = bisect_left(mentions, (start,))
        found: set[str] = set()
        for s, e, base in mentions[first:]:
            if s > end:
                break
            if e <= end:
                found.add(base)
        return sorted(found)

    @staticmethod
    def _source(doc: Doc, quote: Any) -> tuple[int, int] | None:
        """Token bounds of the phrase an indirect quote is attributed to, as written."""
        if quote is None or quote.kind == "direct" or quote.speaker_start is None:
            return None
        span = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
        return None if span is None else (span.start, span.end)

    def _record(self, t: ParseTable, bounds: tuple[int, int, int], quote: Any, source: tuple[int, int] | None,
                mentions: list[tuple[int, int, str]]) -> ClaimRecord:
        start, end, head = bounds
        start_char, end_char = t.idx[start], t.end_char(end - 1)
        return ClaimRecord(
            id="",
            start=start_char,
            end=end_char,
            token_start=start,
            token_end=end,
            head=head,
            type=claim_type_at(t, head, start, end),
            certainty=certainty_at(t, head, start, end, getattr(quote, "kind", None)),
            evidence=evidence_at(t, start, end, source),
            speaker=getattr(quote, "speaker", None),
            speaker_actor=getattr(quote, "speaker_actor", None),
            speaker_text=getattr(quote, "speaker_text", None),
            quote=getattr(quote, "id", None),
            actors=self._actors(mentions, start_char, end_char),
        )

    def __call__(self, doc: Doc) -> Doc:
        t = table_of(doc, fresh=True)  # this doc's parse is final by now; later components share it
        quotes = [(q.start, q.end, q) for q in doc._.quotes or []]
        cues = self._cue_heads(doc)
        mentions = self._mentions(doc)
        sources: dict[int, tuple[int, int] | None] = {}
        claims: list[ClaimRecord] = []
        for sent_start, sent_end in t.sentences():
            if is_question_at(t, sent_start, sent_end):
                continue
            for start, end, quote in _regions(t, sent_start, sent_end, quotes):
                if id(quote) not in sources:
                    sources[id(quote)] = self._source(doc, quote)
                source = sources[id(quote)]
                claims.extend(self._record(t, bounds, quote, source, mentions)
                              for bounds in proposition_bounds(t, start, end, cues))
        claims.sort(key=lambda c: (c.start, c.end))
        for n, claim in enumerate(claims, 1):
            claim.id = f"c{n}"
        if claims and self.scorer is not None:
            scores = self.scorer.score([t.text[c.start : c.end] for c in claims])
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
