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

from sqlalchemy import Connection, bindparam, insert, select, update

from ..store import Store
from ..store import models as m
from ..store.bulk import chunks, update_rows

__all__ = ["PersonStats", "link_persons", "name_compatible", "normalise_name", "surname"]

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
    documents: int = 0


def _merge_roles(roles: list[str], new: list[str] | None) -> list[str]:
    seen = {r.casefold() for r in roles}
    out = list(roles)
    for role in new or []:
        if role and role.casefold() not in seen:
            seen.add(role.casefold())
            out.append(role)
    return sorted(out, key=str.casefold)


def surname(name: str) -> str | None:
    """The normalised last token: every variant of one canonical person shares it."""
    tokens = normalise_name(name)
    return tokens[-1] if tokens else None


def link_persons(store: Store, *, chunk: int = 5000) -> PersonStats:
    """Give every unlinked person a canonical record, creating or enriching records as needed.

    Unlinked people are read ``chunk`` at a time, each chunk in its own transaction,
    and a chunk reads only the canonical records that share a surname with its
    people: time and memory follow the chunk, not the corpus.
    """
    linked = created = 0
    last = 0
    while True:
        with store.session() as s:
            pending = s.execute(select(m.Person.id, m.Person.document_id, m.Person.name, m.Person.roles)
                                .where(m.Person.canonical_id.is_(None), m.Person.id > last).order_by(m.Person.id).limit(chunk)).all()
            if not pending:
                return PersonStats(linked=linked, created=created)
            last = pending[-1].id
            n, made = _link_chunk(s.connection(), pending)
            linked += n
            created += made


def _load(conn: Connection, surnames: list[str]) -> tuple[dict[int, _Canon], dict[str, list[int]]]:
    """The canonical records with one of ``surnames``, and their ids by surname (in id order)."""
    k = m.CanonicalPerson
    canon: dict[int, _Canon] = {}
    by_surname: dict[str, list[int]] = defaultdict(list)
    for part in chunks(surnames):
        for row in conn.execute(select(k.id, k.name, k.variants, k.roles, k.documents).where(k.surname.in_(part))):
            variants = list(row.variants or [row.name])
            canon[row.id] = _Canon(row.id, row.name, variants, list(row.roles or []), {normalise_name(v) for v in variants}, row.documents)
    for cid in sorted(canon):
        by_surname[next(iter(canon[cid].keys))[-1]].append(cid)
    return canon, by_surname


def _link_chunk(conn: Connection, pending: list[Any]) -> tuple[int, int]:
    """Link one chunk of people; returns (people linked, canonical records created)."""
    keys = {pid: normalise_name(name) for pid, _, name, _ in pending}
    canon, by_surname = _load(conn, sorted({k[-1] for k in keys.values() if k}))
    fresh: list[_Canon] = []  # records made in this chunk, stored at its end (ids below zero until then)
    links: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pid, document_id, name, roles in pending:
        key = keys[pid]
        if not key:
            continue
        candidates = by_surname.get(key[-1], [])
        exact = [cid for cid in candidates if key in canon[cid].keys]
        # compatible with every variant already merged, so "V." cannot bridge Vasily and Viktor
        compatible = exact or [cid for cid in candidates if all(name_compatible(key, k) for k in canon[cid].keys)]
        if len(compatible) == 1 or exact:
            c = canon[compatible[0]]
        else:  # nobody, or ambiguous (two different people share the initial): a record of its own
            c = _Canon(-1 - len(fresh), name, [name], [], {key}, 0)
            fresh.append(c)
            canon[c.id] = c
            by_surname[key[-1]].append(c.id)
        if name not in c.variants:
            c.variants = sorted([*c.variants, name])
            c.keys.add(key)
        c.roles = _merge_roles(c.roles, roles)
        c.name = max(c.variants, key=_fullness)
        links[c.id].append((pid, document_id))
    if not links:
        return 0, 0

    # documents already counted for a record: those where another of its people was linked before
    documents = sorted({d for pairs in links.values() for _, d in pairs})
    counted: set[tuple[int, str]] = set()
    p = m.Person
    for part in chunks(documents):
        rows = conn.execute(select(p.canonical_id, p.document_id).distinct().where(p.document_id.in_(part), p.canonical_id.is_not(None)))
        counted.update((cid, did) for cid, did in rows)
    for cid, pairs in links.items():
        canon[cid].documents += len({d for _, d in pairs} - {d for c, d in counted if c == cid})

    k = m.CanonicalPerson
    if fresh:
        ids = conn.execute(insert(k).returning(k.id, sort_by_parameter_order=True),
                           [{"name": c.name, "surname": next(iter(c.keys))[-1], "variants": c.variants, "roles": c.roles,
                             "documents": c.documents} for c in fresh]).scalars().all()
        real = {c.id: cid for c, cid in zip(fresh, ids)}
    else:
        real = {}
    update_rows(conn, p.__table__, ["id"], [{"id": pid, "canonical_id": real.get(cid, cid)} for cid, pairs in links.items() for pid, _ in pairs])
    stored = [c for cid, c in canon.items() if cid in links and cid > 0]
    if stored:
        conn.execute(update(k).where(k.id == bindparam("cid")).values(
            name=bindparam("n"), variants=bindparam("v"), roles=bindparam("r"), documents=bindparam("d")),
            [{"cid": c.id, "n": c.name, "v": c.variants, "r": c.roles, "d": c.documents} for c in stored])
    return sum(len(pairs) for pairs in links.values()), len(fresh)
