"""Query-string filters and pagination, shared by every page and API list.

One dependency parses them so a search page, its CSV export and the API
cannot disagree on what ``outlet=`` or ``event_code=`` means.  Empty values
(what an HTML form sends for an untouched field) count as unset; anything
else is checked by pattern, so a malformed value is a 422, never a 500.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

from fastapi import HTTPException, Query

from ..report.model import GENRES as REPORT_GENRES
from ..report.model import TECHNIQUES
from ..store.search import SearchFilters

__all__ = ["Filters", "Format", "Page", "filters_dependency", "page_dependency", "GENRES", "MODALITIES", "CLAIM_TYPES",
           "MAX_PAGE", "MAX_EXPORT"]

GENRES = REPORT_GENRES
MODALITIES = ("asserted", "alleged", "recommended", "possible", "negated", "hypothetical")
CLAIM_TYPES = ("fact", "opinion", "prediction", "recommendation")
MAX_PAGE = 500  # rows per JSON or HTML page
MAX_EXPORT = 100_000  # rows per CSV/JSONL download
MAX_OFFSET = 10_000_000

_TEXT = r"^[^\x00-\x1f\x7f]*$"  # no control characters: they are never in a name and break PostgreSQL


def _choice(values: tuple[str, ...]) -> str:
    return "^(|" + "|".join(re.escape(v) for v in values) + ")$"


_DATE = r"^(|\d{4}(-\d{2}(-\d{2})?)?)$"


#: the store's filter set: a page, its download, the API and ``Store.search`` read a filter the same way
Filters = SearchFilters


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def filters_dependency(
    q: Annotated[str | None, Query(max_length=500, pattern=_TEXT, description="Full-text query: words and \"quoted phrases\", all required.")] = None,
    outlet: Annotated[str | None, Query(max_length=300, pattern=_TEXT, description="Outlet name, exactly as stored.")] = None,
    genre: Annotated[str | None, Query(pattern=_choice(GENRES), description=" | ".join(REPORT_GENRES))] = None,
    published_from: Annotated[str | None, Query(pattern=_DATE, description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.")] = None,
    published_to: Annotated[str | None, Query(pattern=_DATE, description="ISO date, inclusive (the whole day).")] = None,
    speaker: Annotated[str | None, Query(max_length=300, pattern=_TEXT, description="A speaker's name.")] = None,
    actor: Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z0-9]*$", description="CAMEO actor code, e.g. AZE, UKRGOV, NATO.")] = None,
    technique: Annotated[str | None, Query(pattern=_choice(TECHNIQUES), description="SemEval-2020 Task 11 technique label.")] = None,
    event_code: Annotated[str | None, Query(pattern=r"^(|\d{2,4})$", description="CAMEO event code or prefix: 07 matches 071…")] = None,
    modality: Annotated[str | None, Query(pattern=_choice(MODALITIES), description="Event modality.")] = None,
    claim_type: Annotated[str | None, Query(pattern=_choice(CLAIM_TYPES), description="fact | opinion | prediction | recommendation")] = None,
) -> Filters:
    """FastAPI dependency: the filters of a request."""
    raw = dict(q=q, outlet=outlet, genre=genre, published_from=published_from, published_to=published_to, speaker=speaker,
               actor=actor, technique=technique, event_code=event_code, modality=modality, claim_type=claim_type)
    values = {name: _clean(value) for name, value in raw.items()}
    if values["actor"]:
        values["actor"] = values["actor"].upper()
    f, t = values["published_from"], values["published_to"]
    if f and t and f[: len(t)] > t:
        raise HTTPException(422, f"published_from ({f}) is after published_to ({t})")
    return Filters(**values)


class Format(str, Enum):
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int
    format: Format

    @property
    def export(self) -> bool:
        return self.format is not Format.json


def page_dependency(
    limit: Annotated[int | None, Query(ge=1, le=MAX_EXPORT, description=f"Rows to return: at most {MAX_PAGE} as JSON, {MAX_EXPORT} as CSV/JSONL.")] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")] = 0,
    format: Annotated[Format, Query(description="json (a page with its total), csv or jsonl (a download of the rows).")] = Format.json,
) -> Page:
    """FastAPI dependency: pagination and output format."""
    if limit is None:
        limit = 50 if format is Format.json else 10_000
    if format is Format.json and limit > MAX_PAGE:
        raise HTTPException(422, f"limit {limit} is above {MAX_PAGE}; use format=csv or format=jsonl for bigger downloads")
    return Page(limit, offset, format)
