"""Who said what, on short articles written for these tests."""
from __future__ import annotations

import pytest

TWO_SPEAKERS = """Ministers clash over port deal

May 4 2023, 09:30

News | Economy

Finance minister Anna Kowalska defended the port agreement on Tuesday.

“This deal brings jobs to the coast and money to the budget,” Kowalska said.

Opposition leader Marek Nowak rejected the plan. “It sells our harbour for a song,” he said.

Nowak told reporters that the vote should be delayed.

According to the minister, the contract was signed in March.
"""


def speaker_of(report, fragment: str) -> str | None:
    quote = next(q for q in report.quotes if fragment in q.text)
    person = report.person(quote.speaker)
    return person.name if person else None


@pytest.fixture(scope="module")
def two(analyze_text):
    return analyze_text(TWO_SPEAKERS)


def test_people_and_roles(two) -> None:
    people = {p.name: p for p in two.people}
    assert set(people) == {"Anna Kowalska", "Marek Nowak"}
    assert "finance minister" in people["Anna Kowalska"].roles
    assert "opposition leader" in people["Marek Nowak"].roles


def test_several_speakers(two) -> None:
    assert speaker_of(two, "This deal brings jobs") == "Anna Kowalska"
    assert speaker_of(two, "It sells our harbour") == "Marek Nowak"  # via the pronoun "he"


def test_told_that_and_according_to(two) -> None:
    told = next(q for q in two.quotes if q.cue and q.cue.startswith("told"))
    assert told.kind == "indirect" and told.text == "the vote should be delayed"
    assert two.person(told.speaker).name == "Marek Nowak"
    according = next(q for q in two.quotes if q.cue == "According to")
    assert two.person(according.speaker).name == "Anna Kowalska"  # "the minister"
    assert according.text == "the contract was signed in March"


def test_quote_at_start_and_attribution_before(analyze_text) -> None:
    report = analyze_text("“We are ready to talk,” said Pedro Alvarez, the foreign minister.\n\nLater Alvarez said: “The door stays open.”")
    assert [q.text for q in report.quotes if q.kind == "direct"] == ["We are ready to talk", "The door stays open."]
    assert {report.person(q.speaker).name for q in report.quotes if q.kind == "direct"} == {"Pedro Alvarez"}
    assert "foreign minister" in report.people[0].roles


def test_unbalanced_marks_degrade(analyze_text) -> None:
    text = "Talks stall\n\nThe envoy Li Wei said “this never closes.\n\nOther news follows here.\n\n“Closed one,” Li said.\n\nEnd of story."
    report = analyze_text(text)
    direct = [q for q in report.quotes if q.kind == "direct"]
    assert [q.text for q in direct] == ["Closed one"]
    assert report.person(direct[0].speaker).name == "Li Wei"


def test_believes_and_pronoun(analyze_text) -> None:
    report = analyze_text("Economist Sara Jones spoke at the forum.\n\nShe believes that inflation will fall next year.")
    belief = next(q for q in report.quotes if q.cue == "believes")
    assert belief.text == "inflation will fall next year"
    assert report.person(belief.speaker).name == "Sara Jones"


def test_headline_attribution(analyze_text) -> None:
    report = analyze_text("Omar Haddad: the border must stay open\n\nJune 1 2024\n\nAnalyst Omar Haddad spoke to reporters.")
    head = next(q for q in report.quotes if q.kind == "headline")
    assert head.text == "the border must stay open" and report.person(head.speaker).name == "Omar Haddad"


def test_quote_offsets_slice(two) -> None:
    text = two.document.text
    for q in two.quotes:
        assert text[q.start : q.end] == q.text
        if q.cue_start is not None:
            assert text[q.cue_start : q.cue_end] == q.cue


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the subject of the previous sentence, not the person named in passing
        ("Senator Paul Grant criticised Governor Maria Lopez on Monday.\n\n“We cannot wait any longer,” he said.", "Paul Grant"),
        # gender marked by an honorific decides between two people
        ("Mr. Tom Reed met Ms. Ana Silva in Lisbon.\n\n“It was a useful meeting,” she said.", "Ana Silva"),
    ],
)
def test_pronoun_speakers(analyze_text, text: str, speaker: str) -> None:
    report = analyze_text(text)
    quote = next(q for q in report.quotes if q.kind == "direct")
    assert report.person(quote.speaker).name == speaker


def test_quote_paragraph_after_a_colon_paragraph(analyze_text) -> None:
    report = analyze_text("Fire at the depot\n\nFire chief Dana Kim told the council:\n\n“The depot had no working alarms.”")
    quote = next(q for q in report.quotes if q.kind == "direct")
    assert report.person(quote.speaker).name == "Dana Kim"


def test_title_before_name_is_a_role_not_part_of_the_name(analyze_text) -> None:
    report = analyze_text("Talks stall\n\nRussian Foreign Minister Sergei Lavrov said on Monday that talks had stalled.")
    assert [p.name for p in report.people] == ["Sergei Lavrov"]
    assert report.people[0].roles == ["Russian foreign minister"]
