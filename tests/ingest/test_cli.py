"""The corpus commands through typer: ingest with its progress bar, failures, export."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from claimscope.cli_corpus import register


def test_ingest_failures_export_commands(settings, write_articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = typer.Typer()
    register(app)
    assert {c.name for c in app.registered_commands} == {"ingest", "load", "failures", "export"}
    folder = write_articles("corpus", range(3))
    (folder / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "cli.db")
    disable = [arg for name in settings.disable for arg in ("--disable", name)]
    runner = CliRunner()

    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--batch-size", "2", *disable])
    assert result.exit_code == 0, result.output
    assert "3 stored" in result.output and "1 failed" in result.output

    result = runner.invoke(app, ["failures", "--db", db, "--json"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(Path(r["source"]).name, r["code"], r["run"]) for r in rows] == [("empty.txt", "E001", 1)]

    out = tmp_path / "reports.jsonl"
    result = runner.invoke(app, ["export", "--db", db, "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3

    result = runner.invoke(app, ["export", "--db", db, "--format", "parquet"])
    assert result.exit_code == 2 and "--output" in result.output


def test_rich_progress_shows_articles_and_failures(settings, write_articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import io

    from rich.console import Console

    from claimscope.ingest import ingest
    from claimscope.ingest.progress import RichProgress
    from claimscope.store import open_store

    folder = write_articles("corpus", range(2))
    (folder / "empty.txt").write_bytes(b"")
    buf = io.StringIO()
    with open_store(str(tmp_path / "p.db")) as store, RichProgress(Console(file=buf, width=200, force_terminal=False)) as bar:
        ingest([folder], store, settings, progress=bar)
    text = buf.getvalue()
    assert "3/3" in text and "2 articles" in text and "1 failed" in text
