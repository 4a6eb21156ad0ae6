"""``claimscope serve``: registered on a typer app, local by default, clear errors before uvicorn starts."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from claimscope import cli_web


def _app() -> typer.Typer:
    app = typer.Typer()
    cli_web.register(app)

    @app.command()
    def other() -> None:  # a second command, so typer keeps "serve" as a named subcommand
        """Placeholder."""

    return app


def test_serve_is_registered_with_local_defaults() -> None:
    result = CliRunner().invoke(_app(), ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--allow-write", "--read-timeout"):
        assert option in result.output
    assert "127.0.0.1" in result.output


def test_missing_database_and_missing_token_are_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: Any) -> None:
    monkeypatch.delenv("CLAIMSCOPE_TOKEN", raising=False)
    runner = CliRunner()
    missing = runner.invoke(_app(), ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "claimscope ingest" in missing.output
    no_token = runner.invoke(_app(), ["serve", "--db", str(corpus.path), "--allow-write"])
    assert no_token.exit_code == 2 and "CLAIMSCOPE_TOKEN" in no_token.output


def test_serve_runs_uvicorn_on_the_given_address(monkeypatch: pytest.MonkeyPatch, corpus: Any) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    result = CliRunner().invoke(_app(), ["serve", "--db", str(corpus.path), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123
    assert calls[0]["app"].state.config.allow_write is False
