"""The terminal report: every section shown, names resolved, article text printed literally."""
from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from claimscope.render.text import elide, render_text, speaker_name, text_report
from claimscope.report.model import (
    Actor,
    Claim,
    Document,
    Event,
    Mention,
    Person,
    Quote,
    Report,
    Stance,
    Technique,
)

SECTIONS = ("People", "Actors", "Quotes", "Claims", "Events", "Stances", "Techniques")
LONG = "Alpha " + "filler words go here " * 60 + "Omega"
TEXT = (
    "Baku accused of arming Kyiv\n\n"
    "Political scientist Ivan Orlov said Azerbaijan is [bold]playing[/bold] a dangerous game. "
    f"\u201c{LONG}\u201d, he added. Officials said nothing."
)


def at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def build_report() -> Report:
    markup = at("Azerbaijan is [bold]playing[/bold] a dangerous game")
    long_quote = at(LONG)
    return Report(
        document=Document(id="d", source="orlov.txt", title="Baku accused of arming Kyiv",
                          published="2024-03-26T10:04:00", sections=["Opinion", "Politics"],
                          genre="opinion", outlet="Alpha News", text=TEXT),
        people=[Person(id="p1", name="Ivan Orlov", roles=["political scientist"], actor="RUS",
                       mentions=[Mention(start=at("Ivan Orlov")[0], end=at("Ivan Orlov")[1], text="Ivan Orlov"),
                                 Mention(start=at("he")[0], end=at("he")[1], text="he")])],
        actors=[Actor(id="AZE", name="Azerbaijan", kind="country", code="AZE",
                      mentions=[Mention(start=at("Baku")[0], end=at("Baku")[1], text="Baku", code="AZEGOV")]),
                Actor(id="UKR", name="Ukraine", kind="country", code="UKR")],
        quotes=[
            Quote(id="q1", kind="indirect", text=TEXT[markup[0]:markup[1]], start=markup[0], end=markup[1],
                  speaker="p1", cue="said"),
            Quote(id="q2", kind="direct", text=LONG, start=long_quote[0], end=long_quote[1],
                  speaker="p1", cue="added"),
            Quote(id="q3", kind="indirect", text="nothing", start=at("nothing")[0], end=at("nothing")[1],
                  speaker=None, speaker_text="Officials", cue="said"),
            Quote(id="q4", kind="headline", text="Baku accused of arming Kyiv", start=0, end=27),
        ],
        claims=[Claim(id="c1", text="Azerbaijan is playing a dangerous game", start=markup[0], end=markup[1],
                      type="opinion", checkworthiness=0.42, speaker="p1", quote="q1", certainty="hedged"),
                # inside q3, whose source ("Officials") is no resolved person: still a source's words, not the outlet's
                Claim(id="c2", text="nothing", start=at("nothing")[0], end=at("nothing")[1], type="fact", checkworthiness=0.7,
                      voice="source", speaker=None, speaker_text="Officials", quote="q3")],
        events=[Event(id="e1", source="AZE", target="UKR", code="072", label="Provide military aid",
                      modality="alleged", start=0, end=27, via=["TUR"])],
        stances=[Stance(holder="p1", target="AZE", polarity=-0.8, evidence=["c1"]),
                 Stance(holder="outlet", target="UKR", polarity=0.25)],
        techniques=[Technique(technique="Loaded_Language", start=markup[0], end=markup[1],
                              text="a dangerous game", speaker=None),
                    Technique(technique="Doubt", start=at("nothing")[0], end=at("nothing")[1], text="nothing",
                              voice="source", speaker_text="Officials")],
    )


@pytest.fixture(scope="module")
def wide() -> str:
    """Wide enough that no cell wraps, so phrases can be matched whole."""
    return text_report(build_report(), width=400)


def test_header(wide: str) -> None:
    lines = wide.splitlines()
    assert lines[0].strip() == "Baku accused of arming Kyiv"
    for value in ("2024-03-26T10:04:00", "Alpha News", "Opinion, Politics", "opinion", "orlov.txt"):
        assert value in wide


def test_sections_and_counts(wide: str) -> None:
    counts = {"People": 1, "Actors": 2, "Quotes": 4, "Claims": 2, "Events": 1, "Stances": 2, "Techniques": 2}
    positions = [wide.index(f"{name} ({counts[name]})") for name in SECTIONS]
    assert positions == sorted(positions)
    assert "none found" not in wide


def row(report: str, pattern: str) -> str:
    """The one table line matching ``pattern`` (cells are separated by runs of spaces)."""
    found = [line for line in report.splitlines() if re.match(pattern, line.strip())]
    assert len(found) == 1, (pattern, found)
    return found[0]


@pytest.mark.parametrize("pattern", [
    r"p1\s+Ivan Orlov\s+political scientist\s+RUS\s+2$",
    r"AZE\s+Azerbaijan\s+AZE\s+country\s+1 \(Baku\)$",
    r"UKR\s+Ukraine\s+UKR\s+country\s+0$",
    r"q1\s+indirect\s+Ivan Orlov\s+said\s+Azerbaijan is",
    r"q3\s+indirect\s+source “Officials” \(unresolved\)\s+said\s+nothing$",
    r"q4\s+headline\s+unknown source\s+—\s+Baku accused",
    r"c1\s+opinion\s+0\.42\s+hedged\s+Ivan Orlov\s+Azerbaijan is",
    r"c2\s+fact\s+0\.70\s+asserted\s+source “Officials” \(unresolved\)\s+nothing$",
    r"e1\s+AZE → 072 Provide military aid → UKR\s+alleged\s+TUR\s+outlet$",
    r"Ivan Orlov\s+Azerbaijan\s+-0\.80\s+c1$",
    r"outlet\s+Ukraine\s+\+0\.25\s+—$",
    r"Loaded_Language\s+outlet\s+a dangerous game$",
    r"Doubt\s+source “Officials” \(unresolved\)\s+nothing$",
])
def test_rows_resolve_names(wide: str, pattern: str) -> None:
    row(wide, pattern)


def test_speaker_names_tell_the_outlet_from_sources() -> None:
    report = build_report()
    claim = report.claims[0]
    assert speaker_name(report, claim) == "Ivan Orlov"
    assert speaker_name(report, claim.model_copy(update={"speaker": None, "speaker_actor": "AZEGOV"})) == "Azerbaijan (AZEGOV)"
    assert speaker_name(report, claim.model_copy(update={"speaker": None, "speaker_actor": "AZE"})) == "Azerbaijan"
    assert speaker_name(report, claim.model_copy(update={"speaker": None, "speaker_text": "a spokesman"})) == "source “a spokesman” (unresolved)"
    assert speaker_name(report, claim.model_copy(update={"speaker": None, "speaker_text": None})) == "unknown source"
    assert speaker_name(report, report.techniques[0]) == "outlet"
    assert speaker_name(report, "p9") == "p9"  # a dangling id stays visible


def test_article_text_is_not_rich_markup(wide: str) -> None:
    assert "[bold]playing[/bold]" in wide


def test_long_quote_is_elided(wide: str) -> None:
    quote = row(wide, r"q2\s+direct\s+Ivan Orlov\s+added\s+").split("added", 1)[1].strip()
    assert quote.startswith("Alpha filler") and quote.endswith("here Omega") and " … " in quote
    assert 250 <= len(quote) <= 300


def test_empty_report_shows_every_section() -> None:
    out = text_report(Report(document=Document(id="e", source="-", text="Nothing.")))
    assert out.count("none found") == len(SECTIONS)
    for name in SECTIONS:
        assert f"{name} (0)" in out
    assert "(untitled)" in out


def test_no_colour_codes_and_width_respected() -> None:
    out = text_report(build_report(), width=80)
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_render_text_uses_given_console() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=240, force_terminal=True, color_system="standard")
    render_text(build_report(), console)
    styled = buffer.getvalue()
    assert "\x1b[" in styled  # a terminal gets styles ...
    plain = re.sub(r"\x1b\[[0-9;]*m", "", styled)
    assert plain == text_report(build_report(), width=240)  # ... and the same text


@pytest.mark.parametrize("limit", [20, 100, 300])
def test_elide_keeps_both_ends(limit: int) -> None:
    text = "start " + "x y " * 400 + " finish"
    short = elide(text, limit)
    assert len(short) <= limit
    assert short.startswith("start") and short.endswith("finish") and " … " in short
    assert elide("a  short\n\nquote") == "a short quote"
