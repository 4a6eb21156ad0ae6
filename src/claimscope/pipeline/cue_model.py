"""The attribution cue model: which verbs introduce what someone said, thought or found.

A logistic regression over parse features, trained on PolNeAR's annotated attributions
by ``scripts/train_attribution.py``; the package ships only its weights
(``data/cue_model.json``: feature -> weight), so scoring needs no scikit-learn and costs a
dictionary lookup per feature.  Features are shared by training and scoring from this one
module, so the two cannot drift apart.
"""
from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

#: parts of speech a cue head can have ("said", "according", "believes")
CANDIDATE_POS = frozenset({"VERB", "AUX"})
_SUBJ = ("nsubj", "nsubjpass")
_QUANTIFIERS = frozenset({"anyone", "anybody", "everyone", "everybody", "nobody", "someone", "somebody", "who", "what", "which", "that", "it", "this", "there"})


def is_candidate(tok: Token) -> bool:
    """Tokens the model scores: verbs, and 'according' of 'according to'."""
    return tok.pos_ in CANDIDATE_POS or tok.lower_ == "according"


def subject_of(verb: Token, after: int = -1) -> Token | None:
    """The verb's subject (the first after character ``after`` when given), climbing
    through coordinated and open-complement verbs ('… and said', 'was quoted as saying')."""
    for child in verb.children:
        if child.dep_ in _SUBJ and child.idx > after:
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp") and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head, after)
    return None


@dataclass(frozen=True)
class QuoteIndex:
    """Sorted direct-quote character ranges of a doc, for 'is this token quoted' lookups."""

    starts: Sequence[int]
    ends: Sequence[int]

    def inside(self, char: int) -> bool:
        i = bisect_right(self.starts, char) - 1
        return i >= 0 and char < self.ends[i]


def features(tok: Token, quotes: QuoteIndex, people: frozenset[int], actors: frozenset[int]) -> list[str]:
    """String features of one candidate cue token; ``people``/``actors`` are the character
    offsets covered by person and actor mentions."""
    lem = tok.lemma_.lower()
    f = [f"lem={lem}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"lem|dep={lem}|{tok.dep_}"]
    deps = {c.dep_ for c in tok.children}
    for d in deps:
        f.append(f"cd={d}")
    for d in ("ccomp", "xcomp", "dobj", "parataxis"):
        if d in deps:
            f.append(f"lem|{d}={lem}")
    comp = next((c for c in tok.children if c.dep_ in ("ccomp", "parataxis")), None)
    if comp is not None:
        f.append("comp_before" if comp.i < tok.i else "comp_after")
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in comp.children):
            f.append("comp_that")
    if tok.dep_ in ("ccomp", "xcomp", "conj", "advcl", "relcl", "acl"):
        f.append(f"head={tok.head.lemma_.lower()}|{tok.dep_}")
    subj = subject_of(tok)
    if subj is None:
        f.append("subj=none")
    else:
        kind = "person" if subj.idx in people else "actor" if subj.idx in actors else subj.ent_type_ or subj.pos_
        f += [f"subj={kind}", f"lem|subj={lem}|{kind}", "subj_after" if subj.i > tok.i else "subj_before"]
        if subj.pos_ == "PRON" or subj.lower_ in _QUANTIFIERS:
            f.append(f"subj_word={subj.lower_}")
        if quotes.inside(subj.idx):
            f.append("subj_quoted")
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        f.append("passive")
    if quotes.inside(tok.idx):
        f.append("quoted")
    doc = tok.doc
    for k in (1, 2, 3):
        j = tok.i - k
        if j >= 0 and doc[j].text in ('”', '"', "''", "»"):
            f.append("after_close")
            break
    for k in (1, 2, 3):
        j = tok.i + k
        if j < len(doc) and doc[j].text in ('“', '"', "``", "''", "«"):
            f.append("before_open")
            break
    if tok.i + 1 < len(doc):
        f.append(f"next={doc[tok.i + 1].lower_}")
    if tok.i > 0:
        f.append(f"prev={doc[tok.i - 1].lower_}")
    if tok.sent[-1].text == "?" or (len(tok.sent) > 1 and tok.sent[-2].text == "?"):
        f.append("question")
    return f


@dataclass
class CueModel:
    """Weights of the trained logistic regression."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(x, 0.0) for x in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_cue_model() -> CueModel:
    """The shipped model; a missing file is an error, never silently random weights."""
    raw = json.loads(resources.files("claimscope").joinpath("data/cue_model.json").read_text("utf-8"))
    return CueModel(weights=raw["weights"], bias=raw["bias"], threshold=raw["threshold"])


def char_sets(doc: Doc, people_key: str = "people", actors_key: str = "actors") -> tuple[frozenset[int], frozenset[int]]:
    """Character offsets of person and actor mention starts and insides (subject heads land in them)."""
    def chars(key: str) -> frozenset[int]:
        return frozenset(i for span in doc.spans.get(key, []) for i in range(span.start_char, span.end_char))

    return chars(people_key), chars(actors_key)
