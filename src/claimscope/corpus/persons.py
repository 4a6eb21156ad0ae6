"""Link each stored ``people`` row to one ``canonical_persons`` row.

Two names are the same person when their surnames agree and their given names
are compatible: equal, or one an initial of the other ("V. Koltashov" ~
"Vasily Koltashov").  Only unlinked people are processed, in id order, so the
result is deterministic and a rerun finds nothing to do.  A bare surname
("Koltashov") links only to an identical bare-surname record: alone it is too
ambiguous to merge into a full name.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..store import Store
from ..store import models as m

__all__ = ["PersonStats", "link_persons", "name_compatible", "normalise_name"]

_NON_WORD = re.compile(r"[^\w\s-]+")


@dataclass(frozen=True, slots=True)
class PersonStats:
    linked: int = 0
    created: int = 0


def normalise_name(name: str) -> tuple[str, ...]:
    """Lower-case, accent-free tokens; "V." and "V" both become "v"; hyphenated parts stay joined."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return tuple(t.strip("-") for t in _NON_WORD.sub(" ", folded).split() if t.strip("-"))


def _given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return False


def name_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same surname and compatible given names (an initial matches a full name starting with it).

    A single-token name matches only itself.  Middle names may be missing on one
    side ("Vasily A. Koltashov" ~ "Vasily Koltashov"), but the first given names must agree.
    """
    if not a or not b or a[-1] != b[-1]:
        return False
    ga, gb = a[:-1], b[:-1]
    if not ga or not gb:
        return ga == gb
    if not _given_compatible(ga[0], gb[0]):
        return False
    if len(ga) == len(gb):
        return all(_given_compatible(x, y) for x, y in zip(ga, gb))
    return True


def _fullness(name: str) -> tuple[int, int, str]:
    """Prefer the most spelled-out variant as the display name (deterministic tie-break on text)."""
    tokens = normalise_name(name)
    return (sum(len(t) for t in tokens if len(t) > 1), len(tokens), name)


@dataclass(slots=True)
class _Canon:
    id: int
    name: str
    variants: list[str]
    roles: list[str]
    keys: set[tuple[str, ...]]


def _merge_roles(roles: list[str], new: list[str] | None) -> list[str]:
    seen = {r.casefold() for r in roles}
    out = list(roles)
    for role in new or []:
        if role and role.casefold() not in seen:
            seen.add(role.casefold())
            out.append(role)
    return sorted(out, key=str.casefold)


def link_persons(store: Store, *, chunk: int = 5000) -> PersonStats:
    """Give every unlinked person a canonical record, creating or enriching records as needed.

    Unlinked people are read ``chunk`` at a time, each chunk in its own transaction, so
    memory follows the canonical records, not the run.
    """
    canon: dict[int, _Canon] = {}
    by_surname: dict[str, list[int]] = defaultdict(list)
    with store.session() as s:
        for row in s.execute(select(m.CanonicalPerson.id, m.CanonicalPerson.name, m.CanonicalPerson.variants, m.CanonicalPerson.roles)
                             .order_by(m.CanonicalPerson.id)):
            variants = list(row.variants or [row.name])
            c = _Canon(row.id, row.name, variants, list(row.roles or []), {normalise_name(v) for v in variants})
            canon[c.id] = c
            for k in c.keys:
                if k:
                    by_surname[k[-1]].append(c.id)
    linked = created = 0
    last = 0
    while True:
        with store.session() as s:
            pending = s.execute(select(m.Person.id, m.Person.name, m.Person.roles)
                                .where(m.Person.canonical_id.is_(None), m.Person.id > last).order_by(m.Person.id).limit(chunk)).all()
            if not pending:
                return PersonStats(linked=linked, created=created)
            last = pending[-1].id
            n, made = _link_chunk(s, pending, canon, by_surname)
            linked += n
            created += made


def _link_chunk(s: Session, pending: list[Any], canon: dict[int, _Canon], by_surname: dict[str, list[int]]) -> tuple[int, int]:
    """Link one chunk of people; returns (people linked, canonical records created)."""
    touched: set[int] = set()
    created = 0
    links: dict[int, list[int]] = defaultdict(list)
    for pid, name, roles in pending:
        key = normalise_name(name)
        if not key:
            continue
        candidates = sorted(set(by_surname.get(key[-1], [])))
        exact = [cid for cid in candidates if key in canon[cid].keys]
        # compatible with every variant already merged, so "V." cannot bridge Vasily and Viktor
        compatible = exact or [cid for cid in candidates if all(name_compatible(key, k) for k in canon[cid].keys)]
        if len(compatible) == 1 or exact:
            c = canon[compatible[0]]
        else:  # nobody, or ambiguous (two different people share the initial): a record of its own
            row = m.CanonicalPerson(name=name, variants=[name], roles=[], documents=0)
            s.add(row)
            s.flush()
            c = _Canon(row.id, name, [name], [], {key})
            canon[c.id] = c
            by_surname[key[-1]].append(c.id)
            created += 1
        if name not in c.variants:
            c.variants = sorted([*c.variants, name])
            c.keys.add(key)
        c.roles = _merge_roles(c.roles, roles)
        c.name = max(c.variants, key=_fullness)
        links[c.id].append(pid)
        touched.add(c.id)
    for cid, pids in links.items():
        for i in range(0, len(pids), 900):
            s.execute(update(m.Person).where(m.Person.id.in_(pids[i : i + 900])).values(canonical_id=cid))
    s.flush()
    for cid in sorted(touched):
        c = canon[cid]
        docs = s.execute(select(func.count(func.distinct(m.Person.document_id))).where(m.Person.canonical_id == cid)).scalar_one()
        s.execute(update(m.CanonicalPerson).where(m.CanonicalPerson.id == cid)
                  .values(name=c.name, variants=c.variants, roles=c.roles, documents=docs))
    return sum(len(p) for p in links.values()), created
