"""The gender a first name usually carries, for pronoun resolution.

Why: "she said" must not be attached to "Michael Pompeo". The table is gender-guesser's
(PyPI ``gender-guesser``, the maintained ``nam_dict.txt`` of Jörg Michael, some 40,000
first names across countries); it loads on first use (~0.2 s, ~20 MB) and stays cached.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from gender_guesser.detector import Detector

__all__ = ["first_name_gender"]

_GENDER: dict[str, Literal["m", "f"]] = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}

# Common East Asian family names, written first ("Kim Jong Un", "Lin Jian", "Le Duc Tho"):
# the table files them as (mostly) female given names, which would block the right "he".
_FAMILY_NAMES_FIRST = frozenset({"kim", "lee", "lin", "le"})


@functools.lru_cache(maxsize=1)
def _detector() -> Detector:
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@functools.lru_cache(maxsize=8192)
def first_name_gender(first: str) -> Literal["m", "f"] | None:
    """"m" or "f" when the table says (mostly) male or female; None for names it marks
    androgynous ("Xi"), does not know, or that are ambiguous here ("Kim": a family name as
    often as a given name). Case-insensitive; a trailing dot is ignored."""
    name = first.strip().strip(".")
    if not name or name.lower() in _FAMILY_NAMES_FIRST:
        return None
    return _GENDER.get(_detector().get_gender(name))
