"""First-name gender from gender-guesser's table, as pronoun resolution will ask for it."""
from __future__ import annotations

import pytest

from claimscope.name_gender import first_name_gender


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("Hillary", "f"),
        ("Michael", "m"),
        ("michael", "m"),  # case-insensitive
        ("MICHAEL", "m"),
        ("Angela", "f"),
        ("Vladimir", "m"),
        ("Mohammed", "m"),
        ("Kamala", "f"),
        ("Jean-Claude", "m"),  # hyphenated names are in the table
        ("Taylor", "m"),  # "mostly_male" counts as male
        ("Xi", None),  # the table says androgynous
        ("Kim", None),  # Kim Jong Un: a family name written first, not a woman's given name
        ("Lin", None),
        ("Zzyzx", None),  # unknown
        ("", None),
        ("  ", None),
    ],
)
def test_first_name_gender(first: str, expected: str | None) -> None:
    assert first_name_gender(first) == expected


def test_mostly_female_counts_as_female() -> None:
    from gender_guesser.detector import Detector

    assert Detector(case_sensitive=False).get_gender("kim") == "mostly_female"  # why Kim needs its override
    assert first_name_gender("Le") is None
