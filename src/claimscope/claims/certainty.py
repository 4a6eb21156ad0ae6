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

from spacy.tokens import Span

from .segment import SUBJECT_DEPS, Proposition
from .table import ParseTable, table_of

__all__ = ["Certainty", "Evidence", "certainty", "certainty_at", "evidence", "evidence_at"]

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


_AUX_DEPS = ("aux", "auxpass")
_NEGATABLE_DEPS = SUBJECT_DEPS | {"dobj", "attr"}
_CITING_VERBS = _EVIDENTIAL_VERBS | {"say", "state", "publish"}
#: a token can only boost (``_boosts``) with one of these lemmas or forms
_BOOST_LEMMAS = _EVIDENTIAL_VERBS | {"be", "know"}
_BOOST_FORMS = _BOOSTER_ADVERBS | {"course", "doubt"}

# The rules below read the parse by token index (see ``table``); ``t`` is the doc's table.


def _aux_words(t: ParseTable, i: int) -> set[str]:
    dep, lower = t.dep, t.lower
    return {lower[c] for c in t.children[i] if dep[c] in _AUX_DEPS}


def _is_hedged(t: ParseTable, head: int, start: int, end: int) -> bool:
    dep = t.dep
    if _aux_words(t, head) & _HEDGE_MODALS or t.lemma[head] in _HEDGE_VERBS:
        return True
    kids = t.children[head]
    if t.lower[head] in _REPORT_PARTICIPLES and any(dep[c] == "auxpass" for c in kids) and any(dep[c] == "xcomp" for c in kids):
        return True
    lower, pos = t.lower, t.pos
    if _HEDGE_WORDS.isdisjoint(lower[start:end]):
        return False
    return any(lower[i] in _HEDGE_WORDS and pos[i] in ("ADV", "ADJ") for i in range(start, end))


def _is_negated(t: ParseTable, head: int) -> bool:
    dep, lower, children = t.dep, t.lower, t.children
    for child in children[head]:
        d = dep[child]
        if d == "neg":
            return True
        if d in _AUX_DEPS:  # "does not", "has not been"
            for g in children[child]:
                if dep[g] == "neg":
                    return True
        elif d in _NEGATABLE_DEPS:  # "nobody knows", "no country has"
            if lower[child] in _NEG_PRONOUNS:
                return True
            for g in children[child]:
                if dep[g] == "det" and lower[g] in _NEG_DETERMINERS:
                    return True
    return False


def certainty_at(t: ParseTable, head: int, start: int, end: int, quote_kind: str | None = None) -> Certainty:
    """Certainty of the proposition ``start:end`` with main predicate ``head`` (token indices)."""
    lower = t.lower
    if quote_kind in _ATTRIBUTED_QUOTES or ("according" in lower[start : end - 1] and any(
        lower[i] == "according" and lower[i + 1] == "to" for i in range(start, end - 1)
    )):
        return "attributed"
    if _is_hedged(t, head, start, end):
        return "hedged"
    if _is_negated(t, head):
        return "negated"
    return "asserted"


def certainty(prop: Proposition, quote_kind: str | None = None) -> Certainty:
    """``quote_kind``: kind of the quote the claim lies in (direct/indirect/headline), None outside quotes."""
    span = prop.span
    return certainty_at(table_of(span.doc), prop.head.i, span.start, span.end, quote_kind)


def _evidence_noun(t: ParseTable, i: int) -> bool:
    return t.lower[i] in _EVIDENCE_NOUNS or t.lemma_lower[i] in _EVIDENCE_NOUNS


def _cites(t: ParseTable, i: int) -> bool:
    """An evidence noun in a role that names it as the basis: subject of 'show', 'according to',
    agent of 'proven by', 'based on', 'citing'."""
    if not _evidence_noun(t, i):
        return False
    dep, lower, lemma = t.dep, t.lower, t.lemma
    head = t.head[i]
    if dep[i] in ("nsubj", "nsubjpass") and lemma[head] in _EVIDENTIAL_VERBS:
        return True
    if dep[i] == "pobj":
        prep = lower[head]
        if prep == "to" and head > 0 and lower[head - 1] == "according":
            return True
        if prep == "by" and dep[head] == "agent":
            return True
        if prep == "on" and lower[t.head[head]] == "based":
            return True
        if prep in ("in", "from") and lemma[t.head[head]] in _CITING_VERBS:
            return True
    return dep[i] == "dobj" and lemma[head] == "cite"


def _boosts(t: ParseTable, start: int, end: int) -> bool:
    dep, lower, lemma, heads, children = t.dep, t.lower, t.lemma, t.head, t.children
    for i in range(start, end):
        word, base = lower[i], lemma[i]
        if base not in _BOOST_LEMMAS and word not in _BOOST_FORMS:
            continue
        kids = children[i]
        if base in _EVIDENTIAL_VERBS or base == "be" or base == "know":
            subj = next((c for c in kids if dep[c] in SUBJECT_DEPS), None)
            if subj is not None:
                # "It has been proven (once again) that …": an evidential passive with no agent
                if base in _EVIDENTIAL_VERBS and t.tag[i] == "VBN" and lower[subj] == "it":
                    if not any(dep[c] == "agent" for c in kids):
                        return True
                # "it is obvious/clear that …", "it is no secret that …"
                if base == "be" and lower[subj] == "it":
                    for c in kids:
                        if dep[c] == "acomp" and lower[c] in _OBVIOUS and not _is_negated(t, i):  # "it is not clear" doubts
                            return True
                        if dep[c] == "attr" and lower[c] == "secret" and any(lower[d] == "no" for d in children[c]):
                            return True
                # "everyone knows", "we all know"
                if base == "know" and (
                    lower[subj] in _EVERYONE
                    or any(lower[d] == "all" for d in children[subj])
                    or any(lower[d] == "all" and dep[d] != "dobj" for d in kids)
                ):
                    return True
        # "X is clearly Y", "clearly does not": before the predicate it vouches for the claim;
        # after it, or graded ("more clearly"), it describes the manner ("speak clearly")
        if word in _BOOSTER_ADVERBS and dep[i] == "advmod" and t.pos[heads[i]] in ("VERB", "AUX"):
            if i < heads[i] and not any(dep[c] == "advmod" for c in kids):
                return True
        # "of course", "without (a) doubt", "there is no doubt"
        if word == "course" and lower[heads[i]] == "of" and i > 0 and lower[i - 1] == "of":
            return True
        if word == "doubt" and (lower[heads[i]] == "without" or any(lower[d] == "no" for d in kids)):
            return True
    return False


def evidence_at(t: ParseTable, start: int, end: int, source: tuple[int, int] | None = None) -> Evidence | None:
    """Evidence of the proposition ``start:end``; ``source``: token bounds of the phrase its
    quote is attributed to."""
    if not (_EVIDENCE_NOUNS.isdisjoint(t.lower[start:end]) and _EVIDENCE_NOUNS.isdisjoint(t.lemma_lower[start:end])):
        if any(_cites(t, i) for i in range(start, end)):
            return "cited"
    if source is not None and any(_evidence_noun(t, i) for i in range(*source)):
        return "cited"
    if _boosts(t, start, end):
        return "none"
    return None


def evidence(prop: Proposition, source: Span | None = None) -> Evidence | None:
    """``source``: the phrase a quote containing the claim is attributed to ("a UN report" in
    "According to a UN report, …"); naming a body of evidence there cites it too."""
    span = prop.span
    bounds = None if source is None else (source.start, source.end)
    return evidence_at(table_of(span.doc), span.start, span.end, bounds)
