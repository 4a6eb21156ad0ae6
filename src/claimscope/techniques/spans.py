"""From token scores to spans, and from a span to the features that label it."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .features import DocView

_STRIP = " \t\n\"'“”‘’«».,;:!?()[]-–—"


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Maximal runs of True as (start, end) index pairs."""
    if mask.size == 0:
        return []
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    d = np.diff(padded)
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist()))


def decode(view: DocView, probs: np.ndarray, threshold: float, low: float) -> list[tuple[int, int, float]]:
    """Char spans by hysteresis: a run of tokens scored at least ``low`` becomes a span
    when one of its tokens reaches ``threshold``.

    A confident token seeds the span and its less certain neighbours widen it,
    which matches how annotators mark a loaded word together with the phrase
    around it.  Runs stop at sentence ends and whitespace tokens; punctuation
    and unconfident function words ("and", "the") are trimmed from the edges.
    A span's score is its highest token score.
    """
    mask = (probs >= low) & ~view.is_space
    new_sentence = np.zeros(len(view), dtype=bool)
    new_sentence[view.sent_bounds[:, 0]] = True
    weak_edge = view.is_punct | (view.is_stop & (probs < threshold))
    out: list[tuple[int, int, float]] = []
    for s, e in _runs(mask):
        cuts = [s, *(np.flatnonzero(new_sentence[s + 1 : e]) + s + 1).tolist(), e]
        for a, b in zip(cuts, cuts[1:]):
            peak = float(probs[a:b].max())
            if peak < threshold:
                continue
            while a < b and weak_edge[a]:
                a += 1
            while b > a and weak_edge[b - 1]:
                b -= 1
            if b > a:
                out.append((int(view.start[a]), int(view.end[b - 1]), peak))
    return out


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return int(np.searchsorted(np.asarray(edges), value, side="right"))


def token_range(view: DocView, start: int, end: int) -> tuple[int, int]:
    """Tokens overlapping the char span ``[start, end)``."""
    lo = int(np.searchsorted(view.end, start, side="right"))
    hi = int(np.searchsorted(view.start, end, side="left"))
    return lo, max(hi, lo)


def span_features(
    view: DocView, start: int, end: int, rule_hits: Sequence[tuple] = ()
) -> dict[str, float]:
    """What tells techniques apart: the words, their length, how often the phrase recurs in
    the article, the words around it, the sentence it sits in, and which rules fire on it."""
    lo, hi = token_range(view, start, end)
    words = [w for w, sp_ in zip(view.words[lo:hi], view.is_space[lo:hi]) if not sp_]
    f: dict[str, float] = {"bias": 1.0}
    for w in set(words):
        f["w=" + w] = 1.0
    for a, b in set(zip(words, words[1:])):
        f[f"b={a}_{b}"] = 1.0
    n = len(words)
    if words:
        f["first=" + words[0]] = 1.0
        f["last=" + words[-1]] = 1.0
    for w in set(words):
        if len(w) > 4:
            f["suf=" + w[-3:]] = 0.5
    if n <= 6:
        joined = " " + " ".join(words) + " "
        for k in range(len(joined) - 3):
            f["c=" + joined[k : k + 4]] = 0.3
    f[f"ntok={_bucket(n, (2, 3, 4, 6, 9, 14, 20, 30))}"] = 1.0
    text = view.text[start:end]
    phrase = text.lower().strip(_STRIP)
    low_text = view.lower_text
    if phrase:
        occ = low_text.count(phrase)
        f[f"rep={_bucket(occ, (2, 3, 4, 6))}"] = 1.0
        if low_text.find(phrase) < start:
            f[f"rep_earlier_n={min(n, 3)}"] = 1.0
    counts = view.word_counts
    content = [w for w in words if w.isalpha() and len(w) > 3]
    if content:
        f[f"wrep={_bucket(max(counts[w] for w in content), (2, 3, 5, 8))}"] = 1.0
    for k in (1, 2):
        left = view.words[lo - k] if lo - k >= 0 else "<s>"
        right = view.words[hi + k - 1] if hi + k - 1 < len(view) else "</s>"
        f[f"l{k}={left}"] = 1.0
        f[f"r{k}={right}"] = 1.0
    if n:
        sid = int(view.sent_id[min(lo, len(view) - 1)])
        s0, s1 = (int(x) for x in view.sent_bounds[sid])
        for w in set(view.words[s0:lo]) | set(view.words[hi:s1]):
            f["s=" + w] = 0.25
        f[f"cov={_bucket(n / max(s1 - s0, 1), (0.2, 0.4, 0.7, 0.95))}"] = 1.0
        if view.words[s1 - 1] == "?" or (s1 >= 2 and view.words[s1 - 2] == "?"):
            f["sent_q"] = 1.0
        if "!" in view.words[s0:s1]:
            f["sent_excl"] = 1.0
        if view.in_quote[lo:hi].any():
            f["quoted"] = 1.0
    if any(len(w) > 2 and w.isupper() for w in text.split()):
        f["allcaps"] = 1.0
    if text[:1].isupper():
        f["cap_start"] = 1.0
    if start < view.title_end:
        f["title"] = 1.0
    for hit in rule_hits:
        rs, re_, label = hit[0], hit[1], hit[2]
        if rs < end and re_ > start:
            f["rule=" + label] = 1.0
            if abs(rs - start) + abs(re_ - end) <= 2:
                f["rule_same=" + label] = 1.0
    return f
