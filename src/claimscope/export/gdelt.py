"""Events as GDELT 2.0 event-table rows, plus our Modality, Speaker, ClaimId, Voice, SpeakerActor and SpeakerText columns.

GDELT users have loaders for that table; giving them the same columns in the
same order lets our events drop into their tooling.  What we do not know
(geography, tone, ethnic and religious codes) is left blank, counts of
mentions/sources/articles are 1 (one document), and the event date is the
article's publication date, as GDELT's own dates are.

``Voice`` says whose words report the event: ``outlet`` (the publication's own)
or ``source`` (someone it quotes: ``Speaker`` the person's name when resolved,
``SpeakerActor`` a state or organisation, ``SpeakerText`` the source as written).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import select

from ..store import Store
from ..store import models as m

__all__ = ["gdelt_columns", "EXTRA_COLUMNS", "iter_gdelt_rows", "quad_class"]

EXTRA_COLUMNS = ("Modality", "Speaker", "ClaimId", "Voice", "SpeakerActor", "SpeakerText")
_CHUNK = 1000
_LEAD_MIN_WORDS = 8  # the lead is the first paragraph this long (headline, date and section lines are shorter)


@lru_cache(maxsize=1)
def gdelt_columns() -> tuple[str, ...]:
    """The GDELT 2.0 event columns in file order (from data/gdelt_event_columns.tsv)."""
    text = resources.files("claimscope").joinpath("data/gdelt_event_columns.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(line.split("\t", 1)[0] for line in lines[1:])


@lru_cache(maxsize=1)
def _cameo() -> dict[str, tuple[float | None, int]]:
    text = resources.files("claimscope").joinpath("data/cameo_codes.tsv").read_text(encoding="utf-8")
    out: dict[str, tuple[float | None, int]] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 4 or parts[0] == "code":
            continue
        out[parts[0]] = (float(parts[2]) if parts[2] else None, int(parts[3]))
    return out


def quad_class(code: str) -> int | None:
    """GDELT QuadClass of a CAMEO code (its own entry, else its nearest parent's)."""
    table = _cameo()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]][1]
    return None


def _goldstein(code: str, stored: float | None) -> float | None:
    if stored is not None:
        return stored
    table = _cameo()
    for n in range(len(code), 1, -1):
        if code[:n] in table and table[code[:n]][0] is not None:
            return table[code[:n]][0]
    return None


def _lead_end(text: str) -> int:
    """End offset of the lead paragraph: events there are GDELT's 'root events'."""
    pos = 0
    for para in re.split(r"(\n\s*\n)", text):
        pos += len(para)
        if len(para.split()) >= _LEAD_MIN_WORDS:
            return pos
    return len(text)


def _dates(published: str | None) -> dict[str, Any]:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", published or "")
    if not match:
        return {"SQLDATE": None, "MonthYear": None, "Year": None, "FractionDate": None}
    y, mo, d = (int(g) for g in match.groups())
    return {"SQLDATE": f"{y:04d}{mo:02d}{d:02d}", "MonthYear": f"{y:04d}{mo:02d}", "Year": y, "FractionDate": f"{y + (mo * 30 + d) / 365:.4f}"}


def _actor(prefix: str, code: str | None, actors: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """Actor1*/Actor2* columns from a CAMEO actor code (e.g. AZEGOV) and the document's actors."""
    out: dict[str, Any] = {}
    if not code:
        return out
    name, kind = actors.get(code) or actors.get(code[:3]) or ("", "")
    out[f"{prefix}Code"] = code
    out[f"{prefix}Name"] = name.upper()
    if kind == "country":
        out[f"{prefix}CountryCode"] = code[:3]
        roles = [code[i : i + 3] for i in range(3, len(code), 3)]
        for n, role in enumerate(roles[:3], 1):
            out[f"{prefix}Type{n}Code"] = role
    elif kind == "organization":
        out[f"{prefix}KnownGroupCode"] = code
    return out


def _documents(store: Store, ids: set[str]) -> dict[str, dict[str, Any]]:
    d = m.Document
    with store.engine.connect() as conn:
        docs = {r.id: dict(r._mapping) for r in conn.execute(select(d.id, d.published, d.url, d.text, d.created_at).where(d.id.in_(sorted(ids))))}
        first_source = {}
        for did, source in conn.execute(select(m.Source.document_id, m.Source.source).where(m.Source.document_id.in_(sorted(ids))).order_by(m.Source.id)):
            first_source.setdefault(did, source)
        actors: dict[str, dict[str, tuple[str, str]]] = {}
        for did, code, name, kind in conn.execute(select(m.Actor.document_id, m.Actor.code, m.Actor.name, m.Actor.kind).where(m.Actor.document_id.in_(sorted(ids)))):
            actors.setdefault(did, {})[code] = (name, kind)
    for did, doc in docs.items():
        doc["lead_end"] = _lead_end(doc.pop("text"))
        doc["source"] = doc["url"] or first_source.get(did, "")
        doc["actors"] = actors.get(did, {})
    return docs


def iter_gdelt_rows(store: Store) -> Iterator[list[Any]]:
    """One list per event: the GDELT columns in order, then ``EXTRA_COLUMNS``."""
    columns = gdelt_columns()
    e = m.Event
    last = 0
    while True:
        with store.engine.connect() as conn:
            events = conn.execute(select(e).where(e.id > last).order_by(e.id).limit(_CHUNK)).mappings().all()
        if not events:
            return
        docs = _documents(store, {ev["document_id"] for ev in events})
        for ev in events:
            doc = docs[ev["document_id"]]
            added: datetime = doc["created_at"]
            row: dict[str, Any] = {
                "GLOBALEVENTID": ev["id"],
                **_dates(doc["published"]),
                **_actor("Actor1", ev["source_actor"], doc["actors"]),
                **_actor("Actor2", ev["target_actor"], doc["actors"]),
                "IsRootEvent": 1 if ev["start"] < doc["lead_end"] else 0,
                "EventCode": ev["code"],
                "EventBaseCode": ev["code"][:3],
                "EventRootCode": ev["code"][:2],
                "QuadClass": quad_class(ev["code"]),
                "GoldsteinScale": _goldstein(ev["code"], ev["goldstein"]),
                "NumMentions": 1,
                "NumSources": 1,
                "NumArticles": 1,
                "Actor1Geo_Type": 0,
                "Actor2Geo_Type": 0,
                "ActionGeo_Type": 0,
                "DATEADDED": added.strftime("%Y%m%d%H%M%S"),
                "SOURCEURL": doc["source"],
            }
            extras = [ev["modality"], ev["speaker_name"], f"{ev['document_id']}:{ev['claim']}" if ev["claim"] else None,
                      ev["voice"], ev["speaker_actor"], ev["speaker_text"]]
            yield [row.get(name) for name in columns] + extras
        last = events[-1]["id"]
