"""``update_rows``: the same rows changed on both engines, whatever the number, types and NULLs."""
from __future__ import annotations

from sqlalchemy import select

from claimscope.store import models as m
from claimscope.store.bulk import update_rows


def test_update_rows_sets_each_row_by_its_key(store) -> None:  # type: ignore[no-untyped-def]
    table = m.ClaimCluster.__table__
    with store.engine.begin() as conn:
        ids = conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True),
                           [{"label": f"claim {n}", "method": "test", "size": 2, "group_id": n} for n in range(1, 2501)]).scalars().all()
        rows = [{"id": cid, "size": 10 + n, "first_outlet": None if n % 2 else f"outlet {n}", "first_published": "2024-03-0" + str(n % 9 + 1)}
                for n, cid in enumerate(ids) if n % 3]  # every third row is left alone
        update_rows(conn, table, ["id"], rows)
        update_rows(conn, table, ["id"], [])
        got = {r.id: (r.size, r.first_outlet, r.first_published, r.label)
               for r in conn.execute(select(table.c.id, table.c.size, table.c.first_outlet, table.c.first_published, table.c.label))}
    for n, cid in enumerate(ids):
        if n % 3:
            assert got[cid] == (10 + n, None if n % 2 else f"outlet {n}", "2024-03-0" + str(n % 9 + 1), f"claim {n + 1}")
        else:
            assert got[cid] == (2, None, None, f"claim {n + 1}")



def test_update_rows_matches_every_key_column(store) -> None:  # type: ignore[no-untyped-def]
    table = m.ClaimCluster.__table__
    with store.engine.begin() as conn:
        ids = conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True),
                           [{"label": "x", "method": "test", "size": 1, "group_id": n} for n in (1, 2)]).scalars().all()
        # the second row names the right id but the wrong group: it must not match
        update_rows(conn, table, ["id", "group_id"], [{"id": ids[0], "group_id": 1, "size": 5}, {"id": ids[1], "group_id": 99, "size": 7}])
        got = dict(conn.execute(select(table.c.group_id, table.c.size)).all())
    assert got == {1: 5, 2: 1}


def test_insert_rows_stores_what_sqlalchemy_stores(store) -> None:  # type: ignore[no-untyped-def]
    """JSON, text and dates converted per column as SQLAlchemy's own insert does; omitted columns defaulted."""
    from sqlalchemy import insert

    from claimscope.store.bulk import insert_rows

    runs, failures = m.Run.__table__, m.Failure.__table__
    with store.engine.begin() as conn:
        conn.execute(insert(runs), [{"pipeline": "p", "settings": {"a": [1, "é"]}, "inputs": ["x"]}])
        insert_rows(conn, runs, [{"pipeline": "q", "settings": {"a": [1, "é"]}, "inputs": ["x"]},
                                 {"pipeline": "r", "settings": None, "inputs": []}])
        got = conn.execute(select(runs.c.pipeline, runs.c.settings, runs.c.inputs, runs.c.status, runs.c.workers, runs.c.started_at)
                           .order_by(runs.c.id)).all()
        insert_rows(conn, failures, [{"key": "k1", "source": "a.txt", "reason": "empty"}])
        created = conn.execute(select(failures.c.created_at)).scalar_one()
    reference = got[0]
    assert [r[:5] for r in got] == [("p", {"a": [1, "é"]}, ["x"], "running", 1), ("q", {"a": [1, "é"]}, ["x"], "running", 1),
                                    ("r", None, [], "running", 1)]
    # the callable default is evaluated per call, not frozen when the statement was first compiled
    assert all(type(r.started_at) is type(reference.started_at) for r in got)
    assert got[1].started_at == got[2].started_at >= reference.started_at
    assert created >= got[1].started_at


def test_insert_rows_skips_conflicting_keys(store) -> None:  # type: ignore[no-untyped-def]
    from claimscope.store.bulk import insert_rows

    table = m.Failure.__table__
    rows = [{"key": f"k{n}", "source": f"f{n}.txt", "reason": "bad", "code": None} for n in range(5)]
    with store.engine.begin() as conn:
        insert_rows(conn, table, rows[:3], skip_conflicts_on=["key"])
        insert_rows(conn, table, [{**r, "reason": "again"} for r in rows], skip_conflicts_on=["key"])
        insert_rows(conn, table, [], skip_conflicts_on=["key"])
        got = dict(conn.execute(select(table.c.key, table.c.reason)).all())
    assert got == {"k0": "bad", "k1": "bad", "k2": "bad", "k3": "again", "k4": "again"}


def test_insert_rows_without_skip_refuses_a_repeated_key(store) -> None:  # type: ignore[no-untyped-def]
    import pytest
    from sqlalchemy.exc import IntegrityError

    from claimscope.store.bulk import insert_rows

    table = m.Failure.__table__
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        insert_rows(conn, table, [{"key": "k", "source": "a", "reason": "r"}, {"key": "k", "source": "b", "reason": "r"}])


def test_insert_rows_stores_every_row_of_a_large_batch_in_order(store) -> None:  # type: ignore[no-untyped-def]
    """More rows than one multi-row statement takes (SQLite): every row lands, ids in the order given."""
    from claimscope.store.bulk import insert_rows

    table = m.Failure.__table__
    rows = [{"key": f"k{n:05d}", "source": f"f{n}.txt", "reason": "r" * (n % 7), "code": None if n % 3 else "E"} for n in range(1234)]
    with store.engine.begin() as conn:
        insert_rows(conn, table, rows)
        got = conn.execute(select(table.c.key, table.c.source, table.c.reason, table.c.code).order_by(table.c.id)).all()
    assert [tuple(r) for r in got] == [(r["key"], r["source"], r["reason"], r["code"]) for r in rows]


def test_multi_row_statements_come_in_few_sizes() -> None:
    """Every row in exactly one statement, and few distinct statement sizes (each size is a cached prepared statement)."""
    from claimscope.store.bulk import _parts

    sizes: set[int] = set()
    for n in range(0, 1500):
        parts = list(_parts(n, 12))
        starts, stops = [a for a, _ in parts], [b for _, b in parts]
        assert starts == [0, *stops[:-1]][: len(parts)] and (stops[-1] if parts else 0) == n
        sizes.update(b - a for a, b in parts)
    assert sizes == {1, 2, 4, 8, 16, 32, 64, 128}
    assert all((b - a) * 3000 <= 32766 for a, b in _parts(100, 3000))  # wide rows: within SQLite's parameter limit
