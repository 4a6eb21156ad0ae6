"""Word lists the attribution rules share: speech verbs, person role nouns, pronouns.

Kept as data (``data/lexicon/*.txt``) so linguists can extend them without code changes.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """One lowercase entry per line; ``#`` starts a comment."""
    text = resources.files("claimscope").joinpath(f"data/lexicon/{name}.txt").read_text("utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(e for e in entries if e)


def speech_verbs() -> frozenset[str]:
    """Lemmas that introduce reported speech or belief ("said", "believes", "told")."""
    return words("speech_verbs")


def role_nouns() -> frozenset[str]:
    """Head nouns of roles that describe a person ("scientist", "minister", "expert")."""
    return words("person_roles")


PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
SOURCE_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you"})
