"""The actor gazetteer: every phrase that names a country, organisation or armed group, with its CAMEO code.

Why a table and not NER: news calls states by capitals, buildings and adjectives ("Baku",
"the Kremlin", "Azerbaijani") that NER tags as places or not at all, and the report needs
one stable code per actor.  The curated TSVs in ``claimscope/data`` (UN members and a few
more, organisations, role nouns) are merged with pycountry, which adds the territories
and official names nobody would type by hand.  Curated rows win over pycountry; two
curated rows claiming the same phrase for different actors is a data error and raises.

Each phrase carries a :data:`Form` so the spaCy component can apply the right rule:
a capital used as an actor means the government, but "in Moscow" is a place.
"""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import pycountry

__all__ = [
    "ActorEntry",
    "ActorKind",
    "CountryRow",
    "Form",
    "Gazetteer",
    "load_gazetteer",
    "read_countries",
]

ActorKind = Literal["country", "organization", "group", "person"]
#: how a phrase names its actor: the state's own name, an adjective/demonym, a capital city,
#: a seat such as "Kremlin" (already carrying its role), or an organisation/group name
Form = Literal["name", "adjective", "city", "seat", "org"]

_KINDS: frozenset[str] = frozenset({"country", "organization", "group", "person"})
_ROLE_FOR_CITY = "GOV"
#: demonym endings whose plural is just "+s" (Russian -> Russians, Azeri -> Azeris, Greek -> Greeks)
_PLURAL_ENDINGS = ("an", "i", "ot", "ek", "er")


@dataclass(frozen=True)
class ActorEntry:
    """What one phrase resolves to.

    ``id`` is the base actor ("AZE", "IGOWSTNAT") that report actors are grouped by;
    ``code`` is the full CAMEO code for this phrase ("AZEGOV" for "Baku").
    """

    id: str
    name: str
    kind: ActorKind
    code: str


@dataclass(frozen=True)
class CountryRow:
    """One row of ``countries.tsv``, as written (before variants are generated)."""

    alpha3: str
    name: str
    aliases: tuple[str, ...]
    capitals: tuple[str, ...]
    seats: tuple[tuple[str, str], ...]  # (phrase, role suffix)
    demonyms: tuple[str, ...]
    un: Literal["member", "observer", "none"]


def _data_file(name: str) -> Path:
    return Path(str(resources.files("claimscope") / "data" / name))


def _rows(path: Path, columns: int, min_columns: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """Tab-separated rows after the header, skipping comments and blank lines."""
    min_columns = columns if min_columns is None else min_columns
    header_seen = False
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = [cell.strip() for cell in line.split("\t")]
            if not header_seen:
                header_seen = True
                continue
            if not min_columns <= len(cells) <= columns:
                raise ValueError(f"{path}:{lineno}: expected {columns} tab-separated columns, got {len(cells)}")
            yield lineno, cells + [""] * (columns - len(cells))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def read_countries(path: Path | None = None) -> list[CountryRow]:
    """Parse ``countries.tsv`` (for the loader and the coverage script)."""
    rows = []
    for lineno, cells in _rows(path or _data_file("countries.tsv"), 7):
        alpha3, name, aliases, capitals, seats, demonyms, un = cells
        if len(alpha3) != 3 or not alpha3.isupper() or not name or un not in ("member", "observer", "none"):
            raise ValueError(f"countries.tsv:{lineno}: bad code, empty name or unknown UN status: {alpha3!r}")
        parsed_seats = []
        for seat in _split(seats):
            phrase, _, role = seat.partition("=")
            parsed_seats.append((phrase.strip(), role.strip() or _ROLE_FOR_CITY))
        rows.append(
            CountryRow(alpha3, name, _split(aliases), _split(capitals), tuple(parsed_seats), _split(demonyms), un)  # type: ignore[arg-type]
        )
    return rows


def _variants(phrase: str) -> list[str]:
    """Spellings writers use for the same phrase: ASCII without accents, straight/curly apostrophes, lower "the"."""
    out = [phrase]
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", phrase) if not unicodedata.combining(ch))
    folded = folded.replace("ʻ", "'")
    for candidate in (folded, phrase.replace("'", "’"), folded.replace("'", "’")):
        if candidate not in out:
            out.append(candidate)
    if phrase.startswith("The "):
        out += ["the " + variant[4:] for variant in list(out)]
    return out


def _plural(demonym: str) -> str | None:
    return demonym + "s" if demonym.endswith(_PLURAL_ENDINGS) and " " not in demonym else None


def _pycountry_names(country: object) -> list[str]:
    """Usable English names of one pycountry record; "Korea, Republic of" -> "Republic of Korea"."""
    names = []
    for attr in ("common_name", "name", "official_name"):
        value = getattr(country, attr, None)
        if not value:
            continue
        if "(" in value:  # "Holy See (Vatican City State)", "Saint Martin (French part)"
            head, _, rest = value.partition("(")
            inner, _, tail = rest.partition(")")
            names.append(" ".join((head + tail).split()))
            if not tail.strip() and not inner.endswith(" part"):
                names.append(inner.strip())
            continue
        if value.startswith("the "):
            value = value[4:]
        if ", " in value:
            head, _, tail = value.partition(", ")
            if tail.endswith((" of", " of the")) or tail in ("British", "U.S."):
                value = f"{tail} {head}"
                value = value[4:] if value.startswith("The ") else value
            else:  # "Bonaire, Sint Eustatius and Saba": keep the first name only
                value = head
        names.append(value)
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class _Phrase:
    entry: ActorEntry
    form: Form


@dataclass(frozen=True)
class Gazetteer:
    """Phrase -> actor table plus the role nouns; immutable so one cached copy can be shared.

    Build one with :func:`load_gazetteer`; :meth:`add_tsv` returns an extended copy.
    """

    _entities: Mapping[str, ActorEntry] = field(repr=False)
    _phrases: Mapping[str, _Phrase] = field(repr=False)
    _roles: Mapping[str, str] = field(repr=False)
    _blocked: frozenset[str] = field(default_factory=frozenset, repr=False)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Picklable (read-only views are not), so pipelines survive spawn-based multiprocessing."""
        return _frozen, (dict(self._entities), dict(self._phrases), dict(self._roles), self._blocked)

    def __repr__(self) -> str:
        return f"<Gazetteer: {len(self._entities)} actors, {len(self._phrases)} phrases, {len(self._roles)} role nouns>"

    # -- reading ---------------------------------------------------------------------------

    def phrases(self) -> Iterator[tuple[str, ActorEntry]]:
        """Every matchable phrase (case-sensitive) with what it resolves to."""
        for phrase, info in self._phrases.items():
            yield phrase, info.entry

    def form(self, phrase: str) -> Form:
        """How ``phrase`` names its actor (see :data:`Form`); KeyError if unknown."""
        return self._phrases[phrase].form

    def lookup(self, phrase: str) -> ActorEntry | None:
        """Exact, case-sensitive phrase lookup (no tokenisation, no roles)."""
        info = self._phrases.get(phrase)
        return info.entry if info else None

    def entity(self, id: str) -> ActorEntry:
        """The base entry of an actor (code == id), for display; KeyError if unknown."""
        return self._entities[id]

    def entities(self) -> Iterator[ActorEntry]:
        return iter(self._entities.values())

    def role_suffix(self, noun: str) -> str | None:
        """CAMEO role suffix for a role noun ("leadership" -> "GOV"), case-insensitive."""
        return self._roles.get(" ".join(noun.lower().split()))

    def roles(self) -> Iterator[tuple[str, str]]:
        """(lower-case role noun, suffix) pairs."""
        return iter(self._roles.items())

    def blocked(self) -> frozenset[str]:
        """Phrases that contain an actor name but are not that actor ("Latin America", "New Mexico")."""
        return self._blocked

    # -- extending -------------------------------------------------------------------------

    def add_tsv(self, path: str | Path) -> "Gazetteer":
        """A new gazetteer with the rows of ``path`` added (the cached one stays unchanged).

        Columns: phrase, code, kind, name[, id].  ``kind`` is an actor kind, or ``role``
        to add a role noun (then ``code`` is the suffix, e.g. ``GOV``).  Without ``id`` the
        base actor is the longest known id that prefixes ``code`` ("ISRMIL" -> "ISR"),
        else the code itself.  Extra rows override built-in phrases: an evaluation
        dictionary knows its own world best.
        """
        path = Path(path)
        rows = list(_rows(path, 5, min_columns=4))
        entities = dict(self._entities)
        phrases = dict(self._phrases)
        roles = dict(self._roles)
        for lineno, (phrase, code, kind, name, id_) in rows:
            if kind == "role":
                roles[" ".join(phrase.lower().split())] = code
            elif kind not in _KINDS or not phrase or not code:
                raise ValueError(f"{path}:{lineno}: need phrase, code and a kind in {sorted(_KINDS)}, got {kind!r}")
        known = set(entities) | {code for _, (_, code, kind, _, _) in rows if kind != "role"}
        for lineno, (phrase, code, kind, name, id_) in rows:
            if kind == "role":
                continue
            # CAMEO codes grow in 3-letter steps: ISRMIL -> ISR, IGOUNOKID -> IGOUNO
            base = id_ or next((code[:n] for n in range(len(code) - 3, 2, -3) if code[:n] in known), code)
            if base not in entities:
                entities[base] = ActorEntry(base, name or phrase, kind, base)  # type: ignore[arg-type]
            entry = ActorEntry(base, entities[base].name, entities[base].kind, code)
            form: Form = "seat" if code != base else ("name" if kind in ("country", "person") else "org")
            for variant in _variants(phrase):
                phrases[variant] = _Phrase(entry, form)
        return _frozen(entities, phrases, roles, self._blocked)


def _frozen(
    entities: dict[str, ActorEntry], phrases: dict[str, _Phrase], roles: dict[str, str], blocked: frozenset[str]
) -> Gazetteer:
    return Gazetteer(MappingProxyType(entities), MappingProxyType(phrases), MappingProxyType(roles), blocked)


class _Builder:
    """Collects phrases, refusing contradictions between curated rows."""

    def __init__(self) -> None:
        self.entities: dict[str, ActorEntry] = {}
        self.phrases: dict[str, _Phrase] = {}

    def entity(self, id: str, name: str, kind: ActorKind) -> ActorEntry:
        return self.entities.setdefault(id, ActorEntry(id, name, kind, id))

    def add(self, phrase: str, base: ActorEntry, form: Form, role: str = "", *, auto: bool = False) -> None:
        """First claim wins; two curated rows claiming one phrase for different actors raise.

        Spelling variants and ``auto`` phrases (plurals, pycountry names, all added after
        the curated rows) silently yield to an existing claim.
        """
        entry = ActorEntry(base.id, base.name, base.kind, base.id + role)
        for index, variant in enumerate(_variants(phrase)):
            known = self.phrases.get(variant)
            if known is None:
                self.phrases[variant] = _Phrase(entry, form)
            elif known.entry.id != entry.id and not auto and index == 0:
                raise ValueError(f"gazetteer phrase {variant!r} claimed by both {known.entry.id} and {entry.id}")


def _build() -> Gazetteer:
    builder = _Builder()
    countries = read_countries()
    for row in countries:
        base = builder.entity(row.alpha3, row.name, "country")
        for phrase in (row.name, *row.aliases):
            builder.add(phrase, base, "name")
        for phrase in row.capitals:
            builder.add(phrase, base, "city", _ROLE_FOR_CITY)
        for phrase, role in row.seats:
            builder.add(phrase, base, "seat", role)
        for phrase in row.demonyms:
            builder.add(phrase, base, "adjective")
    for lineno, (code, name, kind, aliases) in _rows(_data_file("organizations.tsv"), 4):
        if kind not in ("organization", "group") or not name:
            raise ValueError(f"organizations.tsv:{lineno}: kind must be organization or group, got {kind!r}")
        base = builder.entity(code, name, kind)  # type: ignore[arg-type]
        for phrase in (name, *_split(aliases)):
            builder.add(phrase, base, "org")
    # generated plurals and pycountry names come last and never override curated phrases
    for row in countries:
        base = builder.entities[row.alpha3]
        for demonym in row.demonyms:
            plural = _plural(demonym)
            if plural:
                builder.add(plural, base, "adjective", auto=True)
    for country in pycountry.countries:
        names = _pycountry_names(country)
        if not names:
            continue
        base = builder.entity(country.alpha_3, names[0], "country")  # curated rows keep their display name
        for phrase in names:
            builder.add(phrase, base, "name", auto=True)
    roles = {" ".join(noun.lower().split()): suffix for _, (noun, suffix) in _rows(_data_file("roles.tsv"), 2)}
    blocked = frozenset(
        variant for _, (phrase,) in _rows(_data_file("not_actors.tsv"), 1) for variant in _variants(phrase)
    )
    return _frozen(builder.entities, builder.phrases, roles, blocked)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The built-in gazetteer, built once per process (it is immutable, so sharing is safe)."""
    return _build()
