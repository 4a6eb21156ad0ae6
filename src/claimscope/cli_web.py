"""``claimscope serve``: the web app and API over a corpus database (kept out of cli.py so the web stack loads only here)."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

__all__ = ["register", "serve"]


def serve(
    db: Annotated[Optional[str], typer.Option("--db", help="Database URL or SQLite path (default: $CLAIMSCOPE_DB or ./claimscope.db).")] = None,
    host: Annotated[str, typer.Option(help="Interface to bind; the default keeps the server local to this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    allow_write: Annotated[bool, typer.Option("--allow-write", help="Enable analyse-and-store; needs CLAIMSCOPE_TOKEN.")] = False,
    read_timeout: Annotated[float, typer.Option(min=0.05, help="Seconds a page's database reads may take before the page answers 503.")] = 2.0,
) -> None:
    """Serve the web app and REST API (OpenAPI docs at /docs)."""
    import uvicorn

    from .web import create_app
    from .web.db import CorpusMissing

    try:
        app = create_app(db, allow_write=allow_write, read_timeout=read_timeout)
    except (ValueError, CorpusMissing) as exc:
        typer.echo(f"claimscope: error: {exc}", err=True)
        raise typer.Exit(2)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"claimscope: warning: listening on {host}: anyone who can reach it can read the corpus", err=True)
    typer.echo(f"claimscope: serving {'read-write' if allow_write else 'read-only'} on http://{host}:{port}/ (docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the main CLI."""
    app.command("serve")(serve)
