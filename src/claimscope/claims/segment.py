"""Split text into propositions: one claim per asserted clause, with a tight token span.

A sentence often asserts more than one thing ("Baku knows this in advance, which is
why it is so brazenly supplying weapons"): fact-checkers rate each part on its own,
so a clause becomes its own claim when it has its own subject and verb and is
joined to the main clause by coordination, a causal/concessive subordinator or a
non-restrictive relative ("…, which …").  Content clauses ("said that …",
"the idea that …") and conditions ("if …", "when …") stay with their clause: they
are part of what is asserted, not a second assertion.

Everything works on the dependency parse of the ``Doc`` that is already there; no
second model run.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

__all__ = ["Proposition", "propositions", "is_question", "subject_of", "misparsed_verb", "word_count"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
#: subordinators whose clause is a second assertion ("X because Y" asserts Y too)
_ASSERTING_MARKS = frozenset({"because", "since", "although", "though", "whereas", "cause"})
#: relative/demonstrative subjects of a connector clause: "…, which is why Y", "this means that Y"
_CONNECTOR_SUBJECTS = frozenset({"which", "this", "that"})
_CONNECTOR_VERBS = frozenset({"be", "mean"})
_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose"})
#: tokens dropped from the edges of a claim: punctuation, conjunctions, subordinators
_EDGE_DEPS = frozenset({"cc", "mark", "punct"})
_MIN_WORDS = 3


class Proposition(NamedTuple):
    """One asserted clause: its tight span and its main predicate (for typing)."""

    span: Span
    head: Token


def word_count(span: Span) -> int:
    return sum(1 for t in span if not (t.is_punct or t.is_space))


def is_question(sent: Span) -> bool:
    """Questions ask rather than assert; rhetorical ones are left to the techniques component."""
    text = sent.text.rstrip(" \n\t\"'”’»")
    return text.endswith("?")


def misparsed_verb(tok: Token) -> bool:
    """A clause root tagged as a plural noun but modified like a verb ("Azerbaijan behaves
    brazenly because …" read as the noun 'behaves'): adverbs and adverbial clauses do not
    modify nouns, so the small model's tagging slip is undone here."""
    return (
        tok.dep_ == "ROOT"
        and tok.tag_ == "NNS"
        and any(c.dep_ in ("advmod", "advcl") and c.i > tok.i for c in tok.children)
        and any(c.dep_ == "compound" and c.i == tok.i - 1 for c in tok.children)
    )


def subject_of(tok: Token) -> Token | None:
    """Own subject, also when the parser hung it on the auxiliary ("why it is supplying")."""
    for c in tok.children:
        if c.dep_ in SUBJECT_DEPS:
            return c
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass"):
            subj = next((g for g in c.children if g.dep_ in SUBJECT_DEPS), None)
            if subj is not None:
                return subj
    if misparsed_verb(tok):
        return tok.doc[tok.i - 1]
    return None


def _has_subject(tok: Token) -> bool:
    return subject_of(tok) is not None


def _is_verbal(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or misparsed_verb(tok)


def _is_imperative(tok: Token) -> bool:
    """'Stop the war.': a bare base-form verb opening its clause, no subject, no auxiliary."""
    if tok.tag_ != "VB" or _has_subject(tok) or tok.dep_ != "ROOT":
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False
    first = next((t for t in tok.subtree if not (t.is_punct or t.is_space)), tok)
    return first.i == tok.i


def _sentential_relative(child: Token) -> bool:
    """", which is why …" / ", which means …": a comment on the whole clause before the comma."""
    subj = subject_of(child)
    left = child.left_edge
    return (
        subj is not None
        and subj.lower_ == "which"
        and left.i == subj.i
        and left.i > 0
        and child.doc[left.i - 1].text == ","
    )


def _splits_off(child: Token) -> bool:
    """Does this dependent start an assertion of its own?"""
    if not _is_verbal(child) or not _has_subject(child):
        return False
    if child.dep_ == "conj" or _sentential_relative(child):
        return True
    if child.dep_ == "advcl":
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
        if marks & _ASSERTING_MARKS:
            return True
        subjects = {c.lower_ for c in child.children if c.dep_ in SUBJECT_DEPS}
        return not marks and bool(subjects & _CONNECTOR_SUBJECTS)  # ", which is why …"
    if child.dep_ == "relcl":
        left = child.left_edge
        before = child.doc[left.i - 1] if left.i > 0 else None
        return before is not None and before.text == "," and left.lower_ in _RELATIVE_PRONOUNS
    return False


_EMBEDDING_DEPS = frozenset({"ccomp", "csubj", "csubjpass", "acl", "relcl", "advcl", "parataxis", "conj"})


def _candidates(head: Token, own: set[int]) -> Iterator[Token]:
    """Dependents anywhere in this clause (not inside a nested clause) that may split off.

    Coordination and causal clauses hang on the verb; a non-restrictive relative
    hangs on a noun ("met Aliyev in Baku, who said …"), so the whole clause is searched.
    """
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.i not in own:
                continue
            if _splits_off(child):
                yield child
            elif child.dep_ not in _EMBEDDING_DEPS or not (_is_verbal(child) and _has_subject(child)):
                stack.append(child)


class _Glue(NamedTuple):
    """Token indices of a region that may sit between two claims: ``loose`` (punctuation,
    spaces, coordinators) and ``edge`` (those plus subordinators), computed once per region."""

    loose: frozenset[int]
    edge: frozenset[int]

    @classmethod
    def of(cls, region: Span) -> "_Glue":
        loose = frozenset(t.i for t in region if t.is_punct or t.is_space or t.dep_ == "cc")
        return cls(loose, loose | frozenset(t.i for t in region if t.dep_ in _EDGE_DEPS))


def _core_bounds(ids: set[int], glue: _Glue) -> tuple[int, int] | None:
    """First and last word of ``ids`` if the words between are all in it (punctuation and
    conjunctions may be missing: they sit between the parts); None when torn apart."""
    core = ids - glue.loose
    if not core:
        return None
    lo, hi = min(core), max(core)
    if all(i in ids or i in glue.edge for i in range(lo, hi + 1)):
        return lo, hi
    return None


def _units(head: Token, allowed: set[int], glue: _Glue) -> list[tuple[Token, set[int]]]:
    """The clause rooted at ``head`` and, recursively, the clauses split off it."""
    own = {t.i for t in head.subtree if t.i in allowed}
    split: list[tuple[Token, set[int]]] = []
    pending = sorted(_candidates(head, own), key=lambda t: -t.i)
    progress = True
    while pending and progress:  # peel from the edges inwards: a later clause frees an earlier one
        progress = False
        for child in list(pending):
            sub = {t.i for t in child.subtree if t.i in own}
            rest = own - sub
            bounds = _core_bounds(rest, glue) if sub else None
            if bounds is None or head.i not in rest:
                continue  # (still) in the middle of another clause: splitting would tear the span
            own = {i for i in rest if bounds[0] <= i <= bounds[1]}
            split.extend(_units(child, sub, glue))
            pending.remove(child)
            progress = True
    split.sort(key=lambda unit: unit[0].i)
    return [(head, own), *split]


def _trim(doc: Doc, head: Token, ids: set[int]) -> tuple[int, int] | None:
    """Tight bounds: no edge punctuation, no conjunction or subordinator of the clause itself
    ("because", "and"); a condition's "if" belongs to its clause and stays."""
    lo, hi = min(ids), max(ids)
    while lo <= hi and (doc[lo].is_space or doc[lo].is_punct or (doc[lo].dep_ in _EDGE_DEPS and doc[lo].head.i == head.i)):
        lo += 1
    while hi >= lo and (doc[hi].dep_ in ("cc", "punct") or doc[hi].is_space or doc[hi].is_punct):
        hi -= 1
    return (lo, hi + 1) if lo <= hi else None


def _unwrap(head: Token, ids: set[int]) -> tuple[Token, set[int]]:
    """Look through connectors to the proposition they introduce.

    "which is why it is supplying weapons" and "the news that Azerbaijan is supplying
    weapons" assert the inner clause; the frame around it adds no claim of its own.
    """
    comp: Token | None = None
    if head.lemma_ in _CONNECTOR_VERBS and any(c.dep_ in SUBJECT_DEPS and c.lower_ in _CONNECTOR_SUBJECTS for c in head.children):
        comp = next((c for c in head.children if c.dep_ == "ccomp" and c.i in ids), None)
    elif head.pos_ in ("NOUN", "PROPN") and not misparsed_verb(head):
        comp = next((c for c in head.children if c.dep_ in ("acl", "ccomp") and _is_verbal(c) and _has_subject(c) and c.i in ids), None)
    if comp is None:
        return head, ids
    inner = {t.i for t in comp.subtree if t.i in ids}
    if len(ids - inner) > 6:
        return head, ids  # a real clause around it, not a connector
    # drop "why"/"that" opening the inner clause
    for t in sorted(inner):
        tok = head.doc[t]
        if tok.dep_ == "mark" or tok.tag_ in ("WRB", "WDT") or tok.is_punct:
            inner.discard(t)
        else:
            break
    return (comp, inner) if inner else (head, ids)


def _is_proposition(head: Token) -> bool:
    if _is_verbal(head):
        return _has_subject(head) or _is_imperative(head)
    # copula-less heads after unwrapping never assert; nominal sentences ('March 26 2024, 10:04') neither
    return False


def propositions(region: Span, skip_heads: Iterable[int] = ()) -> list[Proposition]:
    """The propositions asserted inside ``region`` (a sentence, or the part of one inside a quote).

    ``skip_heads`` are token indices of clauses that only frame other text (a quote's
    speech verb: "Koltashov said"); clauses headed there yield no claim.
    """
    doc = region.doc
    skip = set(skip_heads)
    allowed = set(range(region.start, region.end))
    glue = _Glue.of(region)
    roots = [t for t in region if (t.head.i not in allowed or t.head.i == t.i) and not (t.is_punct or t.is_space)]
    found: list[Proposition] = []
    for root in roots:
        for head, ids in _units(root, allowed, glue):
            head, ids = _unwrap(head, ids)
            if head.i in skip or not ids or not _is_proposition(head):
                continue
            bounds = _trim(doc, head, ids)
            if bounds is None:
                continue
            span = doc[bounds[0] : bounds[1]]
            if word_count(span) < _MIN_WORDS:
                continue
            found.append(Proposition(span=span, head=head))
    found.sort(key=lambda p: p.span.start)
    return found
