"""Rows of the exportable tables, streamed from the store in id order.

Each table has a column spec (name, kind) so every format writes the same
columns with the same types: ``str``, ``int``, ``float`` or ``list`` (of strings).
Rows are read in keyset-paginated chunks, so exporting a million documents
holds one chunk in memory.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, select

from ..store import Store
from ..store import models as m

__all__ = ["TABLES", "COLUMNS", "iter_rows"]

Column = tuple[str, str]

COLUMNS: dict[str, list[Column]] = {
    "reports": [
        ("id", "str"), ("title", "str"), ("published", "str"), ("outlet", "str"), ("genre", "str"), ("language", "str"),
        ("url", "str"), ("sections", "list"), ("sources", "list"), ("pipeline", "str"), ("people", "int"), ("quotes", "int"),
        ("claims", "int"), ("events", "int"), ("stances", "int"), ("techniques", "int"), ("text", "str"),
    ],
    "quotes": [
        ("document_id", "str"), ("id", "str"), ("kind", "str"), ("text", "str"), ("start", "int"), ("end", "int"),
        ("voice", "str"), ("speaker", "str"), ("speaker_name", "str"), ("speaker_actor", "str"), ("speaker_text", "str"), ("cue", "str"),
        ("outlet", "str"), ("published", "str"),
    ],
    "claims": [
        ("document_id", "str"), ("id", "str"), ("text", "str"), ("start", "int"), ("end", "int"), ("type", "str"),
        ("checkworthiness", "float"), ("voice", "str"), ("speaker", "str"), ("speaker_name", "str"), ("speaker_actor", "str"),
        ("speaker_text", "str"), ("quote", "str"), ("certainty", "str"),
        ("evidence", "str"), ("actors", "list"), ("outlet", "str"), ("published", "str"),
    ],
    "events": [
        ("document_id", "str"), ("id", "str"), ("source", "str"), ("target", "str"), ("code", "str"), ("root_code", "str"),
        ("label", "str"), ("modality", "str"), ("voice", "str"), ("speaker", "str"), ("speaker_name", "str"), ("speaker_actor", "str"),
        ("speaker_text", "str"), ("claim", "str"), ("start", "int"),
        ("end", "int"), ("via", "list"), ("goldstein", "float"), ("outlet", "str"), ("published", "str"),
    ],
}
TABLES = tuple(COLUMNS)

_CHUNK = 1000


def _child_select(table: str) -> tuple[Select[Any], Any]:
    d = m.Document
    if table == "quotes":
        q = m.Quote
        return select(q.id.label("_key"), q.document_id, q.local_id.label("id"), q.kind, q.text, q.start, q.end, q.voice, q.speaker,
                      q.speaker_name, q.speaker_actor, q.speaker_text, q.cue, d.outlet, d.published).join(d, d.id == q.document_id), q.id
    if table == "claims":
        c = m.Claim
        return select(c.id.label("_key"), c.document_id, c.local_id.label("id"), c.text, c.start, c.end, c.type, c.checkworthiness,
                      c.voice, c.speaker, c.speaker_name, c.speaker_actor, c.speaker_text, c.quote, c.certainty, c.evidence, c.actors, d.outlet, d.published).join(d, d.id == c.document_id), c.id
    e = m.Event
    return select(e.id.label("_key"), e.document_id, e.local_id.label("id"), e.source_actor.label("source"), e.target_actor.label("target"),
                  e.code, e.root_code, e.label, e.modality, e.voice, e.speaker, e.speaker_name, e.speaker_actor, e.speaker_text, e.claim, e.start, e.end, e.via, e.goldstein,
                  d.outlet, d.published).join(d, d.id == e.document_id), e.id


def _keyed(store: Store, stmt: Select[Any], key: Any) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(stmt.where(key > last).order_by(key).limit(_CHUNK)).mappings().all()
        if not rows:
            return
        for row in rows:
            yield dict(row)
        last = rows[-1]["_key"]


def _report_rows(store: Store) -> Iterator[dict[str, Any]]:
    d = m.Document
    stmt = select(d.num.label("_key"), d.id, d.title, d.published, d.outlet, d.genre, d.language, d.url, d.sections, d.pipeline, d.text, d.report)
    for row in _keyed(store, stmt, d.num):
        report = json.loads(row.pop("report"))
        row["sources"] = store.sources(row["id"])
        for name in ("people", "quotes", "claims", "events", "stances", "techniques"):
            row[name] = len(report.get(name) or [])
        yield row


def iter_rows(store: Store, table: str) -> Iterator[dict[str, Any]]:
    """Rows of ``table`` (``reports`` = one row per document) with exactly its ``COLUMNS``."""
    if table not in COLUMNS:
        raise ValueError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
    names = [name for name, _ in COLUMNS[table]]
    if table == "reports":
        rows = _report_rows(store)
    else:
        rows = _keyed(store, *_child_select(table))
    for row in rows:
        yield {name: row.get(name) for name in names}
