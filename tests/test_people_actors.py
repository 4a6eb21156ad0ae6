"""People's CAMEO actor codes: the shipped Phoenix person table, role words, and the two combined.

The table tests read only the shipped ``data/person_actors.tsv`` and ``data/phoenix_agents.tsv``;
the rebuild test needs ``../shared`` and is marked ``shared``.
"""
from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from claimscope.people_actors import PersonMatch, affiliation, lookup_person, normalize_name, person_actor, role_actor

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "claimscope" / "data"
PETRARCH = ROOT.parent / "shared" / "datasets" / "cameo" / "petrarch2"


def test_artifacts_are_shipped_and_small() -> None:
    people, agents = DATA / "person_actors.tsv", DATA / "phoenix_agents.tsv"
    assert people.stat().st_size < 1_500_000
    assert agents.stat().st_size < 300_000
    assert "Open Event Data Alliance" in people.read_text(encoding="utf-8")[:400]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. Defense-Secretary", "us defense secretary"),
        ("Ban Ki-moon", "ban ki moon"),
        ("M.S. Gill", "ms gill"),
        ("François Hollande", "francois hollande"),
        ("Lech Wałęsa", "lech walesa"),
        ("  O'Brien ", "obrien"),
    ],
)
def test_normalize_name(text: str, expected: str) -> None:
    assert normalize_name(text) == expected


@pytest.mark.parametrize(
    ("name", "date", "expected"),
    [
        ("Barack Obama", "2016-06-01", "USAGOV"),  # [USAGOV >090120]
        ("Barack Obama", "1995-03-01", "USAELI"),  # [USAELI 780101-000101]
        ("Barack Obama", "2003-05-01", None),  # between the two ranges: the dictionary says nothing
        ("Barack Obama", None, "USAGOV"),  # no date: the open-ended office
        ("barack hussein obama", "2016", "USAGOV"),  # a listed full form; a bare year is 1 January
        ("President Barack Obama", "2016-06-01T12:00:00Z", "USAGOV"),  # title cut, datetime accepted
        ("John Kerry", "2010-01-01", "USAGOVLEG"),  # senator
        ("John Kerry", "2014-01-01", "USAGOV"),  # secretary of state
        ("Sen. John McCain", "2015-01-01", "USAGOVLEG"),
        ("Hillary Rodham Clinton", "2010-06-01", "USAGOV"),
        ("Hillary Clinton", "2015-06-01", "USAELI"),  # the undated code once the dated ones end
        ("Ban Ki-moon", "2005-01-01", "KORGOVBUS"),  # two records, the date picks one
        ("Ban Ki-moon", "2010-01-01", "IGOUNO"),
        ("Ban Ki-moon", None, "IGOUNO"),  # no date: the record with the open-ended office
        ("Kofi Annan", "2000-01-01", "IGOUNO"),
        ("Kofi Annan", "2010-01-01", "ELI"),  # the dictionary's undated fallback has no country
        ("George W. Bush", "2005-01-01", "USAGOV"),
        ("George Bush", "2005-01-01", None),  # father (USAELI) and son (USAGOV): ambiguous
        ("Vladimir Putin", "2015-01-01", "RUSGOV"),
        ("Ayman al-Zawahiri", None, "IMGMUSALQ"),  # the militant-groups file
        ("Mark Esper", "2019-08-01", None),  # the dictionaries end around 2015
        ("Adam Schiff", None, None),
        ("Jane Q. Nobody", "2016-01-01", None),
        ("", None, None),
    ],
)
def test_person_actor(name: str, date: str | None, expected: str | None) -> None:
    assert person_actor(name, date) == expected


@pytest.mark.parametrize(
    ("name", "date", "expected"),
    [
        ("Obama", "2016-06-01", PersonMatch("USAGOV", "obama", True)),  # listed alone ("+OBAMA")
        ("President Obama", "2016-06-01", PersonMatch("USAGOV", "obama", True)),
        ("Kerry", "2014-01-01", PersonMatch("USAGOV", "kerry", True)),
        ("Netanyahu", "2015-01-01", PersonMatch("ISRGOV", "netanyahu", True)),  # a surname one person has
        ("Barack Obama", "2016-06-01", PersonMatch("USAGOV", "barack obama", False)),
        ("Clinton", "2010-06-01", None),  # Bill and Hillary: no surname key
        ("Michael", "2015-01-01", None),  # a first name is no key
    ],
)
def test_lookup_person_marks_one_word_matches_weak(name: str, date: str, expected: PersonMatch | None) -> None:
    assert lookup_person(name, date) == expected


def test_bad_date_raises() -> None:
    with pytest.raises(ValueError):
        person_actor("Barack Obama", "June 2016")


@pytest.mark.parametrize(
    ("role", "country", "expected"),
    [
        ("defense secretary", "USA", "USAGOVMIL"),  # Phoenix.agents.txt: DEFENSE_SECRETARY [~GOVMIL]
        ("U.S. Defense Secretary", "USA", "USAGOVMIL"),
        ("secretary of state", "USA", "USAGOV"),
        ("rep.", "USA", "USALEG"),
        ("Rep.", None, "USALEG"),  # the title implies the US House
        ("congresswoman", None, "USALEG"),
        ("senator", "USA", "USALEG"),
        ("senator", None, None),  # senates are everywhere
        ("prime minister", "GBR", "GBRGOV"),
        ("minister", "FRA", "FRAGOV"),
        ("minister of defense", "ISR", "ISRGOVMIL"),
        ("deputy foreign minister", "RUS", "RUSGOV"),  # "deputy" alone is weak; the head decides
        ("spokesman for the foreign ministry", "IRN", "IRNGOV"),  # the institution after "for"
        ("foreign ministry spokesman", "CHN", "CHNGOV"),
        ("an international affairs assistant in Iran's judiciary", "IRN", "IRNJUD"),
        ("head of the judiciary", "IRN", "IRNJUD"),
        ("army general", "RUS", "RUSMIL"),
        ("military official", "USA", "USAMIL"),  # "official" only decides alone
        ("official", "USA", "USAGOV"),
        ("police chief", "FRA", "FRACOP"),
        ("member of parliament", "GBR", "GBRLEG"),
        ("former president", "USA", "USAELI"),
        ("spokesman", "USA", None),  # speaks for whoever the phrase names; alone, nobody
        ("physicist", "USA", None),
        ("analyst", "USA", None),
        ("prime minister", None, None),  # no country near it
        ("", "USA", None),
    ],
)
def test_role_actor(role: str, country: str | None, expected: str | None) -> None:
    assert role_actor(role, country) == expected


@pytest.mark.parametrize(
    ("name", "roles", "country", "date", "expected"),
    [
        ("Mark Esper", ["U.S. Defense Secretary"], "USA", "2019-08-01", "USAGOVMIL"),  # role only
        ("Adam Schiff", ["Rep."], "USA", None, "USALEG"),
        ("John Kerry", ["secretary of state"], "USA", "2010-01-01", "USAGOV"),  # the text beats the dates
        ("Barack Obama", [], None, "2016-06-01", "USAGOV"),  # no role: the dictionary
        ("Barack Obama", ["physicist"], "USA", "2016-06-01", "USAGOV"),  # no affiliating role
        ("Barack Obama", ["prime minister"], None, "2016-06-01", "USAGOV"),  # role without country
        ("Jane Nobody", ["analyst"], "USA", None, None),
        ("Jane Nobody", ["analyst", "official"], "USA", None, "USAGOV"),  # first role that yields one
    ],
)
def test_affiliation(name: str, roles: list[str], country: str | None, date: str | None, expected: str | None) -> None:
    assert affiliation(name, roles, country, date) == expected


def test_import_reads_nothing() -> None:
    code = (
        "import claimscope.people_actors as m; "
        "print(m._person_table.cache_info().currsize, m._agent_table.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0"]


@pytest.mark.shared
@pytest.mark.skipif(not PETRARCH.is_dir(), reason="needs ../shared/datasets/cameo/petrarch2")
def test_rebuild_matches_shipped(tmp_path: Path) -> None:
    """The shipped tables are exactly what the script makes from the dictionaries."""
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_person_actors.py"),
            *("--shared", str(ROOT.parent / "shared"), "--out-dir", str(tmp_path)),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert int(out.stdout.split("people ")[1].split(",")[0]) > 15_000
    for name in ("person_actors.tsv", "phoenix_agents.tsv"):
        assert filecmp.cmp(tmp_path / name, DATA / name, shallow=False), name
