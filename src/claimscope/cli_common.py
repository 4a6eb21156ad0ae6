"""What every claimscope command shares: how errors are printed and how options become Settings."""
from __future__ import annotations

from typing import Optional

import typer

from .config import Settings


def err(message: str) -> None:
    """One line on stderr, prefixed so it is recognisable in a batch log."""
    typer.echo(f"claimscope: {message}", err=True)


def settings_or_exit(model: Optional[str], disable: Optional[list[str]], max_bytes: Optional[int]) -> Settings:
    """The Settings a command's options ask for; a bad option is a usage error (exit 2)."""
    try:
        return Settings.from_env(model=model, disable=tuple(disable or ()), max_bytes=max_bytes)
    except ValueError as exc:
        err(f"error: {exc}")
        raise typer.Exit(2) from None
