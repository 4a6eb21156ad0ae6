"""Speaker turns of interview and broadcast transcripts ("WALLACE: …", "Q: …").

One definition for two users: metadata calls a text with enough turns a ``transcript``,
and the quote finder makes each turn a direct quote of its speaker.
"""
from __future__ import annotations

import re
from typing import NamedTuple

#: a line opening with an upper-case speaker label and a colon: "WALLACE:", "SEN. KAINE:",
#: "CHRIS WALLACE, FOX NEWS:", "Q:", "A:"
TURN_RE = re.compile(r"^[ \t]*((?:[A-Z][A-Z.'’-]*(?:[ ,][A-Z][A-Z.'’()-]*){0,4})|Q|A)[ \t]*:[ \t]+(?=\S)", re.MULTILINE)
#: so few labelled lines can be a list ("NOTE: …") rather than a conversation
MIN_TURNS = 3
_NOT_LABELS = frozenset({"NOTE", "UPDATE", "EDITOR'S NOTE", "CORRECTION", "WATCH", "READ MORE", "RELATED", "PHOTO", "VIDEO", "ADVERTISEMENT", "BREAKING", "UPDATED"})


class Turn(NamedTuple):
    """``label`` as written and the offsets of the label and of the words spoken."""

    label: str
    label_start: int
    label_end: int
    start: int
    end: int


def turns(text: str) -> list[Turn]:
    """The turns of a transcript, or ``[]`` when the text is not one (fewer than MIN_TURNS
    labelled lines from at least two speakers)."""
    heads = [m for m in TURN_RE.finditer(text) if m.group(1).strip() not in _NOT_LABELS]
    if len(heads) < MIN_TURNS or len({m.group(1) for m in heads}) < 2:
        return []
    found = []
    for n, m in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else len(text)
        content = text[m.end() : end].rstrip()
        found.append(Turn(m.group(1), m.start(1), m.end(1), m.end(), m.end() + len(content)))
    return found


def is_transcript(text: str) -> bool:
    return bool(turns(text))
