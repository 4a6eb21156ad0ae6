"""The same corpus on PostgreSQL answers the API exactly as on SQLite (when a server is given).

Set ``CLAIMSCOPE_TEST_PG`` to a PostgreSQL URL (``scripts/ci_postgres.sh`` prints
one); each run creates and drops its own database there.  The queries use
engine-specific SQL in a few places (full text, read-only transactions,
statement timeouts, index hints), so this differential test is what keeps the
two engines in step.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from .conftest import Corpus

PG = os.environ.get("CLAIMSCOPE_TEST_PG")
pytestmark = pytest.mark.skipif(not PG, reason="set CLAIMSCOPE_TEST_PG (scripts/ci_postgres.sh) to run against PostgreSQL")


@pytest.fixture(scope="module")
def pg_url(corpus: Corpus) -> Iterator[str]:
    import psycopg
    from sqlalchemy import insert, select

    from claimscope.store import models as m
    from claimscope.store import open_store

    assert PG is not None
    admin = PG.replace("postgresql+psycopg://", "postgresql://")
    name = f"claimscope_web_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG.rsplit("/", 1)[0] + "/" + name
    store = open_store(url)
    store.write_reports([*corpus.reports, corpus.hostile])
    with store.engine.begin() as conn:  # the same cluster, found by claim text and document
        rows = conn.execute(select(m.Claim.id, m.Claim.document_id, m.Claim.text).order_by(m.Claim.id)).all()
        first_of = {}
        for row in rows:
            first_of.setdefault(row.document_id, row)
        wanted = [first_of[r["document"]["id"]] for r in corpus.reports[:3]] + [first_of[corpus.hostile["document"]["id"]]]
        cid = conn.execute(insert(m.ClaimCluster).values(
            label="<script>alert(1)</script> recurring claim", method="test", size=4, first_claim_id=wanted[0].id,
            first_document_id=wanted[0].document_id, first_published=corpus.reports[0]["document"]["published"],
            first_outlet=corpus.reports[0]["document"]["outlet"], first_speaker=None)).inserted_primary_key[0]
        conn.execute(insert(m.ClaimClusterMember), [{"cluster_id": cid, "claim_id": r.id, "similarity": 0.9} for r in wanted])
    store.close()
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def pg_client(pg_url: str, settings: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from claimscope.web import create_app

    with TestClient(create_app(pg_url, settings=settings)) as c:
        yield c


def _comparable(body: Any) -> Any:
    """Drop what legitimately differs between engines: relevance scores, snippets, database row ids."""
    if isinstance(body, dict):
        return {k: _comparable(v) for k, v in body.items() if k not in ("rank", "snippet", "claim_id", "id" if "label" in body else "")}
    if isinstance(body, list):
        return [_comparable(v) for v in body]
    return body


def test_lists_and_details_agree_with_sqlite(client: Any, pg_client: Any, corpus: Corpus) -> None:
    assert (client.app.state.corpus.dialect, pg_client.app.state.corpus.dialect) == ("sqlite", "postgresql")
    person = quote(corpus.by_title("Biden")["people"][0]["name"], safe="")
    hostile_person = quote(corpus.hostile["people"][0]["name"], safe="")
    urls = [
        "/api/articles", "/api/articles?outlet=Alpha%20News", "/api/articles?published_from=2024-04-10&published_to=2024-05-20",
        "/api/articles?actor=UKR", "/api/articles?technique=Loaded_Language", "/api/articles?event_code=19&modality=asserted",
        "/api/articles?claim_type=prediction", "/api/articles?limit=2&offset=2", "/api/articles?q=Istanbul&sort=newest",
        f"/api/articles/{corpus.hostile['document']['id']}",
        "/api/people?limit=500&sort=name", f"/api/people/{person}", f"/api/people/{hostile_person}",
        "/api/actors?limit=500&sort=name", "/api/actors/UKR", "/api/actors/XSS", "/api/events?actor=RUS", "/api/events?q=Istanbul",
        "/api/clusters", "/api/facets/outlet",
    ]
    for url in urls:
        want, got = client.get(url), pg_client.get(url)
        assert got.status_code == want.status_code == 200, (url, got.text[:300])
        assert _comparable(got.json()) == _comparable(want.json()), url
        assert want.json(), url


def test_pages_render_on_postgres(pg_client: Any, corpus: Corpus) -> None:
    cluster = pg_client.get("/api/clusters").json()["items"][0]["id"]
    for path in ["/", "/?q=Istanbul", "/?speaker=Joe%20Biden", f"/articles/{corpus.hostile['document']['id']}", "/people", "/actors",
                 "/actors/UKR", "/events", "/clusters", f"/clusters/{cluster}"]:
        response = pg_client.get(path, headers={"accept": "text/html"})
        assert response.status_code == 200, (path, response.text[:300])
        assert "<script>alert(1)</script>" not in response.text
    assert "<mark>Istanbul</mark>" in pg_client.get("/?q=Istanbul").text


def test_postgres_reads_are_read_only_and_time_limited(pg_url: str) -> None:
    from claimscope.web.db import Corpus as WebCorpus
    from claimscope.web.db import QueryTimeout

    db = WebCorpus(pg_url, read_timeout=0.2)
    try:
        with pytest.raises(QueryTimeout):
            with db.read() as conn:
                conn.exec_driver_sql("SELECT pg_sleep(2)").scalar()
        with pytest.raises(Exception, match="read-only"):
            with db.read() as conn:
                conn.exec_driver_sql("DELETE FROM documents")
        with db.read() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM documents").scalar() > 0
    finally:
        db.close()


def test_store_search_agrees_with_sqlite(pg_url: str, corpus: Corpus) -> None:
    from claimscope.store import open_store

    from .test_shared_search import CASES

    lite, pg = open_store(corpus.url), open_store(pg_url)
    try:
        for case in CASES:
            want, got = lite.search(None, case, limit=100), pg.search(None, case, limit=100)
            assert got.total == want.total, case
            if "q" in case:  # bm25 and ts_rank order ties differently; the matches are the same
                assert {h.id for h in got.hits} == {h.id for h in want.hits}, case
                assert all(h.snippet for h in got.hits), case
            else:
                assert [h.id for h in got.hits] == [h.id for h in want.hits], case
    finally:
        lite.close()
        pg.close()
