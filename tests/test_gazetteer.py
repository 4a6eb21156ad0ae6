"""The actor gazetteer: coverage of UN members, CAMEO codes of names, capitals, seats and roles."""
from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from claimscope.gazetteer import Gazetteer, load_gazetteer, read_countries

#: the 193 UN member states (ISO alpha-3), the coverage the issue asks for
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN
BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE DNK DJI DMA DOM
ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN
ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX
MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER
NGA PRK MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP
SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON
TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()
OBSERVERS_AND_DISPUTED = ["PSE", "VAT", "KSV", "TWN"]
#: pycountry's short name that we resolve elsewhere on purpose
PYCOUNTRY_NAME_EXCEPTIONS = {"COG": "bare 'Congo' means the DR Congo in news; the Republic is 'Republic of the Congo'"}
#: UN members with no capital entry, each for a reason given in countries.tsv
NO_CAPITAL = {"ATG", "BEL", "DJI", "GRD", "GUY", "JAM", "LUX", "MCO", "SGP", "SMR", "SYC"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_un_member_list_is_the_193() -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193


def test_curated_table_covers_un_members_and_the_four_others() -> None:
    rows = read_countries()
    assert {row.alpha3 for row in rows} == set(UN_MEMBERS) | set(OBSERVERS_AND_DISPUTED)
    assert {row.alpha3 for row in rows if row.un == "member"} == set(UN_MEMBERS)


@pytest.mark.parametrize("code", UN_MEMBERS + OBSERVERS_AND_DISPUTED)
def test_every_state_resolves_by_its_common_name(gaz: Gazetteer, code: str) -> None:
    entity = gaz.entity(code)
    assert entity.kind == "country" and entity.code == code
    found = gaz.lookup(entity.name)
    assert found is not None and (found.id, found.code) == (code, code)


@pytest.mark.parametrize("code", [c for c in UN_MEMBERS if c not in PYCOUNTRY_NAME_EXCEPTIONS])
def test_pycountry_short_name_resolves_too(gaz: Gazetteer, code: str) -> None:
    """An independent spelling check: ISO's short name (when it has no comma) finds the same state."""
    record = pycountry.countries.get(alpha_3=code)
    name = getattr(record, "common_name", None) or record.name
    if "," in name:
        pytest.skip(f"ISO name {name!r} is an inverted form")
    found = gaz.lookup(name)
    assert found is not None and found.id == code


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Moscow", "RUSGOV"),
        ("Baku", "AZEGOV"),
        ("Kyiv", "UKRGOV"),
        ("Kiev", "UKRGOV"),
        ("Washington", "USAGOV"),
        ("Kremlin", "RUSGOV"),
        ("White House", "USAGOV"),
        ("Pentagon", "USAMIL"),
        ("Downing Street", "GBRGOV"),
        ("Élysée", "FRAGOV"),
        ("Elysee", "FRAGOV"),
        ("Azerbaijani", "AZE"),
        ("Azeri", "AZE"),
        ("Russian", "RUS"),
        ("Russians", "RUS"),
        ("Ukrainian", "UKR"),
        ("American", "USA"),
        ("British", "GBR"),
        ("England", "GBR"),
        ("Britain", "GBR"),
        ("UK", "GBR"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("America", "USA"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Ivory Coast", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Hong Kong", "HKG"),  # a territory, from pycountry
        ("NATO", "IGOWSTNAT"),
        ("EU", "IGOEUREEC"),
        ("European Union", "IGOEUREEC"),
        ("UN", "IGOUNO"),
        ("United Nations", "IGOUNO"),
        ("OSCE", "IGOEURSCE"),
        ("IMF", "IGOBUSIMF"),
        ("African Union", "IGOAFRAFU"),
    ],
)
def test_phrase_codes(gaz: Gazetteer, phrase: str, code: str) -> None:
    entry = gaz.lookup(phrase)
    assert entry is not None and entry.code == code
    assert code.startswith(entry.id) and gaz.entity(entry.id).code == entry.id


@pytest.mark.parametrize("phrase", ["turkey", "chad", "china", "Turan", "Transcaucasia", "Caspian Sea", "Korea", "Europe"])
def test_not_actors(gaz: Gazetteer, phrase: str) -> None:
    assert gaz.lookup(phrase) is None


def test_capitals_are_cities_and_seats_are_seats(gaz: Gazetteer) -> None:
    assert gaz.form("Baku") == "city"
    assert gaz.form("Kremlin") == "seat"
    assert gaz.form("Azerbaijani") == "adjective"
    assert gaz.form("NATO") == "org"


def test_un_members_have_capital_and_demonym_unless_documented() -> None:
    rows = {row.alpha3: row for row in read_countries()}
    missing_capital = {code for code in UN_MEMBERS if not rows[code].capitals}
    assert missing_capital == NO_CAPITAL
    missing_demonym = {code for code in UN_MEMBERS if not rows[code].demonyms}
    assert missing_demonym <= {"CAF", "COG", "DMA"}  # their adjectives are ambiguous (see countries.tsv)


@pytest.mark.parametrize(
    ("noun", "suffix"),
    [
        ("leadership", "GOV"),
        ("Authorities", "GOV"),
        ("regime", "GOV"),
        ("diplomacy", "GOV"),
        ("army", "MIL"),
        ("armed  forces", "MIL"),
        ("troops", "MIL"),
        ("defence ministry", "GOVMIL"),
        ("opposition", "OPP"),
        ("rebels", "REB"),
        ("separatists", "SEP"),
        ("terrorists", "UAF"),
        ("society", "CVL"),
        ("companies", "BUS"),
        ("media", "MED"),
        ("economy", None),
        ("soil", None),
    ],
)
def test_role_suffix(gaz: Gazetteer, noun: str, suffix: str | None) -> None:
    assert gaz.role_suffix(noun) == suffix


def test_load_is_cached(gaz: Gazetteer) -> None:
    assert load_gazetteer() is gaz


def test_add_tsv_returns_extended_copy(gaz: Gazetteer, tmp_path: Path) -> None:
    extra = tmp_path / "extra.tsv"
    extra.write_text(
        "phrase\tcode\tkind\tname\n"
        "Arnor\tARN\tcountry\tArnor\n"
        "Arnorian troops\tARNMIL\tcountry\tArnor\n"
        "the Fellowship\tFEL\tgroup\tFellowship of the Ring\n"
        "stewards\tGOV\trole\t\n",
        encoding="utf-8",
    )
    bigger = gaz.add_tsv(extra)
    assert bigger.lookup("Arnor").code == "ARN"
    troops = bigger.lookup("Arnorian troops")
    assert (troops.id, troops.code, troops.name) == ("ARN", "ARNMIL", "Arnor")
    assert bigger.entity("FEL").kind == "group"
    assert bigger.role_suffix("Stewards") == "GOV"
    assert bigger.lookup("Russia").code == "RUS"  # built-ins kept
    assert gaz.lookup("Arnor") is None and gaz.role_suffix("stewards") is None  # cached one untouched


def test_add_tsv_rejects_unknown_kind(gaz: Gazetteer, tmp_path: Path) -> None:
    extra = tmp_path / "bad.tsv"
    extra.write_text("phrase\tcode\tkind\tname\nMordor\tMOR\tvolcano\tMordor\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv:2"):
        gaz.add_tsv(extra)
