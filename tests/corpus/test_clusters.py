"""Claim clusters: recurring claims across outlets, first appearance, stable ids on rerun."""
from __future__ import annotations

from sqlalchemy import select

from claimscope.corpus import cluster_claims, same_claim
from claimscope.corpus.clusters import claim_tokens
from claimscope.store import models as m

from .conftest import article

CLAIM = "Russian oil exports to India grew by forty percent last year despite Western sanctions."


def test_pair_decision_paraphrase_and_negative() -> None:
    t = claim_tokens
    assert same_claim(t(CLAIM), t("Despite Western sanctions, Russian oil exports to India grew by forty percent last year, the minister said."))
    assert same_claim(t(CLAIM), t("“Russian oil exports to India grew by forty percent last year”"))
    assert not same_claim(t(CLAIM), t("Russian gas exports to China fell by ten percent this year because of sanctions."))
    assert not same_claim(t("Oil prices rose."), t("Prices of gold rose."))


def _clusters(store) -> list[tuple]:  # type: ignore[no-untyped-def]
    with store.session() as s:
        k = m.ClaimCluster
        return [tuple(r) for r in s.execute(select(k.id, k.size, k.first_published, k.first_outlet, k.first_speaker, k.label).order_by(k.id))]


def _members(store) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    with store.session() as s:
        return {tuple(r) for r in s.execute(select(m.ClaimClusterMember.cluster_id, m.ClaimClusterMember.claim_id))}


def test_cluster_across_outlets_with_first_seen_and_idempotent_rerun(store) -> None:  # type: ignore[no-untyped-def]
    store.write_reports([
        # stored first but published later: first appearance goes by publication date, not by insertion
        article("Later", [("Anna Kowalska", f"{CLAIM[:-1]}, Kowalska said."), ("Anna Kowalska", "The weather was cold.")],
                outlet="Outlet B", published="2024-03-10T08:00:00"),
        article("Earlier", [("Vasily Koltashov", CLAIM), ("Vasily Koltashov", "Gas exports to China fell sharply.")],
                outlet="Outlet A", published="2024-03-02T09:00:00"),
        article("Unrelated", [("Ivan Petrov", "Coal imports from Australia rose after the new customs rules.")],
                outlet="Outlet C", published="2024-03-05"),
    ])
    stats = cluster_claims(store)
    assert (stats.clusters, stats.created) == (1, 1)
    [(cid, size, published, outlet, speaker, label)] = _clusters(store)
    assert (size, published, outlet, speaker, label) == (2, "2024-03-02T09:00:00", "Outlet A", "Vasily Koltashov", CLAIM)
    before = (_clusters(store), _members(store))
    again = cluster_claims(store)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert (_clusters(store), _members(store)) == before


def test_new_ingest_grows_cluster_and_moves_first_seen(store) -> None:  # type: ignore[no-untyped-def]
    store.write_reports([
        article("A", [("Anna Kowalska", CLAIM)], outlet="Outlet A", published="2024-03-10"),
        article("B", [("Ivan Petrov", "Oil exports from Russia to India grew by forty percent last year despite sanctions.")],
                outlet="Outlet B", published="2024-03-12"),
    ])
    cluster_claims(store)
    [(cid, size, published, *_)] = _clusters(store)
    assert (size, published) == (2, "2024-03-10")
    store.write_reports([article("C", [("Vasily Koltashov", f"“{CLAIM}”")], outlet="Outlet C", published="2024-03-01")])
    stats = cluster_claims(store, run_id=None)
    assert (stats.created, stats.updated) == (0, 1)
    [(cid2, size2, published2, outlet2, speaker2, _)] = _clusters(store)
    assert (cid2, size2, published2, outlet2, speaker2) == (cid, 3, "2024-03-01", "Outlet C", "Vasily Koltashov")


def test_same_document_repeats_are_not_a_cluster(store) -> None:  # type: ignore[no-untyped-def]
    store.write_reports([article("A", [("Anna Kowalska", CLAIM), ("Anna Kowalska", f"{CLAIM[:-1]}, she said.")], outlet="A", published="2024-03-10")])
    assert cluster_claims(store).clusters == 0 and _clusters(store) == []
