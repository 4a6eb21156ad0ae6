"""The evaluative lexicon (``data/evaluative.tsv``), loaded once and read-only.

One table serves two readers: claim typing (does this clause judge?) and stance
(whom does it judge, and which way?).  Keeping it in a TSV lets a reviewer audit
every word and its polarity without reading code.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Literal, Mapping

from spacy.tokens import Token

__all__ = ["INTENSIFIERS", "Entry", "Kind", "evaluative", "headwords", "lookup", "lookup_forms"]

Kind = Literal["eval", "falsity", "label", "relation", "act", "attitude", "blame", "harm"]
_KINDS = frozenset({"eval", "falsity", "label", "relation", "act", "attitude", "blame", "harm"})
#: degree adverbs: "very dangerous" judges harder; "so great" makes a gradable adjective a judgement
INTENSIFIERS = frozenset({"very", "so", "too", "extremely", "highly", "incredibly", "utterly", "absolutely", "totally",
                          "completely", "really", "truly", "deeply", "particularly", "most"})
#: spaCy tags a participle/proper adjective variously; these count as the lexicon's ADJ
_POS_ALIASES = {"ADJ": frozenset({"ADJ"}), "ADV": frozenset({"ADV"}), "NOUN": frozenset({"NOUN", "PROPN"}), "VERB": frozenset({"VERB"})}


@dataclass(frozen=True, slots=True)
class Entry:
    lemma: str
    pos: str  # ADJ | ADV | NOUN | VERB | *
    polarity: float
    kind: Kind


@cache
def evaluative() -> Mapping[str, tuple[Entry, ...]]:
    """lemma -> its entries (one per part of speech), from the shipped TSV."""
    table: dict[str, list[Entry]] = {}
    text = resources.files("claimscope").joinpath("data/evaluative.tsv").read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        lemma, pos, polarity, kind = line.split("\t")
        if kind not in _KINDS or not -1.0 <= float(polarity) <= 1.0:
            raise ValueError(f"evaluative.tsv line {n}: bad kind or polarity: {line!r}")
        table.setdefault(lemma.lower(), []).append(Entry(lemma.lower(), pos, float(polarity), kind))  # type: ignore[arg-type]
    return MappingProxyType({k: tuple(v) for k, v in table.items()})


@cache
def headwords() -> frozenset[str]:
    """Every lemma in the table: a word that is none of these has no entry (a cheap first test)."""
    return frozenset(evaluative())


@lru_cache(maxsize=1 << 16)
def lookup_forms(lemma: str, lower: str, pos: str) -> Entry | None:
    """The entry for a word with this lower-cased lemma, lower-cased form and part of speech;
    cached because the same words recur in every article."""
    table = evaluative()
    for key in (lemma, lower):
        for entry in table.get(key, ()):
            if entry.pos == "*" or pos in _POS_ALIASES.get(entry.pos, ()):
                return entry
    return None


def lookup(tok: Token) -> Entry | None:
    """The entry for this token in its part of speech, by lemma then by form."""
    return lookup_forms(tok.lemma_.lower(), tok.lower_, tok.pos_)
