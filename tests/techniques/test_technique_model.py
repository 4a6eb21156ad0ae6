"""The shipped technique model: it loads without scikit-learn, labels only with corpus labels,
and its spans are exact slices of the text."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy

from claimscope.report.model import TECHNIQUES
from claimscope.techniques import ModelError, TechniqueModel, TechniqueSpan, find_techniques
from claimscope.techniques.detect import merge_same_label
from claimscope.techniques.features import doc_view
from claimscope.techniques.model import DEFAULT_PATH, SpanTagger, TechniqueClassifier

TEXT = (
    "Brussels bureaucrats betray our country again\n\n"
    "The so-called experts in Brussels have once again shown their utter contempt for ordinary people. "
    "Their disastrous policy is a threat to every family in our nation. "
    "If we cannot stop them at the ballot box, then we will have to stop them in the streets. "
    "Enough is enough! Everyone knows the truth: these traitors sold us out, and they sold us out for nothing.\n\n"
    "Officials said on Monday that the policy would be reviewed next year."
)


def _sentences(text: str) -> list[tuple[int, int]]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return [(s.start_char, s.end_char) for s in nlp(text).sents]


@pytest.fixture(scope="module")
def spans() -> list[TechniqueSpan]:
    return find_techniques(TEXT, _sentences(TEXT))


def test_shipped_model_loads_as_plain_arrays() -> None:
    model = TechniqueModel.load()
    assert model.classifier.labels == TECHNIQUES
    assert model.tagger.keys.dtype == np.uint64 and np.all(np.diff(model.tagger.keys.astype(np.float64)) >= 0)
    assert 0 < model.low <= model.threshold < 1
    assert DEFAULT_PATH.stat().st_size < 30e6


def test_spans_have_corpus_labels_and_scores(spans: list[TechniqueSpan]) -> None:
    assert spans, "a paragraph this loaded must yield techniques"
    assert {s.technique for s in spans} <= set(TECHNIQUES)
    assert all(0.0 <= s.score <= 1.0 for s in spans)


def test_spans_slice_the_text_exactly(spans: list[TechniqueSpan]) -> None:
    for s in spans:
        piece = TEXT[s.start : s.end]
        assert 0 <= s.start < s.end <= len(TEXT)
        assert piece == piece.strip()
        # a span never starts or ends inside a word
        assert s.start == 0 or not (TEXT[s.start - 1].isalnum() and TEXT[s.start].isalnum())
        assert s.end == len(TEXT) or not (TEXT[s.end - 1].isalnum() and TEXT[s.end].isalnum())


def test_the_loaded_passage_is_found_and_the_plain_one_mostly_not(spans: list[TechniqueSpan]) -> None:
    plain = TEXT.index("Officials said")
    loaded_chars = sum(min(s.end, plain) - s.start for s in spans if s.start < plain)
    assert loaded_chars > 100
    assert {"Black-and-White_Fallacy", "Thought-terminating_Cliches"} & {s.technique for s in spans}


def test_same_label_spans_do_not_overlap(spans: list[TechniqueSpan]) -> None:
    for label in {s.technique for s in spans}:
        mine = sorted((s.start, s.end) for s in spans if s.technique == label)
        assert all(a[1] <= b[0] for a, b in zip(mine, mine[1:]))


def test_merge_same_label_takes_the_union_and_best_score() -> None:
    merged = merge_same_label(
        [TechniqueSpan(0, 5, "Doubt", 0.2), TechniqueSpan(3, 9, "Doubt", 0.6), TechniqueSpan(3, 9, "Slogans", 0.1)]
    )
    assert merged == [TechniqueSpan(0, 9, "Doubt", 0.6), TechniqueSpan(3, 9, "Slogans", 0.1)]


def test_empty_text_gives_no_spans() -> None:
    assert find_techniques("", []) == []


def _tiny_model() -> TechniqueModel:
    keys = np.asarray([3, 7, 11], dtype=np.uint64)
    tagger = SpanTagger(keys, np.asarray([0.5, -1.0, 2.0], dtype=np.float32), -0.25)
    clf = TechniqueClassifier(
        np.asarray(["bias", "w=sham"]), np.arange(2 * len(TECHNIQUES), dtype=np.float32).reshape(2, -1) / 10,
        np.zeros(len(TECHNIQUES), dtype=np.float32), TECHNIQUES,
    )
    return TechniqueModel(tagger, clf, threshold=0.4, low=0.2, loaded_words=frozenset({"sham"}),
                          rule_precision={"cliche": 0.3})


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    _tiny_model().save(path)
    back = TechniqueModel.load(path)
    assert back.threshold == 0.4 and back.low == 0.2
    assert back.loaded_words == frozenset({"sham"}) and back.rule_precision == {"cliche": 0.3}
    assert np.array_equal(back.tagger.keys, np.asarray([3, 7, 11], dtype=np.uint64))
    feats = {"bias": 1.0, "w=sham": 1.0, "unknown": 1.0}
    assert np.allclose(back.classifier.proba(feats), _tiny_model().classifier.proba(feats), atol=1e-3)
    doc = spacy.blank("en")("a sham vote")
    view = doc_view(doc, [(0, len(doc.text))])
    assert np.allclose(back.tagger.probs(view), _tiny_model().tagger.probs(view), atol=1e-3)


def test_missing_or_foreign_model_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        TechniqueModel.load(tmp_path / "absent.npz")
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, settings=np.asarray('{"format": "something-else"}'))
    with pytest.raises(ModelError):
        TechniqueModel.load(foreign)


def test_run_time_needs_no_scikit_learn() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from claimscope.techniques import find_techniques; "
        "find_techniques('A sham vote. A sham.', [(0, 12), (13, 20)]); "
        "sys.exit(1 if any(m.split('.')[0] in ('sklearn', 'scipy') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
