"""The claims component in the pipeline: voices, quotes, actors, scores, report fields."""
from __future__ import annotations

import re

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimscope.config import COMPONENTS, Settings
from claimscope.pipeline import FACTORY_MODULES, build
from claimscope.pipeline.claims import ClaimFinder, claim_at
from claimscope.report.model import Claim

SHARED = Path(__file__).resolve().parents[3] / "shared"
REFERENCE = SHARED / "corpus" / "alpha-news-koltashov-2024-03-26.txt"
DOWNSTREAM = ("claimscope_events", "claimscope_stance", "claimscope_techniques")

ARTICLE = """Carl Holm: Serbia threatens its neighbours

March 3 2024

Foreign minister Anna Berg said that Serbia is a reliable partner of Norway.

"Serbia is a dangerous regime that threatens its neighbours," opposition leader Carl Holm said. "Norway must impose sanctions on Serbia."

Hungary reportedly supplied weapons to Serbia. According to a report by the United Nations, Serbia bought 20 tanks in 2023. Will Norway change course?
"""


def _missing() -> tuple[str, ...]:
    """Components whose modules are not in this checkout (built by others in parallel)."""
    return tuple(n for n in COMPONENTS if importlib.util.find_spec(FACTORY_MODULES[n]) is None)


@pytest.fixture(scope="module")
def nlp() -> Language:
    # check-worthiness is scored by its own model; these tests are about everything else
    settings = Settings(disable=tuple(set(_missing()) | set(DOWNSTREAM)), extra={"claimscope_claims": {"checkworthiness": False}})
    return build(settings)


@pytest.fixture(scope="module")
def doc(nlp: Language) -> Doc:
    return nlp(ARTICLE)


def _claim(doc: Doc, text: str):  # type: ignore[no-untyped-def]
    found = [c for c in doc._.claims if doc.text[c.start : c.end] == text]
    assert len(found) == 1, [doc.text[c.start : c.end] for c in doc._.claims]
    return found[0]


def _person(doc: Doc, name: str) -> str:
    return next(p.id for p in doc._.people if p.name == name)


def test_claims_are_numbered_in_text_order(doc: Doc) -> None:
    claims = doc._.claims
    assert [c.id for c in claims] == [f"c{n}" for n in range(1, len(claims) + 1)]
    assert [c.start for c in claims] == sorted(c.start for c in claims)


def test_fields_are_exactly_the_report_claim(doc: Doc) -> None:
    for record in doc._.claims:
        fields = record.to_fields(doc)
        assert set(fields) == set(Claim.model_fields)
        claim = Claim(**fields)
        assert claim.text == doc.text[claim.start : claim.end] == claim.text.strip()


@pytest.mark.parametrize(
    ("text", "speaker", "certainty", "ctype"),
    [
        # headline quote: the named person's claim, passed on by the outlet
        ("Serbia threatens its neighbours", "Carl Holm", "attributed", "fact"),
        # indirect speech: attributed to its speaker
        ("Serbia is a reliable partner of Norway", "Anna Berg", "attributed", "opinion"),
        # direct quotes: the speaker's own words
        ("Serbia is a dangerous regime that threatens its neighbours", "Carl Holm", "asserted", "opinion"),
        ("Norway must impose sanctions on Serbia", "Carl Holm", "asserted", "recommendation"),
        # the outlet's own voice
        ("Hungary reportedly supplied weapons to Serbia", None, "hedged", "fact"),
    ],
)
def test_voice_certainty_and_type(doc: Doc, text: str, speaker: str | None, certainty: str, ctype: str) -> None:
    claim = _claim(doc, text)
    assert claim.speaker == (_person(doc, speaker) if speaker else None)
    assert (claim.quote is None) == (speaker is None)
    assert claim.certainty == certainty
    assert claim.type == ctype


def test_quote_id_points_at_the_containing_quote(doc: Doc) -> None:
    quotes = {q.id: q for q in doc._.quotes}
    for claim in doc._.claims:
        if claim.quote is not None:
            q = quotes[claim.quote]
            assert q.start <= claim.start and claim.end <= q.end
            assert claim.speaker == q.speaker


def test_source_named_as_a_report_is_cited(doc: Doc) -> None:
    claim = _claim(doc, "Serbia bought 20 tanks in 2023")
    assert claim.evidence == "cited"
    assert claim.certainty == "attributed"
    assert claim.speaker is None  # a report is not a person


def test_frames_dates_and_questions_are_not_claims(doc: Doc) -> None:
    texts = [doc.text[c.start : c.end] for c in doc._.claims]
    assert not any("said" in t or "According" in t for t in texts)
    assert not any("2024" in t or "Will Norway" in t for t in texts)


def test_actors_are_the_base_ids_in_the_span(doc: Doc) -> None:
    assert _claim(doc, "Norway must impose sanctions on Serbia").actors == ["NOR", "SRB"]
    assert _claim(doc, "Hungary reportedly supplied weapons to Serbia").actors == ["HUN", "SRB"]


def test_claim_at_finds_the_claim_holding_a_span(doc: Doc) -> None:
    claim = _claim(doc, "Norway must impose sanctions on Serbia")
    start = doc.text.index("impose sanctions", claim.start)
    assert claim_at(doc, start, start + len("impose sanctions")) is claim
    assert claim_at(doc, 0, len(doc.text)) is None


class _CountingScorer:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def score(self, texts: Sequence[str]) -> list[float]:
        self.calls.append(list(texts))
        return [min(1.0, len(t) / 100) for t in texts]


def test_checkworthiness_is_scored_once_per_doc_in_claim_order(doc: Doc) -> None:
    scorer = _CountingScorer()
    ClaimFinder(scorer)(doc)
    assert len(scorer.calls) == 1
    texts = [doc.text[c.start : c.end] for c in doc._.claims]
    assert scorer.calls[0] == texts
    assert [c.checkworthiness for c in doc._.claims] == [round(min(1.0, len(t) / 100), 4) for t in texts]


def test_no_claims_means_no_scoring(nlp: Language) -> None:
    scorer = _CountingScorer()
    ClaimFinder(scorer)(nlp("Opinion | Politics"))
    assert scorer.calls == []


def test_shipped_model_scores_facts_above_opinions() -> None:
    if importlib.util.find_spec("claimscope.checkworthiness") is None:
        pytest.skip("check-worthiness model not in this checkout yet")
    from claimscope import checkworthiness

    try:
        model = checkworthiness.load_model()
    except FileNotFoundError as err:
        pytest.skip(str(err))
    nlp = build(Settings(disable=tuple(set(_missing()) | set(DOWNSTREAM))))
    doc = nlp("Unemployment rose by 3 percent in 2023. I think the weather is lovely.")
    scores = [c.checkworthiness for c in doc._.claims]
    assert len(scores) == 2 and all(0.0 <= s <= 1.0 for s in scores)
    assert scores[0] > scores[1]
    assert scores == [round(s, 4) for s in model.score([doc.text[c.start : c.end] for c in doc._.claims])]


# --- the reference article ---------------------------------------------------------


@pytest.fixture(scope="module")
def reference(nlp: Language) -> Doc:
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} not available (../shared is only beside a checkout)")
    from claimscope.reading import read_source

    article = next(iter(read_source(REFERENCE, Settings())))
    doc = nlp.make_doc(article.text)
    doc._.article = article
    return nlp(doc)


def _containing(doc: Doc, words: str):  # type: ignore[no-untyped-def]
    found = [c for c in doc._.claims if words in doc.text[c.start : c.end]]
    assert found, words
    return found[0]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("words", "ctype"),
    [
        ("Russian society will not forgive this", "prediction"),
        ("Russia needs to respond to Azerbaijan by introducing trade restrictions", "recommendation"),
        ("It is necessary to introduce restrictions on purchases in Azerbaijan", "recommendation"),
        ("The idea that Azerbaijan is a partner and friend is", "opinion"),
        ("Azerbaijan behaves brazenly", "opinion"),
        ("It has been proven once again that Azerbaijan supplies weapons to Ukraine", "fact"),
    ],
)
def test_reference_types(reference: Doc, words: str, ctype: str) -> None:
    assert _containing(reference, words).type == ctype


@pytest.mark.shared
def test_reference_booster_has_no_evidence(reference: Doc) -> None:
    claim = _containing(reference, "It has been proven once again")
    assert claim.evidence == "none"
    assert claim.actors == ["AZE", "UKR"]


@pytest.mark.shared
def test_reference_baku_sentence_is_split(reference: Doc) -> None:
    start = re.search(r"\bBaku knows\b", reference.text).start()  # the sentence with a ", which is why" clause
    end = reference.text.index(".", start)
    inside = [reference.text[c.start : c.end] for c in reference._.claims if start <= c.start and c.end <= end]
    assert len(inside) >= 2
    assert inside[0] == reference.text[start : reference.text.index(",", start)]
    assert inside[1].startswith("it is so brazenly supplying weapons")
    assert _containing(reference, "Russian society will not forgive").start > reference.text.index("dangerous situation")


@pytest.mark.shared
def test_reference_quoted_claims_are_koltashovs(reference: Doc) -> None:
    koltashov = next(p.id for p in reference._.people if "Koltashov" in p.name)
    quoted = [c for c in reference._.claims if c.quote is not None]
    assert len(quoted) >= 25
    assert all(c.speaker == koltashov for c in quoted)
    headline = reference._.article.title_span
    assert any(c.start < headline[1] for c in quoted)  # the headline counts
