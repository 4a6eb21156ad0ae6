"""JSON and JSONL records: fields mapped, bad lines reported, good lines kept."""
from __future__ import annotations

import json

from claimscope.errors import ReadError
from claimscope.reading import read_bytes
from claimscope.reading.article import Article


def test_jsonl_record_fields_and_bad_line() -> None:
    lines = [
        json.dumps({"title": "Dam opens", "text": "The dam opened on Friday.", "date": "2024-05-01T10:00:00", "url": "https://example.org/dam", "outlet": "River News"}),
        "{broken",
        json.dumps({"title": "No text"}),
    ]
    items = list(read_bytes("\n".join(lines).encode(), "feed.jsonl"))
    article, bad_json, no_text = items
    assert isinstance(article, Article)
    assert article.text == "Dam opens\n\nThe dam opened on Friday."
    assert article.text[slice(*article.title_span)] == "Dam opens"
    assert (article.published, article.outlet, article.url) == ("2024-05-01T10:00:00", "River News", "https://example.org/dam")
    assert isinstance(bad_json, ReadError) and "line 2" in str(bad_json) and str(bad_json).startswith("feed.jsonl")
    assert isinstance(no_text, ReadError) and "[E001]" in str(no_text)


def test_json_list() -> None:
    data = json.dumps([{"text": "First story body."}, {"text": "Second story body."}]).encode()
    items = list(read_bytes(data, "two.json"))
    assert [i.text for i in items] == ["First story body.", "Second story body."]


def test_html_detected_in_txt_file() -> None:
    page = b"<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>Bridge reopens</h1><p>The bridge reopened on Friday after repairs that lasted two years, officials said.</p></article></body></html>"
    (article,) = read_bytes(page, "saved.txt")
    assert isinstance(article, Article)
    assert "bridge reopened" in article.text


def _record(**fields: str) -> Article:
    (article,) = read_bytes(json.dumps(fields).encode(), "one.json")
    assert isinstance(article, Article)
    return article


def test_a_text_that_opens_with_its_title_gets_no_second_title() -> None:
    article = _record(title="Ferry service resumes", text="Ferry service resumes\n\nThe ferry sailed again on Monday.")
    assert article.text == "Ferry service resumes\n\nThe ferry sailed again on Monday."
    assert article.text[slice(*article.title_span)] == "Ferry service resumes"
    assert article.text[article.body_start :].startswith("The ferry")


def test_the_title_match_ignores_whitespace_case_and_a_trailing_period() -> None:
    wrapped = _record(title="Ferry  service resumes", text="  Ferry service\nresumes.\nThe ferry sailed again on Monday.")
    assert wrapped.text.count("Ferry") == 1
    assert wrapped.text[slice(*wrapped.title_span)] == "Ferry service\nresumes"
    assert wrapped.text[wrapped.body_start :] == "The ferry sailed again on Monday."
    dotted = _record(title="Ferry service resumes.", text="FERRY SERVICE RESUMES\n\nThe ferry sailed again on Monday.")
    assert dotted.text.startswith("FERRY SERVICE RESUMES\n\nThe ferry") and dotted.text[dotted.body_start :].startswith("The ferry")


def test_a_text_that_only_shares_a_word_prefix_still_gets_its_title() -> None:
    article = _record(title="Ferry", text="Ferrymen went on strike on Monday.")
    assert article.text == "Ferry\n\nFerrymen went on strike on Monday."
    assert article.body_start == len("Ferry\n\n")
