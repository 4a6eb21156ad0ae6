"""Issue 13: who said what on real-news patterns, on short articles written for these tests."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROUNDUP = """Reactions pour in after missile test

Tokyo branded the launch a reckless act. Sweden insisted that Pyongyang "halt its provocations at once." The International Atomic Energy Agency said the test was "deeply regrettable."
"""

AFTER = """Physicists weigh the risk

"Nobody can be sure the warhead works," said Jonas Meyer, a physicist who studies arms control.

"We will not back down," Larkin was quoted as saying. "The pressure will grow," he added.
"""

TRANSCRIPT = """Sunday interview

HOLLIS: Governor, welcome back. Are you ahead in the polls?

BRANDT: Thank you. We are ahead in every state that matters.

HOLLIS: Let me ask you about taxes.

BRANDT: Taxes will go down for every family.
"""

NOT_QUOTES = """Evening television

Senator Ada Quinn appeared on "Meet The Voters" on Sunday and spoke about the prison once called the "Old Fortress." The "reform" left the inmates angry.
"""

PRONOUNS = """Campaign trail

Michael Rourke met Laura Benton in Ohio. Benton criticised the plan on Monday. "It will fail," she said.
"""


def quote_with(report, fragment: str):
    return next(q for q in report.quotes if fragment in q.text)


def test_roundup_each_quote_keeps_its_own_source(analyze_text) -> None:
    report = analyze_text(ROUNDUP)
    halt = quote_with(report, "halt its provocations")
    assert halt.speaker_text == "Sweden" and halt.speaker_actor == "SWE" and halt.speaker is None
    regret = quote_with(report, "deeply regrettable")
    assert "Agency" in (regret.speaker_text or "")


def test_cue_after_the_quote(analyze_text) -> None:
    report = analyze_text(AFTER)
    assert report.person(quote_with(report, "Nobody can be sure").speaker).name == "Jonas Meyer"
    # a lone surname nothing else backs stays as written: a source, not a guessed person
    assert quote_with(report, "We will not back down").speaker_text == "Larkin"
    assert quote_with(report, "pressure will grow").speaker_text == "he"


def test_every_quote_is_a_source_voice_never_the_outlet(analyze_text) -> None:
    report = analyze_text(ROUNDUP).to_dict()
    assert report["schema"] == "claimscope.report/2"
    assert report["quotes"] and all(q["voice"] == "source" for q in report["quotes"])
    for claim in report["claims"]:
        if claim["quote"] is not None:
            assert claim["voice"] == "source"


def test_transcript_turns_are_direct_quotes(analyze_text) -> None:
    report = analyze_text(TRANSCRIPT)
    assert report.document.genre == "transcript"
    turns = [q for q in report.quotes if q.kind == "direct"]
    assert [q.speaker_text for q in turns] == ["HOLLIS", "BRANDT", "HOLLIS", "BRANDT"]
    assert quote_with(report, "Taxes will go down").speaker_text == "BRANDT"


@pytest.mark.xfail(reason="issue 13: a scare quote the parse attaches to a cue in a run-on sentence is still kept", strict=False)
def test_titles_and_scare_quotes_are_not_quotes(analyze_text) -> None:
    texts = [q.text for q in analyze_text(NOT_QUOTES).quotes if q.kind == "direct"]
    assert not any(t.startswith(("Meet The Voters", "Old Fortress", "reform")) for t in texts)


def test_pronoun_follows_gender_of_the_first_name(analyze_text) -> None:
    report = analyze_text(PRONOUNS)
    person = report.person(quote_with(report, "It will fail").speaker)
    assert person is None or person.name == "Laura Benton"


def test_people_get_their_affiliation_code(analyze_text) -> None:
    report = analyze_text("Defence talks\n\nU.S. Defense Secretary Mark Esper accused Beijing of coercion on Monday.\n")
    esper = next(p for p in report.people if p.name.endswith("Esper"))
    assert esper.actor and esper.actor.startswith("USAGOV")


POLNEAR_DEV = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "polnear" / "polnear_dev.jsonl"
#: floors from the figures reached (README, "Attribution model"); raise freely, lower only with a reason
FLOORS = {"direct+speaker F1": 0.78, "all+speaker F1": 0.64}
CEILINGS = {"wrong person share": 0.065}


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="needs ../shared/datasets/polnear")
def test_quality_gate_on_polnear_dev(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    script = Path(__file__).resolve().parents[2] / "scripts" / "evaluate_quotes.py"
    subprocess.run([sys.executable, str(script), "--json", str(out)], check=True, capture_output=True)
    figures = json.loads(out.read_text())
    for key, floor in FLOORS.items():
        assert figures[key] >= floor, (key, figures[key])
    for key, ceiling in CEILINGS.items():
        assert figures[key] <= ceiling, (key, figures[key])
