"""Group claims that recur across articles and outlets, and record where each first appeared.

Incremental, so that time and memory per ingest follow the new claims, not the
corpus: every claim is processed once, a chunk at a time, each chunk in one
transaction (a crash loses at most the chunk, which the next call redoes).
For each new claim:

1. its LSH buckets (``matching.claim_buckets``) are looked up in
   ``claim_buckets``, and every claim found there is checked exactly with
   ``same_claim`` (a claim with the very words of a stored one, found through
   its ``exact_key`` bucket, just joins that one's group);
2. it joins the group of each claim it matches (``claims.group_id`` holds the
   group's smallest claim id; groups it bridges are merged);
3. its buckets are stored, up to ``BUCKET_CAP`` claims per bucket.

A group whose claims come from two documents or more is a cluster.  A cluster
keeps its id as it grows (two merging clusters keep the older id), its label
is the wording of the claim it was founded on, and its first appearance
(publication date, outlet, speaker) moves when an earlier copy arrives.  Each
member's ``similarity`` is its Jaccard similarity to the label.  A rerun on an
unchanged corpus reads one empty chunk and writes nothing.

``rebuild=True`` (``claimscope cluster --rebuild``) forgets all groups and
processes every claim again; it happens by itself when the stored clusters
were made by another ``METHOD``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from ..store import Store
from ..store import models as m
from ..store.bulk import chunks, insert_rows, update_rows
from .matching import (
    BUCKET_CAP,
    CONTAINMENT,
    JACCARD,
    METHOD,
    MIN_TOKENS,
    claim_buckets,
    claim_tokens,
    exact_key,
    group_texts,
    same_claim,
    similarity,
)

__all__ = ["ClusterStats", "JACCARD", "CONTAINMENT", "MIN_TOKENS", "METHOD", "CHUNK", "claim_tokens", "same_claim", "similarity",
           "group_texts", "cluster_claims"]

CHUNK = 500  # new claims per transaction; peak memory is about CHUNK x 12 buckets x 20 stored candidates
_PAGE = 2000  # members rescored per statement when clusters merge


@dataclass(slots=True)
class ClusterStats:
    claims: int = 0  # claims processed by this call
    clusters: int = 0  # clusters in the corpus afterwards
    created: int = 0
    updated: int = 0
    deleted: int = 0  # merged into another cluster


@dataclass(frozen=True, slots=True)
class _Claim:
    id: int
    document_id: str
    text: str
    speaker: str | None
    published: str | None
    outlet: str | None


def _order(c: _Claim) -> tuple[bool, str, int]:
    """Earliest publication first, undated last, then storage order."""
    return (c.published is None, c.published or "", c.id)



def _claims_with_documents() -> Any:
    c, d = m.Claim, m.Document
    return select(c.id, c.document_id, c.text, c.speaker_name, d.published, d.outlet).join(d, d.id == c.document_id)


def cluster_claims(store: Store, run_id: int | None = None, *, rebuild: bool = False, chunk: int = CHUNK) -> ClusterStats:
    """Cluster the claims not seen yet (all of them with ``rebuild``); see the module docstring."""
    stats = ClusterStats()
    with store.engine.begin() as conn:
        stale = conn.execute(select(m.ClaimCluster.id).where(m.ClaimCluster.method != METHOD).limit(1)).first() is not None
        if rebuild or stale:
            _reset(conn)
    while True:
        with store.engine.begin() as conn:
            done = _Chunk(conn, run_id, stats).run(max(1, chunk))
        if not done:
            break
    with store.engine.connect() as conn:
        stats.clusters = conn.execute(select(func.count()).select_from(m.ClaimCluster)).scalar_one()
    return stats


def _reset(conn: Connection) -> None:
    conn.execute(delete(m.ClaimClusterMember))
    conn.execute(delete(m.ClaimCluster))
    conn.execute(delete(m.ClaimBucket))
    conn.execute(update(m.Claim).values(group_id=None))


@dataclass(slots=True)
class _Chunk:
    """One transaction's worth of new claims."""

    conn: Connection
    run_id: int | None
    stats: ClusterStats
    tokens: dict[int, frozenset[str]] = field(default_factory=dict)
    parent: dict[int, int] = field(default_factory=dict)

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(i, i) != root:  # path compression
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def run(self, limit: int) -> int:
        conn = self.conn
        new = [_Claim(*r) for r in conn.execute(_claims_with_documents().where(m.Claim.group_id.is_(None)).order_by(m.Claim.id).limit(limit))]
        if not new:
            return 0
        for x in new:
            self.tokens[x.id] = claim_tokens(x.text)
        keys = claim_buckets([self.tokens[x.id] for x in new])
        exact = [exact_key(self.tokens[x.id]) if ks else None for x, ks in zip(new, keys)]

        # stored claims sharing a bucket with a new one, with their groups: exact twins first, since a claim
        # with a twin (stored, or earlier in this chunk) is never compared, and its band buckets are not needed
        members: dict[int, list[int]] = defaultdict(list)
        self._fetch(members, {e for e in exact if e is not None})
        firsts: set[int] = set()
        bands: set[int] = set()
        for ks, twin_key in zip(keys, exact):
            if twin_key is not None and twin_key not in members and twin_key not in firsts:
                firsts.add(twin_key)
                bands.update(ks)
        self._fetch(members, bands)
        old_roots: set[int] = set()
        stored = sorted({i for ids in members.values() for i in ids})
        for part in chunks(stored):
            for cid, text, group in conn.execute(select(m.Claim.id, m.Claim.text, m.Claim.group_id).where(m.Claim.id.in_(part))):
                self.tokens[cid] = claim_tokens(text)
                self.parent[cid] = group
                self.parent.setdefault(group, group)
                old_roots.add(group)

        bucket_rows: list[dict[str, int]] = []
        for x, ks, twin_key in zip(new, keys, exact):
            if twin_key is None:
                continue
            twins = members[twin_key]
            if twins:  # the same words as a claim seen before: its group, nothing to compare
                self.union(x.id, twins[0])
                continue
            twins.append(x.id)
            bucket_rows.append({"bucket": twin_key, "claim_id": x.id})
            tx = self.tokens[x.id]
            rx = x.id
            for j in sorted({j for k in ks for j in members.get(k, ())}):
                # a candidate already in x's group adds nothing: reprinted claims meet many copies of one group
                if self.find(j) != rx and same_claim(tx, self.tokens[j]):
                    self.union(x.id, j)
                    rx = self.find(x.id)
            for k in dict.fromkeys(ks):
                if len(members[k]) < BUCKET_CAP:
                    members[k].append(x.id)
                    bucket_rows.append({"bucket": k, "claim_id": x.id})

        # groups to look at again: those a new claim joined or founded with another new claim
        new_by_root: dict[int, list[_Claim]] = defaultdict(list)
        for x in new:
            new_by_root[self.find(x.id)].append(x)
        involved: dict[int, list[int]] = defaultdict(list)  # root -> stored groups merged into it (itself included)
        for r in old_roots:
            involved[self.find(r)].append(r)
        touched = sorted(r for r in new_by_root if r in involved or len(new_by_root[r]) > 1)
        self._clusters(touched, new_by_root, involved)

        merged = [{"b_old": r, "b_new": self.find(r)} for r in sorted(old_roots) if self.find(r) != r]
        if merged:
            conn.execute(update(m.Claim).where(m.Claim.group_id == bindparam("b_old")).values(group_id=bindparam("b_new")), merged)
        update_rows(conn, m.Claim.__table__, ["id"], [{"id": x.id, "group_id": self.find(x.id)} for x in new])
        insert_rows(conn, m.ClaimBucket.__table__, bucket_rows)
        self.stats.claims += len(new)
        return len(new)

    def _fetch(self, members: dict[int, list[int]], buckets: set[int]) -> None:
        """Add the stored claims of ``buckets`` to ``members``."""
        b = m.ClaimBucket
        for part in chunks(sorted(buckets)):
            for bucket, claim_id in self.conn.execute(select(b.bucket, b.claim_id).where(b.bucket.in_(part))):
                members[bucket].append(claim_id)

    def _clusters(self, roots: list[int], new_by_root: dict[int, list[_Claim]], involved: dict[int, list[int]]) -> None:
        """Create, grow or merge the clusters of ``roots`` (read before the chunk's group ids are written);
        the writes go out as a few statements per chunk, not a few per cluster."""
        conn, k = self.conn, m.ClaimCluster
        old = sorted({g for r in roots for g in involved.get(r, ())})
        clusters: dict[int, Any] = {}
        columns = (k.id, k.group_id, k.label, k.size, k.first_claim_id, k.first_document_id, k.first_published, k.first_outlet, k.first_speaker)
        for part in chunks(old):
            for row in conn.execute(select(*columns).where(k.group_id.in_(part))):
                clusters[row.group_id] = row
        # stored claims of groups that are not clusters yet (each lies in one document, so they are few)
        loose: dict[int, list[_Claim]] = defaultdict(list)
        for part in chunks([g for g in old if g not in clusters]):
            stmt = _claims_with_documents().add_columns(m.Claim.group_id).where(m.Claim.group_id.in_(part)).order_by(m.Claim.id)
            for *row, group in conn.execute(stmt):
                loose[self.find(group)].append(_Claim(*row))

        created: list[tuple[dict[str, Any], list[_Claim]]] = []
        members: list[dict[str, Any]] = []
        heads: list[dict[str, Any]] = []
        for root in roots:
            joining = [*loose.get(root, ()), *new_by_root[root]]
            own = sorted((clusters[g] for g in involved.get(root, ()) if g in clusters), key=lambda row: row.id)
            if not own:
                if len({c.document_id for c in joining}) >= 2:
                    first = min(joining, key=_order)
                    created.append(({"label": first.text, "method": METHOD, "size": len(joining), "group_id": root,
                                     "run_id": self.run_id, **_first(first)}, joining))
            else:
                target, others = own[0], own[1:]
                if others:
                    self._fold(target, others)
                label = claim_tokens(target.label)
                members += [self._member(target.id, c, label) for c in joining]
                stored_first = min((_Claim(o.first_claim_id, o.first_document_id, "", o.first_speaker, o.first_published, o.first_outlet)
                                    for o in own if o.first_claim_id is not None), key=_order, default=None)
                first = min([c for c in (stored_first, *joining) if c is not None], key=_order)
                heads.append({"id": target.id, "size": target.size + sum(o.size for o in others) + len(joining),
                              "group_id": root, "run_id": self.run_id, **_first(first)})
        if created:
            ids = conn.execute(insert(k).returning(k.id, sort_by_parameter_order=True), [row for row, _ in created]).scalars().all()
            for cid, (row, joining) in zip(ids, created):
                label = claim_tokens(row["label"])
                members += [self._member(cid, c, label) for c in joining]
            self.stats.created += len(created)
        if heads:
            update_rows(conn, k.__table__, ["id"], heads)
            self.stats.updated += len(heads)
        insert_rows(conn, m.ClaimClusterMember.__table__, members)

    def _member(self, cluster_id: int, c: _Claim, label: frozenset[str]) -> dict[str, Any]:
        tokens = self.tokens.get(c.id)
        if tokens is None:
            tokens = self.tokens[c.id] = claim_tokens(c.text)
        return {"cluster_id": cluster_id, "claim_id": c.id, "similarity": round(similarity(tokens, label)[0], 4)}

    def _fold(self, target: Any, others: list[Any]) -> None:
        """Move the members of ``others`` (clusters a new claim bridged) into ``target``, scored against its label."""
        conn, k, mem = self.conn, m.ClaimCluster, m.ClaimClusterMember
        label = claim_tokens(target.label)
        moved = [o.id for o in others]
        after = 0
        while True:  # a page at a time: merged clusters can be large, and memory must not follow their size
            page = conn.execute(select(mem.claim_id, m.Claim.text).join(m.Claim, m.Claim.id == mem.claim_id)
                                .where(mem.cluster_id.in_(moved), mem.claim_id > after).order_by(mem.claim_id).limit(_PAGE)).all()
            if not page:
                break
            # a claim is a member of one cluster, so its id alone picks the row
            update_rows(conn, mem.__table__, ["claim_id"],
                        [{"claim_id": cid, "cluster_id": target.id, "similarity": round(similarity(claim_tokens(text), label)[0], 4)}
                         for cid, text in page])
            after = page[-1][0]
        conn.execute(delete(k).where(k.id.in_(moved)))  # before the target takes over their group id (unique)
        self.stats.deleted += len(others)


_FIRST = ("first_claim_id", "first_document_id", "first_published", "first_outlet", "first_speaker")


def _first(c: _Claim) -> dict[str, Any]:
    return dict(zip(_FIRST, (c.id, c.document_id, c.published, c.outlet, c.speaker)))
