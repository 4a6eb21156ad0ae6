"""Exports on both engines: JSONL re-reads as the stored reports, tables and GDELT columns line up."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from claimscope.export import TABLES, export, gdelt_header
from claimscope.export.gdelt import EXTRA_COLUMNS, gdelt_columns

SHARED = Path(__file__).resolve().parents[3] / "shared"
GDELT_DEFS = SHARED / "datasets" / "gdelt" / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"

BODIES = [
    "“Russia imposes sanctions on the consortium,” Kowalska said. Markets fell after the news.",
    "“The harvest is the largest in a decade,” Nowak said. Grain prices have fallen for three months.",
    "“Talks will resume in Geneva next week,” Li said, adding that both sides had agreed on an agenda.",
]


@pytest.fixture
def filled(store, report_factory):  # type: ignore[no-untyped-def]
    # the third quote's source is written "Li" but resolved to no person: a source all the same, never the outlet
    reports = [report_factory(body, source=f"/corpus/{n}.txt", published=f"2024-03-2{n}T08:00:00", unresolved="Li" if n == 2 else None)
               for n, body in enumerate(BODIES)]
    store.write_reports(reports)
    return store, reports


def test_jsonl_export_reads_back_as_the_stored_reports(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, reports = filled
    out = tmp_path / "reports.jsonl"
    assert export(store, "jsonl", "reports", out) == 3
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == [store.report(r.document.id) for r in reports] == [r.to_dict() for r in reports]


@pytest.mark.parametrize("table", [t for t in TABLES if t != "reports"])
def test_csv_tables_have_one_row_per_record(filled, table: str) -> None:  # type: ignore[no-untyped-def]
    store, reports = filled
    buf = io.StringIO()
    assert export(store, "csv", table, buf) == 3
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [r["document_id"] for r in rows] == [r.document.id for r in reports]
    assert {r["outlet"] for r in rows} == {"Example News"}
    if table == "claims":
        assert rows[0]["actors"] == "RUS|NATO" and float(rows[0]["checkworthiness"]) == 0.8
    if table == "quotes":
        assert [r["text"] for r in rows] == [rep.quotes[0].text for rep in reports]
    # whose words: every record here is from a quote; the last one's source is unresolved
    assert [(r["voice"], r["speaker"], r["speaker_name"], r["speaker_actor"], r["speaker_text"]) for r in rows] == [
        ("source", "p1", "Anna Kowalska", "", "Anna Kowalska")] * 2 + [("source", "", "", "", "Li")]


def test_reports_csv_summarises_documents(filled) -> None:  # type: ignore[no-untyped-def]
    store, reports = filled
    buf = io.StringIO()
    export(store, "csv", "reports", buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [(r["id"], r["sources"], r["quotes"], r["text"]) for r in rows] == [
        (rep.document.id, rep.document.source, "1", rep.document.text) for rep in reports
    ]


def test_parquet_export(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pq = pytest.importorskip("pyarrow.parquet")
    store, reports = filled
    out = tmp_path / "events.parquet"
    assert export(store, "parquet", "events", out) == 3
    table = pq.read_table(out)
    assert table.column("document_id").to_pylist() == [r.document.id for r in reports]
    assert table.column("via").to_pylist() == [[], [], []]
    assert table.column("goldstein").to_pylist() == [-6.5] * 3
    assert table.column("voice").to_pylist() == ["source"] * 3
    assert table.column("speaker").to_pylist() == ["p1", "p1", None]
    assert table.column("speaker_text").to_pylist() == ["Anna Kowalska", "Anna Kowalska", "Li"]


def test_gdelt_rows_follow_the_gdelt_columns(filled) -> None:  # type: ignore[no-untyped-def]
    store, reports = filled
    buf = io.StringIO()
    assert export(store, "gdelt", "events", buf, header=True) == 3
    lines = [line.split("\t") for line in buf.getvalue().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header == gdelt_header() and header[-6:] == list(EXTRA_COLUMNS) and len(header) == 67
    assert all(len(row) == len(header) for row in rows)
    first = dict(zip(header, rows[0]))
    assert (first["SQLDATE"], first["MonthYear"], first["Year"]) == ("20240320", "202403", "2024")
    assert (first["Actor1Code"], first["Actor1Name"], first["Actor1CountryCode"], first["Actor1Type1Code"]) == ("RUSGOV", "RUSSIA", "RUS", "GOV")
    assert (first["Actor2Code"], first["Actor2KnownGroupCode"]) == ("NATO", "NATO")
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"], first["QuadClass"]) == ("163", "163", "16", "4")
    assert float(first["GoldsteinScale"]) == -6.5
    assert first["SOURCEURL"] == reports[0].document.source
    assert (first["Modality"], first["Speaker"], first["ClaimId"]) == ("asserted", "Anna Kowalska", f"{reports[0].document.id}:c1")
    assert (first["Voice"], first["SpeakerActor"], first["SpeakerText"]) == ("source", "", "Anna Kowalska")
    last = dict(zip(header, rows[-1]))
    assert (last["Voice"], last["Speaker"], last["SpeakerText"]) == ("source", "", "Li")
    assert first["IsRootEvent"] == "1"  # the quote is in the lead paragraph
    plain = io.StringIO()
    export(store, "gdelt", "events", plain)
    assert len(plain.getvalue().splitlines()) == 3  # GDELT's own files have no header row


def test_gdelt_column_file_matches_the_shared_definitions() -> None:
    if not GDELT_DEFS.exists():
        pytest.skip("../shared is not beside this checkout")
    with open(GDELT_DEFS, newline="", encoding="utf-8") as fh:
        names = tuple(row["tableId"] for row in csv.DictReader(fh))
    assert gdelt_columns() == names
