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


ORIGINAL = "Russian oil exports to India grew by forty percent last year."
OTHER = "Western sanctions failed to stop the Indian refineries from buying crude."
BRIDGE = "Russian oil exports to India grew by forty percent last year while Western sanctions failed to stop Indian refineries buying crude."


def test_a_claim_bridging_two_clusters_merges_them_into_the_older(store) -> None:  # type: ignore[no-untyped-def]
    assert not same_claim(claim_tokens(ORIGINAL), claim_tokens(OTHER))
    assert same_claim(claim_tokens(BRIDGE), claim_tokens(ORIGINAL)) and same_claim(claim_tokens(BRIDGE), claim_tokens(OTHER))
    store.write_reports([
        article("A1", [("Anna Kowalska", ORIGINAL)], outlet="A", published="2024-03-01"),
        article("A2", [("Ivan Petrov", f"“{ORIGINAL}”")], outlet="B", published="2024-03-02"),
        article("B1", [("Li Wei", OTHER)], outlet="C", published="2024-02-20"),
        article("B2", [("Omar Haddad", f"{OTHER[:-1]}, he said.")], outlet="D", published="2024-03-03"),
    ])
    assert cluster_claims(store).clusters == 2
    (older, *_), (newer, *_) = _clusters(store)
    store.write_reports([article("C", [("Sara Jones", BRIDGE)], outlet="E", published="2024-03-05")])
    stats = cluster_claims(store)
    assert (stats.claims, stats.clusters, stats.deleted, stats.updated) == (1, 1, 1, 1)
    [(cid, size, published, outlet, speaker, label)] = _clusters(store)
    assert (cid, size, published, outlet, speaker, label) == (older, 5, "2024-02-20", "C", "Li Wei", ORIGINAL)
    assert {claim for cluster, claim in _members(store)} == set(range(1, 6)) and {c for c, _ in _members(store)} == {older}
    with store.session() as s:
        sims = dict(s.execute(select(m.ClaimClusterMember.claim_id, m.ClaimClusterMember.similarity)).all())
    assert sims[1] == 1.0 and 0 < sims[5] < 1 and sims[3] < 0.2  # similarity to the label, also for the members moved in


def _groups(store) -> set[frozenset[int]]:  # type: ignore[no-untyped-def]
    groups: dict[int, set[int]] = {}
    for cluster, claim in _members(store):
        groups.setdefault(cluster, set()).add(claim)
    return {frozenset(g) for g in groups.values()}


def _variants() -> list[tuple[str, str]]:
    """(outlet, claim) pairs: a few claims repeated with attribution, quotes, reordering and truncation, plus noise."""
    bases = [ORIGINAL, OTHER, "Coal imports from Australia rose after the new customs rules took effect.", "The central bank raised its key interest rate to sixteen percent in December.",
             "Azerbaijan supplies artillery shells to Ukraine through Turkish ports.", "Grain prices in Egypt doubled after the export ban."]
    out = []
    for n, base in enumerate(bases):
        body = base.rstrip(".")
        out += [(f"Outlet {n}", base), (f"Outlet {n + 1}", f"{body}, the minister said."), (f"Outlet {n + 2}", f"“{body}”"),
                (f"Outlet {n + 3}", " ".join(body.split()[: max(5, len(body.split()) * 4 // 5)]) + "…")]
    out += [("Noise", "Officials opened a new library in the old town on Tuesday."),
            ("Noise", "The football final was postponed because of heavy snow."),
            ("Noise", "A museum of modern art will open near the harbour next spring.")]
    return out


def test_incremental_clusters_equal_a_rebuild_and_do_not_depend_on_chunking(store) -> None:  # type: ignore[no-untyped-def]
    items = _variants()
    reports = [article(f"T{n}", [("Anna Kowalska", text)], outlet=outlet, published=f"2024-03-{1 + n % 27:02d}") for n, (outlet, text) in enumerate(items)]
    for step in range(0, len(reports), 7):  # three ingests, clustered after each, three claims per transaction
        store.write_reports(reports[step : step + 7])
        cluster_claims(store, chunk=3)
    incremental = _groups(store)
    assert len(incremental) == 6 and all(len(g) >= 3 for g in incremental)  # the six base claims; noise stays out
    rebuilt = cluster_claims(store, rebuild=True)
    assert rebuilt.claims == len(items) and _groups(store) == incremental
    # and the same grouping as the in-memory reference over the same texts
    from claimscope.corpus.clusters import group_texts

    with store.session() as s:
        ids = list(s.execute(select(m.Claim.id).order_by(m.Claim.id)).scalars())
    reference = {frozenset(ids[i] for i in g) for g in group_texts([claim_tokens(t) for _, t in items])}
    assert incremental == reference


def test_clusters_from_another_method_are_rebuilt(store) -> None:  # type: ignore[no-untyped-def]
    store.write_reports([article("A", [("Anna Kowalska", CLAIM)], outlet="A", published="2024-03-10"),
                         article("B", [("Ivan Petrov", f"“{CLAIM}”")], outlet="B", published="2024-03-12")])
    cluster_claims(store)
    with store.session() as s:
        s.execute(m.ClaimCluster.__table__.update().values(method="an older method"))
    stats = cluster_claims(store)
    assert (stats.claims, stats.created, stats.clusters) == (2, 1, 1)
    from claimscope.corpus.matching import METHOD

    with store.session() as s:
        assert s.execute(select(m.ClaimCluster.method)).scalars().all() == [METHOD]


def test_a_database_from_before_incremental_clustering_is_upgraded_and_reclustered(store, db_url) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from claimscope.store import open_store
    from claimscope.store.engine import MIGRATIONS

    store.write_reports([article("A", [("Anna Kowalska", CLAIM)], outlet="A", published="2024-03-10"),
                         article("B", [("Ivan Petrov", f"“{CLAIM}”")], outlet="B", published="2024-03-12")])
    cluster_claims(store)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:  # back to the first schema, as a database made before revision 0002
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    with store.engine.connect() as conn:
        assert "claim_buckets" not in inspect(conn).get_table_names()
    store.close()
    upgraded = open_store(db_url)
    try:
        assert upgraded.counts()["claims"] == 2 and upgraded.counts()["claim_clusters"] == 0
        stats = cluster_claims(upgraded)
        assert (stats.claims, stats.clusters) == (2, 1)
    finally:
        upgraded.close()


def test_a_repeat_within_one_article_becomes_a_cluster_when_another_article_repeats_it(store) -> None:  # type: ignore[no-untyped-def]
    store.write_reports([article("A", [("Anna Kowalska", CLAIM), ("Anna Kowalska", "The weather was cold."),
                                       ("Anna Kowalska", f"{CLAIM[:-1]}, she repeated.")], outlet="A", published="2024-03-10")])
    assert cluster_claims(store).clusters == 0  # one article repeating itself is not a recurring claim
    store.write_reports([article("B", [("Ivan Petrov", f"“{CLAIM}”")], outlet="B", published="2024-03-12")])
    stats = cluster_claims(store)
    assert (stats.claims, stats.created) == (1, 1)
    [(cid, size, published, outlet, speaker, label)] = _clusters(store)
    assert (size, published, outlet, label) == (3, "2024-03-10", "A", CLAIM)
    assert {claim for _, claim in _members(store)} == {1, 3, 4}
