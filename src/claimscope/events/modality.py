"""How real an event is, as the sentence presents it.

Why: GDELT-style coders turn "Russia should impose sanctions" into sanctions
imposed.  We read the trigger's own clause (negation, modal auxiliaries,
"if", hedging adverbs), then climb the chain of clauses that embed it
("needs to", "was accused of", "it is necessary to", "demanded that") and stop
at the first cue.  Reported content ("X said that ...") keeps its own modality.

Values: ``asserted``, ``alleged``, ``recommended``, ``possible``, ``negated``,
``hypothetical`` (the report schema's ``Modality``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from .arguments import OCCURRENCE_VERBS, PARTICIPATION_VERBS, SUPPORT_VERBS

__all__ = ["ModalityReading", "Modality", "read_modality"]

Modality = Literal["asserted", "alleged", "recommended", "possible", "negated", "hypothetical"]

_RECOMMEND_AUX = frozenset({"should", "must", "ought"})
_POSSIBLE_AUX = frozenset({"can", "could", "may", "might", "ca"})
_CONDITIONAL_AUX = frozenset({"would"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
_ALLEGE_ADV = frozenset({
    "reportedly", "allegedly", "supposedly", "purportedly", "apparently", "ostensibly",
})
_POSSIBLE_ADV = frozenset({"possibly", "perhaps", "maybe", "probably", "likely", "potentially"})

# Words that embed an event clause and fix its modality (verbs, adjectives, nouns).
_RECOMMEND_HEADS = frozenset({
    "need", "have", "ought", "urge", "demand", "call", "ask", "recommend", "propose",
    "suggest", "advise", "insist", "require", "appeal", "order", "instruct", "press",
    "necessary", "essential", "important", "vital", "imperative", "crucial", "needed",
    "advisable", "urgent", "time", "necessity", "recommendation", "proposal",
})
_ALLEGE_HEADS = frozenset({
    "accuse", "allege", "suspect", "claim", "charge", "blame", "catch", "purport",
    "accusation", "allegation", "suspicion", "rumor", "rumour",
})
_ALLEGE_NOUNS = frozenset({"report"})  # "reports that ...", but "X reported that ..." is reported speech
_PASSIVE_ALLEGE_HEADS = frozenset({"say", "report", "believe", "think", "rumor", "rumour"})
_POSSIBLE_HEADS = frozenset({
    "seem", "appear", "able", "possible", "likely", "unlikely", "expect", "believe", "think",
    "suppose", "possibility", "risk", "chance", "likelihood", "prospect", "danger", "may",
})
_INTENT_HEADS = frozenset({
    "plan", "intend", "want", "seek", "aim", "prepare", "vow", "promise", "pledge",
    "threaten", "try", "attempt", "hope", "wish", "decide", "agree", "offer", "plot",
    "consider", "like", "intention", "decision", "threat", "readiness", "willingness",
    "bid", "effort", "ready", "willing", "agreement", "accord", "deal", "pact", "treaty",
    "contract", "memorandum",
})
_FUTURE_HEADS = frozenset({"going", "about", "set", "due", "poised"})  # "is about to restore"
_NEGATING_HEADS = frozenset({
    "deny", "refuse", "fail", "refrain", "decline", "cease", "avoid", "without",
    "reject", "denial", "refusal", "failure",
})
_REPORT_VERBS = frozenset({
    "say", "tell", "state", "note", "add", "announce", "write", "declare", "explain",
    "stress", "emphasize", "emphasise", "point", "know", "show", "prove", "confirm",
    "reveal", "learn", "comment", "recall", "remember", "realize", "realise", "news",
    "fact", "conclude", "argue", "insist",
})
_EMBEDDING_DEPS = frozenset({"xcomp", "ccomp", "advcl", "acl", "relcl", "oprd", "csubj", "pcomp", "acomp"})
_NOMINAL_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "pobj", "appos", "npadvmod", "oprd"})
_COMPLEMENT_PREPS = frozenset({"of", "in", "for", "about", "with", "to", "on", "over", "into", "by", "from", "at", "against"})
_CARRIERS = SUPPORT_VERBS | PARTICIPATION_VERBS | OCCURRENCE_VERBS | {"be"}
_MAX_HOPS = 8


@dataclass(frozen=True, slots=True)
class ModalityReading:
    """A modality plus whether the event is only announced (will / plans to / agrees to)."""

    modality: Modality
    intent: bool = False


def _local(tok: Token) -> Modality | None:
    """Cues on the token's own clause: mark, negation, modal auxiliaries, adverbs."""
    found: Modality | None = None
    for child in tok.children:
        low = child.lower_
        if child.dep_ == "mark" and low in _CONDITIONAL_MARKS:
            return "hypothetical"
        if child.dep_ == "advcl" and any(
            g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in child.children
        ):
            found = found or "hypothetical"
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "preconj") and low in _NEGATORS):
            return "negated"
        if child.dep_ in ("nsubj", "nsubjpass") and any(
            g.dep_ == "preconj" and g.lower_ == "neither" for g in child.children
        ):
            return "negated"
        if child.dep_ == "aux":
            if low in _RECOMMEND_AUX or child.lemma_ in _RECOMMEND_AUX:
                found = "recommended"
            elif low in _POSSIBLE_AUX and found is None:
                found = "possible"
            elif low in _CONDITIONAL_AUX and found is None:
                found = "hypothetical"
        if child.dep_ == "dobj" and any(g.dep_ == "det" and g.lower_ == "no" for g in child.children):
            return "negated"  # "imposed no sanctions"
        if child.dep_ == "advmod" and found is None:
            if low in _ALLEGE_ADV:
                found = "alleged"
            elif low in _POSSIBLE_ADV:
                found = "possible"
    return found


def _is_future(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in tok.children)


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)


def _governor(tok: Token) -> tuple[Token | None, str]:
    """The word that embeds ``tok``'s clause, and the link kind, skipping prepositions.

    Only complement-like prepositions embed ("accused of", "caught in", "call
    for"); adjuncts such as "amid", "during" or "after" end the climb.
    """
    head = tok.head
    if head == tok:
        return None, ""
    if tok.dep_ in ("pobj", "pcomp") and head.dep_ in ("prep", "agent", "dative"):
        if head.lower_ == "without":
            return head, "without"
        if head.lower_ not in _COMPLEMENT_PREPS:
            return None, ""
        return (head.head if head.head != head else None), "prep"
    return head, tok.dep_


def _head_class(gov: Token, link: str) -> Modality | None:
    """Modality that an embedding word imposes on the clause below it."""
    lemma = gov.lemma_.lower()
    if link == "without" or lemma in _NEGATING_HEADS:
        return "negated"
    if (
        lemma in _ALLEGE_HEADS
        or (lemma in _ALLEGE_NOUNS and gov.pos_ == "NOUN")
        or (lemma in _PASSIVE_ALLEGE_HEADS and _is_passive(gov))
    ):
        return "alleged"
    if lemma in _RECOMMEND_HEADS and link in ("xcomp", "ccomp", "acl", "prep", "acomp", "dobj"):
        return "recommended"
    if gov.pos_ == "AUX" or lemma == "be":
        for child in gov.children:  # "it is necessary to ...", "it is possible that ..."
            if child.dep_ in ("acomp", "attr") and child.lemma_.lower() in _RECOMMEND_HEADS:
                return "recommended"
            if child.dep_ in ("acomp", "attr") and child.lemma_.lower() in _POSSIBLE_HEADS:
                return "possible"
    if lemma in _POSSIBLE_HEADS:
        return "possible"
    return None


def read_modality(trigger: Token) -> ModalityReading:
    """Modality of the event whose trigger (verb or event noun) is ``trigger``."""
    tok = trigger
    intent = _is_future(tok)
    check_local = True
    for _ in range(_MAX_HOPS):
        if check_local:
            local = _local(tok)
            if local is not None:
                return ModalityReading(local, intent and local != "negated")
        gov, link = _governor(tok)
        if gov is None:
            break
        if link == "conj":
            # "Russia can condemn this and demand ...": a conjunct without its own
            # subject shares the first conjunct's auxiliaries.
            check_local = not _has_subject(tok)
            tok = gov
            continue
        check_local = True
        if link not in _EMBEDDING_DEPS and link not in _NOMINAL_DEPS and link not in ("prep", "without"):
            break
        lemma = gov.lemma_.lower()
        if link in ("relcl",) or (link == "advcl" and any(
            c.dep_ == "mark" and c.lower_ not in _CONDITIONAL_MARKS for c in tok.children
        )):
            break  # "because X attacked Y", "countries that attacked Y": stated as such
        imposed = _head_class(gov, link)
        if imposed is not None:
            return ModalityReading(imposed)
        if lemma in _INTENT_HEADS and link in ("xcomp", "acl", "ccomp", "prep", "dobj"):
            return ModalityReading("hypothetical", intent=True)
        if lemma in _FUTURE_HEADS and link in ("xcomp", "acomp"):
            intent = True
        if gov.pos_ in ("NOUN", "PROPN") and lemma not in _INTENT_HEADS:
            break  # "take sides in Syria's war": a plain noun does not pass its clause's cues on
        if tok.pos_ in ("NOUN", "PROPN") and link in _NOMINAL_DEPS and lemma not in _CARRIERS:
            break  # "failed to stop the attack": the attack itself is taken as given
        if link == "ccomp" and lemma in _REPORT_VERBS:
            break  # reported content keeps its own modality
        if link == "acl" and lemma in _REPORT_VERBS:
            break  # "the news that ...", "the fact that ..."
        tok = gov
        intent = intent or _is_future(tok)
    return ModalityReading("asserted", intent)
