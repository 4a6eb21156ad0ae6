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
