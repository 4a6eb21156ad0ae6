"""The one writer: a batch of reports (plus sources, failures, progress) in one transaction.

Everything a batch changes commits together or not at all, so a process killed
at any moment leaves either the whole batch or none of it; the ingest engine
relies on that to resume without loss or duplication.  Inserts are one
``executemany`` per table per batch through ``bulk.insert_rows``, which hands
the driver plain tuples: that is what keeps storage a small fraction of
analysis time.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, select, text, update

from ..report.upgrade import upgrade
from . import models as m
from . import neardup
from .bulk import chunks, insert_rows

__all__ = ["StoredReport", "InputMark", "Batch", "BatchResult", "write_batch", "key", "source_kind"]


def key(*parts: str) -> str:
    """A short stable key for values too long to index directly (paths, URLs, reasons)."""
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def source_kind(source: str) -> str:
    return "url" if "://" in source[:16] else "path"


@dataclass(slots=True)
class StoredReport:
    """A report to store, where this copy came from, and its MinHash (None: skip near-dup linking)."""

    report: dict[str, Any]
    source: str | None = None
    signature: bytes | None = None


@dataclass(slots=True)
class InputMark:
    """An input file whose every article is in this batch or an earlier one: done."""

    path: str
    size: int
    mtime_ns: int
    articles: int = 0


@dataclass(slots=True)
class Batch:
    run_id: int | None = None
    reports: list[StoredReport] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (document id, source) of copies already stored
    failures: list[tuple[str, str, str | None]] = field(default_factory=list)  # (source, reason, code)
    inputs: list[InputMark] = field(default_factory=list)
    seen: int = 0  # articles read for this batch (stored + duplicates)
    duplicates: int = 0  # articles skipped before analysis because their text was known

    def __len__(self) -> int:
        return len(self.reports) + len(self.sources) + len(self.failures) + len(self.inputs)


@dataclass(slots=True)
class BatchResult:
    stored: list[str] = field(default_factory=list)  # ids of documents new to the database
    existing: list[str] = field(default_factory=list)  # ids that were already there (only a source added)
    near_duplicates: int = 0


def _text_free(report: dict[str, Any]) -> str:
    """The report JSON with ``document.text`` nulled: the text is stored once, in ``documents.text``."""
    document = dict(report["document"])
    document["text"] = None
    return json.dumps({**report, "document": document}, ensure_ascii=False, separators=(",", ":"))


def _speaker(item: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The voice and speaker columns of a quote, claim, event or technique row (``speaker_name``: the person's name)."""
    voice = item.get("voice") or ("source" if any(item.get(k) for k in ("quote", "speaker", "speaker_actor", "speaker_text")) else "outlet")
    return {"voice": voice, "speaker": item.get("speaker"), "speaker_name": names.get(item.get("speaker")),  # type: ignore[arg-type]
            "speaker_actor": item.get("speaker_actor"), "speaker_text": item.get("speaker_text")}


def _rows(report: dict[str, Any], run_id: int | None) -> dict[str, list[dict[str, Any]]]:
    """The report (in the current contract) projected onto the child tables."""
    doc = report["document"]
    did = doc["id"]
    names = {p["id"]: p["name"] for p in report.get("people", [])}
    rows: dict[str, list[dict[str, Any]]] = {}
    rows["documents"] = [{
        "id": did, "title": doc.get("title"), "published": doc.get("published"), "outlet": doc.get("outlet"),
        "genre": doc.get("genre"), "language": doc.get("language"), "url": doc.get("url"),
        "sections": doc.get("sections") or [], "text": doc["text"], "report": _text_free(report),
        "pipeline": report.get("pipeline"), "run_id": run_id, "created_at": m.utcnow(),
    }]
    rows["people"] = [
        {"document_id": did, "local_id": p["id"], "name": p["name"], "roles": p.get("roles") or [], "actor": p.get("actor"),
         "mentions": len(p.get("mentions") or [])}
        for p in report.get("people", [])
    ]
    rows["actors"] = [
        {"document_id": did, "code": a["code"], "name": a["name"], "kind": a["kind"], "mentions": len(a.get("mentions") or [])}
        for a in report.get("actors", [])
    ]
    rows["quotes"] = [
        {"document_id": did, "local_id": q["id"], "kind": q["kind"], "text": q["text"], "start": q["start"], "end": q["end"],
         **_speaker(q, names), "voice": "source", "cue": q.get("cue")}
        for q in report.get("quotes", [])
    ]
    rows["claims"] = [
        {"document_id": did, "local_id": c["id"], "text": c["text"], "start": c["start"], "end": c["end"], "type": c["type"],
         "checkworthiness": c["checkworthiness"], **_speaker(c, names),
         "quote": c.get("quote"), "certainty": c.get("certainty") or "asserted", "evidence": c.get("evidence"), "actors": c.get("actors") or []}
        for c in report.get("claims", [])
    ]
    rows["events"] = [
        {"document_id": did, "local_id": e["id"], "source_actor": e.get("source"), "target_actor": e.get("target"),
         "code": e["code"], "root_code": e["code"][:2], "label": e["label"], "modality": e["modality"],
         **_speaker(e, names), "claim": e.get("claim"),
         "start": e["start"], "end": e["end"], "via": e.get("via") or [], "goldstein": e.get("goldstein")}
        for e in report.get("events", [])
    ]
    rows["stances"] = [
        {"document_id": did, "holder": s["holder"], "holder_name": names.get(s["holder"], s["holder"] if s["holder"] == "outlet" else None),
         "target": s["target"], "polarity": s["polarity"], "evidence": s.get("evidence") or []}
        for s in report.get("stances", [])
    ]
    rows["techniques"] = [
        {"document_id": did, "technique": t["technique"], "start": t["start"], "end": t["end"], "text": t["text"],
         **_speaker(t, names)}
        for t in report.get("techniques", [])
    ]
    return rows


_CHILD_TABLES: tuple[str, ...] = ("people", "actors", "quotes", "claims", "events", "stances", "techniques")


def _table(name: str) -> Table:
    return m.Base.metadata.tables[name]


def _insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: list[str]) -> None:
    """Insert rows, skipping those that hit the unique ``keys``: re-runs and resumes add nothing."""
    insert_rows(conn, table, rows, skip_conflicts_on=keys)


def _upsert_inputs(conn: Connection, marks: Sequence[InputMark], run_id: int | None) -> None:
    if not marks:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    table = _table("inputs")
    rows = {key(mk.path): {"key": key(mk.path), "path": mk.path, "size": mk.size, "mtime_ns": mk.mtime_ns, "articles": mk.articles, "run_id": run_id, "done_at": m.utcnow()} for mk in marks}
    stmt = dialect_insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["key"],
        set_={c: stmt.excluded[c] for c in ("size", "mtime_ns", "articles", "run_id", "done_at")},
    )
    conn.execute(stmt, list(rows.values()))


def _link_near_duplicates(conn: Connection, new: list[StoredReport]) -> int:
    """Store signatures and buckets of new documents and link each to earlier near-duplicates.

    Wire stories are reprinted hundreds of times, so the work per document is
    capped: a bucket stops taking members once it holds ``BUCKET_CAP``
    documents (later copies still meet the first ones there), only the
    ``MAX_CANDIDATES`` candidates sharing most bands are compared, and each new
    document keeps its ``MAX_LINKS`` closest matches (the rest of a large copy
    family is reachable through them).
    """
    signed = [(r.report["document"]["id"], r.signature) for r in new if r.signature]
    if not signed:
        return 0
    per_doc = {did: neardup.buckets(sig) for did, sig in signed}
    wanted = sorted({b for bs in per_doc.values() for b in bs})
    members: dict[int, list[str]] = {}
    lsh = _table("lsh_buckets")
    for chunk in chunks(wanted, 900):
        for bucket, did in conn.execute(select(lsh.c.bucket, lsh.c.document_id).where(lsh.c.bucket.in_(chunk))):
            members.setdefault(bucket, []).append(did)
    sigs: dict[str, bytes] = {}
    mh = _table("minhashes")
    links: dict[tuple[str, str], float] = {}
    bucket_rows: list[dict[str, Any]] = []
    for did, sig in signed:
        shared = Counter(d for b in per_doc[did] for d in members.get(b, []) if d != did)
        candidates = [d for d, _ in shared.most_common(neardup.MAX_CANDIDATES)]
        missing = [d for d in candidates if d not in sigs]
        for chunk in chunks(missing, 900):
            sigs.update(dict(conn.execute(select(mh.c.document_id, mh.c.signature).where(mh.c.document_id.in_(chunk))).all()))
        scored = sorted(((neardup.jaccard(sig, sigs[d]), d) for d in candidates if d in sigs), reverse=True)
        for score, other in [(sc, d) for sc, d in scored if sc >= neardup.THRESHOLD][: neardup.MAX_LINKS]:
            a, b = sorted((did, other))
            links[(a, b)] = round(score, 4)
        for b in sorted(set(per_doc[did])):
            if len(members.setdefault(b, [])) < neardup.BUCKET_CAP:
                members[b].append(did)
                bucket_rows.append({"bucket": b, "document_id": did})
        sigs[did] = sig
    insert_rows(conn, mh, [{"document_id": did, "signature": sig} for did, sig in signed])
    insert_rows(conn, lsh, bucket_rows)
    _insert_ignore(conn, _table("near_duplicates"), [{"doc_a": a, "doc_b": b, "jaccard": j} for (a, b), j in links.items()], ["doc_a", "doc_b"])
    return len(links)


def write_batch(conn: Connection, batch: Batch) -> BatchResult:
    """Write ``batch`` on ``conn``; the caller owns the transaction (one per batch)."""
    result = BatchResult()
    documents = _table("documents")
    ids = [r.report["document"]["id"] for r in batch.reports]
    known: set[str] = set()
    for chunk in chunks(sorted(set(ids)), 900):
        known.update(conn.execute(select(documents.c.id).where(documents.c.id.in_(chunk))).scalars())
    new: list[StoredReport] = []
    sources: list[tuple[str, str]] = list(batch.sources)
    for item in batch.reports:
        item.report = upgrade(item.report)  # a report kept under an older contract is stored as the current one
        did = item.report["document"]["id"]
        sources.append((did, item.source or item.report["document"]["source"]))
        if did in known:
            result.existing.append(did)
            continue
        known.add(did)
        new.append(item)
        result.stored.append(did)

    if new:
        per_table: dict[str, list[dict[str, Any]]] = {name: [] for name in ("documents", *_CHILD_TABLES)}
        for item in new:
            for name, rows in _rows(item.report, batch.run_id).items():
                per_table[name].extend(rows)
        insert_rows(conn, documents, per_table["documents"])
        for name in _CHILD_TABLES:
            insert_rows(conn, _table(name), per_table[name])
        if conn.dialect.name == "sqlite":
            for chunk in chunks(result.stored, 900):
                params = {f"i{n}": did for n, did in enumerate(chunk)}
                marks = ", ".join(f":i{n}" for n in range(len(chunk)))
                conn.execute(text(f"INSERT INTO documents_fts(rowid, title, text) SELECT num, coalesce(title, ''), text FROM documents WHERE id IN ({marks})"), params)
        result.near_duplicates = _link_near_duplicates(conn, new)

    # a copy of a text whose analysis failed has no document to point to: drop its source
    unknown = sorted({did for did, _ in sources} - known)
    present: set[str] = set()
    for chunk in chunks(unknown, 900):
        present.update(conn.execute(select(documents.c.id).where(documents.c.id.in_(chunk))).scalars())
    sources = [(did, src) for did, src in sources if did in known or did in present]
    now = m.utcnow()
    source_rows = {(did, key(src)): {"document_id": did, "source": src, "source_key": key(src), "kind": source_kind(src), "run_id": batch.run_id, "first_seen": now} for did, src in sources}
    _insert_ignore(conn, _table("sources"), list(source_rows.values()), ["document_id", "source_key"])
    failure_rows = {key(src, reason): {"key": key(src, reason), "source": src, "reason": reason, "code": code, "run_id": batch.run_id, "created_at": now} for src, reason, code in batch.failures}
    _insert_ignore(conn, _table("failures"), list(failure_rows.values()), ["key"])
    _upsert_inputs(conn, batch.inputs, batch.run_id)

    if batch.run_id is not None:
        runs = _table("runs")
        conn.execute(
            update(runs).where(runs.c.id == batch.run_id).values(
                articles_seen=runs.c.articles_seen + batch.seen,
                articles_stored=runs.c.articles_stored + len(result.stored),
                duplicates=runs.c.duplicates + batch.duplicates + len(result.existing),
                failures=runs.c.failures + len(batch.failures),
                files_done=runs.c.files_done + len(batch.inputs),
            )
        )
    return result
