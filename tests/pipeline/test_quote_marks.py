"""Direct quotations found by their marks: balanced, multi-paragraph, nested, broken."""
from __future__ import annotations

import pytest

from claimscope.pipeline.quote_marks import find_direct_quotes


def contents(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_direct_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" and left.', ["we will win"]),
        ("“We will win,” she said.", ["We will win,"]),
        ("«Nous gagnerons», a-t-il dit.", ["Nous gagnerons"]),
        ("“Outer ‘inner’ text,” he said.", ["Outer ‘inner’ text,"]),
        ("“One.\n\n“Two.\n\n“Three,” he said.", ["One.\n\n“Two.\n\n“Three,"]),
        ("“First,” he said. “Second.”", ["First,", "Second."]),
        # outlets that never re-open a quote at each paragraph
        ("“One.\n\nTwo.\n\nThree,” he said.", ["One.\n\nTwo.\n\nThree,"]),
        ("It’s the team’s “best” season", ["best"]),
    ],
)
def test_balanced(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


def test_unclosed_quote_does_not_swallow_the_article() -> None:
    text = "He said “this never closes.\n\nA plain paragraph.\n\nLater “a real quote,” she said."
    assert contents(text) == ["a real quote,"]


def test_stray_closing_mark_is_ignored() -> None:
    assert contents("Nothing here” at all. “Yes,” he said.") == ["Yes,"]


def test_paragraph_that_closes_ends_the_quote() -> None:
    text = "“Closed here.”\n\n“New quote,” he said."
    assert contents(text) == ["Closed here.", "New quote,"]


def test_offsets_point_inside_marks() -> None:
    text = "X: “abc” end"
    (q,) = find_direct_quotes(text)
    assert text[q.open_mark] == "“" and text[q.close_mark] == "”"
    assert (q.start, q.end) == (q.open_mark + 1, q.close_mark)
