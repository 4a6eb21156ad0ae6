"""Fitting the span tagger and the technique classifier (needs scikit-learn; scripts only).

The fitted weights are exported as plain numpy arrays (:class:`TechniqueModel`)
so that run time needs neither scikit-learn nor pickles.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np
import scipy.sparse as sp

from ..report.model import TECHNIQUES
from .corpus import GoldSpan
from .features import DocView, lookup, rule_cover, token_keys
from .model import SpanTagger, TechniqueClassifier, TechniqueModel
from .scoring import merge
from .spans import span_features


def token_labels(view: DocView, spans: Sequence[GoldSpan]) -> np.ndarray:
    """1 for tokens inside any gold span (labels ignored), 0 elsewhere and for whitespace."""
    y = np.zeros(len(view), dtype=np.int8)
    for s, e in merge((g.start, g.end) for g in spans):
        lo = np.searchsorted(view.end, s, side="right")
        hi = np.searchsorted(view.start, e, side="left")
        y[lo:hi] = 1
    y[view.is_space] = 0
    return y


def _keys_matrix(key_rows: Sequence[np.ndarray], vocab: np.ndarray) -> sp.csr_matrix:
    """Binary design matrix: one row per token, a one for each known key."""
    keys = np.concatenate(key_rows, axis=0)
    idx = lookup(vocab, keys)
    rows = np.repeat(np.arange(keys.shape[0]), keys.shape[1])
    flat = idx.ravel()
    keep = flat >= 0
    data = np.ones(int(keep.sum()), dtype=np.float32)
    return sp.csr_matrix((data, (rows[keep], flat[keep])), shape=(keys.shape[0], vocab.size))


def fit_tagger(
    views: Sequence[DocView],
    labels: Sequence[np.ndarray],
    *,
    c: float = 0.3,
    min_count: int = 2,
    covers: Sequence[np.ndarray] | None = None,
) -> SpanTagger:
    """Logistic regression over token keys; keys seen fewer than ``min_count`` times are dropped.
    ``covers`` are the documents' rule covers (:func:`~claimscope.techniques.features.rule_cover`)."""
    from sklearn.linear_model import LogisticRegression

    key_rows = [token_keys(v, covers[i] if covers is not None else None) for i, v in enumerate(views)]
    all_keys = np.concatenate([k.ravel() for k in key_rows])
    uniq, counts = np.unique(all_keys[all_keys != 0], return_counts=True)
    vocab = uniq[counts >= min_count]
    x = _keys_matrix(key_rows, vocab)
    y = np.concatenate(labels)
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=200)
    clf.fit(x, y)
    return SpanTagger(vocab, clf.coef_[0].astype(np.float32), float(clf.intercept_[0]))


def fit_classifier(
    feature_dicts: Sequence[dict[str, float]], targets: Sequence[str], *, c: float = 1.0, min_count: int = 2
) -> TechniqueClassifier:
    """Multinomial logistic regression over span features, exported as a vocabulary and a weight matrix."""
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(f for d in feature_dicts for f in d)
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(names)}
    rows, cols, vals = [], [], []
    for r, d in enumerate(feature_dicts):
        for f, v in d.items():
            j = index.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(v)
    x = sp.csr_matrix((vals, (rows, cols)), shape=(len(feature_dicts), len(names)), dtype=np.float32)
    labels = list(TECHNIQUES)
    y = np.asarray([labels.index(t) for t in targets])
    clf = LogisticRegression(C=c, max_iter=1000)
    clf.fit(x, y)
    weights = np.zeros((len(names), len(labels)), dtype=np.float32)
    bias = np.full(len(labels), -30.0, dtype=np.float32)  # a label never seen in training is never chosen
    for k, cls in enumerate(clf.classes_):
        weights[:, cls] = clf.coef_[k]
        bias[cls] = clf.intercept_[k]
    return TechniqueClassifier(np.asarray(names), weights, bias, tuple(labels))


def classifier_examples(
    view: DocView, spans: Sequence[GoldSpan], rule_hits: Sequence[tuple[int, int, str]] = ()
) -> tuple[list[dict[str, float]], list[str]]:
    """One feature dict per gold span (a span with two labels yields two examples)."""
    feats, targets = [], []
    for g in spans:
        feats.append(span_features(view, g.start, g.end, rule_hits))
        targets.append(g.technique)
    return feats, targets


LOADED_TECHNIQUES = frozenset(
    {"Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation", "Appeal_to_fear-prejudice", "Repetition"}
)


def learn_loaded_words(
    views: Sequence[DocView], spans: Sequence[Sequence[GoldSpan]], *, min_count: int = 3, min_share: float = 0.3
) -> frozenset[str]:
    """Content words that annotators put inside loaded-language-like spans at least ``min_share`` of the time."""
    seen: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for view, doc_spans in zip(views, spans):
        mask = np.zeros(len(view), dtype=bool)
        for g in doc_spans:
            if g.technique in LOADED_TECHNIQUES:
                lo = np.searchsorted(view.end, g.start, side="right")
                hi = np.searchsorted(view.start, g.end, side="left")
                mask[lo:hi] = True
        keep = view.is_alpha & ~view.is_stop
        for w, k, m in zip(view.words, keep.tolist(), mask.tolist()):
            if k and len(w) > 2:
                seen[w] += 1
                inside[w] += m
    return frozenset(w for w, n in seen.items() if n >= min_count and inside[w] / n >= min_share)


def rule_precision(
    hits: Sequence[Sequence[tuple[int, int, str, str]]], spans: Sequence[Sequence[GoldSpan]], *, prior: float = 0.2,
    weight: float = 5.0,
) -> dict[str, tuple[float, float, int]]:
    """Per rule: SI-style precision against gold spans of the rule's technique and of any technique.

    The same-technique figure, shrunk towards ``prior`` for rules that rarely
    fire, becomes the rule's score.  Returns ``{rule: (score, any_label, n)}``.
    """
    credit: Counter[str] = Counter()
    credit_any: Counter[str] = Counter()
    n: Counter[str] = Counter()
    for doc_hits, doc_spans in zip(hits, spans):
        for s, e, tech, rule in doc_hits:
            n[rule] += 1
            same = merge((g.start, g.end) for g in doc_spans if g.technique == tech)
            anyl = merge((g.start, g.end) for g in doc_spans)
            credit[rule] += sum(max(0, min(e, ge) - max(s, gs)) for gs, ge in same) / (e - s)
            credit_any[rule] += sum(max(0, min(e, ge) - max(s, gs)) for gs, ge in anyl) / (e - s)
    return {
        r: ((credit[r] + prior * weight) / (n[r] + weight), credit_any[r] / n[r], n[r]) for r in n
    }


def fit_model(
    views: Sequence[DocView],
    sentences: Sequence[Sequence[tuple[int, int]]],
    spans: Sequence[Sequence[GoldSpan]],
    *,
    c_tagger: float = 0.3,
    c_classifier: float = 1.0,
    threshold: float = 0.32,
    low: float = 0.1,
) -> TechniqueModel:
    """Everything in one go: loaded-word list, rule precision, tagger, classifier."""
    from .rules import rule_hits

    loaded = learn_loaded_words(views, spans)
    hits = [rule_hits(v, s, loaded) for v, s in zip(views, sentences)]
    precision = {rule: round(score, 4) for rule, (score, _, _) in rule_precision(hits, spans).items()}
    covers = [rule_cover(v, h) for v, h in zip(views, hits)]
    tagger = fit_tagger(views, [token_labels(v, s) for v, s in zip(views, spans)], c=c_tagger, covers=covers)
    feats: list[dict[str, float]] = []
    targets: list[str] = []
    for v, s, h in zip(views, spans, hits):
        f, t = classifier_examples(v, s, h)
        feats += f
        targets += t
    classifier = fit_classifier(feats, targets, c=c_classifier)
    return TechniqueModel(
        tagger, classifier, threshold=threshold, low=low, loaded_words=loaded, rule_precision=precision
    )
