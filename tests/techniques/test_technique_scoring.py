"""The SemEval-2020 Task 11 measures on hand-computed cases."""
from __future__ import annotations

import pytest

from claimscope.techniques.scoring import (
    classification_scores,
    labelled_micro,
    labelled_span_prf,
    merge,
    span_prf,
)


def test_merge_joins_overlapping_and_touching_intervals() -> None:
    assert merge([(5, 9), (0, 3), (2, 4), (9, 12), (20, 20)]) == [(0, 4), (5, 12)]


def test_partial_overlap_gives_partial_credit() -> None:
    # predicted 5-15 covers half of gold 0-10 and is itself half inside gold
    r = span_prf({"a": [(5, 15)]}, {"a": [(0, 10)]})
    assert r.precision == pytest.approx(0.5)
    assert r.recall == pytest.approx(0.5)
    assert r.f1 == pytest.approx(0.5)


def test_precision_normalises_by_predicted_spans_and_recall_by_gold_spans() -> None:
    # two predictions: one exactly a gold span, one outside everything; a second gold span is missed
    r = span_prf({"a": [(0, 10), (50, 60)]}, {"a": [(0, 10), (20, 40)]})
    assert r.precision == pytest.approx(0.5)
    assert r.recall == pytest.approx(0.5)
    assert (r.n_pred, r.n_gold) == (2, 2)


def test_overlapping_gold_spans_count_once() -> None:
    # the same region labelled twice in gold is one span for span identification
    r = span_prf({"a": [(0, 10)]}, {"a": [(0, 10), (0, 10), (5, 10)]})
    assert (r.precision, r.recall, r.n_gold) == (1.0, 1.0, 1)


def test_documents_without_predictions_still_count_their_gold() -> None:
    r = span_prf({"a": [(0, 4)]}, {"a": [(0, 4)], "b": [(0, 4)]})
    assert r.precision == 1.0 and r.recall == pytest.approx(0.5)


def test_labelled_spans_are_scored_per_technique() -> None:
    pred = {"a": [(0, 10, "Doubt"), (20, 30, "Slogans")]}
    gold = {"a": [(0, 10, "Doubt"), (20, 30, "Loaded_Language")]}
    per = labelled_span_prf(pred, gold, ["Doubt", "Slogans", "Loaded_Language"])
    assert per["Doubt"].f1 == 1.0
    assert per["Slogans"].precision == 0.0
    assert per["Loaded_Language"].recall == 0.0


def test_classification_counts_multi_label_spans_as_multisets() -> None:
    gold = [["Doubt"], ["Slogans", "Repetition"], ["Loaded_Language"]]
    pred = [["Doubt"], ["Repetition", "Loaded_Language"], ["Loaded_Language"]]
    micro, per = classification_scores(gold, pred, ["Doubt", "Slogans", "Repetition", "Loaded_Language"])
    assert micro == pytest.approx(3 / 4)
    assert per["Slogans"].recall == 0.0
    assert per["Loaded_Language"].precision == pytest.approx(1 / 2)
    assert per["Repetition"].f1 == 1.0


def test_labelled_micro_pools_credit_over_labels() -> None:
    pred = {"a": [(0, 10, "Doubt"), (20, 30, "Slogans"), (40, 50, "Doubt")]}
    gold = {"a": [(0, 10, "Doubt"), (20, 30, "Loaded_Language")]}
    micro = labelled_micro(labelled_span_prf(pred, gold, ["Doubt", "Slogans", "Loaded_Language"]))
    assert micro.precision == pytest.approx(1 / 3)
    assert micro.recall == pytest.approx(1 / 2)
    assert (micro.n_pred, micro.n_gold) == (3, 2)
