"""Plain-text articles: headline line, optional date and section lines, then paragraphs."""
from __future__ import annotations

import re

from .article import Article
from .metadata import parse_date, parse_sections

_MAX_HEADLINE = 300


def normalise_newlines(text: str) -> str:
    """The contract's text: ``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else moves."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_plain(text: str, source: str = "<string>") -> Article:
    """Split off headline, date and sections; the text itself is kept whole so offsets hold."""
    text = normalise_newlines(text)
    article = Article(text=text, source=source)
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    lines = [(start, line) for start, line in lines if line.strip()]
    if not lines:
        return article
    start, first = lines[0]
    header_end = start + len(first)
    rest = lines[1:4]
    looks_like_headline = (
        len(first.strip()) <= _MAX_HEADLINE
        and len(lines) > 1
        and not first.rstrip().endswith((":",))
        and (parse_date(first) is None)
    )
    if looks_like_headline:
        stripped = first.strip()
        lead = len(first) - len(first.lstrip())
        article.title = stripped
        article.title_span = (start + lead, start + lead + len(stripped))
        for line_start, line in rest:
            if article.published is None and (iso := parse_date(line)):
                article.published = iso
                header_end = line_start + len(line)
                continue
            if not article.sections and (sections := parse_sections(line)):
                article.sections = sections
                header_end = line_start + len(line)
                continue
            break
    else:
        header_end = 0
    while header_end < len(text) and text[header_end] in "\n \t":
        header_end += 1
    article.body_start = header_end
    return article
