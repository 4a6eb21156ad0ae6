"""SemEval-2020 Task 11 measures (Da San Martino et al., 2020), reimplemented.

Span identification gives partial credit for overlap: a predicted span ``s``
earns ``|s ∩ t| / |s|`` against each gold span ``t`` towards precision, a gold
span earns ``|s ∩ t| / |t|`` towards recall, labels ignored.  As in the task,
overlapping spans of one article are merged first (gold and predicted alike),
so a region labelled twice counts once.  Technique classification labels the
gold spans themselves and is scored by micro-F1.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

Interval = tuple[int, int]


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts they came from."""

    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Union of half-open intervals as sorted, disjoint intervals."""
    out: list[list[int]] = []
    for s, e in sorted(i for i in intervals if i[1] > i[0]):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _overlap_sums(pred: Sequence[Interval], gold: Sequence[Interval]) -> tuple[float, float]:
    """Sum of per-span overlap fractions towards precision and towards recall."""
    p_sum = r_sum = 0.0
    for ps, pe in pred:
        for gs, ge in gold:
            inter = min(pe, ge) - max(ps, gs)
            if inter > 0:
                p_sum += inter / (pe - ps)
                r_sum += inter / (ge - gs)
    return p_sum, r_sum


def span_prf(pred: Mapping[str, Iterable[Interval]], gold: Mapping[str, Iterable[Interval]]) -> PRF:
    """Span-identification P/R/F1 over documents keyed by id, spans merged per document."""
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for doc_id in set(pred) | set(gold):
        p = merge(pred.get(doc_id, ()))
        g = merge(gold.get(doc_id, ()))
        ps, rs = _overlap_sums(p, g)
        p_sum += ps
        r_sum += rs
        n_pred += len(p)
        n_gold += len(g)
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    return PRF(precision, recall, _f1(precision, recall), n_pred, n_gold)


def labelled_span_prf(
    pred: Mapping[str, Iterable[tuple[int, int, str]]],
    gold: Mapping[str, Iterable[tuple[int, int, str]]],
    labels: Sequence[str],
) -> dict[str, PRF]:
    """Span P/R/F1 per technique: the SI measure restricted to one label at a time."""
    out: dict[str, PRF] = {}
    for label in labels:
        p = {d: [(s, e) for s, e, lab in spans if lab == label] for d, spans in pred.items()}
        g = {d: [(s, e) for s, e, lab in spans if lab == label] for d, spans in gold.items()}
        out[label] = span_prf(p, g)
    return out


def labelled_micro(per_label: Mapping[str, PRF]) -> PRF:
    """All techniques pooled (SemEval-2019 FLC style): a span earns credit only against gold of its own label."""
    n_pred = sum(r.n_pred for r in per_label.values())
    n_gold = sum(r.n_gold for r in per_label.values())
    precision = sum(r.precision * r.n_pred for r in per_label.values()) / n_pred if n_pred else 0.0
    recall = sum(r.recall * r.n_gold for r in per_label.values()) / n_gold if n_gold else 0.0
    return PRF(precision, recall, _f1(precision, recall), n_pred, n_gold)


def classification_scores(
    gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], labels: Sequence[str]
) -> tuple[float, dict[str, PRF]]:
    """Micro-F1 and per-label P/R/F1 for technique classification of gold spans.

    Each item is one gold span position with the multiset of its gold labels
    (a span labelled twice in the corpus is asked for twice, as in the task)
    and the labels predicted for it; matches are counted as multiset overlap.
    """
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gc, pc = Counter(g), Counter(p)
        tp.update(gc & pc)
        n_pred.update(pc)
        n_gold.update(gc)
    total_tp, total_pred, total_gold = sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())
    micro_p = total_tp / total_pred if total_pred else 0.0
    micro_r = total_tp / total_gold if total_gold else 0.0
    per: dict[str, PRF] = {}
    for lab in labels:
        p = tp[lab] / n_pred[lab] if n_pred[lab] else 0.0
        r = tp[lab] / n_gold[lab] if n_gold[lab] else 0.0
        per[lab] = PRF(p, r, _f1(p, r), n_pred[lab], n_gold[lab])
    return _f1(micro_p, micro_r), per
