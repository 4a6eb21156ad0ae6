"""The hand-written technique rules, on sentences written for these tests."""
from __future__ import annotations

import pytest
import spacy

from claimscope.report.model import TECHNIQUES
from claimscope.techniques.features import doc_view
from claimscope.techniques.rules import LEXICON_RULES, RULES, repetition_hits, rule_hits

_NLP = spacy.blank("en")
_NLP.add_pipe("sentencizer")


def _hits(text: str, loaded: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    doc = _NLP(text)
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    return [(h.technique, text[h.start : h.end]) for h in rule_hits(doc_view(doc, sents), sents, loaded)]


@pytest.mark.parametrize(
    ("text", "technique", "span"),
    [
        ("Talks with the Kyiv regime broke down again.", "Name_Calling,Labeling", "the Kyiv regime"),
        ("The minister blamed Belarusian thugs for the unrest.", "Name_Calling,Labeling", "Belarusian thugs"),
        ("The council called them traitors.", "Name_Calling,Labeling", "traitors"),
        ("This plan is extremely dangerous for farmers.", "Appeal_to_fear-prejudice", "extremely dangerous"),
        ("The new tax poses a serious threat to small firms.", "Appeal_to_fear-prejudice",
         "poses a serious threat to small firms"),
        ("Voters will never forgive such a betrayal.", "Appeal_to_fear-prejudice", "will never forgive such a betrayal"),
        ("If we can't win in court, then we have to win in the streets.", "Black-and-White_Fallacy",
         "If we can't win in court, then we have to win in the streets"),
        ("There is no alternative to this treaty.", "Black-and-White_Fallacy", "There is no alternative to this treaty"),
        ("The mayor brazenly ignored the ruling.", "Loaded_Language", "brazenly"),
        ("Our soldiers deserve better.", "Flag-Waving", "Our soldiers"),
        ("The decision insulted the Canadian people.", "Flag-Waving", "the Canadian people"),
        ("They criticise us. What about their own prisons?", "Whataboutism,Straw_Men,Red_Herring",
         "What about their own prisons?"),
        ("According to leading economists, the deal will pay for itself.", "Appeal_to_Authority",
         "According to leading economists, the deal will pay for itself"),
        ("We lost the vote, but it is what it is.", "Thought-terminating_Cliches", "it is what it is"),
        ("The crowd chanted make Britain great again.", "Slogans", "make Britain great again"),
        ("The senator is responsible for the violence in the capital.", "Causal_Oversimplification",
         "responsible for the violence in the capital"),
        ("It was the worst budget in modern history.", "Exaggeration,Minimisation",
         "the worst budget in modern history"),
        ("Why would anyone trust this board again?", "Doubt", "Why would anyone trust this board again?"),
        ("Critics said he behaves just like Hitler.", "Bandwagon,Reductio_ad_hitlerum", "like Hitler"),
    ],
)
def test_rule_finds_construction(text: str, technique: str, span: str) -> None:
    assert (technique, span) in _hits(text)


@pytest.mark.parametrize(
    "text",
    [
        "The terrorist attack in the port killed four people.",  # descriptive, not a label
        "The regime change in 1990 was peaceful.",  # no capitalised name before "regime"
        "If the bus is late, take the train.",  # a condition without a forced choice
        "According to the timetable, the train leaves at noon.",  # no authority invoked
        "The committee met on Tuesday and approved the budget.",
    ],
)
def test_rules_stay_quiet_on_neutral_text(text: str) -> None:
    assert _hits(text) == []


def test_repetition_marks_the_mentions_after_the_first() -> None:
    text = (
        "The deal is a shameful surrender. Ministers defended the shameful surrender. "
        "Nobody in Paris wanted it, and Paris said so. Paris voted against it."
    )
    doc = _NLP(text)
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    hits = repetition_hits(doc_view(doc, sents), frozenset({"shameful", "surrender"}))
    assert [text[h.start : h.end] for h in hits] == ["shameful surrender"]
    assert hits[0].start == text.rindex("shameful surrender")
    assert {h.technique for h in hits} == {"Repetition"}


def test_repetition_ignores_repeated_names() -> None:
    text = "Paris said no. Paris said it twice. Then Paris left."
    doc = _NLP(text)
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    assert repetition_hits(doc_view(doc, sents), frozenset({"shameful"})) == []


def test_repetition_keeps_a_leading_intensifier() -> None:
    text = "It is very dangerous. Really, it is very dangerous. I repeat: very dangerous."
    doc = _NLP(text)
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    hits = repetition_hits(doc_view(doc, sents), frozenset({"dangerous"}))
    assert [text[h.start : h.end] for h in hits] == ["very dangerous"] * 2


def test_every_rule_uses_a_corpus_label_and_has_a_unique_name() -> None:
    names = [r.name for r in RULES] + [r.name for r in LEXICON_RULES]
    assert len(names) == len(set(names))
    assert {r.technique for r in (*RULES, *LEXICON_RULES)} <= set(TECHNIQUES)


def test_rule_spans_are_trimmed_slices() -> None:
    text = "  Our nation is strong.\n\nThey said: “There is no alternative!”  And the Kyiv regime, again.  "
    doc = _NLP(text)
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    hits = rule_hits(doc_view(doc, sents), sents, frozenset())
    assert hits
    for h in hits:
        piece = text[h.start : h.end]
        assert piece == piece.strip() and piece
        assert not piece.endswith((",", ";", ":"))
