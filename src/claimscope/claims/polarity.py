"""Whom a claim judges, and which way: the lexical half of stance.

For every evaluative word in a claim (``data/evaluative.tsv``) we find the actor it
is aimed at by the role the word plays in the parse, the way a reader does:

* a predicate ("Azerbaijan is dangerous", "is a threat", "made a mistake",
  "behaves brazenly") judges the clause's subject;
* a modifier or label judges the actor named in its own noun phrase ("the Kyiv
  regime", "Ukrainian terrorists"), never one in a prepositional phrase after it
  ("a threat *to Russia*" judges the subject, not Russia);
* a relation noun ("ally", "partner") judges its subject, not its possessor;
* an attitude verb ("condemn", "support") counts for the holder only when the
  holder is its subject ("we condemn") or recommends it ("Russia should condemn");
* "responsible for" a harm is blame on the subject.

Polarity flips under negation ("is not Russia's ally" is negative: a denied
positive relation is a negative one; a denied negative is only weakly positive) and
under a falsity predicate ("the idea that Azerbaijan is a partner is wrong").  Words
inside someone else's reported belief ("it believed that Russia would lose") are not
the holder's and are skipped.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import INTENSIFIERS, Entry, lookup
from .segment import subject_of

__all__ = ["ActorIndex", "Judgement", "is_reported", "judgements"]

_FIRST_PERSON = frozenset({"i", "we"})
_PRONOUNS = frozenset({"it", "its", "itself", "they", "them", "their", "themselves"})
_REFLEXIVE = frozenset({"itself", "themselves", "himself", "herself"})
#: "X believes/claims/fears that …": the content is X's, not the speaker's
_REPORTING = frozenset({"say", "claim", "believe", "think", "feel", "consider", "assume", "hope", "fear", "expect", "argue",
                        "insist", "allege", "suggest", "suppose", "imagine", "pretend", "tell", "announce", "state"})
#: "deny that X", "refute that X": the content is asserted false
_DENYING = frozenset({"deny", "refute", "dismiss", "debunk", "reject"})
_TRUTH = frozenset({"true", "correct", "right", "accurate"})
_TERMINATIVE = frozenset({"stop", "end", "halt", "suspend", "break", "cut", "sever", "freeze", "cease", "abandon", "terminate", "downgrade"})
_NOUN_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod"})
_COPULAR_ROLES = frozenset({"attr", "acomp", "oprd"})
_ANTECEDENT_WINDOW = 2  # sentences back in which a pronoun's antecedent is looked for


@dataclass(frozen=True, slots=True)
class Judgement:
    """One evaluative cue aimed at one actor; ``score`` in -1..1."""

    target: str
    score: float
    token: int  # the cue word's token index


class ActorIndex:
    """Actor mentions of one doc, by token: who a phrase names, what a pronoun points back to."""

    def __init__(self, doc: Doc, spans: Sequence[Span]) -> None:
        self.doc = doc
        self.spans = sorted(spans, key=lambda s: s.start)
        self.by_token: dict[int, str] = {}
        for span in self.spans:
            for i in range(span.start, span.end):
                self.by_token[i] = span.kb_id_ or span.label_

    def in_phrase(self, tokens: Iterator[Token] | Sequence[Token]) -> set[str]:
        return {self.by_token[t.i] for t in tokens if t.i in self.by_token}

    def antecedent(self, pronoun: Token) -> str | None:
        """Nearest earlier actor mention, preferring subjects, within a couple of sentences."""
        first_sent = pronoun.sent.start
        for _ in range(_ANTECEDENT_WINDOW):
            if first_sent == 0:
                break
            first_sent = self.doc[first_sent - 1].sent.start
        before = [s for s in self.spans if first_sent <= s.start and s.end <= pronoun.i]
        for span in reversed(before):
            if span.root.dep_ in ("nsubj", "nsubjpass") or (span.root.dep_ == "compound" and span.root.head.dep_ == "ROOT"):
                return span.kb_id_ or span.label_
        return (before[-1].kb_id_ or before[-1].label_) if before else None


def _phrase(head: Token) -> list[Token]:
    """A noun phrase without its clauses and prepositional tails: 'the Azerbaijani leadership'."""
    keep = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in _NOUN_MODIFIERS or (child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN")) or child.dep_ == "appos":
                keep.append(child)
                stack.append(child)
    return keep


def _named(index: ActorIndex, head: Token | None, relation: bool = False) -> set[str]:
    """Actors a subject/object phrase names; a pronoun resolves to its antecedent."""
    if head is None:
        return set()
    tokens = _phrase(head)
    if relation:  # "Russia's ally": the possessor is the other end of the relation
        possessor = {t.i for p in tokens if p.dep_ == "poss" for t in p.subtree}
        tokens = [t for t in tokens if t.i not in possessor]
    found = index.in_phrase(tokens)
    if not found and head.lower_ in _PRONOUNS:
        ante = index.antecedent(head)
        if ante:
            found = {ante}
    return found


def _clause_subject(tok: Token) -> Token | None:
    """The subject of ``tok``'s clause, shared along conjuncts and open complements."""
    for _ in range(4):
        subj = subject_of(tok)
        if subj is not None:
            return subj
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
            tok = tok.head
        else:
            return None
    return None


def _subject_targets(index: ActorIndex, verb: Token) -> set[str]:
    """Actors the subject of ``verb``'s clause names; a relative pronoun stands for the noun
    its clause modifies ("a regime that threatens its neighbours")."""
    subj = _clause_subject(verb)
    if subj is not None and subj.tag_ in ("WDT", "WP"):
        clause = subj.head
        while clause.dep_ != "relcl" and clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ == "relcl":
            return _noun_targets(index, clause.head, None, via_predicate=False)[0]
    return _named(index, subj)


def _clause_head(tok: Token) -> Token:
    """The verb (or misparsed verb) heading the clause a word sits in."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "neither")) for c in tok.children):
        return True
    return any(c.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in c.children) for c in tok.children)


def _embedding(clause: Token, span: Span) -> tuple[str, bool]:
    """Whose view the clause states inside the claim ('own' or 'reported'), and whether a
    falsity predicate or denial around it flips it; frames outside the claim (the quote's
    own "Koltashov said") are the attribution already made, not an embedding."""
    flips = False
    cur = clause
    for _ in range(6):
        if cur.dep_ not in ("ccomp", "acl", "csubj", "xcomp", "advcl", "conj") or cur.head.i == cur.i:
            break
        gov = cur.head
        if not span.start <= gov.i < span.end:
            break
        if cur.dep_ == "ccomp" and gov.lemma_ in _REPORTING:
            subj = _clause_subject(gov)
            if subj is None or subj.lower_ not in _FIRST_PERSON:
                return "reported", flips
        if cur.dep_ == "ccomp" and gov.lemma_ in _DENYING:
            flips = not flips
        # "the idea that X … is wrong": the noun owning the clause, judged by its predicate
        pred = gov.head if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ in ("nsubj", "nsubjpass") else gov
        if cur.dep_ in ("acl", "ccomp", "csubj") and _falsifies(pred):
            flips = not flips
        cur = pred
    return "own", flips


def is_reported(tok: Token, span: Span) -> bool:
    """Is ``tok`` inside someone else's reported words or belief within ``span``
    ("Berg believes that Serbia is a reliable friend")?"""
    return _embedding(_clause_head(tok), span)[0] == "reported"


def _falsifies(pred: Token) -> bool:
    for child in pred.children:
        if child.dep_ in _COPULAR_ROLES:
            entry = lookup(child)
            if entry is not None and entry.kind == "falsity":
                return True
            if child.lower_ in _TRUTH and _negated(pred):
                return True
    return False


def _ended(tok: Token) -> bool:
    """'stop cooperation with X', 'sever ties': ending a relation reverses what it says."""
    return tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_ in _TERMINATIVE


def _strength(tok: Token, entry: Entry) -> float:
    boost = 1.2 if any(c.dep_ == "advmod" and c.lower_ in INTENSIFIERS for c in tok.children) else 1.0
    return max(-1.0, min(1.0, entry.polarity * boost))


def _noun_targets(index: ActorIndex, noun: Token, entry: Entry | None, via_predicate: bool) -> tuple[set[str], Token]:
    """Targets of a judging noun (or of the noun an adjective modifies), and the token whose
    negation counts ('is *not* Russia's ally')."""
    relation = entry is not None and entry.kind == "relation"
    own = _named(index, noun, relation=relation) if noun.lower_ not in _PRONOUNS else set()
    if own:
        return own, noun
    cur = noun
    for _ in range(3):  # "a partner and friend": the second conjunct takes the first's role
        if cur.dep_ == "conj" and cur.head.pos_ in ("NOUN", "PROPN"):
            cur = cur.head
    if cur.dep_ in _COPULAR_ROLES:
        return _subject_targets(index, cur.head), cur.head
    if relation:  # "cooperation with Azerbaijan", "friendship with Baku": the partner named after "with"
        partners = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
        if partners:
            return set().union(*(_named(index, p) for p in partners)), noun
    if via_predicate and cur.dep_ == "dobj":  # "poses a threat", "made a mistake"
        return _subject_targets(index, cur.head), cur.head
    if cur.dep_ == "pobj" and cur.head.dep_ == "prep" and cur.head.head.pos_ in ("VERB", "AUX"):
        verb = cur.head.head
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:  # "puts itself among those responsible", "labels Baku as a threat"
            subj = _clause_subject(verb) if obj.lower_ in _REFLEXIVE else obj
            return _named(index, subj), verb
    return set(), cur


def _aim(index: ActorIndex, tok: Token, entry: Entry, recommends: bool) -> tuple[set[str], Token] | None:
    kind = entry.kind
    if kind == "act":
        return _subject_targets(index, tok), tok
    if kind == "attitude":
        subj = _clause_subject(tok)
        if not (recommends or (subj is not None and subj.lower_ in _FIRST_PERSON)):
            return None
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        return _named(index, obj), tok
    if tok.pos_ == "ADV":
        verb = tok.head
        while verb.dep_ == "advmod" and verb.head.i != verb.i:
            verb = verb.head
        return _subject_targets(index, verb), verb
    if tok.pos_ == "ADJ" and tok.dep_ != "amod" and tok.dep_ not in ("compound",):
        pred = tok.head
        if tok.dep_ in _COPULAR_ROLES or tok.dep_ == "conj":
            return _subject_targets(index, pred), pred
        if pred.pos_ in ("NOUN", "PRON", "PROPN"):  # "those responsible"
            return _noun_targets(index, pred, None, via_predicate=False)
        return None
    if tok.dep_ in ("amod", "compound") and tok.pos_ in ("ADJ", "NOUN", "PROPN") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        # a modifier: the actor named with its noun, or the noun's own role
        noun = tok.head
        named = _named(index, noun)
        if named:
            return named, noun
        return _noun_targets(index, noun, None, via_predicate=kind == "eval")
    return _noun_targets(index, tok, entry, via_predicate=kind in ("eval", "falsity"))


def _blames(tok: Token) -> bool:
    """'responsible for the terrorist attack': the thing one is responsible for is harmful."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            for t in prep.subtree:
                entry = lookup(t)
                if entry is not None and (entry.kind == "harm" or entry.polarity < 0):
                    return True
    return False


def judgements(span: Span, index: ActorIndex, recommends: bool = False) -> list[Judgement]:
    """Every actor the claim ``span`` judges, one entry per cue word; ``recommends``: the claim
    is a recommendation (attitude verbs in it are the holder's own)."""
    found: list[Judgement] = []
    for tok in span:
        entry = lookup(tok)
        if entry is None or entry.kind == "harm":
            continue
        if entry.kind == "blame":
            if not _blames(tok):
                continue
            entry = Entry(entry.lemma, entry.pos, entry.polarity, "eval")
        if entry.polarity == 0:
            continue
        aimed = _aim(index, tok, entry, recommends)
        if aimed is None:
            continue
        targets, pivot = aimed
        if not targets:
            continue
        embedding, flips = _embedding(_clause_head(pivot), span)
        if embedding == "reported":
            continue
        score = _strength(tok, entry)
        if _negated(pivot) or _negated(tok):
            flips = not flips
        if entry.kind == "relation" and _ended(tok):
            flips = not flips
        if flips:
            score = -score if score > 0 else -score * 0.5  # denied friendship is hostility; denied hostility is only mild
        for target in sorted(targets):
            found.append(Judgement(target=target, score=round(score, 3), token=tok.i))
    return found
