"""The fast attribute ruler must give exactly what the model's own ruler gives."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import spacy

from claimscope.config import DEFAULT_MODEL
from claimscope.pipeline.fast_attributes import FastAttributeRuler

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from corpus import corpus  # noqa: E402

from ..conftest import SHARED  # noqa: E402

HAND_WRITTEN = [
    "Y'all gonna see it. Let's go, c'mon! I ain't sure they gotta wait.",
    "There is a problem. There are two. It was what it was, and I told you so.",
    "Did he do it? He did. She has had enough, but she does not say so.",
    "The ministers, who met in Geneva, said that talks would resume.\n\n“Yes,” she said.",
    "",
]


def _texts() -> list[str]:
    texts = HAND_WRITTEN + corpus(15, seed=3)
    ptc = SHARED / "datasets" / "ptc" / "ptc_train.jsonl"
    if ptc.exists():
        with ptc.open(encoding="utf-8") as f:
            texts += [json.loads(next(f))["text"] for _ in range(10)]
    return texts


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(DEFAULT_MODEL)


def test_identical_pos_morph_lemma_dep(nlp) -> None:
    texts = _texts()
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        slow_docs = list(nlp.pipe(texts))
        fast_docs = list(nlp.pipe(texts))
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeRuler(ruler)
    lemmatizer = nlp.get_pipe("lemmatizer")
    compared = 0
    for slow, quick in zip(slow_docs, fast_docs):
        slow = lemmatizer(ruler(slow))
        quick = lemmatizer(fast(quick))
        for a, b in zip(slow, quick):
            assert (a.pos_, str(a.morph), a.lemma_, a.dep_, a.head.i) == (b.pos_, str(b.morph), b.lemma_, b.dep_, b.head.i), a.text
            compared += 1
        assert [s.start for s in slow.sents] == [s.start for s in quick.sents]
    assert compared > 1000


def test_pipeline_uses_it() -> None:
    from claimscope.pipeline import build

    nlp = build()
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "_Slot"
    doc = nlp("She has had enough.")
    assert [t.pos_ for t in doc] == ["PRON", "AUX", "VERB", "ADJ", "PUNCT"]
