"""Split text into propositions: one claim per asserted clause, with a tight token span.

A sentence often asserts more than one thing ("The ministry knew of the plan, which is
why it kept buying fuel"): fact-checkers rate each part on its own,
so a clause becomes its own claim when it has its own subject and verb and is
joined to the main clause by coordination, a causal/concessive subordinator or a
non-restrictive relative ("…, which …").  Content clauses ("said that …",
"the idea that …") and conditions ("if …", "when …") stay with their clause: they
are part of what is asserted, not a second assertion.

Everything works on the dependency parse of the ``Doc`` that is already there; no
second model run.  The rules read it through a :class:`~.table.ParseTable` (token
indices, not ``Token`` objects: building those dominated the run time); the
``Token``/``Span`` functions are thin wrappers for other readers.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from spacy.tokens import Span, Token

from .table import ParseTable, flags, table_of

__all__ = [
    "Proposition",
    "propositions",
    "proposition_bounds",
    "is_question",
    "is_question_at",
    "subject_of",
    "subject_index",
    "misparsed_verb",
    "is_misparsed_verb",
    "is_verbal",
    "word_count",
]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
#: subordinators whose clause is a second assertion ("X because Y" asserts Y too)
_ASSERTING_MARKS = frozenset({"because", "since", "although", "though", "whereas", "cause"})
#: relative/demonstrative subjects of a connector clause: "…, which is why Y", "this means that Y"
_CONNECTOR_SUBJECTS = frozenset({"which", "this", "that"})
_CONNECTOR_VERBS = frozenset({"be", "mean"})
_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose"})
#: tokens dropped from the edges of a claim: punctuation, conjunctions, subordinators
_EDGE_DEPS = frozenset({"cc", "mark", "punct"})
_AUX_DEPS = frozenset({"aux", "auxpass"})
_PLURAL_NOUN = frozenset({"NNS"})
_VERBAL_POS = frozenset({"VERB", "AUX"})
_MIN_WORDS = 3
_QUESTION_TAIL = " \n\t\"'”’»"


class _Columns(NamedTuple):
    """Per-token flags the splitter tests again and again, derived once per doc."""

    word: list[bool]  # neither punctuation nor space
    clause: list[bool]  # heads a clause of its own: :func:`_is_clause`
    clauses: list[int]  # clauses before each token (prefix sums of ``clause``)


def _columns(t: ParseTable) -> _Columns:
    got = t.derived.get(__name__)
    if got is None:
        clause = _clause_flags(t)
        got = t.derived[__name__] = _Columns(
            word=t.is_word.tolist(),
            clause=clause.tolist(),
            clauses=np.concatenate([[0], np.cumsum(clause)]).tolist(),
        )
    return got


def _clause_flags(t: ParseTable) -> np.ndarray:
    """:func:`_is_clause` for every token at once (the same test as :func:`subject_index`:
    a subject child, a subject on an auxiliary child, or a misparsed verb, whose subject is
    the word before it)."""
    heads = t.head_array
    dependent = heads != np.arange(t.n)  # roots head themselves
    has_subject = np.zeros(t.n, dtype=bool)
    has_subject[heads[flags(t.dep, SUBJECT_DEPS) & dependent]] = True
    via_aux = has_subject.copy()
    via_aux[heads[flags(t.dep, _AUX_DEPS) & dependent & has_subject]] = True
    clause = flags(t.pos, _VERBAL_POS) & via_aux
    for i in np.flatnonzero(flags(t.tag, _PLURAL_NOUN)).tolist():
        if is_misparsed_verb(t, i):
            clause[i] = True
    return clause


class Proposition(NamedTuple):
    """One asserted clause: its tight span and its main predicate (for typing)."""

    span: Span
    head: Token


def word_count(span: Span) -> int:
    return table_of(span.doc).word_count(span.start, span.end)


def is_question_at(t: ParseTable, start: int, end: int) -> bool:
    """Questions ask rather than assert; rhetorical ones are left to the techniques component."""
    return t.span_text(start, end).rstrip(_QUESTION_TAIL).endswith("?")


def is_question(sent: Span) -> bool:
    return len(sent) > 0 and is_question_at(table_of(sent.doc), sent.start, sent.end)


def is_misparsed_verb(t: ParseTable, i: int) -> bool:
    """A clause root tagged as a plural noun but modified like a verb ("Azerbaijan behaves
    brazenly because …" read as the noun 'behaves'): adverbs and adverbial clauses do not
    modify nouns, so the small model's tagging slip is undone here."""
    if t.tag[i] != "NNS" or t.dep[i] != "ROOT":
        return False
    dep = t.dep
    kids = t.children[i]
    return any(dep[c] in ("advmod", "advcl") and c > i for c in kids) and any(dep[c] == "compound" and c == i - 1 for c in kids)


def misparsed_verb(tok: Token) -> bool:
    return is_misparsed_verb(table_of(tok.doc), tok.i)


def subject_index(t: ParseTable, i: int) -> int | None:
    """Own subject, also when the parser hung it on the auxiliary ("why it is supplying")."""
    memo = t.subject_memo
    if i in memo:
        return memo[i]
    dep = t.dep
    found: int | None = None
    kids = t.children[i]
    for c in kids:
        if dep[c] in SUBJECT_DEPS:
            found = c
            break
    else:
        for c in kids:
            if dep[c] in _AUX_DEPS:
                found = next((g for g in t.children[c] if dep[g] in SUBJECT_DEPS), None)
                if found is not None:
                    break
        if found is None and is_misparsed_verb(t, i):
            found = i - 1
    memo[i] = found
    return found


def subject_of(tok: Token) -> Token | None:
    subj = subject_index(table_of(tok.doc), tok.i)
    return None if subj is None else tok.doc[subj]


def is_verbal(t: ParseTable, i: int) -> bool:
    return t.pos[i] in _VERBAL_POS or is_misparsed_verb(t, i)


def _is_imperative(t: ParseTable, i: int) -> bool:
    """'Stop the war.': a bare base-form verb opening its clause, no subject, no auxiliary."""
    if t.tag[i] != "VB" or subject_index(t, i) is not None or t.dep[i] != "ROOT":
        return False
    if any(t.dep[c] in _AUX_DEPS for c in t.children[i]):
        return False
    first = next((j for j in t.subtree(i) if not (t.punct[j] or t.space[j])), i)
    return first == i


def _sentential_relative(t: ParseTable, child: int) -> bool:
    """", which is why …" / ", which means …": a comment on the whole clause before the comma."""
    subj = subject_index(t, child)
    if subj is None or t.lower[subj] != "which":
        return False
    left = t.left_edge(child)
    return left == subj and left > 0 and t.orth[left - 1] == ","


def _is_clause(t: ParseTable, i: int) -> bool:
    """A verb (or misparsed verb) with its own subject."""
    return _columns(t).clause[i]


def _clause_splits_off(t: ParseTable, child: int) -> bool:
    """Does this dependent, a clause (:func:`_is_clause`), start an assertion of its own?"""
    dep = t.dep[child]
    if dep == "conj" or _sentential_relative(t, child):
        return True
    if dep == "advcl":
        deps, lower = t.dep, t.lower
        kids = t.children[child]
        marks = {lower[c] for c in kids if deps[c] == "mark"}
        if marks & _ASSERTING_MARKS:
            return True
        subjects = {lower[c] for c in kids if deps[c] in SUBJECT_DEPS}
        return not marks and bool(subjects & _CONNECTOR_SUBJECTS)  # ", which is why …"
    if dep == "relcl":
        left = t.left_edge(child)
        return left > 0 and t.orth[left - 1] == "," and t.lower[left] in _RELATIVE_PRONOUNS
    return False


_EMBEDDING_DEPS = frozenset({"ccomp", "csubj", "csubjpass", "acl", "relcl", "advcl", "parataxis", "conj"})


def _candidates(t: ParseTable, head: int, own: set[int]) -> list[int]:
    """Dependents anywhere in this clause (not inside a nested clause) that may split off.

    Coordination and causal clauses hang on the verb; a non-restrictive relative
    hangs on a noun ("met Aliyev in Baku, who said …"), so the whole clause is searched.
    """
    found: list[int] = []
    stack = [head]
    dep, children = t.dep, t.children
    clause = _columns(t).clause
    while stack:
        for child in children[stack.pop()]:
            if child not in own:
                continue
            if not clause[child]:
                stack.append(child)
            elif _clause_splits_off(t, child):
                found.append(child)
            elif dep[child] not in _EMBEDDING_DEPS:
                stack.append(child)
    return found


class _Glue:
    """Token indices of a region that may sit between two claims: ``loose`` (punctuation,
    spaces, coordinators) and ``edge`` (those plus subordinators); worked out on first use
    (only sentences with a clause to split off need them), then kept for the region."""

    __slots__ = ("_t", "_start", "_end", "_sets")

    def __init__(self, t: ParseTable, start: int, end: int) -> None:
        self._t, self._start, self._end = t, start, end
        self._sets: tuple[frozenset[int], frozenset[int]] | None = None

    def sets(self) -> tuple[frozenset[int], frozenset[int]]:
        """``(loose, edge)``."""
        if self._sets is None:
            t, span = self._t, range(self._start, self._end)
            punct, space, dep = t.punct, t.space, t.dep
            loose = frozenset([i for i in span if punct[i] or space[i] or dep[i] == "cc"])
            self._sets = (loose, loose.union([i for i in span if dep[i] in _EDGE_DEPS]))
        return self._sets


def _core_bounds(ids: set[int], glue: _Glue) -> tuple[int, int] | None:
    """First and last word of ``ids`` if the words between are all in it (punctuation and
    conjunctions may be missing: they sit between the parts); None when torn apart."""
    loose, edge = glue.sets()
    core = ids - loose
    if not core:
        return None
    lo, hi = min(core), max(core)
    if all(i in ids or i in edge for i in range(lo, hi + 1)):
        return lo, hi
    return None


def _units(t: ParseTable, head: int, own: set[int], glue: _Glue, search: bool = True) -> list[tuple[int, set[int]]]:
    """The clause rooted at ``head`` and, recursively, the clauses split off it; ``own``: the
    tokens of the region in ``head``'s subtree; ``search``: False when none of them but
    ``head`` is a clause, so nothing can split off."""
    if not search:
        return [(head, own)]
    split: list[tuple[int, set[int]]] = []
    pending = sorted(_candidates(t, head, own), reverse=True)
    progress = True
    while pending and progress:  # peel from the edges inwards: a later clause frees an earlier one
        progress = False
        for child in list(pending):
            sub = own & t.subtree_set(child)
            rest = own - sub
            bounds = _core_bounds(rest, glue) if sub else None
            if bounds is None or head not in rest:
                continue  # (still) in the middle of another clause: splitting would tear the span
            own = {i for i in rest if bounds[0] <= i <= bounds[1]}
            split.extend(_units(t, child, sub, glue))
            pending.remove(child)
            progress = True
    split.sort(key=lambda unit: unit[0])
    return [(head, own), *split]


def _trim(t: ParseTable, head: int, ids: set[int]) -> tuple[int, int] | None:
    """Tight bounds: no edge punctuation, no conjunction or subordinator of the clause itself
    ("because", "and"); a condition's "if" belongs to its clause and stays."""
    punct, space, dep, heads = t.punct, t.space, t.dep, t.head
    lo, hi = min(ids), max(ids)
    while lo <= hi and (space[lo] or punct[lo] or (dep[lo] in _EDGE_DEPS and heads[lo] == head)):
        lo += 1
    while hi >= lo and (dep[hi] in ("cc", "punct") or space[hi] or punct[hi]):
        hi -= 1
    return (lo, hi + 1) if lo <= hi else None


def _unwrap(t: ParseTable, head: int, ids: set[int]) -> tuple[int, set[int]]:
    """Look through connectors to the proposition they introduce.

    "which is why it is supplying weapons" and "the news that Azerbaijan is supplying
    weapons" assert the inner clause; the frame around it adds no claim of its own.
    """
    dep, lower = t.dep, t.lower
    kids = t.children[head]
    comp: int | None = None
    if t.lemma[head] in _CONNECTOR_VERBS and any(dep[c] in SUBJECT_DEPS and lower[c] in _CONNECTOR_SUBJECTS for c in kids):
        comp = next((c for c in kids if dep[c] == "ccomp" and c in ids), None)
    elif t.pos[head] in ("NOUN", "PROPN") and not is_misparsed_verb(t, head):
        comp = next((c for c in kids if dep[c] in ("acl", "ccomp") and _is_clause(t, c) and c in ids), None)
    if comp is None:
        return head, ids
    inner = ids & t.subtree_set(comp)
    if len(ids - inner) > 6:
        return head, ids  # a real clause around it, not a connector
    # drop "why"/"that" opening the inner clause
    for i in sorted(inner):
        if dep[i] == "mark" or t.tag[i] in ("WRB", "WDT") or t.punct[i]:
            inner.discard(i)
        else:
            break
    return (comp, inner) if inner else (head, ids)


def _is_proposition(t: ParseTable, head: int) -> bool:
    if is_verbal(t, head):
        return subject_index(t, head) is not None or _is_imperative(t, head)
    # copula-less heads after unwrapping never assert; nominal sentences ('March 26 2024, 10:04') neither
    return False


def proposition_bounds(t: ParseTable, start: int, end: int, skip: set[int] | frozenset[int]) -> list[tuple[int, int, int]]:
    """``(start, end, head)`` token indices of the propositions in ``start:end``, by start."""
    heads, columns = t.head, _columns(t)
    # tokens whose head lies outside the region (or who head themselves); the word ones root a clause
    tops = [i for i in range(start, end) if heads[i] == i or not start <= heads[i] < end]
    word, clause = columns.word, columns.clause
    roots = [i for i in tops if word[i]]
    if not roots:
        return []
    allowed = set(range(start, end))
    clauses = columns.clauses[end] - columns.clauses[start]
    glue = _Glue(t, start, end)
    found: list[tuple[int, int, int]] = []
    for root in roots:
        # with a single top every token of the region hangs below it: no need to collect its subtree
        own = allowed if len(tops) == 1 else allowed & t.subtree_set(root)
        for head, ids in _units(t, root, own, glue, search=clauses > clause[root]):
            head, ids = _unwrap(t, head, ids)
            if head in skip or not ids or not _is_proposition(t, head):
                continue
            bounds = _trim(t, head, ids)
            if bounds is None or t.word_count(*bounds) < _MIN_WORDS:
                continue
            found.append((bounds[0], bounds[1], head))
    if len(found) > 1:
        found.sort(key=lambda p: p[0])
    return found


def propositions(region: Span, skip_heads: Iterable[int] = ()) -> list[Proposition]:
    """The propositions asserted inside ``region`` (a sentence, or the part of one inside a quote).

    ``skip_heads`` are token indices of clauses that only frame other text (a quote's
    speech verb: "Koltashov said"); clauses headed there yield no claim.
    """
    doc = region.doc
    found = proposition_bounds(table_of(doc), region.start, region.end, set(skip_heads))
    return [Proposition(span=doc[s:e], head=doc[h]) for s, e, h in found]
