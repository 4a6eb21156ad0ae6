"""Plain-text reading: header lines split off, text kept whole so offsets hold."""
from __future__ import annotations

import pytest

from claimscope.reading.metadata import find_outlet, infer_genre, parse_date, parse_sections
from claimscope.reading.plaintext import read_plain


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("March 26 2024, 10:04", "2024-03-26T10:04:00"),
        ("2024-03-26", "2024-03-26"),
        ("Tuesday, 5 March 2024 14:00", "2024-03-05T14:00:00"),
        ("12.05.2023", "2023-12-05"),
        ("The war goes on", None),
        ("May I say something", None),
        ("Russia will respond in May", None),
    ],
)
def test_parse_date(line: str, iso: str | None) -> None:
    assert parse_date(line) == iso


@pytest.mark.parametrize(
    ("line", "sections"),
    [
        ("Opinion | Politics", ["Opinion", "Politics"]),
        ("World / Europe", ["World", "Europe"]),
        ("Analysis", ["Analysis"]),
        ("The minister resigned.", None),
        ("Speaking with Alpha News, the expert said", None),
    ],
)
def test_parse_sections(line: str, sections: list[str] | None) -> None:
    assert parse_sections(line) == sections


def test_read_plain_header_and_body() -> None:
    text = "A headline here\r\n\r\nMarch 1 2024\r\n\r\nWorld | Europe\r\n\r\nFirst paragraph of the body.\r\n"
    article = read_plain(text, "x.txt")
    assert "\r" not in article.text
    assert article.title == "A headline here"
    assert article.text[slice(*article.title_span)] == "A headline here"
    assert article.published == "2024-03-01"
    assert article.sections == ["World", "Europe"]
    assert article.text[article.body_start :].startswith("First paragraph")


def test_single_paragraph_has_no_headline() -> None:
    article = read_plain("Just one line of text without a headline.")
    assert article.title is None and article.body_start == 0


@pytest.mark.parametrize(
    ("body", "outlet"),
    [
        ("Speaking with Alpha News, the analyst said it was over.", "Alpha News"),
        ("The minister told Reuters that talks would resume.", "Reuters"),
        ("In an interview with the Daily Herald, she said no.", "Daily Herald"),
        ("The minister told reporters that talks would resume.", None),
        ("Speaking with John Smith, the analyst said it was over.", None),
    ],
)
def test_outlet_from_text(body: str, outlet: str | None) -> None:
    assert find_outlet(body) == outlet


@pytest.mark.parametrize(
    ("sections", "text", "genre"),
    [
        (["Opinion", "Politics"], "", "opinion"),
        (["Interview"], "", "interview"),
        (["World"], "Long news text. " * 20, "news"),
        ([], "In an interview with the paper, she said " + "x " * 200, "interview"),
        (["Analysis"], "", "analysis"),
    ],
)
def test_genre(sections: list[str], text: str, genre: str) -> None:
    assert infer_genre(sections, text) == genre
