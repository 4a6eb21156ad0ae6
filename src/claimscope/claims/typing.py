"""What kind of claim a proposition is: fact, opinion, prediction or recommendation.

The cues are general English grammar read off the clause's own predicate, not
words of a particular article: deontic modality ("should", "must", "needs to",
"it is necessary to", an agent that "can" act) makes a recommendation; future
reference ("will", "is going to", "would") a prediction; an evaluative word or a
first-person belief frame ("in my opinion", "I think") an opinion.  Only the main
predicate counts for modality, so "Azerbaijan behaves brazenly because it feels it
should not be afraid" is not advice, while "Russia needs to respond" is.
Precedence: recommendation > prediction > opinion > fact.
"""
from __future__ import annotations

from functools import cache
from itertools import compress
from typing import Literal

import numpy as np

from spacy.tokens import Token

from .lexicon import INTENSIFIERS, headwords, lookup_forms
from .polarity import is_reported
from .segment import Proposition, subject_index
from .table import ParseTable, flags, table_of

__all__ = ["ClaimType", "claim_type", "claim_type_at", "is_recommendation", "is_prediction", "is_opinion"]

ClaimType = Literal["fact", "opinion", "prediction", "recommendation"]

_DEONTIC_MODALS = frozenset({"should", "must", "ought"})
_ABILITY_MODALS = frozenset({"can", "could"})  # only "can" offers a course of action; "could" is possibility
_FUTURE_MODALS = frozenset({"will", "wo", "'ll", "shall"})
#: "would like to", "would rather": a wish, not a forecast
_WISH_VERBS = frozenset({"like", "love", "prefer", "want", "rather", "wish"})
#: "need to", "have to", "has got to"
_NECESSITY_VERBS = frozenset({"need", "have"})
#: "it is necessary/important/time to …"
_NECESSITY_PREDICATES = frozenset({"necessary", "essential", "important", "vital", "crucial", "imperative", "advisable", "needed", "time", "urgent"})
#: "is likely/expected/set/bound/about/going to …"
_FUTURE_PREDICATES = frozenset({"likely", "expected", "set", "bound", "about", "poised", "due", "certain", "sure"})
#: verbs that describe states: "can" + these is possibility, not a course of action
_STATIVE = frozenset({"be", "have", "know", "seem", "appear", "feel", "see", "hear", "mean", "cost", "belong", "contain",
                      "exist", "happen", "become", "remain", "lead", "cause", "result", "include", "depend", "matter", "reach", "get"})
#: who "can" act as advised: the addressee, the speaker's side, a named actor ("I can tell you" is not advice)
_AGENT_PRONOUNS = frozenset({"we", "you"})
#: "can" + these is the speaker vouching, not a course of action: "I can tell you …"
_SPEAKING = frozenset({"tell", "say", "assure", "guarantee", "promise", "imagine", "understand", "confirm"})
#: passive subjects that name a course of action: "this can be done", "measures can be taken"
_ACTION_PRONOUNS = frozenset({"this", "that", "something", "more", "much", "everything", "anything"})
_ACTION_NOUNS = frozenset({"measure", "step", "action", "sanction", "restriction", "decision", "response", "effort",
                           "pressure", "solution", "compromise", "deal", "agreement", "reform", "change"})
_AGENT_ENTS = frozenset({"GPE", "ORG", "NORP", "PERSON"})
_BELIEF_VERBS = frozenset({"think", "believe", "feel", "consider", "suppose", "guess", "reckon", "find"})
_OPINION_NOUNS = frozenset({"opinion", "view", "mind", "judgment", "judgement", "estimation"})
_AUX_DEPS = ("aux", "auxpass")
_MODALS = _DEONTIC_MODALS | _ABILITY_MODALS
_NOT_ADVICE = _STATIVE | _SPEAKING
_CUE_KINDS = ("eval", "falsity")
#: words that can open a belief frame (see ``_belief_frame``), by form and by lemma
_BELIEF_FORMS = _OPINION_NOUNS | {"convinced", "sure", "certain"}
_BELIEF_LEMMAS = _BELIEF_VERBS | {"seem"}
_ADJECTIVE = frozenset({"ADJ"})

# The rules below read the parse by token index (see ``table``); ``t`` is the doc's table.


def _aux(t: ParseTable, i: int) -> list[int]:
    dep = t.dep
    return [c for c in t.children[i] if dep[c] in _AUX_DEPS]


def _subject(t: ParseTable, i: int) -> int | None:
    """The clause's subject, shared down a chain of open complements and conjuncts."""
    subj = subject_index(t, i)
    if subj is None and t.dep[i] in ("xcomp", "conj") and t.head[i] != i:
        return _subject(t, t.head[i])
    return subj


def _negated(t: ParseTable, i: int) -> bool:
    return any(t.dep[c] == "neg" for c in t.children[i])


def _open_complement(t: ParseTable, i: int) -> int | None:
    """The 'to'-infinitive of 'need to respond' / 'is necessary to introduce'."""
    dep, lower = t.dep, t.lower
    return next((c for c in t.children[i] if dep[c] in ("xcomp", "ccomp") and any(lower[a] == "to" for a in t.children[c])), None)


def _has_open_complement(t: ParseTable, *heads: int) -> bool:
    return any(_open_complement(t, i) is not None for i in heads)


def _is_agent(t: ParseTable, subj: int | None) -> bool:
    if subj is None:
        return False
    if t.lower[subj] in _AGENT_PRONOUNS or t.ent[subj] in _AGENT_ENTS or t.pos[subj] == "PROPN":
        return True
    ent = t.ent
    return any(ent[i] in _AGENT_ENTS for i in t.subtree_set(subj))


def _agentive_passive(t: ParseTable, head: int) -> bool:
    """'This can be done', 'trade measures can be taken': the subject is a course of action,
    so 'can' offers it; 'the plague can be cured' states a possibility about a patient."""
    subj = _subject(t, head)
    return subj is not None and (t.lower[subj] in _ACTION_PRONOUNS or t.lemma_lower[subj] in _ACTION_NOUNS)


def _is_recommendation(t: ParseTable, head: int) -> bool:
    """Deontic modality on the main predicate: what someone should, must, needs to or can do."""
    dep, lower, lemma = t.dep, t.lower, t.lemma
    auxes = _aux(t, head)
    words = {lower[a] for a in auxes}
    if words & _DEONTIC_MODALS:
        # "that should be big news" is a guess; "Russia must be careful", "there should be a response" advise
        if lemma[head] != "be" or dep[head] == "auxpass":
            return True
        subj = _subject(t, head)
        return subj is not None and (dep[subj] == "expl" or _is_agent(t, subj))
    if lemma[head] in _NECESSITY_VERBS and _open_complement(t, head) is not None and t.tag[head] != "VBN":
        return True
    if lemma[head] == "be":
        preds = [c for c in t.children[head] if dep[c] in ("acomp", "attr")]
        if any(t.lemma_lower[p] in _NECESSITY_PREDICATES and _has_open_complement(t, p, head) for p in preds):
            return True
        # pseudo-cleft: "all we can do is …", "what Russia must do is …"
        subj = _subject(t, head)
        if subj is not None and lower[subj] in ("all", "what") and any(
            lower[a] in _MODALS for i in t.subtree_set(subj) for a in _aux(t, i)
        ):
            return True
    if "can" in words and not _negated(t, head) and lemma[head] not in _NOT_ADVICE:
        passive = any(dep[a] == "auxpass" for a in auxes)
        if _agentive_passive(t, head) if passive else _is_agent(t, _subject(t, head)):
            return True
    if dep[head] == "ROOT" and t.tag[head] == "VB" and _subject(t, head) is None and not auxes:
        return True  # imperative
    if lower[head] == "let" and any(lower[c] in ("us", "'s") for c in t.children[head]):
        return True
    return False


def is_recommendation(head: Token) -> bool:
    return _is_recommendation(table_of(head.doc), head.i)


def _is_prediction(t: ParseTable, head: int) -> bool:
    """Future reference on the main predicate: will, is going to, would (not 'would like')."""
    lemma = t.lemma
    auxes = _aux(t, head)
    words = {t.lower[a] for a in auxes} | {lemma[a] for a in auxes}
    if words & _FUTURE_MODALS:
        return True
    if "would" in words and lemma[head] not in _WISH_VERBS:
        return True
    if lemma[head] == "go" and t.tag[head] == "VBG" and _open_complement(t, head) is not None:
        return True
    if lemma[head] == "be":
        dep, lower = t.dep, t.lower
        return any(dep[c] == "acomp" and lower[c] in _FUTURE_PREDICATES and _has_open_complement(t, c, head)
                   for c in t.children[head])
    if t.lower[head] in _FUTURE_PREDICATES and t.tag[head] == "VBN" and _open_complement(t, head) is not None:
        return True  # "is expected to win"
    return False


def is_prediction(head: Token) -> bool:
    return _is_prediction(table_of(head.doc), head.i)


def _belief_frame(t: ParseTable, i: int) -> bool:
    """'in my opinion', 'I think', 'I am convinced', 'it seems to me'."""
    dep, lower = t.dep, t.lower
    if lower[i] in _OPINION_NOUNS and any(dep[c] == "poss" and lower[c] in ("my", "our") for c in t.children[i]):
        return True
    if t.lemma[i] in _BELIEF_VERBS or lower[i] in ("convinced", "sure", "certain"):
        subj = _subject(t, i)
        return subj is not None and lower[subj] in ("i", "we")
    if t.lemma[i] == "seem" and any(dep[c] == "prep" and any(lower[g] == "me" for g in t.children[c]) for c in t.children[i]):
        return True
    return False


@cache
def _cue_forms() -> frozenset[str]:
    """Word forms that may make an opinion cue: the lexicon's and the belief frames'."""
    return headwords() | _BELIEF_FORMS


def _opinion_cues(t: ParseTable) -> list[bool]:
    """Per token of the doc: is it an opinion cue (an evaluative word, an intensified
    gradable adjective, or a first-person belief frame)?  Worked out once per doc, with cheap
    word tests first: most words are none of these."""
    got = t.derived.get(__name__)
    if got is None:
        pos, dep, lower, lemma, lemma_lower, children = t.pos, t.dep, t.lower, t.lemma, t.lemma_lower, t.children
        known = headwords()
        maybe = (flags(lower, _cue_forms()) | flags(lemma_lower, known) | flags(pos, _ADJECTIVE)
                 | flags(lemma, _BELIEF_LEMMAS))
        got = [False] * t.n
        for i in np.flatnonzero(maybe).tolist():
            word, base = lower[i], lemma_lower[i]
            entry = lookup_forms(base, word, pos[i]) if word in known or base in known else None
            got[i] = (
                (entry is not None and entry.kind in _CUE_KINDS)
                or (pos[i] == "ADJ" and any(dep[c] == "advmod" and lower[c] in INTENSIFIERS for c in children[i]))
                or _belief_frame(t, i)
            )
        t.derived[__name__] = got
    return got


def _is_opinion(t: ParseTable, head: int, start: int, end: int) -> bool:
    """An opinion cue (see ``_opinion_cues``) that is the claim's own: words inside someone
    else's reported belief are theirs, not the claim's."""
    cues = _opinion_cues(t)
    if True not in cues[start:end]:
        return False
    doc = t.doc()
    span = doc[start:end]
    return any(not is_reported(doc[i], span) for i in compress(range(start, end), cues[start:end]))


def is_opinion(prop: Proposition) -> bool:
    return _is_opinion(table_of(prop.span.doc), prop.head.i, prop.span.start, prop.span.end)


def _predicates(t: ParseTable, head: int) -> list[int]:
    """The main predicate and the verbs coordinated with it under the same subject:
    "We support Serbia and will sign an agreement" predicts through its second verb."""
    found = [head]
    for child in t.children[head]:
        if t.dep[child] == "conj" and t.pos[child] in ("VERB", "AUX") and subject_index(t, child) is None:
            found.extend(_predicates(t, child))
    return found


def claim_type_at(t: ParseTable, head: int, start: int, end: int) -> ClaimType:
    """Type of the proposition ``start:end`` with main predicate ``head`` (token indices)."""
    preds = _predicates(t, head)
    for p in preds:
        if _is_recommendation(t, p):
            return "recommendation"
    for p in preds:
        if _is_prediction(t, p):
            return "prediction"
    if _is_opinion(t, head, start, end):
        return "opinion"
    return "fact"


def claim_type(prop: Proposition) -> ClaimType:
    return claim_type_at(table_of(prop.span.doc), prop.head.i, prop.span.start, prop.span.end)
