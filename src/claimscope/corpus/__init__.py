"""Cross-document stage: one record per person, and clusters of claims that recur across articles.

Both steps read what the ingest stored, process only what they have not seen,
and are safe to rerun: a second call on an unchanged corpus writes nothing.
"""
from __future__ import annotations

from ..store import Store
from .clusters import ClusterStats, cluster_claims
from .matching import same_claim
from .persons import PersonStats, link_persons, name_compatible, normalise_name

__all__ = ["update_corpus", "cluster_claims", "link_persons", "same_claim", "name_compatible", "normalise_name",
           "ClusterStats", "PersonStats"]


def update_corpus(store: Store, run_id: int | None = None, *, rebuild: bool = False) -> tuple[PersonStats, ClusterStats]:
    """Run both cross-document steps (the ingest calls this once at the end of a run)."""
    return link_persons(store), cluster_claims(store, run_id=run_id, rebuild=rebuild)
