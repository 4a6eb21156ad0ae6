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
from typing import Any

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc

__all__ = ["ParseTable", "flags", "table_of"]

_ATTRS = (HEAD, POS, IS_PUNCT, IS_SPACE, IDX, SPACY, LENGTH, SENT_START, DEP, TAG, LOWER, LEMMA, ORTH)
_FIRST_HASH = 8  # the columns from here on hold string hashes


class _Strings:
    """Every string hash met so far, sorted, with its string and its lower-cased string,
    shared by all docs (a hash names the same string in every vocab): a doc's hashes become
    strings with one binary search each, cheaper than sorting them per doc, and the
    StringStore is only asked about hashes never seen before.

    The three arrays are replaced together as one tuple, so a reader in another thread
    always sees a consistent snapshot."""

    limit = 1 << 20  # start over past this many

    def __init__(self) -> None:
        empty = np.empty(0, dtype=object)
        self.state: tuple[np.ndarray, np.ndarray, np.ndarray] = (np.empty(0, dtype=np.uint64), empty, empty)

    def lookup(self, hashes: np.ndarray, strings: StringStore) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(names, lowered, positions)``: each hash's index into both string arrays."""
        known, names, lowered = self.state
        pos = np.searchsorted(known, hashes)
        if hashes.size and (len(known) == 0 or not np.array_equal(known[np.minimum(pos, len(known) - 1)], hashes)):
            known, names, lowered = self.state = self._grown(np.unique(hashes), strings)
            pos = np.searchsorted(known, hashes)
        return names, lowered, pos

    def _grown(self, hashes: np.ndarray, strings: StringStore) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        known, names, lowered = self.state
        if len(known) + len(hashes) > self.limit:
            known, names, lowered = _Strings().state
        new = np.setdiff1d(hashes, known, assume_unique=True)
        new_names = [strings[h] for h in new.tolist()]
        merged = np.concatenate([known, new])
        order = np.argsort(merged, kind="stable")
        return (
            merged[order],
            np.concatenate([names, np.array(new_names, dtype=object)])[order],
            np.concatenate([lowered, np.array([name.lower() for name in new_names], dtype=object)])[order],
        )


_STRINGS = _Strings()


def flags(column: list[str], members: frozenset[str]) -> np.ndarray:
    """Which cells of a string column are in ``members``, as a bool array (tested in C: a
    list comprehension per column was a visible cost)."""
    return np.fromiter(map(members.__contains__, column), dtype=bool, count=len(column))


#: coarse part-of-speech names by id (``Token.pos_`` reads the same table)
_POS_NAMES = np.array([POS_NAMES.get(i, "") for i in range(max(POS_NAMES) + 1)], dtype=object)


def _children(heads: list[int]) -> list[list[int] | tuple[()]]:
    """Each token's children, ascending (``Token.children`` order); leaves share one empty
    tuple (a list per token was a visible cost)."""
    children: list[list[int] | tuple[()]] = [()] * len(heads)
    for i, h in enumerate(heads):
        if h != i:
            kids = children[h]
            if kids:
                kids.append(i)  # type: ignore[union-attr]
            else:
                children[h] = [i]
    return children


class ParseTable:
    """Token annotations of one doc by position: ``dep[i]`` is ``doc[i].dep_`` and so on;
    ``head[i]`` is the head's index, ``children[i]`` the children's indices, ascending."""

    __slots__ = ("n", "text", "head", "head_array", "is_word", "dep", "pos", "tag", "lower", "lemma", "lemma_lower", "orth", "punct",
                 "space", "_ent", "idx", "ends", "children", "_words", "_subtree", "_subtree_set", "_left_edge",
                 "subject_memo", "derived", "_sent_start", "_doc")

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        arr = doc.to_array(list(_ATTRS)).reshape(n, len(_ATTRS))  # uint64: string hashes use all 64 bits
        self.n = n
        heads = np.arange(n, dtype=np.int64) + arr[:, 0].view(np.int64)  # stored as offsets
        self.head: list[int] = heads.tolist()
        self.head_array = heads
        self.children = _children(self.head)
        self.pos: list[str] = _POS_NAMES[arr[:, 1].astype(np.intp)].tolist()
        punct, space = arr[:, 2].astype(bool), arr[:, 3].astype(bool)
        self.punct: list[bool] = punct.tolist()
        self.space: list[bool] = space.tolist()
        self.idx: list[int] = arr[:, 4].tolist()
        #: end character of each token (exclusive)
        self.ends: list[int] = (arr[:, 4] + arr[:, 6]).tolist()
        self._sent_start = arr[:, 7].view(np.int64)
        names, lowered, pos = _STRINGS.lookup(arr[:, _FIRST_HASH:], doc.vocab.strings)
        self.dep, self.tag, self.lower, self.lemma, self.orth = names[pos].T.tolist() if n else ([], [], [], [], [])
        self.lemma_lower: list[str] = lowered[pos[:, _ATTRS.index(LEMMA) - _FIRST_HASH]].tolist()
        self._ent: list[str] | None = None
        #: ``doc.text``, which spaCy rebuilds from its tokens on every access
        self.text = "".join([w + " " if ws else w for w, ws in zip(self.orth, arr[:, 5].tolist())])
        #: neither punctuation nor space
        self.is_word: np.ndarray = ~(punct | space)
        words = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(self.is_word, out=words[1:])
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

    @property
    def ent(self) -> list[str]:
        """``ent_type_`` of each token, read on first use (few rules need it)."""
        if self._ent is None:
            doc = self.doc()
            names, _, pos = _STRINGS.lookup(doc.to_array([ENT_TYPE]).reshape(self.n), doc.vocab.strings)
            self._ent = names[pos].tolist()
        return self._ent

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


_TABLES: weakref.WeakKeyDictionary[Doc, ParseTable] = weakref.WeakKeyDictionary()


def table_of(doc: Doc, fresh: bool = False) -> ParseTable:
    """The doc's table, shared while the doc lives; ``fresh`` rereads the parse."""
    table = None if fresh else _TABLES.get(doc)
    if table is None or table.n != len(doc):
        table = _TABLES[doc] = ParseTable(doc)
    return table
