"""The store on SQLite and PostgreSQL: exact reports back, dedupe, search, near-duplicates, runs, atomic batches."""
from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from claimscope.store import MARK_END, MARK_START, Batch, StoredReport, open_store
from claimscope.store.neardup import signature

WIRE = (
    "“Russia imposes sanctions on the new pipeline consortium and will not back down,” Kowalska said on Tuesday. "
    "The consortium had asked the ministry to delay the decision until the summer, but officials refused. "
    "Markets in Frankfurt and Warsaw fell sharply after the announcement, and traders expect more volatility. "
    "The European Commission said it would study the measures before responding to the member states."
)
OTHER = (
    "“The harvest this year is the largest in a decade,” Nowak told farmers at the fair in Poznan. "
    "Grain prices have fallen for three months, and storage is running short in the southern regions. "
    "The agriculture ministry promised loans to cooperatives that build new silos before the winter."
)


def test_report_round_trips_exactly(store, report_factory) -> None:  # type: ignore[no-untyped-def]
    reports = [report_factory(WIRE), report_factory(OTHER, source="/corpus/b.txt", speaker="Marek Nowak")]
    assert store.write_reports(reports) == 2
    for report in reports:
        assert store.report(report.document.id) == report.to_dict()
    assert [r["document"]["id"] for r in store.iter_reports()] == [r.document.id for r in reports]
    counts = store.counts()
    assert {k: counts[k] for k in ("documents", "people", "actors", "quotes", "claims", "events", "stances", "techniques")} == {
        "documents": 2, "people": 2, "actors": 4, "quotes": 2, "claims": 2, "events": 2, "stances": 2, "techniques": 2,
    }
    with pytest.raises(KeyError):
        store.report("0" * 64)


def test_rewriting_adds_nothing(store, report_factory) -> None:  # type: ignore[no-untyped-def]
    reports = [report_factory(WIRE), report_factory(OTHER)]
    store.write_reports(reports)
    before = store.counts()
    assert store.write_reports(reports) == 0
    assert store.counts() == before


def test_same_text_from_two_sources_is_one_document(store, report_factory) -> None:  # type: ignore[no-untyped-def]
    first = report_factory(WIRE, source="/corpus/a.txt")
    second = report_factory(WIRE, source="https://example.org/story")
    assert store.write_reports([first, second]) == 1
    assert store.counts()["documents"] == 1
    assert store.sources(first.document.id) == ["/corpus/a.txt", "https://example.org/story"]
    # the stored report is the first copy's, unchanged
    assert store.report(first.document.id)["document"]["source"] == "/corpus/a.txt"


def test_full_text_search_and_filters(store, report_factory) -> None:  # type: ignore[no-untyped-def]
    wire = report_factory(WIRE, outlet="Wire Service", published="2024-03-26T10:04:00", technique="Doubt", event_code="163")
    farm = report_factory(OTHER, title="Record harvest", outlet="Farm Weekly", published="2024-04-02", speaker="Marek Nowak",
                          genre="opinion", event_code="046", modality="alleged")
    store.write_reports([wire, farm])

    page = store.search("sanctions")
    assert [h.id for h in page.hits] == [wire.document.id] and page.total == 1
    assert MARK_START + "sanctions" + MARK_END in (page.hits[0].snippet or "")
    assert page.hits[0].rank is not None
    assert store.search('"largest in a decade"').hits[0].id == farm.document.id
    assert store.search("harvest", {"outlet": "Wire Service"}).total == 0
    assert store.search("").total == 2
    assert [h.id for h in store.search(None).hits] == [farm.document.id, wire.document.id]  # newest first
    by = {
        "outlet": "Farm Weekly", "genre": "opinion", "speaker": "Marek Nowak", "technique": "Doubt", "event_code": "16",
        "modality": "alleged", "actor": "NATO", "published_from": "2024-04-01", "claim_type": "fact",
    }
    expected = {
        "outlet": {farm.document.id}, "genre": {farm.document.id}, "speaker": {farm.document.id}, "technique": {wire.document.id},
        "event_code": {wire.document.id}, "modality": {farm.document.id}, "actor": {wire.document.id, farm.document.id},
        "published_from": {farm.document.id}, "claim_type": {wire.document.id, farm.document.id},
    }
    for name, value in by.items():
        assert {h.id for h in store.search(None, {name: value}).hits} == expected[name], name
    assert store.search(None, {"published_to": "2024-03-26"}).total == 1  # a bare date includes the whole day
    assert store.search(None, {"event_code": "0", "modality": "asserted"}).total == 0  # both on the same event
    paged = store.search(None, limit=1, offset=1)
    assert paged.total == 2 and [h.id for h in paged.hits] == [wire.document.id]
    assert store.search('sanctions" OR (').total == 1  # user syntax never reaches the engine raw
    assert store.search("sanctions OR harvest").total == 2
    with pytest.raises(ValueError):
        store.search(None, {"colour": "red"})


def test_facets_count_documents(store, report_factory) -> None:  # type: ignore[no-untyped-def]
    store.write_reports([report_factory(WIRE), report_factory(OTHER, speaker="Marek Nowak", technique="Doubt")])
    assert store.facets("outlet") == [("Example News", 2)]
    assert store.facets("technique") == [("Doubt", 1), ("Loaded_Language", 1)]
    assert store.facets("event_code") == [("16", 2)]
    assert dict(store.facets("speaker")) == {"Anna Kowalska": 1, "Marek Nowak": 1}
    with pytest.raises(ValueError):
        store.facets("nope")


def test_near_duplicates_are_linked_not_merged(store, report_factory) -> None:  # type: ignore[no-untyped-def]
    reprint = WIRE.replace("fell sharply", "fell") + " A spokesman declined to comment."
    a, b, c = report_factory(WIRE), report_factory(reprint, source="/corpus/reprint.txt"), report_factory(OTHER)
    store.write_reports([a])
    store.write_reports([b, c])  # a later batch still finds the earlier document
    assert store.counts()["documents"] == 3
    links = store.near_duplicates(a.document.id)
    assert [other for other, _ in links] == [b.document.id]
    assert 0.5 <= links[0][1] < 1.0
    assert store.near_duplicates(b.document.id)[0][0] == a.document.id
    assert store.near_duplicates(c.document.id) == []
    assert store.document(a.document.id)["near_duplicates"] == links


def test_near_duplicates_within_one_batch(store, report_factory) -> None:  # type: ignore[no-untyped-def]
    a, b = report_factory(WIRE), report_factory(WIRE + " Updated at noon.")
    store.write_reports([a, b])
    assert store.counts()["near_duplicates"] == 1


def test_reprint_families_stay_bounded(store, report_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimscope.store import neardup

    monkeypatch.setattr(neardup, "BUCKET_CAP", 3)
    monkeypatch.setattr(neardup, "MAX_LINKS", 2)
    copies = [report_factory(WIRE + f" Reprinted by outlet number {n}.", source=f"/corpus/{n}.txt") for n in range(8)]
    store.write_reports(copies[:4])
    store.write_reports(copies[4:])
    with store.engine.connect() as conn:
        per_bucket = conn.execute(text("SELECT max(n) FROM (SELECT count(*) AS n FROM lsh_buckets GROUP BY bucket) AS t")).scalar_one()
    assert per_bucket <= 3
    assert store.counts()["near_duplicates"] <= 2 * 7
    assert all(store.near_duplicates(c.document.id) for c in copies)  # every copy is still linked into the family


def test_failed_batch_leaves_nothing(store, report_factory) -> None:  # type: ignore[no-untyped-def]
    good = report_factory(OTHER)
    broken = report_factory(WIRE).to_dict()
    broken["quotes"].append(dict(broken["quotes"][0]))  # the same quote id twice violates a unique key
    batch = Batch(reports=[StoredReport(good.to_dict(), None, signature(good.document.text)), StoredReport(broken, None, None)],
                  failures=[("/corpus/x", "[E001] file is empty", "E001")])
    with pytest.raises(IntegrityError):
        store.write_batch(batch)
    assert {k: v for k, v in store.counts().items() if v} == {}


def test_failures_recorded_once(store) -> None:  # type: ignore[no-untyped-def]
    run = store.start_run(inputs=["/corpus"])
    store.add_failures([("/corpus/empty.txt", "[E001] file is empty", "E001"), ("/corpus/x.bin", "[E002] binary", "E002")], run_id=run)
    store.add_failures([("/corpus/empty.txt", "[E001] file is empty", "E001")], run_id=run)
    rows = store.failures()
    assert [(r.source, r.code, r.run_id) for r in rows] == [("/corpus/empty.txt", "E001", run), ("/corpus/x.bin", "E002", run)]
    assert store.failures(run_id=run + 1) == []


def test_runs_record_progress_and_interruption(store, report_factory) -> None:  # type: ignore[no-untyped-def]
    first = store.start_run(inputs=["/corpus"], settings={"batch_size": 4})
    store.write_batch(Batch(run_id=first, reports=[StoredReport(report_factory(WIRE).to_dict())], seen=3, duplicates=2,
                            failures=[("/corpus/bad", "[E001] file is empty", "E001")]))
    row = store.run(first)
    assert (row.status, row.articles_seen, row.articles_stored, row.duplicates, row.failures) == ("running", 3, 1, 2, 1)
    # a run whose process has died is found interrupted by the next one, which records it resumes it
    store.update_run(first, pid=2**22 + 12345)
    second = store.start_run(inputs=["/corpus"])
    assert store.run(first).status == "interrupted"
    assert store.run(second).resumes == first
    store.finish_run(second)
    assert store.run(second).status == "done" and store.run(second).finished_at
    assert [r.id for r in store.runs()] == [second, first]


def test_migrations_are_applied_once(db_url: str) -> None:
    first = open_store(db_url)
    first.close()
    again = open_store(db_url)
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == ["0004"]
        tables = set(inspect(conn).get_table_names())
        assert {"documents", "sources", "claim_clusters", "claim_cluster_members", "canonical_persons", "near_duplicates", "failures", "runs"} <= tables
        if again.dialect == "sqlite":
            assert "documents_fts" in tables
        else:
            assert "tsv" in {c["name"] for c in inspect(conn).get_columns("documents")}
    again.close()


def test_default_database_is_claimscope_db_in_cwd(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimscope.store import resolve_url

    monkeypatch.delenv("CLAIMSCOPE_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_url() == f"sqlite:///{tmp_path / 'claimscope.db'}"
    open_store().close()
    assert (tmp_path / "claimscope.db").is_file()
    assert resolve_url("other.db") == f"sqlite:///{tmp_path / 'other.db'}"
    monkeypatch.setenv("CLAIMSCOPE_DB", "postgresql://u@h/db")
    assert resolve_url() == "postgresql+psycopg://u@h/db"
