"""``claimscope cluster``: rerun the cross-document stage on a stored corpus (the ingest also runs it)."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

__all__ = ["register", "cluster"]


def cluster(
    db: Annotated[Optional[str], typer.Option("--db", help="Database URL or SQLite file (default: $CLAIMSCOPE_DB or ./claimscope.db).")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Forget the claim groups and cluster every claim again.")] = False,
) -> None:
    """Link people across articles and group recurring claims (only what is new, unless --rebuild); safe to rerun."""
    from ..store import open_store
    from . import update_corpus

    with open_store(db) as store:
        persons, clusters = update_corpus(store, rebuild=rebuild)
    typer.echo(f"people linked: {persons.linked} (new canonical persons: {persons.created}); "
               f"claims clustered: {clusters.claims}, clusters: {clusters.clusters} "
               f"(created {clusters.created}, grown {clusters.updated}, merged away {clusters.deleted})", err=True)


def register(app: typer.Typer) -> None:
    """Add ``cluster`` to the main CLI."""
    app.command("cluster")(cluster)
