"""The command line: a thin typer app over the library (the CLI builds the same Settings)."""
from __future__ import annotations

import json
import re
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_common import err as _err, settings_or_exit
from .config import COMPONENTS, Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="claimscope: who said what in news and opinion articles, tied to exact spans.")


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"




def _slug(source: str, n: int) -> str:
    stem = Path(source.split(":")[0]).name or "article"
    stem = re.sub(r"\.(txt|html?|jsonl?|gz)$", "", stem, flags=re.I)
    return f"{n:04d}-{re.sub(r'[^A-Za-z0-9._-]+', '-', stem)[:60] or 'article'}.html"


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (recursive); '-' reads stdin.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="text | json | jsonl | html")] = Format.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (text/json/jsonl) or directory (html).")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy model package to use.")] = None,
    disable: Annotated[Optional[list[str]], typer.Option(help=f"Skip a component: {', '.join(COMPONENTS)}")] = None,
    max_bytes: Annotated[Optional[int], typer.Option(help="Refuse input files larger than this.")] = None,
) -> None:
    """Analyse articles and print their reports."""
    from .api import analyze_articles
    from .errors import ReadError
    from .reading import read_paths
    from .reading.article import Article

    settings = settings_or_exit(model, disable, max_bytes)
    failures = 0

    def articles():  # type: ignore[no-untyped-def]
        nonlocal failures
        for item in read_paths(paths, settings):
            if isinstance(item, ReadError):
                failures += 1
                _err(f"error: {item}")
                continue
            assert isinstance(item, Article)
            for warning in item.warnings:
                _err(f"warning: {item.source}: {warning}")
            yield item

    if format is Format.html:
        from .render.html import render_html

        outdir = output or Path("claimscope-html")
        outdir.mkdir(parents=True, exist_ok=True)
    out = open(output, "w", encoding="utf-8") if output and format is not Format.html else sys.stdout
    count = 0
    json_items: list[dict] = []
    try:
        for report in analyze_articles(articles(), settings):
            count += 1
            if format is Format.jsonl:
                out.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
            elif format is Format.json:
                json_items.append(report.to_dict())
            elif format is Format.html:
                page = outdir / _slug(report.document.source, count)
                page.write_text(render_html(report), encoding="utf-8")
                typer.echo(str(page))
            else:
                from rich.console import Console

                from .render.text import render_text

                render_text(report, Console(file=out, force_terminal=out.isatty() if hasattr(out, "isatty") else False, width=None if out is sys.stdout else 100))
        if format is Format.json and json_items:
            out.write(json.dumps(json_items[0] if len(json_items) == 1 else json_items, ensure_ascii=False, indent=2) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if count == 0 and failures == 0:
        _err("error: no articles to analyse")
        raise typer.Exit(2)
    if failures:
        _err(f"{failures} input(s) failed, {count} article(s) analysed")
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print the claimscope version and the spaCy model in use."""
    from . import __version__

    typer.echo(f"claimscope {__version__} (model {Settings().model})")


def _register_subcommands() -> None:
    """Corpus and web commands live in their own modules; the CLI stays a thin shell."""
    from .cli_corpus import register as register_corpus
    from .cli_web import register as register_web
    from .corpus.cli import register as register_cluster

    register_corpus(app)
    register_cluster(app)
    register_web(app)


_register_subcommands()


def main() -> None:
    warnings.filterwarnings("ignore", category=UserWarning, module="dateutil")
    app()


if __name__ == "__main__":
    main()
