"""Cross-document people: name variants become one canonical record, and reruns add nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from claimscope.corpus import link_persons, name_compatible, normalise_name
from claimscope.store import models as m

from .conftest import article


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Vasily Koltashov", "V. Koltashov", True),
    ("Vasily Koltashov", "vasily  KOLTASHOV", True),
    ("Vasily Koltashov", "Viktor Koltashov", False),
    ("Vasily Koltashov", "A. Koltashov", False),
    ("Vasily A. Koltashov", "Vasily Koltashov", True),
    ("José Álvarez", "Jose Alvarez", True),
    ("Koltashov", "Vasily Koltashov", False),
    ("Vasily Koltashov", "Vasily Petrov", False),
])
def test_name_compatibility(a: str, b: str, same: bool) -> None:
    assert name_compatible(normalise_name(a), normalise_name(b)) is same


def _canonical(store) -> dict[str, tuple[list[str], list[str], int]]:  # type: ignore[no-untyped-def]
    with store.session() as s:
        rows = s.scalars(select(m.CanonicalPerson)).all()
        return {r.name: (sorted(r.variants), r.roles, r.documents) for r in rows}


@pytest.mark.parametrize("chunk", [5000, 1])
def test_variants_merge_across_documents_and_rerun_is_idempotent(store, chunk: int) -> None:  # type: ignore[no-untyped-def]
    store.write_reports([
        article("One", [("V. Koltashov", "Sanctions have failed to stop exports."), ("Anna Kowalska", "Prices rose by ten percent.")],
                outlet="A", published="2024-03-01", roles={"V. Koltashov": ["economist"]}),
        article("Two", [("Vasily Koltashov", "Exports grew again this year.")],
                outlet="B", published="2024-03-02", roles={"Vasily Koltashov": ["head of the Institute of New Society"]}),
        article("Three", [("Viktor Koltashov", "The harvest was poor.")], outlet="C", published="2024-03-03"),
    ])
    stats = link_persons(store, chunk=chunk)  # one transaction per person gives the same records
    assert stats.linked == 4
    got = _canonical(store)
    assert got["Vasily Koltashov"] == (["V. Koltashov", "Vasily Koltashov"], ["economist", "head of the Institute of New Society"], 2)
    assert got["Viktor Koltashov"][2] == 1
    assert "Anna Kowalska" in got and len(got) == 3
    with store.session() as s:
        assert s.scalar(select(m.Person).where(m.Person.canonical_id.is_(None))) is None
    before = store.counts()["canonical_persons"]
    again = link_persons(store)
    assert (again.linked, again.created) == (0, 0)
    assert store.counts()["canonical_persons"] == before and _canonical(store) == got


def test_later_ingest_links_into_existing_record(store) -> None:  # type: ignore[no-untyped-def]
    store.write_reports([article("One", [("Vasily Koltashov", "Exports grew again this year.")], outlet="A", published="2024-03-01")])
    link_persons(store)
    store.write_reports([article("Two", [("V. Koltashov", "Sanctions have failed.")], outlet="B", published="2024-03-05",
                                 roles={"V. Koltashov": ["economist"]})])
    stats = link_persons(store)
    assert (stats.linked, stats.created) == (1, 0)
    assert _canonical(store) == {"Vasily Koltashov": (["V. Koltashov", "Vasily Koltashov"], ["economist"], 2)}


def test_two_people_of_one_document_count_it_once(store) -> None:  # type: ignore[no-untyped-def]
    store.write_reports([article("One", [("V. Koltashov", "Exports grew."), ("Vasily Koltashov", "Sanctions failed.")],
                                 outlet="A", published="2024-03-01")])
    link_persons(store, chunk=1)  # the second person is linked in a later transaction than the first
    store.write_reports([article("Two", [("Vasily Koltashov", "Prices rose.")], outlet="B", published="2024-03-02")])
    link_persons(store)
    assert _canonical(store) == {"Vasily Koltashov": (["V. Koltashov", "Vasily Koltashov"], [], 2)}


def test_a_database_from_before_surnames_is_upgraded_and_links_into_its_records(store, db_url) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from claimscope.store import open_store
    from claimscope.store.engine import MIGRATIONS

    store.write_reports([article("One", [("José Álvarez", "Exports grew again this year.")], outlet="A", published="2024-03-01")])
    link_persons(store)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:  # back to the schema before revision 0003
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    with store.engine.connect() as conn:
        assert "surname" not in {c["name"] for c in inspect(conn).get_columns("canonical_persons")}
    store.close()
    upgraded = open_store(db_url)
    try:
        with upgraded.session() as s:
            assert s.execute(select(m.CanonicalPerson.surname)).scalars().all() == ["alvarez"]
        upgraded.write_reports([article("Two", [("J. Alvarez", "Sanctions have failed.")], outlet="B", published="2024-03-05")])
        stats = link_persons(upgraded)
        assert (stats.linked, stats.created) == (1, 0)
        assert _canonical(upgraded) == {"José Álvarez": (["J. Alvarez", "José Álvarez"], [], 2)}
    finally:
        upgraded.close()
