"""The store's ``search`` and the web lists read filters through one dataclass and one set of conditions.

These tests hold the two entry points to the same answers, so that moving the
filter SQL into ``store/search.py`` cannot let them drift apart again.
"""
from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import Corpus

CASES = [
    {}, {"outlet": "Alpha News"}, {"genre": "opinion"}, {"published_from": "2024-04-10", "published_to": "2024-05-20"},
    {"actor": "UKR"}, {"technique": "Loaded_Language"}, {"event_code": "19"}, {"event_code": "190", "modality": "asserted"},
    {"claim_type": "prediction"}, {"q": "Istanbul"}, {"q": "Ukraine", "outlet": "Alpha News"}, {"q": "no-such-word-anywhere"},
    {"q": "**"},
]


@pytest.fixture(scope="module")
def store(corpus: Corpus) -> Iterator[Any]:
    from claimscope.store import open_store

    s = open_store(corpus.url)
    yield s
    s.close()


def _speaker(corpus: Corpus) -> str:
    return next(p["name"] for r in corpus.reports for q in r["quotes"] for p in r["people"] if p["id"] == q["speaker"])


def test_the_web_filters_are_the_store_filters() -> None:
    from claimscope.store import SearchFilters
    from claimscope.web.filters import Filters, filters_dependency

    assert Filters is SearchFilters
    params = set(inspect.signature(filters_dependency).parameters)
    fields = {name for name in SearchFilters.__dataclass_fields__}
    assert params <= fields and fields - params == {"language"}  # the web has no language choice; the store does
    f = SearchFilters.of({"q": "Istanbul", "outlet": "Alpha News", "genre": ""})
    assert f.active() == [("q", "Istanbul"), ("outlet", "Alpha News")] and f.query(format="csv") == "q=Istanbul&outlet=Alpha+News&format=csv"
    assert not SearchFilters() and f.with_(q=None, outlet=None).active() == []
    with pytest.raises(ValueError, match="colour"):
        SearchFilters.of({"colour": "red"})


@pytest.mark.parametrize("threshold", [2000, 0], ids=["in-list", "correlated-exists"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: "&".join(f"{k}={v}" for k, v in c.items()) or "none")
def test_store_search_and_the_api_find_the_same_articles(client: Any, store: Any, corpus: Corpus, case: dict[str, str],
                                                          threshold: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimscope.store import MARK_END, MARK_START, search

    monkeypatch.setattr(search, "IN_THRESHOLD", threshold)
    api = client.get("/api/articles", params={**case, "limit": 500}).json()
    page = store.search(None, case, limit=500)
    assert [h.id for h in page.hits] == [i["id"] for i in api["items"]]  # same documents, same order
    assert page.total == api["total"] and api["total_exact"]
    assert [(h.snippet or "").replace(MARK_START, "[[").replace(MARK_END, "]]") or None for h in page.hits] == [i["snippet"] for i in api["items"]]
    if "q" in case:
        rest = {k: v for k, v in case.items() if k != "q"}
        assert [h.id for h in store.search(case["q"], rest, limit=500).hits] == [h.id for h in page.hits]  # argument or filter: one meaning


def test_store_search_finds_what_the_reports_say(store: Any, corpus: Corpus) -> None:
    from claimscope.store import MARK_END, MARK_START

    reports = [*corpus.reports, corpus.hostile]
    speaker = _speaker(corpus)
    want = {r["document"]["id"] for r in reports
            if any(p["name"] == speaker and any(q["speaker"] == p["id"] for q in r["quotes"] + r["claims"]) for p in r["people"])}
    assert want and {h.id for h in store.search(None, {"speaker": speaker}, limit=100).hits} == want
    istanbul = store.search("Istanbul")
    assert [h.id for h in istanbul.hits] == [corpus.by_title("Ceasefire")["document"]["id"]]
    assert f"{MARK_START}Istanbul{MARK_END}" in (istanbul.hits[0].snippet or "")
    english = {r["document"]["id"] for r in reports if r["document"]["language"] == "en"}
    assert english and {h.id for h in store.search(None, {"language": "en"}, limit=100).hits} == english
    assert store.search(None, {"language": "xx"}).total == 0


@pytest.mark.parametrize("chunk", [100, 1], ids=["one-statement", "one-code-a-statement"])
def test_actors_of_an_outlet_are_counted_from_the_reports(client: Any, corpus: Corpus, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimscope.web import queries

    monkeypatch.setattr(queries, "NAME_CHUNK", chunk)
    reports = [r for r in [*corpus.reports, corpus.hostile] if r["document"]["outlet"] == "Alpha News"]
    want = Counter(code for r in reports for code in {a["code"] for a in r["actors"]})
    names = {(a["code"], a["name"], a["kind"]) for r in [*corpus.reports, corpus.hostile] for a in r["actors"]}
    got = client.get("/api/actors", params={"outlet": "Alpha News", "limit": 500}).json()
    assert {i["code"]: i["documents"] for i in got["items"]} == dict(want) and got["total"] == len(want)
    assert [i["code"] for i in got["items"]] == sorted(want, key=lambda c: (-want[c], c))  # most documents first, then by code
    assert all((i["code"], i["name"], i["kind"]) in names for i in got["items"])  # the name and kind of a stored row of that code
    page = client.get("/api/actors", params={"outlet": "Alpha News", "limit": 2, "offset": 1}).json()
    assert page["total"] == len(want) and [i["code"] for i in page["items"]] == [i["code"] for i in got["items"][1:3]]
    assert client.get("/api/actors", params={"outlet": "No Such Outlet"}).json()["items"] == []
