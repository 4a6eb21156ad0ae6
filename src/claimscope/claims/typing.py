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

from typing import Literal

from spacy.tokens import Token

from .lexicon import INTENSIFIERS, lookup
from .polarity import is_reported
from .segment import Proposition, subject_of

__all__ = ["ClaimType", "claim_type", "is_recommendation", "is_prediction", "is_opinion"]

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


def _aux(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("aux", "auxpass")]


def _subject(tok: Token) -> Token | None:
    """The clause's subject, shared down a chain of open complements and conjuncts."""
    subj = subject_of(tok)
    if subj is None and tok.dep_ in ("xcomp", "conj") and tok.head.i != tok.i:
        return _subject(tok.head)
    return subj


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _open_complement(tok: Token) -> Token | None:
    """The 'to'-infinitive of 'need to respond' / 'is necessary to introduce'."""
    return next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and any(a.lower_ == "to" for a in c.children)), None)


def _is_agent(subj: Token | None) -> bool:
    if subj is None:
        return False
    if subj.lower_ in _AGENT_PRONOUNS or subj.ent_type_ in _AGENT_ENTS or subj.pos_ == "PROPN":
        return True
    return any(t.ent_type_ in _AGENT_ENTS for t in subj.subtree)


def _agentive_passive(head: Token) -> bool:
    """'This can be done', 'trade measures can be taken': the subject is a course of action,
    so 'can' offers it; 'the plague can be cured' states a possibility about a patient."""
    subj = _subject(head)
    return subj is not None and (subj.lower_ in _ACTION_PRONOUNS or subj.lemma_.lower() in _ACTION_NOUNS)


def is_recommendation(head: Token) -> bool:
    """Deontic modality on the main predicate: what someone should, must, needs to or can do."""
    words = {a.lower_ for a in _aux(head)}
    if words & _DEONTIC_MODALS:
        # "that should be big news" is a guess; "Russia must be careful", "there should be a response" advise
        if head.lemma_ != "be" or head.dep_ == "auxpass":
            return True
        subj = _subject(head)
        return subj is not None and (subj.dep_ == "expl" or _is_agent(subj))
    if head.lemma_ in _NECESSITY_VERBS and _open_complement(head) is not None and head.tag_ != "VBN":
        return True
    if head.lemma_ == "be":
        preds = [c for c in head.children if c.dep_ in ("acomp", "attr")]
        if any(p.lemma_.lower() in _NECESSITY_PREDICATES and (_open_complement(p) or _open_complement(head)) for p in preds):
            return True
        # pseudo-cleft: "all we can do is …", "what Russia must do is …"
        subj = _subject(head)
        if subj is not None and subj.lower_ in ("all", "what") and any(
            a.lower_ in _DEONTIC_MODALS | _ABILITY_MODALS for t in subj.subtree for a in _aux(t)
        ):
            return True
    if "can" in words and not _negated(head) and head.lemma_ not in _STATIVE | _SPEAKING:
        passive = any(a.dep_ == "auxpass" for a in _aux(head))
        if _agentive_passive(head) if passive else _is_agent(_subject(head)):
            return True
    if head.dep_ == "ROOT" and head.tag_ == "VB" and _subject(head) is None and not _aux(head):
        return True  # imperative
    if head.lower_ == "let" and any(c.lower_ in ("us", "'s") for c in head.children):
        return True
    return False


def is_prediction(head: Token) -> bool:
    """Future reference on the main predicate: will, is going to, would (not 'would like')."""
    words = {a.lower_ for a in _aux(head)} | {a.lemma_ for a in _aux(head)}
    if words & _FUTURE_MODALS:
        return True
    if "would" in words and head.lemma_ not in _WISH_VERBS:
        return True
    if head.lemma_ == "go" and head.tag_ == "VBG" and _open_complement(head) is not None:
        return True
    if head.lemma_ == "be":
        return any(c.dep_ == "acomp" and c.lower_ in _FUTURE_PREDICATES and (_open_complement(c) or _open_complement(head)) for c in head.children)
    if head.lower_ in _FUTURE_PREDICATES and head.tag_ == "VBN" and _open_complement(head) is not None:
        return True  # "is expected to win"
    return False


def _belief_frame(tok: Token) -> bool:
    """'in my opinion', 'I think', 'I am convinced', 'it seems to me'."""
    if tok.lower_ in _OPINION_NOUNS and any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in tok.children):
        return True
    if tok.lemma_ in _BELIEF_VERBS or tok.lower_ in ("convinced", "sure", "certain"):
        subj = _subject(tok)
        return subj is not None and subj.lower_ in ("i", "we")
    if tok.lemma_ == "seem" and any(c.dep_ == "prep" and any(g.lower_ == "me" for g in c.children) for c in tok.children):
        return True
    return False


def is_opinion(prop: Proposition) -> bool:
    """An evaluative word, an intensified gradable adjective, or a first-person belief frame;
    words inside someone else's reported belief are theirs, not the claim's."""
    for tok in prop.span:
        entry = lookup(tok)
        cue = (
            (entry is not None and entry.kind in ("eval", "falsity"))
            or (tok.pos_ == "ADJ" and any(c.dep_ == "advmod" and c.lower_ in INTENSIFIERS for c in tok.children))
            or _belief_frame(tok)
        )
        if cue and not is_reported(tok, prop.span):
            return True
    return False


def _predicates(head: Token) -> list[Token]:
    """The main predicate and the verbs coordinated with it under the same subject:
    "We support Serbia and will sign an agreement" predicts through its second verb."""
    found = [head]
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and subject_of(child) is None:
            found.extend(_predicates(child))
    return found


def claim_type(prop: Proposition) -> ClaimType:
    preds = _predicates(prop.head)
    if any(is_recommendation(p) for p in preds):
        return "recommendation"
    if any(is_prediction(p) for p in preds):
        return "prediction"
    if is_opinion(prop):
        return "opinion"
    return "fact"
