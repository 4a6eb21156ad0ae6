"""The command line as a user runs it: formats, several inputs, stdin, bad input."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.report.validate import problems

ARTICLE = """Port strike enters second week

June 3 2024, 08:15

News | Business

Union leader Maria Santos said that the strike would continue until wages rise.

“We are not going back for crumbs,” Santos said.
"""

runner = CliRunner()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    record = {"title": "Ferry service resumes", "text": "Transport minister Jan Berg said the ferry would sail again on Monday.", "date": "2024-06-04", "outlet": "Coast Times", "url": "https://example.org/ferry"}
    (tmp_path / "sub" / "b.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return tmp_path


def test_jsonl_over_a_directory_validates(corpus: Path) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["document"]["title"] for r in reports] == ["Port strike enters second week", "Ferry service resumes"]
    for report in reports:
        assert problems(report) == []
    assert reports[1]["document"]["outlet"] == "Coast Times"
    assert reports[1]["document"]["published"] == "2024-06-04"


def test_json_single_object_and_output_file(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["analyze", str(corpus / "a.txt"), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["schema"] == "claimscope.report/2"
    assert report["people"][0]["name"] == "Maria Santos"
    assert problems(report) == []


def test_text_format_is_readable(corpus: Path) -> None:
    result = runner.invoke(app, ["analyze", str(corpus / "a.txt")])
    assert result.exit_code == 0, result.output
    assert "Port strike enters second week" in result.stdout
    assert "Maria Santos" in result.stdout


def test_html_writes_one_page_per_article(corpus: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "html"
    result = runner.invoke(app, ["analyze", str(corpus), "--format", "html", "-o", str(outdir)])
    assert result.exit_code == 0, result.output
    pages = sorted(outdir.glob("*.html"))
    assert len(pages) == 2
    assert "Maria Santos" in pages[0].read_text(encoding="utf-8")


def test_stdin(corpus: Path) -> None:
    result = runner.invoke(app, ["analyze", "-", "--format", "jsonl"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.splitlines()[0])
    assert report["document"]["source"] == "<stdin>"


def test_bad_inputs_are_reported_and_the_rest_analysed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "legacy.txt").write_bytes("Новости\n\nЭксперт заявил, что переговоры продолжатся в Москве на этой неделе.".encode("cp1251"))
    (tmp_path / "huge.txt").write_bytes(b"word " * (11 * 1024 * 1024 // 5))
    (tmp_path / "broken.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text('{"text": "Officials said the bridge reopened on Friday."}\n{not json\n', encoding="utf-8")
    (tmp_path / "page.html").write_text("<html><body><div></div></body></html>", encoding="utf-8")
    (tmp_path / "truncated.txt.gz").write_bytes(gzip.compress(ARTICLE.encode())[:30])
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["analyze", str(tmp_path), str(missing), "--format", "jsonl"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("claimscope: error:")]
    named = " ".join(errors)
    for name in ("empty.txt", "binary.txt", "huge.txt", "broken.json", "lines.jsonl", "page.html", "truncated.txt.gz", "missing.txt"):
        assert name in named, f"{name} not reported in {errors}"
    assert all("\n" not in e for e in errors)
    assert "warning:" in result.stderr and "legacy.txt" in result.stderr  # decoded as cp1251, with a warning
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    sources = {Path(r["document"]["source"]).name for r in reports}
    assert {"good.txt", "legacy.txt"} <= sources
    assert any("bridge reopened" in r["document"]["text"] for r in reports)


def test_empty_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path)])
    assert result.exit_code == 1
    assert "[E007]" in result.stderr


def test_unknown_component_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path), "--disable", "nope"])
    assert result.exit_code == 2
