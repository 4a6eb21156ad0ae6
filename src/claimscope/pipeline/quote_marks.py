"""Find direct quotations by their marks, on the raw text, before any parsing.

News style lets a quotation run over several paragraphs: each new paragraph
re-opens the quote and only the last one closes it.  Real text is messy
(straight quotes, a mark never closed), so the finder degrades: an unmatched
opening mark is dropped, never allowed to swallow the rest of the article.
"""
from __future__ import annotations

import re
from typing import NamedTuple

OPENERS = {"“": "”", "«": "»", "„": "“", '"': '"'}
CLOSERS = {"”", "»", '"', "“"}
#: a quotation longer than this many paragraphs is almost surely an unclosed mark
MAX_PARAGRAPHS = 8
MAX_CHARS = 6000


class DirectQuote(NamedTuple):
    """Offsets of the content (marks excluded) and of the outer marks."""

    start: int
    end: int
    open_mark: int
    close_mark: int
    paragraphs: int
    close_end: int = -1  # first character after the closing mark (marks may be two characters wide)


class _Mark(NamedTuple):
    pos: int
    char: str
    role: str  # "open" | "close"
    para_start: bool
    width: int = 1


#: doubled apostrophes (''…'', as the New York Times and PTB-style copy write them) and
#: doubled backticks count as one mark
_MARK_RE = re.compile(r"''|``|[\"“”«»„]")


def _role(text: str, i: int, ch: str) -> str | None:
    """Opening or closing, from the glyph when it says, from the neighbours when straight."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if ch in "«„":
        return "open"
    if ch == "»":
        return "close"
    if ch == "``":
        return "open"
    if ch == "''":
        ch = '"'
        after = text[i + 2] if i + 2 < len(text) else "\n"
    if ch == "“":
        # some typesetters close with “ (German style) — treat as opener unless glued after a word
        return "close" if (not before.isspace() and before not in "([{—–-" and after.isspace() | (after in ".,;:!?")) else "open"
    if ch == "”":
        return "open" if (before.isspace() or before in "([{") and not after.isspace() else "close"
    # straight quote: by context
    if (before.isspace() or before in "([{—–-:") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-'’"):
        return "close"
    return None


def _marks(text: str) -> list[_Mark]:
    marks = []
    for m in _MARK_RE.finditer(text):
        i = m.start()
        role = _role(text, i, m.group())
        if role is None:
            continue
        line_start = text.rfind("\n", 0, i) + 1
        para_start = text[line_start:i].strip() == ""
        marks.append(_Mark(i, m.group(), role, para_start, len(m.group())))
    return marks


_PARA_BREAK = re.compile(r"\n\s*")


def find_direct_quotes(text: str) -> list[DirectQuote]:
    """Top-level direct quotations, in text order; nested inner quotes stay inside their outer one."""
    marks = _marks(text)
    quotes: list[DirectQuote] = []
    i = 0
    while i < len(marks):
        mark = marks[i]
        if mark.role != "open":
            i += 1
            continue
        j = i + 1
        paragraphs = 1
        depth = 0
        closed_at = None
        # True while every paragraph inside the quote re-opened it (the news convention);
        # some outlets never re-open, and then a new opening mark means the first never closed
        reopened = True
        while j < len(marks):
            nxt = marks[j]
            if nxt.pos - mark.pos > MAX_CHARS:
                break
            for brk in _PARA_BREAK.finditer(text, marks[j - 1].pos, nxt.pos):
                paragraphs += 1
                if brk.end() != nxt.pos:
                    reopened = False
            if paragraphs > MAX_PARAGRAPHS:
                break
            if nxt.role == "open":
                if nxt.para_start and depth == 0:
                    if reopened:
                        j += 1
                        continue
                    break
                depth += 1
            else:
                if depth == 0:
                    closed_at = j
                    break
                depth -= 1
            j += 1
        if closed_at is None:
            i += 1  # unbalanced: drop this mark rather than guess where the quote ends
            continue
        close = marks[closed_at]
        start, end = mark.pos + mark.width, close.pos
        if text[start:end].strip():
            paras = text.count("\n\n", start, end) + 1
            quotes.append(DirectQuote(start, end, mark.pos, close.pos, paras, close.pos + close.width))
        i = closed_at + 1
    return quotes
