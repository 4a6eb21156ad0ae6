"""The corpus schema: one set of SQLAlchemy 2 ORM tables for SQLite and PostgreSQL.

Why this shape:

* ``documents.id`` is the sha256 of the text (the report's own id), so the same
  article arriving twice is one row; where it came from lives in ``sources``.
  ``documents.num`` is an integer key only because SQLite FTS5 needs a stable
  integer rowid for its external-content index.
* The full contract JSON is kept per document (``documents.report``, with the
  text left out because it is already in ``documents.text``), so the exact
  report can be served back; the child tables are a queryable projection of it.
* Child rows keep the report's local ids (``p1``, ``q2``…) plus denormalised
  speaker names, so the web UI can filter on a speaker without joins.  Quotes,
  claims, events and techniques keep whose words they are (``voice``: outlet |
  source) and the source as far as it was resolved (``speaker``,
  ``speaker_actor``, ``speaker_text``), so an unresolved source is never
  mistaken for the outlet.
* ``canonical_persons``, the claim-cluster tables, ``claim_buckets`` and
  ``claims.group_id`` are filled by the cross-document stage, after the ingest.

Every document says which pipeline version made it (``pipeline``) and which run
stored it (``run_id``).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base", "Run", "Input", "Document", "Source", "Person", "CanonicalPerson", "Actor", "Quote", "Claim",
    "Event", "Stance", "Technique", "ClaimCluster", "ClaimClusterMember", "ClaimBucket", "NearDuplicate", "MinHashSignature",
    "LshBucket", "Failure",
]

DOC_ID = String(64)


def utcnow() -> datetime:
    """Naive UTC timestamps: SQLite has no time zones, and one convention beats two."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Run(Base):
    """One ingest invocation: what it read, with which pipeline, and how far it got.

    Counters are bumped inside each batch's transaction, so after a crash they
    match exactly what was committed.
    """

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | done | interrupted | failed
    engine: Mapped[str] = mapped_column(String(16), default="local")
    pipeline: Mapped[str | None] = mapped_column(String(200))
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    inputs: Mapped[list[Any] | None] = mapped_column(JSON)
    workers: Mapped[int] = mapped_column(Integer, default=1)
    host: Mapped[str | None] = mapped_column(String(200))
    pid: Mapped[int | None] = mapped_column(Integer)
    resumes: Mapped[int | None] = mapped_column(Integer)  # the interrupted run this one picked up from
    files_total: Mapped[int] = mapped_column(Integer, default=0)
    files_done: Mapped[int] = mapped_column(Integer, default=0)
    files_skipped: Mapped[int] = mapped_column(Integer, default=0)
    articles_seen: Mapped[int] = mapped_column(Integer, default=0)
    articles_stored: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)


class Input(Base):
    """An input file fully ingested (all its articles committed): skipped unread on resume."""

    __tablename__ = "inputs"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)  # sha1 of the path: paths may exceed index limits
    path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    done_at: Mapped[datetime] = mapped_column(default=utcnow)


class Document(Base):
    __tablename__ = "documents"

    num: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(DOC_ID, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32), index=True)  # ISO 8601 sorts as text
    outlet: Mapped[str | None] = mapped_column(String(200))
    genre: Mapped[str | None] = mapped_column(String(16), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    url: Mapped[str | None] = mapped_column(Text)
    sections: Mapped[list[Any] | None] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    report: Mapped[str] = mapped_column(Text)  # contract JSON with document.text set to null
    pipeline: Mapped[str | None] = mapped_column(String(200))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # ``id`` in the index: an outlet's documents are listed and joined without reading the table (web actor counts)
    __table_args__ = (Index("ix_documents_outlet_published_id", "outlet", "published", "id"),)


class Source(Base):
    """A path or URL an article arrived from; many per document."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(Text)
    source_key: Mapped[str] = mapped_column(String(40))  # sha1 of source: long URLs exceed btree limits
    kind: Mapped[str] = mapped_column(String(8), default="path")  # path | url
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("document_id", "source_key", name="uq_sources_document_source"),
        Index("ix_sources_source_key", "source_key"),
    )


class CanonicalPerson(Base):
    """One real person across documents (filled by the cross-document merge stage)."""

    __tablename__ = "canonical_persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    surname: Mapped[str | None] = mapped_column(String(300), index=True)  # normalised; every variant shares it
    variants: Mapped[list[Any] | None] = mapped_column(JSON)
    roles: Mapped[list[Any] | None] = mapped_column(JSON)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300), index=True)
    roles: Mapped[list[Any] | None] = mapped_column(JSON)
    actor: Mapped[str | None] = mapped_column(String(32))  # CAMEO code of the person's affiliation
    mentions: Mapped[int] = mapped_column(Integer, default=0)
    canonical_id: Mapped[int | None] = mapped_column(ForeignKey("canonical_persons.id"), index=True)

    __table_args__ = (UniqueConstraint("document_id", "local_id", name="uq_people_document_local"),)


class Actor(Base):
    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    mentions: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("document_id", "code", name="uq_actors_document_code"),)


class Quote(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    voice: Mapped[str] = mapped_column(String(8), default="source", server_default="source")  # outlet | source
    speaker: Mapped[str | None] = mapped_column(String(16))  # people.local_id in the same document
    speaker_name: Mapped[str | None] = mapped_column(String(300), index=True)
    speaker_actor: Mapped[str | None] = mapped_column(String(32))
    speaker_text: Mapped[str | None] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("document_id", "local_id", name="uq_quotes_document_local"),)


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16), index=True)
    checkworthiness: Mapped[float] = mapped_column(Float, index=True)
    voice: Mapped[str] = mapped_column(String(8), default="outlet", server_default="outlet")  # outlet | source
    speaker: Mapped[str | None] = mapped_column(String(16))
    speaker_name: Mapped[str | None] = mapped_column(String(300), index=True)
    speaker_actor: Mapped[str | None] = mapped_column(String(32))
    speaker_text: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(String(16))
    certainty: Mapped[str] = mapped_column(String(16))
    evidence: Mapped[str | None] = mapped_column(String(16))
    actors: Mapped[list[Any] | None] = mapped_column(JSON)
    #: the claim group it joined (smallest claim id of the group); None until the clustering stage has seen it
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)

    __table_args__ = (UniqueConstraint("document_id", "local_id", name="uq_claims_document_local"),)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(16))
    source_actor: Mapped[str | None] = mapped_column(String(32), index=True)
    target_actor: Mapped[str | None] = mapped_column(String(32), index=True)
    code: Mapped[str] = mapped_column(String(8), index=True)
    root_code: Mapped[str] = mapped_column(String(2), index=True)
    label: Mapped[str] = mapped_column(String(300))
    modality: Mapped[str] = mapped_column(String(16), index=True)
    voice: Mapped[str] = mapped_column(String(8), default="outlet", server_default="outlet")  # outlet | source
    speaker: Mapped[str | None] = mapped_column(String(16))
    speaker_name: Mapped[str | None] = mapped_column(String(300), index=True)
    speaker_actor: Mapped[str | None] = mapped_column(String(32))
    speaker_text: Mapped[str | None] = mapped_column(Text)
    claim: Mapped[str | None] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    via: Mapped[list[Any] | None] = mapped_column(JSON)
    goldstein: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("document_id", "local_id", name="uq_events_document_local"),)


class Stance(Base):
    __tablename__ = "stances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    holder: Mapped[str] = mapped_column(String(16))  # a people local id, or "outlet"
    holder_name: Mapped[str | None] = mapped_column(String(300), index=True)
    target: Mapped[str] = mapped_column(String(32), index=True)
    polarity: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)


class Technique(Base):
    __tablename__ = "techniques"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    technique: Mapped[str] = mapped_column(String(64), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    voice: Mapped[str] = mapped_column(String(8), default="outlet", server_default="outlet")  # outlet | source
    speaker: Mapped[str | None] = mapped_column(String(16))
    speaker_name: Mapped[str | None] = mapped_column(String(300), index=True)
    speaker_actor: Mapped[str | None] = mapped_column(String(32))
    speaker_text: Mapped[str | None] = mapped_column(Text)


class ClaimCluster(Base):
    """Claims that recur across documents; first appearance denormalised for the fact-checker's question."""

    __tablename__ = "claim_clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    label: Mapped[str] = mapped_column(Text)  # representative wording
    method: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer, default=0)
    first_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    first_document_id: Mapped[str | None] = mapped_column(DOC_ID)
    first_published: Mapped[str | None] = mapped_column(String(32), index=True)
    first_outlet: Mapped[str | None] = mapped_column(String(200))
    first_speaker: Mapped[str | None] = mapped_column(String(300))
    group_id: Mapped[int | None] = mapped_column(Integer, unique=True, index=True)  # ``claims.group_id`` of its claims
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClaimClusterMember(Base):
    __tablename__ = "claim_cluster_members"

    cluster_id: Mapped[int] = mapped_column(ForeignKey("claim_clusters.id", ondelete="CASCADE"), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    similarity: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (Index("ix_claim_cluster_members_claim", "claim_id"),)


class ClaimBucket(Base):
    """LSH band buckets of claims: later claims find their candidates with an indexed lookup."""

    __tablename__ = "claim_buckets"

    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index("ix_claim_buckets_claim", "claim_id"),)


class NearDuplicate(Base):
    """Two documents whose word shingles mostly agree: linked, never merged (``doc_a < doc_b``)."""

    __tablename__ = "near_duplicates"

    doc_a: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    doc_b: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    jaccard: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_near_duplicates_doc_b", "doc_b"),)


class MinHashSignature(Base):
    """A document's MinHash, kept so later documents can be compared without re-reading it."""

    __tablename__ = "minhashes"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class LshBucket(Base):
    """LSH band buckets in the database rather than in memory, so memory stays flat and runs resume."""

    __tablename__ = "lsh_buckets"

    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)


class Failure(Base):
    """An input (file or record) that could not be read or analysed; one row per (source, reason)."""

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), index=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)  # sha1 of source and reason: reruns add no copies
    source: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(8), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
