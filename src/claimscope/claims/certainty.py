"""How firmly a claim is put, and whether it names what it rests on.

``certainty``: *attributed* when the outlet passes on someone else's words (an
indirect or headline quote, "according to …"), *hedged* when the clause itself
softens it ("reportedly", "may", "it seems"), *negated* when its predicate is
denied, else *asserted*.  Attribution comes first because it says whose
certainty we are reading at all.

``evidence``: *cited* when a source or body of evidence is named ("according to
a report", "data show", "a study found"), *none* when the claim boosts its own
certainty without naming any ("It has been proven once again that …", "it is
obvious that", "everyone knows") — the pattern fact-checkers look for first —
else ``None`` (nothing either way).
"""
from __future__ import annotations

from typing import Literal

from spacy.tokens import Span, Token

from .segment import SUBJECT_DEPS, Proposition

__all__ = ["Certainty", "Evidence", "certainty", "evidence"]

Certainty = Literal["asserted", "hedged", "attributed", "negated"]
Evidence = Literal["none", "cited"]

_ATTRIBUTED_QUOTES = frozenset({"indirect", "headline"})
_HEDGE_WORDS = frozenset({"reportedly", "allegedly", "apparently", "probably", "possibly", "perhaps", "maybe", "presumably",
                          "supposedly", "seemingly", "purportedly", "ostensibly", "likely", "unlikely", "arguably", "conceivably"})
_HEDGE_MODALS = frozenset({"may", "might"})
_HEDGE_VERBS = frozenset({"seem", "appear"})
#: "X is said/believed/reported to be …"
_REPORT_PARTICIPLES = frozenset({"said", "believed", "thought", "reported", "alleged", "rumoured", "rumored", "understood", "claimed", "supposed"})
_NEG_DETERMINERS = frozenset({"no", "neither"})
_NEG_PRONOUNS = frozenset({"nobody", "nothing", "none", "noone"})

_EVIDENCE_NOUNS = frozenset({"report", "study", "data", "survey", "poll", "statistic", "statistics", "figure", "document", "documents",
                             "research", "investigation", "evidence", "footage", "image", "photograph", "photo", "video", "record",
                             "analysis", "intelligence", "audit", "census", "estimate", "inquiry", "review", "paper", "dataset",
                             "recording", "testimony", "satellite", "findings", "finding", "experiment", "trial"})
_EVIDENTIAL_VERBS = frozenset({"show", "prove", "confirm", "reveal", "indicate", "suggest", "find", "demonstrate", "document",
                               "establish", "verify", "corroborate"})
_OBVIOUS = frozenset({"obvious", "clear", "evident", "undeniable", "indisputable", "certain", "plain", "self-evident", "known",
                      "well-known", "unquestionable", "beyond"})
_BOOSTER_ADVERBS = frozenset({"obviously", "undoubtedly", "undeniably", "indisputably", "unquestionably", "evidently", "doubtless",
                              "clearly", "certainly"})
_EVERYONE = frozenset({"everyone", "everybody", "all"})


def _aux_words(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def _is_hedged(prop: Proposition) -> bool:
    head = prop.head
    if _aux_words(head) & _HEDGE_MODALS or head.lemma_ in _HEDGE_VERBS:
        return True
    if head.lower_ in _REPORT_PARTICIPLES and any(c.dep_ == "auxpass" for c in head.children) and any(
        c.dep_ == "xcomp" for c in head.children
    ):
        return True
    return any(t.lower_ in _HEDGE_WORDS and t.pos_ in ("ADV", "ADJ") for t in prop.span)


def _is_negated(head: Token) -> bool:
    for child in head.children:
        if child.dep_ == "neg" or (child.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in child.children)):
            return True
        if child.dep_ in SUBJECT_DEPS | {"dobj", "attr"}:
            if child.lower_ in _NEG_PRONOUNS or any(d.dep_ == "det" and d.lower_ in _NEG_DETERMINERS for d in child.children):
                return True
    return False


def certainty(prop: Proposition, quote_kind: str | None = None) -> Certainty:
    """``quote_kind``: kind of the quote the claim lies in (direct/indirect/headline), None outside quotes."""
    if quote_kind in _ATTRIBUTED_QUOTES or any(t.lower_ == "according" and t.nbor(1).lower_ == "to" for t in prop.span[:-1]):
        return "attributed"
    if _is_hedged(prop):
        return "hedged"
    if _is_negated(prop.head):
        return "negated"
    return "asserted"


def _evidence_noun(tok: Token) -> bool:
    return tok.lower_ in _EVIDENCE_NOUNS or tok.lemma_.lower() in _EVIDENCE_NOUNS


def _cites(tok: Token) -> bool:
    """An evidence noun in a role that names it as the basis: subject of 'show', 'according to',
    agent of 'proven by', 'based on', 'citing'."""
    if not _evidence_noun(tok):
        return False
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in _EVIDENTIAL_VERBS:
        return True
    if tok.dep_ == "pobj":
        prep = head.lower_
        if prep == "to" and head.i > 0 and tok.doc[head.i - 1].lower_ == "according":
            return True
        if prep == "by" and head.dep_ == "agent":
            return True
        if prep == "on" and head.head.lower_ == "based":
            return True
        if prep in ("in", "from") and head.head.lemma_ in _EVIDENTIAL_VERBS | {"say", "state", "publish"}:
            return True
    return tok.dep_ == "dobj" and head.lemma_ == "cite"


def _boosts(prop: Proposition) -> bool:
    for tok in prop.span:
        subj = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
        # "It has been proven (once again) that …": an evidential passive with no agent
        if tok.lemma_ in _EVIDENTIAL_VERBS and tok.tag_ == "VBN" and subj is not None and subj.lower_ == "it":
            if not any(c.dep_ == "agent" for c in tok.children):
                return True
        # "it is obvious/clear that …", "it is no secret that …"
        if tok.lemma_ == "be" and subj is not None and subj.lower_ == "it":
            for c in tok.children:
                if c.dep_ == "acomp" and c.lower_ in _OBVIOUS and not _is_negated(tok):  # "it is not clear" doubts
                    return True
                if c.dep_ == "attr" and c.lower_ == "secret" and any(d.lower_ == "no" for d in c.children):
                    return True
        # "everyone knows", "we all know"
        if tok.lemma_ == "know" and subj is not None and (
            subj.lower_ in _EVERYONE or any(d.lower_ == "all" for d in subj.children) or any(d.lower_ == "all" and d.dep_ != "dobj" for d in tok.children)
        ):
            return True
        # "X is clearly Y", "clearly does not": before the predicate it vouches for the claim;
        # after it, or graded ("more clearly"), it describes the manner ("speak clearly")
        if tok.lower_ in _BOOSTER_ADVERBS and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX"):
            if tok.i < tok.head.i and not any(c.dep_ == "advmod" for c in tok.children):
                return True
        # "of course", "without (a) doubt", "there is no doubt"
        if tok.lower_ == "course" and tok.head.lower_ == "of" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "of":
            return True
        if tok.lower_ == "doubt" and (tok.head.lower_ == "without" or any(d.lower_ == "no" for d in tok.children)):
            return True
    return False


def evidence(prop: Proposition, source: Span | None = None) -> Evidence | None:
    """``source``: the phrase a quote containing the claim is attributed to ("a UN report" in
    "According to a UN report, …"); naming a body of evidence there cites it too."""
    if any(_cites(t) for t in prop.span):
        return "cited"
    if source is not None and any(_evidence_noun(t) for t in source):
        return "cited"
    if _boosts(prop):
        return "none"
    return None
