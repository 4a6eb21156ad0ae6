"""spaCy component ``claimscope_stance``: how each voice stands toward each actor it talks about.

Holders are the speakers of claims (person ids) and the outlet's own voice
("outlet"); claims in a quote whose speaker is unknown have no holder and are
left out rather than put in the outlet's mouth.  Evidence comes from two places:

* the claims: evaluative words aimed at an actor (``claims.polarity``);
* the events: a recommended hostile action (CAMEO roots 10-20: demand … mass
  violence) is hostility toward its target, a recommended cooperative one (03-08)
  friendliness; an asserted or alleged use of force or threat (13, 15-20) counts
  against its source.  Verbal disputes the holder merely reports (11, 12, 14) say
  nothing about the holder.

Polarity is the mean of the cue scores shrunk toward 0 by one pseudo-observation,
``sum / (n + 1)``, so a single cue reads as a lean and several agreeing cues as a
clear stance.  Only pairs with at least one cue are written.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..claims.polarity import ActorIndex, judgements
from . import extensions  # noqa: F401  (registers Doc._.stances)

__all__ = ["StanceFinder", "make_stance_finder"]

OUTLET = "outlet"
_HOSTILE_ROOTS = frozenset(range(10, 21))
_COOPERATIVE_ROOTS = frozenset(range(3, 9))
#: force and threats reported as done: they weigh against the doer
_FORCE_ROOTS = frozenset({13, 15, 17, 18, 19, 20})
_RECOMMENDED_WEIGHT = 0.8
_COOPERATIVE_WEIGHT = 0.5
_FORCE_WEIGHT = {"asserted": 0.5, "alleged": 0.7}


def _root(code: str) -> int | None:
    digits = code[:2]
    return int(digits) if digits.isdigit() else None


class StanceFinder:
    """Writes ``doc._.stances``: list of ``{holder, target, polarity, evidence}`` dicts."""

    def __init__(self, actors_key: str = "actors") -> None:
        self.actors_key = actors_key

    @staticmethod
    def _holder(speaker: str | None, quote: str | None) -> str | None:
        if speaker is not None:
            return speaker
        return OUTLET if quote is None else None

    def _base_ids(self, doc: Doc) -> dict[str, str]:
        """Full CAMEO code ('AZEGOV') -> base actor id ('AZE'), as the actor spans say."""
        spans = doc.spans[self.actors_key] if self.actors_key in doc.spans else []
        return {s.label_: (s.kb_id_ or s.label_) for s in spans}

    def _event_holder(self, doc: Doc, event: Any) -> tuple[str | None, Any]:
        """Whose words the event's trigger is in (and its claim), as the report ties them."""
        at = getattr(event, "trigger_start", event.start)
        claim = next((c for c in doc._.claims or [] if c.start <= at < c.end), None)
        if claim is not None:
            return self._holder(claim.speaker, claim.quote), claim
        quote = next((q for q in doc._.quotes or [] if q.start <= at < q.end), None)
        return self._holder(getattr(quote, "speaker", None), getattr(quote, "id", None)), None

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.spans[self.actors_key] if self.actors_key in doc.spans else []
        index = ActorIndex(doc, list(spans))
        cues: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
        for claim in doc._.claims or []:
            holder = self._holder(claim.speaker, claim.quote)
            if holder is None:
                continue
            for j in judgements(claim.span(doc), index, recommends=claim.type == "recommendation"):
                cues[(holder, j.target)].append((j.score, claim.id))
        base = self._base_ids(doc)
        for n, event in enumerate(doc._.events or [], 1):
            root = _root(str(event.code))
            if root is None:
                continue
            holder, claim = self._event_holder(doc, event)
            if holder is None:
                continue
            modality = event.modality
            if modality == "possible" and claim is not None and claim.type == "recommendation":
                modality = "recommended"  # "Russia can condemn this", said as advice
            eid = f"e{n}"
            target = getattr(event, "target_id", None) or (base.get(event.target, event.target) if event.target else None)
            source = getattr(event, "source_id", None) or (base.get(event.source, event.source) if event.source else None)
            if modality == "recommended" and target:
                if root in _HOSTILE_ROOTS:
                    cues[(holder, target)].append((-_RECOMMENDED_WEIGHT, eid))
                elif root in _COOPERATIVE_ROOTS:
                    cues[(holder, target)].append((_COOPERATIVE_WEIGHT, eid))
            elif modality in _FORCE_WEIGHT and source and root in _FORCE_ROOTS:
                cues[(holder, source)].append((-_FORCE_WEIGHT[modality], eid))
        stances = []
        for (holder, target), found in sorted(cues.items()):
            total = sum(score for score, _ in found)
            evidence = list(dict.fromkeys(ref for _, ref in found))
            stances.append({"holder": holder, "target": target, "polarity": round(max(-1.0, min(1.0, total / (len(found) + 1))), 2), "evidence": evidence})
        doc._.stances = stances
        return doc


@Language.factory("claimscope_stance", assigns=["doc._.stances"], default_config={"actors_key": "actors"})
def make_stance_finder(nlp: Language, name: str, actors_key: str) -> StanceFinder:
    return StanceFinder(actors_key=actors_key)
