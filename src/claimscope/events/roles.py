"""Who does what to whom for one trigger: source, target and via actors.

Why apart from the coder: these are the argument rules per trigger kind (a
verb with subject, object and prepositions; an event noun with possessive,
"by"/"from" phrase and carrying verb), kept separate from lexicon matching and
record assembly so each can be read and tested on its own.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .arguments import (
    PARTICIPATION_VERBS,
    SUPPORT_VERBS,
    ActorIndex,
    clause_subject,
    is_passive,
    phrase_actors,
    prep_objects,
    resolve_pronoun,
)
from .lexicon import DEFAULT_NOUN_PREPS, DEFAULT_VERB_PREPS, Entry

__all__ = ["Args", "Match", "noun_args", "verb_args"]

_VIA_PREPS = ("through", "via", "across")
# Roots of reactions to something else, whose object phrase names the one reacted to:
# "welcomed the resumption of ties with X", "called for a boycott against X".
_REACTION_ROOTS = frozenset({"01", "02", "03", "05", "10", "11", "12", "13"})


@dataclass(slots=True)
class Match:
    """The lexicon row chosen for a trigger and the word that satisfied its object."""

    entry: Entry
    obj: Token | None
    score: tuple[int, int]


@dataclass(slots=True)
class Args:
    """Actors of one trigger; ``pairwise`` holds "between X and Y" participants."""

    sources: list[Span]
    targets: list[Span]
    via: list[Span]
    pairwise: list[Span] = field(default_factory=list)


def _subject_actors(verb: Token, index: ActorIndex) -> tuple[Token | None, list[Span]]:
    """The subject word and the actors it names (a pronoun takes the last actor subject)."""
    subj = clause_subject(verb)
    if subj is None:
        return None, []
    found = phrase_actors(subj, index)
    if not found and subj.head == verb:  # "Old foes Gondor and Osgiliath have ...": two subjects
        for other in verb.children:
            if other.dep_ in ("nsubj", "nsubjpass") and other != subj:
                found = phrase_actors(other, index)
                if found:
                    return other, found
    return subj, found or resolve_pronoun(subj, index)


def _prep_targets(heads: Iterable[Token], preps: Iterable[str], index: ActorIndex,
                  skip: Token | None) -> tuple[list[Span], list[Span]]:
    """Targets from prepositional phrases; "between X and Y" goes to the pairwise list."""
    heads = [h for h in heads if h is not None]
    for prep in preps:
        for head in heads:
            for p, obj in prep_objects(head, (prep,)):
                if skip is not None and obj == skip:
                    continue
                found = phrase_actors(obj, index, deep=True)
                if found:
                    return ([], found) if p == "between" else (found, [])
    return [], []


def _via(heads: Iterable[Token], index: ActorIndex) -> list[Span]:
    """Transit actors: "through the territory of Turkey", "via Georgia"."""
    out: list[Span] = []
    for head in heads:
        if head is None:
            continue
        for _, obj in prep_objects(head, _VIA_PREPS):
            out.extend(phrase_actors(obj, index, deep=True))
    return out


def _clause_extras(obj: Token | None) -> list[Token]:
    """Relative/participial clauses on the object: "weapons that are ordered ... to Ukraine"."""
    if obj is None:
        return []
    return [c for c in obj.children if c.dep_ in ("relcl", "acl")]


def verb_args(tok: Token, m: Match, index: ActorIndex) -> Args:
    """Source, target and via of a verb trigger, trying the argument slots in order:
    passive subject, direct object, the row's prepositions, the matched object, the
    object's own phrases (reaction verbs), a that-clause subject (``ccomp`` rows), an
    infinitive's object, and the verb a "by ...ing" phrase modifies."""
    entry, obj = m.entry, m.obj
    passive = is_passive(tok)
    subj, subj_actors = _subject_actors(tok, index)
    sources: list[Span] = []
    targets: list[Span] = []
    pairwise: list[Span] = []
    if entry.rev:  # "received weapons from X": the subject is the recipient
        targets = subj_actors
        sources, _ = _prep_targets([tok, obj], ("from",), index, None)
        return Args(sources, targets, _via([tok, obj], index))
    if passive:
        for agent in (c for c in tok.children if c.dep_ == "agent"):
            for pobj in agent.children:
                sources.extend(phrase_actors(pobj, index))
        if subj is not None and subj != obj and not (tok.dep_ == "acl" and subj == tok.head):
            targets = subj_actors
    else:
        sources = subj_actors
    dobj = next((c for c in tok.children if c.dep_ == "dobj" and c != obj), None)
    if not targets:
        for child in tok.children:
            if child.dep_ in ("dobj", "dative") and child != obj and child.pos_ != "ADP":
                targets = _object_actors(child, index)
                if targets:
                    break
    if not targets:
        targets, pairwise = _prep_targets([tok, obj], entry.preps, index, obj)
    if not targets and not pairwise and obj is not None and obj.pos_ in ("NOUN", "PROPN"):
        # the matched object names the target: "expelled Russian diplomats",
        # "rejected the plan proposed by Russia"
        targets = _object_actors(obj, index)
    nominal = obj or (dobj or _particle_object(tok, entry.particle)
                      if entry.code[:2] in _REACTION_ROOTS else None)
    if not targets and not pairwise and nominal is not None:
        # "welcomed the resumption of ties with X", "called for a boycott against X",
        # "cordoned off roads leading into X"
        nested = [c for p in nominal.children if p.dep_ == "prep" and p.lower_ == "of"
                  for c in p.children if c.dep_ == "pobj"]
        targets, pairwise = _prep_targets([nominal, *nested, *_clause_extras(nominal)],
                                          DEFAULT_NOUN_PREPS, index, None)
    if not targets and not pairwise and entry.ccomp:
        for child in tok.children:
            if child.dep_ == "ccomp":
                _, targets = _subject_actors(child, index)
                break
    if not targets and not pairwise:
        for child in tok.children:  # "refused to talk to X", "threatened to attack X"
            if child.dep_ == "xcomp":
                targets = _direct_targets(child, index)
                if targets:
                    break
    if not targets and not pairwise and tok.dep_ == "pcomp" and tok.head.lower_ == "by":
        gov = tok.head.head  # "respond to X by introducing restrictions"
        if gov.pos_ in ("VERB", "AUX"):
            targets = _direct_targets(gov, index)
    if not targets and not pairwise:
        extras = _clause_extras(obj)
        targets, pairwise = _prep_targets(extras, entry.preps, index, None)
    via = _via([tok, obj, *_clause_extras(obj)], index)
    return Args(sources, targets, via, pairwise)


def _particle_object(verb: Token, particle: str | None) -> Token | None:
    """The noun after a phrasal verb's preposition: "called for [a boycott]"."""
    if particle is None:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == particle:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _object_actors(noun: Token, index: ActorIndex) -> list[Span]:
    """Actors a direct object names; for an event noun its agent comes first
    ("condemned an attack by X soldiers in Y" targets X, not the place Y)."""
    if index.at(noun):
        return phrase_actors(noun, index)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for pobj in child.children:
                found = phrase_actors(pobj, index)
                if found:
                    return found
        elif child.dep_ == "acl" and is_passive(child):  # "memos sent by X"
            for grand in child.children:
                if grand.dep_ in ("agent", "prep") and grand.lower_ in ("by", "from"):
                    for pobj in grand.children:
                        found = phrase_actors(pobj, index)
                        if found:
                            return found
    return phrase_actors(noun, index)


def _direct_targets(verb: Token, index: ActorIndex) -> list[Span]:
    """Actors of a verb's object or default prepositional phrases."""
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ != "ADP":
            found = _object_actors(child, index)
            if found:
                return found
    found, _ = _prep_targets([verb], DEFAULT_VERB_PREPS, index, None)
    return found


def _carrier(noun: Token) -> Token | None:
    """The verb that carries an event noun: "launched an attack", "caught in these supplies"."""
    head = noun.head
    if noun.dep_ in ("dobj", "attr", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in SUPPORT_VERBS:
            return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "in":
        gov = head.head
        if gov.pos_ == "VERB" and gov.lemma_.lower() in PARTICIPATION_VERBS:
            return gov
    return None


def noun_args(tok: Token, m: Match, index: ActorIndex) -> Args:
    """Source, target and via of an event noun: possessive or actor modifier ("Russia's",
    "Russian"), a "by"/"from" phrase, a passive participle's agent, then the subject of
    the verb carrying it; targets from the row's prepositions on the noun or that verb."""
    entry = m.entry
    sources: list[Span] = []
    for child in tok.children:
        if child.dep_ == "poss" or (child.dep_ in ("compound", "amod") and child != m.obj):
            sources.extend(index.at(child))
    if not sources:
        found, _ = _prep_targets([tok], ("by", "from"), index, m.obj)
        sources = found
    if not sources:
        for child in tok.children:  # "the attack, committed by ..."
            if child.dep_ == "acl" and is_passive(child):
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for pobj in agent.children:
                        sources.extend(phrase_actors(pobj, index))
    carrier = _carrier(tok)
    if not sources and carrier is not None:
        if is_passive(carrier) and carrier.lemma_.lower() not in PARTICIPATION_VERBS:
            for agent in (c for c in carrier.children if c.dep_ == "agent"):
                for pobj in agent.children:
                    sources.extend(phrase_actors(pobj, index))
        else:
            _, sources = _subject_actors(carrier, index)
    preps = tuple(p for p in entry.preps if p not in ("by", "from") or entry.rev)
    targets, pairwise = _prep_targets([tok, carrier], preps, index, m.obj)
    via = _via([tok, carrier], index)
    return Args(sources, targets, via, pairwise)
