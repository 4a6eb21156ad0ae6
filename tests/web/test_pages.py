"""Server-rendered pages: each one answers, shows what its data says, and links onward."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest

from .conftest import Corpus

HTML = {"accept": "text/html"}


def test_search_page_lists_and_filters(client: Any, corpus: Corpus) -> None:
    page = client.get("/").text
    assert f"{len(corpus.reports) + 1} articles" in page
    for report in corpus.reports:
        assert f'href="/articles/{report["document"]["id"]}"' in page
    alpha = client.get("/?outlet=Alpha%20News").text
    assert "2 articles match" in alpha
    assert "Biden pledges support" not in alpha and "Lavrov accuses Kyiv" in alpha
    assert 'href="/api/articles?outlet=Alpha+News&amp;format=csv"' in alpha
    hit = client.get("/?q=Istanbul").text
    assert "<mark>Istanbul</mark>" in hit


def test_search_pages_through_results(client: Any) -> None:
    first = client.get("/?limit=2").text
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/?limit=2&offset=2").text
    assert 'rel="prev"' in second


def test_article_page_highlights_every_layer(client: Any, corpus: Corpus) -> None:
    report = corpus.by_title("Lavrov")
    page = client.get(f"/articles/{report['document']['id']}").text
    for layer in ("quote", "claim", "technique", "actor", "person"):
        assert f'id="layer-{layer}"' in page
    for kind in ("fact", "opinion", "prediction", "recommendation"):
        assert f'id="claim-{kind}"' in page
    for quote_ in report["quotes"]:
        assert f'id="hl-{quote_["id"]}"' in page
    for claim in report["claims"]:
        assert re.search(rf'class="hl hl-claim hl-claim-{claim["type"]}" id="hl-{claim["id"]}"', page)
    assert page.count('data-layer="actor"') >= sum(len(a["mentions"]) for a in report["actors"])
    person = report["people"][0]["name"]
    assert f'href="/people/{quote(person, safe="")}"' in page


def test_article_side_panel_ranks_claims(client: Any, corpus: Corpus) -> None:
    report = corpus.hostile
    page = client.get(f"/articles/{report['document']['id']}").text
    ranked = page[page.index("Check-worthy claims"):]
    first, second = sorted(report["claims"], key=lambda c: -c["checkworthiness"])[:2]
    assert ranked.index(f'href="#hl-{first["id"]}"') < ranked.index(f'href="#hl-{second["id"]}"')
    assert 'href="/actors/XSS"' in page and "190" in page and "asserted" in page


def test_pages_tell_an_unresolved_source_from_the_outlet(client: Any, corpus: Corpus) -> None:
    source = corpus.hostile["quotes"][1]["speaker_text"].replace("<", "&lt;").replace(">", "&gt;")
    article = client.get(f"/articles/{corpus.hostile['document']['id']}").text
    panel = article[article.index("Check-worthy claims"):]
    assert f"source “{source}” (unresolved)" in panel  # c3, inside the quote of an unresolved source
    assert "· outlet</small>" in panel  # c2, the outlet's own words
    assert f'quote q2 — source “{source}” (unresolved)' in article  # the quote's hover label
    for page in (client.get("/events?actor=XSS").text, client.get("/actors/XSS").text):
        assert f'<span class="unresolved" title="a source the analysis did not resolve to a person">source “{source}”</span>' in page
        assert '<span class="muted">outlet voice</span>' in page


def test_person_page(client: Any, corpus: Corpus) -> None:
    report = corpus.by_title("Biden")
    person = next(p for p in report["people"] if any(q["speaker"] == p["id"] for q in report["quotes"]))
    page = client.get(f"/people/{quote(person['name'], safe='')}").text
    assert f'<h1 id="person-name">{person["name"]}</h1>' in page
    for q in report["quotes"]:
        if q["speaker"] == person["id"]:
            assert q["text"][:40] in page.replace("&#34;", '"').replace("&#39;", "'")
    hostile = client.get("/people/" + quote(corpus.hostile["people"][0]["name"], safe="")).text
    assert "<polyline" in hostile  # the stance-over-time plot


def test_actor_page_draws_the_network(client: Any, corpus: Corpus) -> None:
    page = client.get("/actors/XSS").text
    assert page.count('class="by-quad"') == 1 and page.count('class="by-gold"') == 1
    assert 'stroke="#b8322a"' in page  # material conflict colour for CAMEO 190
    assert 'id="colour-gold"' in page
    ukr = client.get("/actors/UKR").text
    assert "Who says what about" in ukr and "<svg" in ukr


def test_lists_events_and_clusters(client: Any, corpus: Corpus) -> None:
    people = client.get("/people").text
    assert all(f'href="/people/{quote(p["name"], safe="")}"' in people for r in corpus.reports for p in r["people"])
    actors = client.get("/actors?name=ukr").text
    assert 'href="/actors/UKR"' in actors
    events = client.get("/events?actor=RUS").text
    assert "events</h2>" in events and 'href="/actors/RUS' in events
    clusters = client.get("/clusters").text
    assert f'href="/clusters/{corpus.cluster_id}"' in clusters
    cluster = client.get(f"/clusters/{corpus.cluster_id}").text
    assert cluster.count('class="mark') == 4 and cluster.count('class="mark first"') == 1


def test_analyse_page_shows_a_report_without_storing(client: Any, corpus: Corpus) -> None:
    assert 'name="text"' in client.get("/analyse").text
    text = "Port deal\n\nFinance minister Anna Kowalska said that Norway would invest in the port.\n"
    page = client.post("/analyse", data={"text": text})
    assert page.status_code == 200 and "Anna Kowalska" in page.text and 'id="layer-quote"' in page.text
    upload = client.post("/analyse", files={"file": ("deal.txt", text.encode(), "text/plain")})
    assert upload.status_code == 200 and "Port deal" in upload.text
    empty = client.post("/analyse", data={"text": "  "})
    assert empty.status_code == 422 and "paste some text" in empty.text
    assert client.get("/api/articles").json()["total"] == len(corpus.reports) + 1


@pytest.mark.parametrize("path", ["/articles/" + "0" * 64, "/people/Nobody%20Atall", "/actors/QQQ", "/clusters/424242", "/nowhere"])
def test_missing_things_are_html_404s(client: Any, path: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "<h1>404</h1>" in response.text


def test_malformed_page_queries_are_422(client: Any) -> None:
    response = client.get("/?genre=poetry", headers=HTML)
    assert response.status_code == 422 and "genre" in response.text


def test_docs_and_openapi(client: Any) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    spec = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{doc_id}", "/api/people", "/api/people/{name}", "/api/actors",
                 "/api/actors/{code}", "/api/events", "/api/clusters", "/api/clusters/{cluster_id}", "/api/analyze"):
        assert path in spec["paths"], path
    assert not any(p.startswith(("/articles", "/people", "/analyse")) for p in spec["paths"])


def test_static_assets(client: Any) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and ":has(#layer-quote:not(:checked))" in css.text
