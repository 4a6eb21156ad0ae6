"""Group claims that recur across articles and outlets, and record where each first appeared.

Claims are compared as sets of normalised content words (case, quote marks,
punctuation, stop words, reporting verbs and simple inflections removed;
negations kept, since "is" vs "is not" is a different claim).  Two claims match
when their Jaccard similarity is high, or when one is nearly contained in the
other (a truncated or re-attributed quote).  MinHash LSH proposes candidate
pairs so the work stays near-linear; every candidate is then checked exactly.
Matches are joined transitively (union-find), and a group is stored only when
its claims come from at least two documents.

Each call recomputes the grouping over all stored claims (deterministic) and
then syncs the tables, keeping cluster ids stable: an unchanged cluster is not
written, so a rerun writes nothing, and a new ingest only grows, creates or
(when claims disappeared) removes clusters.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS  # spaCy is a core dependency; scikit-learn is not
from sqlalchemy import delete, insert, select, update

from ..store import Store
from ..store import models as m

__all__ = ["ClusterStats", "JACCARD", "CONTAINMENT", "METHOD", "claim_tokens", "same_claim", "similarity", "group_texts", "cluster_claims"]

JACCARD = 0.5  # tuned on scripts/evaluate_clusters.py pairs
CONTAINMENT = 0.8
MIN_TOKENS = 4  # below this many content words, overlap is too easy to reach by chance
_LSH_THRESHOLD = 0.3  # below JACCARD, so containment pairs are still proposed
_PERM = 128
METHOD = f"minhash-lsh; jaccard>={JACCARD} or containment>={CONTAINMENT}"

_NEGATIONS = {"no", "not", "never", "nor", "nobody", "nothing", "none", "cannot", "without", "neither"}
_REPORTING = {"said", "says", "say", "told", "tells", "added", "claimed", "claims", "stated", "states", "according",
              "argued", "argues", "insisted", "noted", "wrote", "writes", "explained", "believes", "believe"}
_NUMBERS = {"one", "two", "three", "four", "five", "six", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty",
            "forty", "fifty", "sixty", "hundred", "first", "second", "third", "last"}
_STOP = (set(ENGLISH_STOP_WORDS) - _NEGATIONS - _NUMBERS) | _REPORTING
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)?")


@dataclass(frozen=True, slots=True)
class ClusterStats:
    claims: int = 0
    clusters: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0


def _stem(word: str) -> str:
    """Crude suffix stripping: enough to match "jobs"/"job", "cuts"/"cutting" without a stemmer dependency."""
    if word[0].isdigit() or len(word) <= 3:
        return word
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + repl
    return word


def claim_tokens(text: str) -> frozenset[str]:
    """The set of normalised content words a claim is compared on."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("n't", " not").replace("’", "'")
    return frozenset(_stem(w) for w in _WORD.findall(folded) if w not in _STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger)."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / len(a | b), common / min(len(a), len(b))


def same_claim(a: frozenset[str], b: frozenset[str]) -> bool:
    """The pair decision the clusters are built from."""
    jac, cont = similarity(a, b)
    if min(len(a), len(b)) < MIN_TOKENS:  # "oil prices rose" vs "gold prices rose": a short claim must be wholly inside the other
        return cont == 1.0 and jac >= JACCARD
    return jac >= JACCARD or cont >= CONTAINMENT


def group_texts(token_sets: Sequence[frozenset[str]]) -> list[list[int]]:
    """Indices of ``token_sets`` grouped by transitive ``same_claim`` matches (groups of two or more, in index order)."""
    parent = list(range(len(token_sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    usable = [i for i, t in enumerate(token_sets) if len(t) >= 2]
    if not usable:
        return []
    hashes = MinHash.bulk([[t.encode() for t in sorted(token_sets[i])] for i in usable], num_perm=_PERM, seed=1)
    lsh = MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=_PERM)
    for i, h in zip(usable, hashes):
        for j in lsh.query(h):
            if same_claim(token_sets[i], token_sets[j]):
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
        lsh.insert(i, h)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in usable:
        groups[find(i)].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


@dataclass(frozen=True, slots=True)
class _Claim:
    id: int
    document_id: str
    text: str
    speaker: str | None
    published: str | None
    outlet: str | None


def _order(c: _Claim) -> tuple[bool, str, int]:
    return (c.published is None, c.published or "", c.id)


def cluster_claims(store: Store, run_id: int | None = None) -> ClusterStats:
    """Recompute claim clusters over the whole corpus and sync the cluster tables (ids kept stable)."""
    c, d = m.Claim, m.Document
    k, mem = m.ClaimCluster, m.ClaimClusterMember
    with store.session() as s:
        claims = [_Claim(*row) for row in s.execute(
            select(c.id, c.document_id, c.text, c.speaker_name, d.published, d.outlet).join(d, d.id == c.document_id).order_by(c.id))]
        tokens = [claim_tokens(x.text) for x in claims]
        groups = []
        for g in group_texts(tokens):
            if len({claims[i].document_id for i in g}) >= 2:
                groups.append(g)
        existing: dict[int, dict[int, float | None]] = defaultdict(dict)
        for cid, claim_id, sim in s.execute(select(mem.cluster_id, mem.claim_id, mem.similarity)):
            existing[cid][claim_id] = sim
        heads = {r.id: r for r in s.execute(select(k.id, k.label, k.size, k.first_claim_id, k.first_published, k.first_outlet, k.first_speaker, k.method))}
        owner = {claim_id: cid for cid, members in existing.items() for claim_id in members}
        used: set[int] = set()
        created = updated = 0
        for g in groups:
            members = sorted((claims[i] for i in g), key=_order)
            first = members[0]
            first_tokens = tokens[g[[claims[i].id for i in g].index(first.id)]]
            sims = {x.id: round(similarity(tokens[i], first_tokens)[0], 4) for i, x in ((i, claims[i]) for i in g)}
            head = dict(label=first.text, method=METHOD, size=len(members), first_claim_id=first.id, first_document_id=first.document_id,
                        first_published=first.published, first_outlet=first.outlet, first_speaker=first.speaker)
            overlap: dict[int, int] = defaultdict(int)
            for x in members:
                if x.id in owner and owner[x.id] not in used:
                    overlap[owner[x.id]] += 1
            target = min(overlap, key=lambda cid: (-overlap[cid], cid)) if overlap else None
            if target is None:
                target = s.execute(insert(k).values(**head, run_id=run_id).returning(k.id)).scalar_one()
                s.execute(insert(mem), [{"cluster_id": target, "claim_id": cid, "similarity": sim} for cid, sim in sims.items()])
                created += 1
                used.add(target)
                continue
            used.add(target)
            old, h = existing[target], heads[target]
            same_head = (h.label, h.size, h.first_claim_id, h.first_published, h.first_outlet, h.first_speaker, h.method) == (
                head["label"], head["size"], head["first_claim_id"], head["first_published"], head["first_outlet"], head["first_speaker"], METHOD)
            if old == sims and same_head:
                continue
            gone = [cid for cid in old if cid not in sims]
            if gone:
                s.execute(delete(mem).where(mem.cluster_id == target, mem.claim_id.in_(gone)))
            for cid, sim in sims.items():
                if cid not in old:
                    # a claim may move here from another cluster: it can belong to one only
                    if cid in owner and owner[cid] != target:
                        s.execute(delete(mem).where(mem.cluster_id == owner[cid], mem.claim_id == cid))
                    s.execute(insert(mem).values(cluster_id=target, claim_id=cid, similarity=sim))
                elif old[cid] != sim:
                    s.execute(update(mem).where(mem.cluster_id == target, mem.claim_id == cid).values(similarity=sim))
            s.execute(update(k).where(k.id == target).values(**head, run_id=run_id))
            updated += 1
        stale = sorted(set(heads) - used)
        if stale:
            s.execute(delete(mem).where(mem.cluster_id.in_(stale)))
            s.execute(delete(k).where(k.id.in_(stale)))
        return ClusterStats(claims=len(claims), clusters=len(groups), created=created, updated=updated, deleted=len(stale))
