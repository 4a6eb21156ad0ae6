"""CSV and JSONL downloads of any filtered list.

Rows are the same pydantic models the JSON API returns, so a download has
exactly the API's columns; lists and dicts become JSON text in a CSV cell.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence

from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from .filters import Format

__all__ = ["download"]


def _cell(value: object) -> object:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _csv(rows: Sequence[BaseModel], columns: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for i, row in enumerate(rows, 1):
        data = row.model_dump(mode="json")
        writer.writerow([_cell(data.get(c)) for c in columns])
        if i % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _jsonl(rows: Sequence[BaseModel]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row.model_dump(mode="json"), ensure_ascii=False) + "\n"


def download(rows: Sequence[BaseModel], model: type[BaseModel], fmt: Format, name: str) -> StreamingResponse:
    """A streamed attachment ``name.csv`` / ``name.jsonl`` of ``rows``."""
    if fmt is Format.csv:
        body, media = _csv(rows, list(model.model_fields)), "text/csv; charset=utf-8"
    else:
        body, media = _jsonl(rows), "application/x-ndjson; charset=utf-8"
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt.value}"'}
    return StreamingResponse(body, media_type=media, headers=headers)
