"""Featurisation shared by training and run time, in numpy only.

Token features are 64-bit keys built from spaCy's own string hashes (``LOWER``,
``SHAPE`` ...), so a whole document is featurised with a handful of array
operations instead of a Python loop per token: that is what keeps the
component within a small fraction of the parser's time.  Only lexical
attributes are used, so a bare tokenizer and a full pipeline give the same
features and :func:`claimscope.techniques.find_techniques` needs no model.
"""
from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, IS_TITLE, LENGTH, LOWER, SHAPE, SUFFIX
from spacy.tokens import Doc

from .types import Sentences

_ATTRS = [LOWER, SHAPE, SUFFIX, IDX, LENGTH, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, IS_TITLE]
_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
_BOUNDARY = np.uint64(0x5DEECE66D)  # stands in for a neighbour outside the sentence
_OPEN_QUOTES = {"“", "«", "„"}
_CLOSE_QUOTES = {"”", "»"}
_TOGGLE_QUOTES = {'"', "''", "``"}


def _bucket(values: np.ndarray, edges: tuple[int, ...]) -> np.ndarray:
    """Coarse ordinal buckets: counts and positions matter by order of magnitude."""
    return np.searchsorted(np.asarray(edges), values, side="right").astype(np.uint64)


def mix(template: int, values: np.ndarray) -> np.ndarray:
    """One key per (template, value); collisions across 2**64 are negligible."""
    with np.errstate(over="ignore"):
        return (values.astype(np.uint64) * _M1) ^ (np.uint64(template + 1) * _M2)


def pair(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Order-sensitive combination of two hash arrays (bigrams, conjunctions)."""
    with np.errstate(over="ignore"):
        return a * _M3 + b


@dataclass
class DocView:
    """Per-document arrays computed once and shared by every feature function."""

    text: str
    lower: np.ndarray
    shape: np.ndarray
    suffix: np.ndarray
    start: np.ndarray  # char offset of each token
    end: np.ndarray
    is_alpha: np.ndarray
    is_punct: np.ndarray
    is_space: np.ndarray
    is_stop: np.ndarray
    is_title: np.ndarray
    sent_id: np.ndarray
    sent_bounds: np.ndarray  # (n_sents, 2) token offsets, end exclusive
    in_quote: np.ndarray
    words: list[str] = field(default_factory=list)  # lower-case token texts

    def __len__(self) -> int:
        return int(self.lower.shape[0])

    @cached_property
    def word_counts(self) -> Counter[str]:
        """How often each word occurs in the article (repetition is a document fact)."""
        return Counter(self.words)

    @cached_property
    def lower_text(self) -> str:
        return self.text.lower()

    @cached_property
    def title_end(self) -> int:
        """End of the first line: the corpus and our readers put the headline there."""
        end = self.text.find("\n")
        return end if end >= 0 else len(self.text)


def _quote_flags(words: list[str], is_space: np.ndarray) -> np.ndarray:
    """Whether each token sits inside double quotes; paragraph breaks reset the state."""
    flags = np.zeros(len(words), dtype=bool)
    inside = False
    for i, w in enumerate(words):
        if w in _OPEN_QUOTES:
            inside = True
        elif w in _CLOSE_QUOTES:
            inside = False
            flags[i] = True
            continue
        elif w in _TOGGLE_QUOTES:
            inside = not inside
            flags[i] = True
            continue
        elif is_space[i] and "\n" in w:
            inside = False
        flags[i] = inside
    return flags


def doc_view(doc: Doc, sentences: Sentences) -> DocView:
    """Collect the arrays the features need from a tokenised ``Doc``.

    ``sentences`` are char spans; tokens before the first or between sentences
    join the sentence that starts before them.
    """
    arr = doc.to_array(_ATTRS) if len(doc) else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
    start = arr[:, 3].astype(np.int64)
    end = start + arr[:, 4].astype(np.int64)
    words = [t.lower_ for t in doc]
    is_space = arr[:, 7].astype(bool)
    sent_starts = np.asarray(sorted(s for s, _ in sentences) or [0], dtype=np.int64)
    sent_id = np.maximum(np.searchsorted(sent_starts, start, side="right") - 1, 0)
    # renumber so that sentence ids are dense even if some sentences hold no token
    _, sent_id = np.unique(sent_id, return_inverse=True)
    n_sents = int(sent_id.max()) + 1 if len(sent_id) else 0
    first = np.searchsorted(sent_id, np.arange(n_sents), side="left")
    last = np.searchsorted(sent_id, np.arange(n_sents), side="right")
    return DocView(
        text=doc.text,
        lower=arr[:, 0],
        shape=arr[:, 1],
        suffix=arr[:, 2],
        start=start,
        end=end,
        is_alpha=arr[:, 5].astype(bool),
        is_punct=arr[:, 6].astype(bool),
        is_space=is_space,
        is_stop=arr[:, 8].astype(bool),
        is_title=arr[:, 9].astype(bool),
        sent_id=sent_id.astype(np.int64),
        sent_bounds=np.stack([first, last], axis=1) if n_sents else np.zeros((0, 2), dtype=np.int64),
        in_quote=_quote_flags(words, is_space),
        words=words,
    )


def _shift(values: np.ndarray, sent_id: np.ndarray, offset: int) -> np.ndarray:
    """Neighbour values at ``offset``, with a boundary marker outside the sentence."""
    n = values.shape[0]
    out = np.full(n, _BOUNDARY, dtype=np.uint64)
    if offset == 0 or abs(offset) >= n:
        return values.copy() if offset == 0 else out
    if offset > 0:
        same = sent_id[offset:] == sent_id[:-offset]
        out[:-offset] = np.where(same, values[offset:], _BOUNDARY)
    else:
        k = -offset
        same = sent_id[:-k] == sent_id[k:]
        out[k:] = np.where(same, values[:-k], _BOUNDARY)
    return out


def _doc_counts(keys: np.ndarray) -> np.ndarray:
    """For each entry, how many times its key occurs in the same document."""
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    return counts[inverse]


def rule_cover(view: DocView, hits: Sequence[tuple]) -> np.ndarray:
    """Per token, a code for the technique of the rule hit covering it (0: none).

    Fed to the tagger so that it learns how far to trust each kind of rule
    instead of taking every match as a span.
    """
    cover = np.zeros(len(view), dtype=np.uint64)
    for hit in hits:
        lo = np.searchsorted(view.end, hit[0], side="right")
        hi = np.searchsorted(view.start, hit[1], side="left")
        cover[lo:hi] = zlib.crc32(hit[2].encode()) + 1
    return cover


def token_keys(view: DocView, cover: np.ndarray | None = None) -> np.ndarray:
    """Feature keys, one row per token, for the span-identification tagger.

    Columns are templates (word window, bigrams, shape, suffix, repetition of
    the word in the article, place in the sentence, sentence cues, quotes,
    the rule covering the token: see :func:`rule_cover`).
    """
    n = len(view)
    if n == 0:
        return np.zeros((0, 0), dtype=np.uint64)
    sid = view.sent_id
    w = view.lower
    wm1, wp1 = _shift(w, sid, -1), _shift(w, sid, 1)
    wm2, wp2 = _shift(w, sid, -2), _shift(w, sid, 2)
    content = view.is_alpha & ~view.is_stop
    rep_word = np.where(content, _bucket(_doc_counts(w), (2, 3, 5, 8)) + 1, 0)
    big = pair(w, wp1)
    big_counts = _doc_counts(big)
    rep_next = _bucket(big_counts, (2, 3, 5))
    rep_prev = _shift(rep_next, sid, -1)
    first = view.sent_bounds[sid, 0]
    last = view.sent_bounds[sid, 1]
    pos = np.arange(n) - first
    to_end = last - np.arange(n)
    sent_len = last - first
    excl_ids = np.unique(sid[np.fromiter((x == "!" for x in view.words), bool, n)])
    quest_ids = np.unique(sid[np.fromiter((x == "?" for x in view.words), bool, n)])
    excl = np.isin(sid, excl_ids).astype(np.uint64)
    quest = np.isin(sid, quest_ids).astype(np.uint64) * 2
    in_title = (view.start < view.title_end).astype(np.uint64) * 4
    sent_flags = excl + quest + in_title
    quote = view.in_quote.astype(np.uint64)
    cols = [
        mix(0, np.zeros(n, dtype=np.uint64)),
        mix(1, w),
        mix(2, wm1),
        mix(3, wp1),
        mix(4, wm2),
        mix(5, wp2),
        mix(6, pair(wm1, w)),
        mix(7, big),
        mix(8, view.shape),
        mix(9, view.suffix),
        mix(10, rep_word),
        mix(11, pair(rep_next, rep_prev)),
        mix(12, pair(_bucket(pos, (1, 2, 3, 5, 8, 13, 21)), _bucket(to_end, (2, 3, 4, 6, 9, 14)))),
        mix(13, _bucket(sent_len, (5, 9, 15, 25, 40))),
        mix(14, pair(sent_flags, quote)),
        mix(15, pair(pair(wm1, w), wp1)),
        mix(16, pair(w, quote)),
        mix(17, pair(_shift(view.shape, sid, -1), view.shape)),
        mix(18, cover if cover is not None else np.zeros(n, dtype=np.uint64)),
    ]
    keys = np.stack(cols, axis=1)
    keys[:, 10][rep_word == 0] = 0  # no repetition feature for function words
    return keys


def lookup(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Row index of each key in the model's vocabulary, or -1 when unseen."""
    if sorted_keys.size == 0:
        return np.full(keys.shape, -1, dtype=np.int64)
    idx = np.searchsorted(sorted_keys, keys)
    idx = np.minimum(idx, sorted_keys.size - 1)
    return np.where(sorted_keys[idx] == keys, idx, -1)
