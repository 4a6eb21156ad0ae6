"""Safety: inert markup on every page, read-only by default, tokens, body limits, time limits."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from claimscope.web.db import Corpus as WebCorpus
from claimscope.web.db import CorpusMissing, QueryTimeout

from .conftest import IMG, SCRIPT, TOKEN, Corpus


class _Tags(HTMLParser):
    """Every element and attribute the browser would build from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_inert(html: str) -> None:
    """No script element, no event-handler attribute, no javascript: link, no raw payload."""
    parser = _Tags()
    parser.feed(html)
    assert SCRIPT not in html and IMG not in html
    for tag, attrs in parser.tags:
        assert tag not in ("script", "iframe", "object", "embed"), tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
        if tag == "img":
            pytest.fail(f"an <img> element reached the page: {attrs}")


def hostile_pages(corpus: Corpus) -> list[str]:
    h = corpus.hostile
    person = quote(h["people"][0]["name"], safe="")
    evil_q = quote(SCRIPT + IMG, safe="")
    return [
        "/", f"/?q={quote('Empire')}", f"/?outlet={quote(h['document']['outlet'])}", f"/?speaker={evil_q}",
        f"/articles/{h['document']['id']}", f"/articles/{corpus.by_title('Harbour')['document']['id']}",
        "/people", f"/people?name={evil_q}", f"/people/{person}", f"/people/{evil_q}",
        "/actors", "/actors/XSS", "/actors/REB", "/events", "/events?actor=XSS",
        "/clusters", f"/clusters?q={evil_q}", f"/clusters/{corpus.cluster_id}", "/analyse",
    ]


def test_every_page_renders_markup_inert(client: Any, corpus: Corpus) -> None:
    for path in hostile_pages(corpus):
        response = client.get(path, headers={"accept": "text/html"})
        assert response.status_code in (200, 404), path
        assert response.headers["content-type"].startswith("text/html"), path
        assert_inert(response.text)


def test_hostile_text_is_shown_escaped(client: Any, corpus: Corpus) -> None:
    page = client.get(f"/articles/{corpus.hostile['document']['id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript:' not in page


def test_analyse_result_is_inert(client: Any) -> None:
    text = f"{SCRIPT} Title\n\nThe minister {IMG} said that Norway would invest in the port.\n"
    response = client.post("/analyse", data={"text": text, "title": SCRIPT, "outlet": IMG})
    assert response.status_code == 200
    assert_inert(response.text)
    assert "&lt;script&gt;" in response.text


def test_pages_forbid_scripts_by_policy(client: Any) -> None:
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_read_only_by_default(client: Any, corpus: Corpus) -> None:
    body = {"text": "Port deal\n\nAnna Kowalska said that Norway would invest in the port.\n", "store": True}
    response = client.post("/api/analyze", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403 and "read-only" in response.json()["message"]
    form = client.post("/analyse", data={"text": body["text"], "store": "1", "token": TOKEN}, follow_redirects=False)
    assert form.status_code == 403
    assert client.get("/api/articles").json()["total"] == len(corpus.reports) + 1


def test_writes_need_the_right_token(writable: Any) -> None:
    body = {"text": "Port deal\n\nFinance minister Anna Kowalska said that Norway would invest in the port.\n", "store": True}
    assert writable.post("/api/analyze", json=body).status_code == 401
    wrong = writable.post("/api/analyze", json=body, headers={"authorization": "Bearer wrong"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert writable.post("/analyse", data={"text": body["text"], "store": "1", "token": "wrong"}).status_code == 401
    before = writable.get("/api/articles").json()["total"]
    stored = writable.post("/api/analyze", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert stored.status_code == 200 and stored.headers["x-claimscope-stored"] == "new"
    doc_id = stored.json()["document"]["id"]
    assert writable.get(f"/api/articles/{doc_id}").json() == stored.json()
    assert writable.get("/api/articles").json()["total"] == before + 1
    again = writable.post("/api/analyze", json=body, headers={"x-claimscope-token": TOKEN})
    assert again.headers["x-claimscope-stored"] == "existing"


def test_analyse_form_stores_with_token(writable: Any) -> None:
    text = "Grain corridor\n\nTurkey offered to mediate between Russia and Ukraine, Erdogan said.\n"
    response = writable.post("/analyse", data={"text": text, "store": "1", "token": TOKEN}, follow_redirects=False)
    assert response.status_code == 303
    page = writable.get(response.headers["location"])
    assert page.status_code == 200 and "Grain corridor" in page.text


def test_write_mode_needs_a_token(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimscope.web import create_app

    monkeypatch.delenv("CLAIMSCOPE_TOKEN", raising=False)
    with pytest.raises(ValueError, match="CLAIMSCOPE_TOKEN"):
        create_app(corpus.url, allow_write=True)
    monkeypatch.setenv("CLAIMSCOPE_TOKEN", "from-env")
    assert create_app(corpus.url, allow_write=True).state.config.token == "from-env"


def test_body_size_limit(corpus: Corpus, settings: Any) -> None:
    from fastapi.testclient import TestClient

    from claimscope.web import create_app

    with TestClient(create_app(corpus.url, settings=settings, max_body=2000)) as small:
        declared = small.post("/api/analyze", json={"text": "x" * 5000})
        assert declared.status_code == 413 and "limit" in declared.json()["message"]

        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(10):
                yield b"y" * 500

        streamed = small.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        upload = small.post("/analyse", files={"file": ("big.txt", b"z" * 5000, "text/plain")})
        assert upload.status_code == 413
        assert small.post("/api/analyze", json={"text": "Short text said nothing."}).status_code == 200


def test_reads_cannot_write(corpus: Corpus) -> None:
    db = WebCorpus(corpus.url)
    try:
        with pytest.raises(Exception, match="readonly|read-only|query_only|attempt to write"):
            with db.read() as conn:
                conn.exec_driver_sql("DELETE FROM documents")
    finally:
        db.close()


def test_slow_reads_are_cut_off(corpus: Corpus) -> None:
    db = WebCorpus(corpus.url, read_timeout=0.05)
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    try:
        with pytest.raises(QueryTimeout, match="longer than 0.05 s"):
            with db.read() as conn:
                conn.exec_driver_sql(slow).scalar()
        with db.read() as conn:  # the connection is usable again afterwards
            assert conn.exec_driver_sql("SELECT count(*) FROM documents").scalar() == len(corpus.reports) + 1
    finally:
        db.close()


def test_a_timeout_is_a_503_not_a_hang(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimscope.web import queries

    def slow(*_: Any, **__: Any) -> Any:
        raise QueryTimeout("the query took longer than 2 s; narrow the filters")

    monkeypatch.setattr(queries, "articles", slow)
    api = client.get("/api/articles")
    assert api.status_code == 503 and "narrow the filters" in api.json()["message"]
    page = client.get("/", headers={"accept": "text/html"})
    assert page.status_code == 503 and "narrow the filters" in page.text


def test_read_only_server_refuses_a_missing_database(tmp_path: Path) -> None:
    from claimscope.web import create_app

    with pytest.raises(CorpusMissing, match="claimscope ingest"):
        create_app(str(tmp_path / "absent.db"))
    assert not (tmp_path / "absent.db").exists()
