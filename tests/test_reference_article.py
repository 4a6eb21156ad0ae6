"""The reference article: every requirement of the foundation issue, checked on the real text."""
from __future__ import annotations

from claimscope.report.validate import problems


def test_metadata(reference_report):
    doc = reference_report.document
    assert doc.title.startswith("Vasily Koltashov: Azerbaijan, having been caught")
    assert doc.published.startswith("2024-03-26T10:04")
    assert doc.sections == ["Opinion", "Politics"]
    assert doc.genre == "opinion"
    assert doc.outlet == "Alpha News"
    assert doc.language == "en"


def test_exactly_one_person_with_roles(reference_report):
    assert [p.name for p in reference_report.people] == ["Vasily Koltashov"]
    person = reference_report.people[0]
    assert {"political scientist", "expert"} <= set(person.roles)
    texts = [m.text for m in person.mentions]
    assert "the expert" in texts and "the political scientist" in texts and "Koltashov" in texts


def test_three_multi_paragraph_direct_quotes(reference_report):
    direct = [q for q in reference_report.quotes if q.kind == "direct"]
    assert [q.text.count("\n\n") + 1 for q in direct] == [2, 3, 3]
    assert [q.cue for q in direct] == ["said", "said", "concluded"]
    assert all(q.speaker == "p1" for q in direct)
    assert direct[0].text.startswith("Azerbaijan, amid the terrorist attack")
    assert direct[-1].text.endswith("against Russia")


def test_according_to_indirect_quotes(reference_report):
    according = [q for q in reference_report.quotes if q.kind == "indirect" and q.cue == "According to"]
    assert len(according) == 3
    assert all(q.speaker == "p1" for q in according)
    assert according[1].text == "Azerbaijan is not Russia’s ally"


def test_headline_and_commented_on(reference_report):
    headline = [q for q in reference_report.quotes if q.kind == "headline"]
    assert len(headline) == 1 and headline[0].speaker == "p1"
    assert headline[0].text.startswith("Azerbaijan, having been caught")
    commented = [q for q in reference_report.quotes if q.cue == "commented on"]
    assert commented and commented[0].speaker == "p1"
    # every quote in the article is Koltashov's
    assert {q.speaker for q in reference_report.quotes} == {"p1"}


def test_offsets_slice_the_text_and_schema_holds(reference_report):
    data = reference_report.to_dict()
    assert problems(data) == []
    text = data["document"]["text"]
    for q in data["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
        assert text[q["cue_start"] : q["cue_end"]] == q["cue"]


def test_actors_normalised(reference_report):
    ids = {a.id for a in reference_report.actors}
    assert {"AZE", "UKR", "RUS", "TUR"} <= ids
    codes = {m.text: m.code for a in reference_report.actors for m in a.mentions}
    assert codes.get("Baku") == "AZEGOV"
    assert codes.get("the Azerbaijani leadership", codes.get("Azerbaijani leadership")) == "AZEGOV"
