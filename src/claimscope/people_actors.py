"""Whom a named person speaks for: a CAMEO actor code from a name, a role phrase or both.

Why: a quote's weight depends on whose voice it is, and the report codes people the way it
codes states ("U.S. Defense Secretary ..." -> ``USAGOVMIL``). Two sources, both from the
PETRARCH2 Phoenix dictionaries (MIT, Open Event Data Alliance) and shipped as small tables
made by ``scripts/build_person_actors.py`` (the runtime never reads ``../shared``):

* ``data/person_actors.tsv``: one line per person record of the actor dictionaries, with
  its date-restricted codes (Obama is ``USAELI`` 1978-2000 and ``USAGOV`` from 2009-01-20)
  and its normalised name keys; a surname-only key is kept only when one person has it.
* ``data/phoenix_agents.tsv``: ``Phoenix.agents.txt`` expanded (plurals, ``!MINIST!`` sets)
  -- role words and the agent suffix they add to a country ("minister" -> ``GOV``) -- plus a
  few rows written for this project (bare "minister", "official", "Rep.", spokespeople).

The dictionaries stop around 2015: later office holders are not in them, so the role as the
text writes it ("Defense Secretary Mark Esper") is the first source in :func:`affiliation`.
Tables load on first use (~0.3 s, ~20 MB) and stay cached; importing this module reads nothing.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date as _date
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    "PersonMatch",
    "affiliation",
    "lookup_person",
    "normalize_name",
    "person_actor",
    "role_actor",
]

# Letters NFKD leaves alone; everything else non-ASCII becomes a blank.
_FOLD = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i"}
)
_JOINERS = re.compile(r"[.'’`´]")  # "U.S." -> "us", "O'Brien" -> "obrien"
_NON_WORD = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"['’]s\b")

# Titles and honorifics a caller may leave in front of a name ("Rep. Adam Schiff",
# "President Obama"); stripped from the front only, so "Martin Luther King" keeps "king".
_TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady sheikh sheik shaikh shaykh ayatollah
    grand hojatoleslam hojatolislam hojjatoleslam mullah imam rabbi rev reverend father pope cardinal
    archbishop bishop gen general col colonel lt lieutenant maj adm admiral brig cmdr capt captain
    sgt marshal field president vice premier chancellor senator sen rep representative congressman
    congresswoman gov governor mayor ambassador prince princess king queen crown emir sultan
    minister secretary judge justice deputy foreign defense defence prime state former acting elect
    us uk un american british""".split()
)

_PREPOSITIONS = frozenset("of for in at to with from on within inside under".split())


def normalize_name(text: str) -> str:
    """Lower-case, accent-free, dot- and apostrophe-free words joined by one blank.

    Why: the dictionaries write ``M._S._GILL_`` and ``BAN_KI-MOON``, news writes "M.S. Gill"
    and "Ban Ki-moon"; both sides go through this one function so they meet.
    """
    text = unicodedata.normalize("NFKD", text.replace("_", " "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().translate(_FOLD)
    text = _JOINERS.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def _strip_titles(words: list[str]) -> list[str]:
    """Drop leading title words, always keeping the last word (the name)."""
    start = 0
    while start < len(words) - 1 and words[start] in _TITLES:
        start += 1
    return words[start:]


def _iso(value: str) -> str:
    """``YYYY``, ``YYYY-MM`` or an ISO date/datetime -> ``YYYY-MM-DD`` (first day of a period).

    Raises ValueError on anything else: a wrong date would pick a wrong office silently.
    """
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        value += "-01-01"
    elif re.fullmatch(r"\d{4}-\d{2}", value):
        value += "-01"
    return _date.fromisoformat(value[:10]).isoformat()


# ---------------------------------------------------------------------------- tables


class _Code(NamedTuple):
    code: str
    start: str | None  # ISO date, inclusive; None: no lower bound
    end: str | None  # ISO date, exclusive (as PETRARCH2 reads it); None: no upper bound


@dataclass(frozen=True, slots=True)
class _PersonTable:
    records: tuple[tuple[_Code, ...], ...]
    keys: Mapping[str, tuple[int, ...]]  # names of two words or more, and their "first last" forms
    surnames: Mapping[str, tuple[int, ...]]  # one-word keys, each held by one person (maybe listed twice)


@dataclass(frozen=True, slots=True)
class _Agent:
    affix: str  # "GOV", "GOVMIL", ...; "" for a role that carries no affiliation
    prefix: bool  # PETRARCH's "[IGO~]": the affix goes in front of the country
    country: str | None  # a country the role itself implies ("Rep." -> USA)
    weak: bool  # decides only when nothing else in the phrase does ("official", "deputy")


def _data_file(name: str) -> Path:
    return Path(str(resources.files("claimscope") / "data" / name))


def _rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a shipped table, comments and the header skipped."""
    with _data_file(name).open(encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if line.strip() and not line.startswith("#")]
    return rows[1:]


def _iso_cell(value: str) -> str | None:
    return f"{value[:4]}-{value[4:6]}-{value[6:]}" if value else None


def _parse_codes(cell: str) -> tuple[_Code, ...]:
    out = []
    for item in cell.split():
        code, start, end = item.split(":")
        out.append(_Code(code, _iso_cell(start), _iso_cell(end)))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _person_table() -> _PersonTable:
    records: list[tuple[_Code, ...]] = []
    keys: dict[str, list[int]] = {}
    surnames: dict[str, list[int]] = {}
    codes_seen: dict[tuple[_Code, ...], tuple[_Code, ...]] = {}
    for codes_cell, names_cell, surnames_cell in _rows("person_actors.tsv"):
        codes = _parse_codes(codes_cell)
        codes = codes_seen.setdefault(codes, codes)  # share identical code lists
        index = len(records)
        records.append(codes)
        for table, cell in ((keys, names_cell), (surnames, surnames_cell)):
            for key in filter(None, cell.split("|")):
                table.setdefault(key, []).append(index)
    return _PersonTable(
        tuple(records),
        MappingProxyType({key: tuple(value) for key, value in keys.items()}),
        MappingProxyType({key: tuple(value) for key, value in surnames.items()}),
    )


@functools.lru_cache(maxsize=1)
def _agent_table() -> tuple[Mapping[str, _Agent], int]:
    """Role phrase -> agent, and the longest phrase in words (bounds the matcher)."""
    table: dict[str, _Agent] = {}
    for phrase, code, country, weak, _source in _rows("phoenix_agents.tsv"):
        if code == "-":
            agent = _Agent("", False, country or None, weak == "1")
        else:
            agent = _Agent(code.strip("~"), code.endswith("~"), country or None, weak == "1")
        table.setdefault(phrase, agent)
    longest = max(len(phrase.split()) for phrase in table)
    return MappingProxyType(table), longest


# ---------------------------------------------------------------------------- people


class PersonMatch(NamedTuple):
    """A dictionary hit: the code, the key that matched, and whether it was a bare surname."""

    code: str
    key: str
    weak: bool  # True: matched on a surname alone (unique in the table, still a guess)


def _code_at(codes: tuple[_Code, ...], when: str | None) -> str | None:
    """PETRARCH2's rule: the first dated code (file order) whose range holds the date, else
    the undated code. Without a date: the open-ended office begun last, else the undated
    code, else the dated code that ended last (what the person was most recently)."""
    dated = [c for c in codes if c.start is not None or c.end is not None]
    undated = [c for c in codes if c.start is None and c.end is None]
    if when is None:
        open_ended = [c for c in dated if c.end is None]
        if open_ended:
            return max(open_ended, key=lambda c: c.start or "").code
        if undated:
            return undated[0].code
        return max(dated, key=lambda c: c.end or "").code if dated else None
    for c in dated:
        if (c.start is None or c.start <= when) and (c.end is None or when < c.end):
            return c.code
    return undated[0].code if undated else None


def _latest(codes: tuple[_Code, ...]) -> tuple[int, str]:
    """How current a record is without a date: (2, start) open-ended office, (1, "")
    undated code, (0, end) only past offices -- larger is more recent."""
    dated = [c for c in codes if c.start is not None or c.end is not None]
    open_ended = [c.start or "" for c in dated if c.end is None]
    if open_ended:
        return 2, max(open_ended)
    if len(dated) < len(codes):
        return 1, ""
    return 0, max((c.end or "" for c in dated), default="")


def _resolve(indices: tuple[int, ...], when: str | None) -> str | None:
    """One code for the records behind a key; None when they disagree (namesakes).

    Without a date the most recent record speaks (Ban Ki-moon the UN chief, not the
    earlier Korean minister listed separately); a tie with different codes is ambiguous.
    """
    records = [_person_table().records[i] for i in indices]
    if when is None and len(records) > 1:
        best = max(_latest(r) for r in records)
        records = [r for r in records if _latest(r) == best]
    found = {_code_at(r, when) for r in records} - {None}
    return found.pop() if len(found) == 1 else None


@functools.lru_cache(maxsize=4096)
def lookup_person(name: str, date: str | None = None) -> PersonMatch | None:
    """The dictionary entry for a person name on an ISO date, with how it matched.

    Tries the full name, then (three or more words) its "first last" form, then both again
    without leading titles ("Sen. John McCain"). A single word matches only a one-word key
    one person holds -- a surname or a lone alias like "Obama" -- and is reported weak.
    A name two records share with different codes on that date is ambiguous (None).
    """
    when = _iso(date) if date else None
    words = normalize_name(name).split()
    if not words:
        return None
    table = _person_table()
    candidates: list[str] = []
    for form in (words, _strip_titles(words)):  # "Amir Peretz" before "Peretz"
        candidates.append(" ".join(form))
        if len(form) >= 3:
            candidates.append(f"{form[0]} {form[-1]}")
    for key in dict.fromkeys(candidates):
        if key in table.keys:
            code = _resolve(table.keys[key], when)
            return PersonMatch(code, key, False) if code else None
    last = _strip_titles(words)
    if len(last) == 1 and last[0] in table.surnames:
        code = _resolve(table.surnames[last[0]], when)
        return PersonMatch(code, last[0], True) if code else None
    return None


def person_actor(name: str, date: str | None = None) -> str | None:
    """The CAMEO code the Phoenix dictionaries give this person on this ISO date.

    Why dated: office holders change codes (Kerry is ``USAGOVLEG`` as a senator, ``USAGOV``
    as Secretary of State). ``date=None`` gives the latest open-ended office, else the
    undated code. None when the name is unknown, ambiguous, or has no code on that date;
    ValueError when ``date`` is not ISO (``YYYY``, ``YYYY-MM`` or a date/datetime).
    """
    match = lookup_person(name, date)
    return match.code if match else None


# ---------------------------------------------------------------------------- roles


def _role_words(role: str) -> list[str]:
    return normalize_name(_POSSESSIVE.sub(" ", role.replace("-", " "))).split()


def _match_agents(words: list[str]) -> list[tuple[int, int, _Agent]]:
    """Greedy longest matches of agent phrases, left to right: (start, end, agent)."""
    table, longest = _agent_table()
    matches = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + longest), i, -1):
            agent = table.get(" ".join(words[i:j]))
            if agent is not None:
                matches.append((i, j, agent))
                i = j
                break
        else:
            i += 1
    return matches


@functools.lru_cache(maxsize=4096)
def role_actor(role: str, country: str | None) -> str | None:
    """Country code + the agent suffix of a role phrase ("defense secretary", USA -> USAGOVMIL).

    Why: the text names the office even when the person is missing from the dictionary.
    The role word comes from ``Phoenix.agents.txt`` (longest phrase wins). After a
    preposition the institution decides ("spokesman for the foreign ministry" -> GOV,
    "assistant in Iran's judiciary" -> JUD); otherwise the last role word, the English head
    ("army general"). ``country`` is an ISO-3 code found near the role; a role that implies
    one ("Rep.", "congresswoman" -> USA) fills in for None. None when no role word carries
    an affiliation ("physicist", "analyst", a lone "spokesman") or no country is known.
    """
    words = _role_words(role)
    matches = _match_agents(words)
    covered = {k for start, end, _ in matches for k in range(start, end)}
    split = next((k for k, w in enumerate(words) if w in _PREPOSITIONS and k not in covered), len(words))
    strong = [m for m in matches if m[2].affix and not m[2].weak]
    tail = [m for m in strong if m[0] > split]
    head = [m for m in strong if m[0] < split]
    weak = [m for m in matches if m[2].affix and m[2].weak]
    chosen = tail[0] if tail else head[-1] if head else weak[-1] if weak else None
    if chosen is None:
        return None
    agent = chosen[2]
    implied = next((m[2].country for m in matches if m[2].country), None)
    where = (country or "").strip().upper() or agent.country or implied
    if not where:
        return "IGO" if agent.prefix and agent.affix == "IGO" else None
    return agent.affix + where if agent.prefix else where + agent.affix


def affiliation(name: str, roles: list[str], country: str | None, date: str | None) -> str | None:
    """The person's actor code: what the text says first, the dictionary second.

    A role that yields a code with the country near it wins ("Iranian foreign minister
    Zarif" is IRNGOV whatever the dictionary's date ranges say); the first such role in
    ``roles`` is used. Otherwise the dictionary entry for ``name`` on ``date``; else None.
    """
    for role in roles:
        code = role_actor(role, country)
        if code:
            return code
    return person_actor(name, date)
