"""A doc's parse as plain Python lists, read once: the claim rules' fast path.

Every ``doc[i]``, ``token.children`` or ``span`` iteration makes a new ``Token``
object; the claim rules walk the parse many times per sentence, so building those
objects dominated their run time.  ``ParseTable`` reads the annotations the rules
use with one ``Doc.to_array`` call and keeps them as lists indexed by token
position, with children and subtrees in exactly spaCy's order.  The rules then work
on ints and strings only.

A table describes the parse as it was when first read; the claims component builds a
fresh one per call, other readers share it through :func:`table_of`.
"""
from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc

__all__ = ["ParseTable", "table_of"]

_ATTRS = (HEAD, POS, IS_PUNCT, IS_SPACE, IDX, SPACY, LENGTH, SENT_START, DEP, TAG, LOWER, LEMMA, ORTH, ENT_TYPE)
_FIRST_HASH = 8  # the columns from here on hold string hashes
#: hash -> string, shared by all docs: a hash names the same string in every vocab, and
#: asking the StringStore for each token costs more than the rest of the table together
_NAMES: dict[int, str] = {}
_MAX_NAMES = 1 << 20


def _string_columns(hashes: np.ndarray, strings: StringStore) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
    """Hash columns to string columns, each distinct hash looked up once; also the distinct
    strings and each cell's index into them (for derived columns such as lower-cased lemmas)."""
    distinct, inverse = np.unique(hashes, return_inverse=True)
    if len(_NAMES) > _MAX_NAMES:
        _NAMES.clear()
    names = np.empty(len(distinct), dtype=object)
    for k, h in enumerate(distinct.tolist()):
        found = _NAMES.get(h)
        if found is None:
            found = _NAMES[h] = strings[h]
        names[k] = found
    inverse = inverse.reshape(hashes.shape)
    return names[inverse].T.tolist(), names, inverse


#: coarse part-of-speech names by id (``Token.pos_`` reads the same table)
_POS_NAMES = np.array([POS_NAMES.get(i, "") for i in range(max(POS_NAMES) + 1)], dtype=object)


def _children(heads: np.ndarray) -> list[list[int] | tuple[()]]:
    """Each token's children, ascending (``Token.children`` order); leaves share one empty
    tuple, since a list per token made this the slowest step of reading a doc."""
    n = len(heads)
    order = np.argsort(heads, kind="stable")  # grouped by head, ascending within a group
    counts = np.bincount(heads, minlength=n)
    ends = np.cumsum(counts)
    parents = np.flatnonzero(counts)
    ranked = order.tolist()
    children: list[list[int] | tuple[()]] = [()] * n
    for h, a, b in zip(parents.tolist(), (ends - counts)[parents].tolist(), ends[parents].tolist()):
        children[h] = ranked[a:b]
    for root in np.flatnonzero(heads == np.arange(n)).tolist():  # a root heads itself, not its child
        kids = children[root]
        kids.remove(root)  # type: ignore[union-attr]
        if not kids:
            children[root] = ()
    return children


class ParseTable:
    """Token annotations of one doc by position: ``dep[i]`` is ``doc[i].dep_`` and so on;
    ``head[i]`` is the head's index, ``children[i]`` the children's indices, ascending."""

    __slots__ = ("n", "text", "head", "dep", "pos", "tag", "lower", "lemma", "lemma_lower", "orth", "punct",
                 "space", "ent", "idx", "ends", "children", "_words", "_subtree", "_subtree_set", "_left_edge",
                 "subject_memo", "derived", "_sent_start", "_doc")

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        arr = doc.to_array(list(_ATTRS)).reshape(n, len(_ATTRS))  # uint64: string hashes use all 64 bits
        self.n = n
        heads = np.arange(n, dtype=np.int64) + arr[:, 0].view(np.int64)  # stored as offsets
        self.head: list[int] = heads.tolist()
        self.children = _children(heads)
        self.pos: list[str] = _POS_NAMES[arr[:, 1].astype(np.intp)].tolist()
        punct, space = arr[:, 2].astype(bool), arr[:, 3].astype(bool)
        self.punct: list[bool] = punct.tolist()
        self.space: list[bool] = space.tolist()
        self.idx: list[int] = arr[:, 4].tolist()
        #: end character of each token (exclusive)
        self.ends: list[int] = (arr[:, 4] + arr[:, 6]).tolist()
        self._sent_start = arr[:, 7].view(np.int64)
        columns, names, inverse = _string_columns(arr[:, _FIRST_HASH:], doc.vocab.strings)
        self.dep, self.tag, self.lower, self.lemma, self.orth, self.ent = columns if n else ([], [], [], [], [], [])
        lowered = np.array([name.lower() for name in names.tolist()] or [""], dtype=object)
        self.lemma_lower: list[str] = lowered[inverse[:, _ATTRS.index(LEMMA) - _FIRST_HASH]].tolist()
        #: ``doc.text``, which spaCy rebuilds from its tokens on every access
        self.text = "".join([w + " " if ws else w for w, ws in zip(self.orth, arr[:, 5].tolist())])
        words = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(~(punct | space), out=words[1:])
        self._words: list[int] = words.tolist()
        self._subtree: dict[int, list[int]] = {}
        self._subtree_set: dict[int, frozenset[int]] = {}
        self._left_edge: dict[int, int] = {}
        #: filled by ``segment.subject_index``: a clause's subject is asked for many times
        self.subject_memo: dict[int, int | None] = {}
        #: per-doc columns a rule module derives once (keyed by the module's name)
        self.derived: dict[str, Any] = {}
        self._doc = weakref.ref(doc)

    @classmethod
    def of(cls, doc: Doc) -> ParseTable:
        """Same as :func:`table_of`."""
        return table_of(doc)

    def doc(self) -> Doc:
        """The doc this table was read from (for the few rules still asked of ``Token`` objects)."""
        doc = self._doc()
        if doc is None:
            raise ReferenceError("the doc of this parse table is gone")
        return doc

    def sentences(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each of ``doc.sents``, read from the table (``doc.sents`` itself
        when a hook overrides sentences, or when there are none to read)."""
        doc = self.doc()
        if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
            return [(sent.start, sent.end) for sent in doc.sents]
        bounds = [0, *(np.flatnonzero(self._sent_start[1:] == 1) + 1).tolist()]
        if bounds[-1] != self.n:
            bounds.append(self.n)
        return list(zip(bounds, bounds[1:]))

    def start_char(self, i: int) -> int:
        return self.idx[i]

    def end_char(self, i: int) -> int:
        """End character of token ``i`` (exclusive)."""
        return self.ends[i]

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` without building the span."""
        return self.text[self.idx[start] : self.ends[end - 1]]

    def word_count(self, start: int, end: int) -> int:
        """Tokens in ``start:end`` that are neither punctuation nor space."""
        return self._words[end] - self._words[start]

    def subtree(self, i: int) -> list[int]:
        """``doc[i].subtree`` as indices, in spaCy's order (left subtrees, self, right subtrees)."""
        got = self._subtree.get(i)
        if got is None:
            got = []
            kids = self.children[i]
            for c in kids:
                if c < i:
                    got.extend(self.subtree(c))
            got.append(i)
            for c in kids:
                if c > i:
                    got.extend(self.subtree(c))
            self._subtree[i] = got
        return got

    def subtree_set(self, i: int) -> frozenset[int]:
        """``doc[i].subtree`` as a set of indices (gathered without ordering, which is cheaper)."""
        got = self._subtree_set.get(i)
        if got is None:
            children = self.children
            found = [i]
            k = 0
            while k < len(found):
                found.extend(children[found[k]])
                k += 1
            got = self._subtree_set[i] = frozenset(found)
        return got

    def left_edge(self, i: int) -> int:
        """``doc[i].left_edge.i``, read from spaCy itself (rarely needed, so not precomputed)."""
        got = self._left_edge.get(i)
        if got is None:
            got = self._left_edge[i] = self.doc()[i].left_edge.i
        return got

    def first_child(self, i: int, deps: frozenset[str] | Sequence[str]) -> int | None:
        """The first child of ``i`` whose dependency label is in ``deps``."""
        dep = self.dep
        for c in self.children[i]:
            if dep[c] in deps:
                return c
        return None


_TABLES: weakref.WeakKeyDictionary[Doc, ParseTable] = weakref.WeakKeyDictionary()


def table_of(doc: Doc, fresh: bool = False) -> ParseTable:
    """The doc's table, shared while the doc lives; ``fresh`` rereads the parse."""
    table = None if fresh else _TABLES.get(doc)
    if table is None or table.n != len(doc):
        table = _TABLES[doc] = ParseTable(doc)
    return table
