"""JSON and JSONL article records: ``title``, ``text``, ``date``, ``url``, ``outlet``."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..errors import Errors, ReadError
from .article import Article
from .metadata import parse_date
from .plaintext import normalise_newlines

_TEXT_KEYS = ("text", "body", "content", "articleBody", "maintext")
_TITLE_KEYS = ("title", "headline")
_DATE_KEYS = ("date", "published", "date_publish", "datePublished", "publish_date")
_OUTLET_KEYS = ("outlet", "source_name", "publisher", "sitename", "site_name")


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value:
            return value
    return None


def title_at_start(text: str, title: str) -> tuple[int, int] | None:
    """Where ``text`` already opens with ``title``, its span there; else None.

    Whitespace does not count (a title wrapped over lines still matches), nor case,
    nor a trailing period on either side; the title must end at a word boundary
    ("Russia" does not open "Russian troops…").  The span leaves out that period.
    """
    wanted = [c.lower() for c in title if not c.isspace()]
    while wanted and wanted[-1] == ".":
        wanted.pop()
    if not wanted:
        return None
    i, n, start, end = 0, 0, None, 0
    while i < len(text) and n < len(wanted):
        ch = text[i]
        if not ch.isspace():
            if ch.lower() != wanted[n]:
                return None
            start = i if start is None else start
            n, end = n + 1, i + 1
        i += 1
    if n < len(wanted) or start is None:
        return None
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return None
    return start, end


def from_record(record: Any, source: str) -> Article:
    """One record to an Article; the text starts with its title so offsets cover both.

    A ``text`` that already opens with its ``title`` is kept as it is (the title is
    not added twice); otherwise the title goes first, then a blank line, then the text.
    """
    if not isinstance(record, dict):
        raise ReadError(source, Errors.E004.format(line=source.rsplit(":", 1)[-1] if ":" in source else 1, detail="record is not a JSON object"))
    body = _first(record, _TEXT_KEYS)
    if not isinstance(body, str) or not body.strip():
        raise ReadError(source, Errors.E001 + " (no 'text' field)")
    body = normalise_newlines(body).strip("\n")
    title = _first(record, _TITLE_KEYS)
    title = " ".join(str(title).split()) if title else None
    title_span = title_at_start(body, title) if title else None
    if title and title_span is None:
        text = f"{title}\n\n{body}"
        title_span = (0, len(title))
        body_start = len(title) + 2
    else:
        text, body_start = body, (title_span[1] if title_span else 0)
        if title_span and text[body_start : body_start + 1] == ".":
            body_start += 1
        while body_start < len(text) and text[body_start] in "\n \t":
            body_start += 1
    date = _first(record, _DATE_KEYS)
    published = None
    if isinstance(date, str):
        published = parse_date(date) or (date if date[:4].isdigit() else None)
    sections = record.get("sections") or record.get("categories") or []
    if isinstance(sections, str):
        sections = [s.strip() for s in sections.split("|") if s.strip()]
    return Article(
        text=text,
        source=str(record.get("url") or source),
        title=title,
        published=published,
        sections=[str(s) for s in sections],
        outlet=_first(record, _OUTLET_KEYS),
        url=record.get("url"),
        genre=record.get("genre"),
        title_span=title_span,
        body_start=body_start,
    )


def read_json(text: str, source: str) -> Iterator[Article | ReadError]:
    """A JSON object, or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadError(source, Errors.E004.format(line=exc.lineno, detail=exc.msg))
        return
    items = data if isinstance(data, list) else [data]
    for n, item in enumerate(items, 1):
        where = f"{source}[{n}]" if isinstance(data, list) else source
        try:
            yield from_record(item, where)
        except ReadError as err:
            yield err


def read_jsonl(text: str, source: str) -> Iterator[Article | ReadError]:
    """One object per line; a bad line is reported and the rest still read."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(source, Errors.E004.format(line=lineno, detail=exc.msg))
            continue
        try:
            yield from_record(record, where)
        except ReadError as err:
            yield err
