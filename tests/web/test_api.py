"""The REST API over a small analysed corpus: lists, filters, pagination, reports, downloads, analyse."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from claimscope.report.validate import problems

from .conftest import Corpus


def _ids(response: Any) -> set[str]:
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def _all_ids(corpus: Corpus) -> set[str]:
    return {r["document"]["id"] for r in [*corpus.reports, corpus.hostile]}


def test_articles_lists_every_document_newest_first(client: Any, corpus: Corpus) -> None:
    body = client.get("/api/articles").json()
    assert body["total"] == len(corpus.reports) + 1
    assert {i["id"] for i in body["items"]} == _all_ids(corpus)
    dates = [i["published"] for i in body["items"]]
    assert dates == sorted(dates, reverse=True)


def test_pagination_keeps_the_total(client: Any, corpus: Corpus) -> None:
    first = client.get("/api/articles?limit=2").json()
    second = client.get("/api/articles?limit=2&offset=2").json()
    beyond = client.get("/api/articles?limit=2&offset=100").json()
    assert first["total"] == second["total"] == beyond["total"] == len(corpus.reports) + 1
    assert len(first["items"]) == len(second["items"]) == 2 and beyond["items"] == []
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


@pytest.mark.parametrize(("query", "field", "expected"), [
    ("outlet=Alpha%20News", "outlet", "Alpha News"),
    ("genre=opinion", "genre", "opinion"),
])
def test_document_filters(client: Any, corpus: Corpus, query: str, field: str, expected: str) -> None:
    items = client.get(f"/api/articles?{query}").json()["items"]
    want = {r["document"]["id"] for r in [*corpus.reports, corpus.hostile] if r["document"][field] == expected}
    assert items and {i["id"] for i in items} == want


def test_date_range_is_inclusive_of_whole_days(client: Any, corpus: Corpus) -> None:
    got = _ids(client.get("/api/articles?published_from=2024-04-10&published_to=2024-05-20"))
    want = {r["document"]["id"] for r in corpus.reports if "2024-04-10" <= r["document"]["published"][:10] <= "2024-05-20"}
    assert got == want and len(want) == 2


@pytest.mark.parametrize("threshold", [2000, 0], ids=["in-list", "correlated-exists"])
def test_child_filters_match_the_reports(client: Any, corpus: Corpus, threshold: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimscope.store import search

    monkeypatch.setattr(search, "IN_THRESHOLD", threshold)  # both SQL shapes must mean the same
    reports = [*corpus.reports, corpus.hostile]
    speaker = next(p["name"] for r in corpus.reports for q in r["quotes"] for p in r["people"] if p["id"] == q["speaker"])
    cases = {
        f"speaker={speaker}": {r["document"]["id"] for r in reports
                               if any(p["name"] == speaker and any(q["speaker"] == p["id"] for q in r["quotes"] + r["claims"]) for p in r["people"])},
        "actor=UKR": {r["document"]["id"] for r in reports if any(a["code"] == "UKR" for a in r["actors"])},
        "technique=Loaded_Language": {r["document"]["id"] for r in reports if any(t["technique"] == "Loaded_Language" for t in r["techniques"])},
        "event_code=19": {r["document"]["id"] for r in reports if any(e["code"].startswith("19") for e in r["events"])},
        "modality=asserted&event_code=190": {r["document"]["id"] for r in reports
                                             if any(e["code"].startswith("190") and e["modality"] == "asserted" for e in r["events"])},
        "claim_type=prediction": {r["document"]["id"] for r in reports if any(c["type"] == "prediction" for c in r["claims"])},
    }
    for query, want in cases.items():
        assert want, f"the test corpus has nothing for {query}"
        assert _ids(client.get("/api/articles", params=dict(p.split("=") for p in query.split("&")))) == want, query


def test_full_text_ranks_and_marks_matches(client: Any, corpus: Corpus) -> None:
    body = client.get("/api/articles?q=Istanbul").json()
    target = corpus.by_title("Ceasefire")["document"]["id"]
    assert body["total"] == 1 and body["items"][0]["id"] == target
    assert "[[Istanbul]]" in body["items"][0]["snippet"]
    assert body["items"][0]["rank"] is not None
    assert client.get("/api/articles?q=%22%2A%29%28").json()["total"] == 0  # FTS syntax is quoted away, not an error
    assert client.get('/api/articles?q="military aid"').json()["total"] == 2


def test_article_report_is_the_contract_json(client: Any, corpus: Corpus) -> None:
    for report in [*corpus.reports, corpus.hostile]:
        got = client.get(f"/api/articles/{report['document']['id']}").json()
        assert got == report
        assert problems(got) == []


def test_unknown_and_malformed_article_ids(client: Any) -> None:
    missing = client.get("/api/articles/" + "0" * 64)
    assert missing.status_code == 404 and "no article" in missing.json()["message"]
    bad = client.get("/api/articles/not-an-id")
    assert bad.status_code == 422 and bad.json()["message"].startswith("path.doc_id")


def test_csv_and_jsonl_downloads_have_the_api_rows(client: Any, corpus: Corpus) -> None:
    page = client.get("/api/articles?outlet=Alpha%20News").json()
    as_csv = client.get("/api/articles?outlet=Alpha%20News&format=csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert 'filename="articles.csv"' in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["id"] for r in rows] == [i["id"] for i in page["items"]]
    assert list(rows[0]) == list(page["items"][0])
    as_jsonl = client.get("/api/events?format=jsonl")
    lines = [json.loads(line) for line in as_jsonl.text.splitlines()]
    assert len(lines) == client.get("/api/events").json()["total"] == sum(len(r["events"]) for r in [*corpus.reports, corpus.hostile])
    assert client.get("/api/people?format=csv").text.splitlines()[0] == "name,documents"


def test_people_and_person(client: Any, corpus: Corpus) -> None:
    names = {p["name"] for r in [*corpus.reports, corpus.hostile] for p in r["people"]}
    listed = client.get("/api/people?limit=500").json()
    assert {i["name"] for i in listed["items"]} == names and listed["total"] == len(names)
    report = corpus.by_title("Biden")
    person = next(p for p in report["people"] if any(q["speaker"] == p["id"] for q in report["quotes"]))
    detail = client.get(f"/api/people/{person['name']}").json()
    quotes = {q["text"] for q in report["quotes"] if q["speaker"] == person["id"]}
    assert quotes <= {q["text"] for q in detail["quotes"]}
    assert detail["quotes_total"] >= len(quotes) and detail["documents"] >= 1
    named = client.get("/api/people", params={"name": person["name"].split()[-1].lower()}).json()
    assert person["name"] in {i["name"] for i in named["items"]}
    assert client.get("/api/people/Nobody%20Atall").status_code == 404


def test_person_stances_over_time(client: Any, corpus: Corpus) -> None:
    name = corpus.hostile["people"][0]["name"]
    detail = client.get("/api/people/" + name.replace("/", "%2F")).json()
    assert [(s["key"], s["polarity"]) for s in detail["stances"]] == [("XSS", 0.8)]
    assert detail["stance_series"][0]["points"] == [{"period": "2024-07", "polarity": 0.8, "count": 1}]


def test_actors_and_actor(client: Any, corpus: Corpus) -> None:
    reports = [*corpus.reports, corpus.hostile]
    listed = client.get("/api/actors?limit=500").json()
    codes = {a["code"] for r in reports for a in r["actors"]}
    assert {i["code"] for i in listed["items"]} == codes
    ukr = client.get("/api/actors/ukr").json()  # codes are case-insensitive in the path
    assert ukr["code"] == "UKR"
    assert ukr["documents"] == sum(1 for r in reports if any(a["code"] == "UKR" for a in r["actors"]))
    for claim in ukr["claims"]:
        assert any(c["text"] == claim["text"] and "UKR" in c["actors"] for r in reports for c in r["claims"])
    xss = client.get("/api/actors/XSS").json()
    assert xss["stance_by_speaker"][0]["polarity"] == 0.8
    assert [(e["source"], e["target"], e["count"], e["quad_class"]) for e in xss["network"]] == [("XSS", "REB", 2, 4)]
    # whose words each claim naming the actor is in: the outlet's own, or an unresolved source's (never filed as the outlet's)
    voices = {c["claim"]: (c["voice"], c["speaker"], c["speaker_actor"], c["speaker_text"]) for c in xss["claims"]}
    assert voices == {"c2": ("outlet", None, None, None), "c3": ("source", None, None, corpus.hostile["quotes"][1]["speaker_text"])}
    assert client.get("/api/actors/QQQQ").status_code == 404


def test_events_say_whose_words_they_are_in(client: Any, corpus: Corpus) -> None:
    doc = corpus.hostile["document"]["id"]
    items = [i for i in client.get("/api/events?actor=XSS&limit=100").json()["items"] if i["document_id"] == doc]
    got = {i["event"]: (i["voice"], i["speaker"], i["speaker_actor"], i["speaker_text"]) for i in items}
    assert got == {"e1": ("outlet", None, None, None), "e2": ("source", None, None, corpus.hostile["quotes"][1]["speaker_text"])}
    report = client.get(f"/api/articles/{doc}").json()
    assert report["schema"] == "claimscope.report/2"
    c3 = next(c for c in report["claims"] if c["id"] == "c3")
    assert (c3["voice"], c3["speaker"], c3["speaker_text"], c3["quote"]) == ("source", None, corpus.hostile["quotes"][1]["speaker_text"], "q2")


def test_events_filter_on_either_end(client: Any, corpus: Corpus) -> None:
    items = client.get("/api/events?actor=RUS").json()["items"]
    assert items
    assert all(i["source"].startswith("RUS") or i["target"].startswith("RUS") for i in items)
    assert all(i["quad_class"] in (1, 2, 3, 4) for i in items)


def test_clusters_and_their_timeline(client: Any, corpus: Corpus) -> None:
    listed = client.get("/api/clusters").json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == corpus.cluster_id
    detail = client.get(f"/api/clusters/{corpus.cluster_id}").json()
    assert [m["claim_id"] for m in detail["members"]] and len(detail["members"]) == 4
    dates = [m["published"] for m in detail["members"]]
    assert dates == sorted(dates)
    assert client.get("/api/clusters?q=recurring").json()["total"] == 1
    assert client.get("/api/clusters?q=absent%20words").json()["total"] == 0
    assert client.get("/api/clusters?outlet=Beta%20Times").json()["total"] == 1
    assert client.get("/api/clusters/999999").status_code == 404


def test_facets(client: Any, corpus: Corpus) -> None:
    outlets = {f["value"]: f["documents"] for f in client.get("/api/facets/outlet").json()}
    assert outlets["Alpha News"] == 2
    assert client.get("/api/facets/nope").status_code == 422


def test_analyze_returns_a_report_without_storing(client: Any, corpus: Corpus) -> None:
    before = client.get("/api/articles").json()["total"]
    text = "Port deal\n\nFinance minister Anna Kowalska said that Norway would invest in the port.\n"
    response = client.post("/api/analyze", json={"text": text, "outlet": "Delta Daily", "published": "2024-08-01"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["document"]["text"] == text and report["document"]["outlet"] == "Delta Daily"
    assert "Anna Kowalska" in {p["name"] for p in report["people"]}
    assert problems(report) == []
    assert client.get("/api/articles").json()["total"] == before


@pytest.mark.parametrize("body", [
    {"text": ""},
    {"text": "x", "unknown": 1},
    {"text": "x", "published": "yesterday"},
    {"title": "no text"},
    [1, 2],
])
def test_analyze_rejects_malformed_bodies(client: Any, body: Any) -> None:
    response = client.post("/api/analyze", json=body)
    assert response.status_code == 422
    assert response.json()["message"]


def test_analyze_rejects_bad_json_and_wrong_media_type(client: Any) -> None:
    broken = client.post("/api/analyze", content=b'{"text": ', headers={"content-type": "application/json"})
    assert broken.status_code == 422 and "JSON" in broken.json()["message"]
    plain = client.post("/api/analyze", content=b"text", headers={"content-type": "text/plain"})
    assert 400 <= plain.status_code < 500


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "format=xml", "genre=poetry", "event_code=7x",
                                   "published_from=March", "published_from=2024-05-01&published_to=2024-04-01", "actor=%3Cb%3E",
                                   "speaker=%00"])
def test_malformed_filters_are_422(client: Any, query: str) -> None:
    response = client.get(f"/api/articles?{query}")
    assert response.status_code == 422, (query, response.text)
    assert response.json()["status"] == 422 and response.json()["message"]


def test_big_downloads_are_allowed_but_big_pages_are_not(client: Any) -> None:
    assert client.get("/api/articles?limit=5000&format=jsonl").status_code == 200
    response = client.get("/api/articles?limit=5000")
    assert response.status_code == 422 and "format=csv" in response.json()["message"]


def test_full_text_filters_every_list(client: Any, corpus: Corpus) -> None:
    report = corpus.by_title("Ceasefire")
    events = client.get("/api/events?q=Istanbul").json()
    assert events["total"] == len(report["events"]) and {e["document_id"] for e in events["items"]} == {report["document"]["id"]}
    people = client.get("/api/people?q=Istanbul").json()
    assert {p["name"] for p in people["items"]} == {p["name"] for p in report["people"]}
    actors = client.get("/api/actors?q=Istanbul").json()
    assert {a["code"] for a in actors["items"]} == {a["code"] for a in report["actors"]}
    assert client.get("/api/events?q=%2A%2A").json()["total"] == 0


def test_filtered_totals_are_capped_unless_exact(client: Any, corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimscope.web import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 1)
    capped = client.get("/api/articles?actor=UKR&limit=1").json()
    want = sum(1 for r in corpus.reports if any(a["code"] == "UKR" for a in r["actors"]))
    assert want > 2
    assert capped["total_exact"] is False and capped["total"] == 1 < want
    exact = client.get("/api/articles?actor=UKR&limit=1&exact=true").json()
    assert exact["total_exact"] is True and exact["total"] == want
    unfiltered = client.get("/api/articles?limit=1").json()
    assert unfiltered["total_exact"] is True and unfiltered["total"] == len(corpus.reports) + 1
    assert "1+ articles match" in client.get("/?actor=UKR&limit=1").text


def test_popular_filters_count_less_far(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimscope.store import search
    from claimscope.web import queries

    monkeypatch.setattr(search, "IN_THRESHOLD", 0)  # every child filter counts as popular: walked article by article
    monkeypatch.setattr(queries, "WALKED_COUNT_CAP", 1)
    walked = client.get("/api/articles?actor=UKR&limit=1").json()
    assert walked["total"] == 1 and walked["total_exact"] is False
    assert client.get("/api/articles?outlet=Alpha%20News&limit=1").json()["total_exact"] is True  # no child filter: the usual cap


def test_actor_network_counts_the_reports_events(client: Any, corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from collections import Counter

    from claimscope.web import queries

    reports = [*corpus.reports, corpus.hostile]
    want = Counter((e["source"], e["target"]) for r in reports for e in r["events"]
                   if e["source"] and e["target"] and any(x.startswith("RUS") for x in (e["source"], e["target"])))
    got = client.get("/api/actors/RUS").json()
    assert want and {(x["source"], x["target"]): x["count"] for x in got["network"]} == dict(want)
    assert got["sampled"] is False
    monkeypatch.setattr(queries, "NETWORK_DOCS", 1)  # only the latest article naming RUS
    assert client.get("/api/actors/RUS").json()["sampled"] is True
