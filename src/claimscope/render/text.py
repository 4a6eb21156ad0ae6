"""Terminal rendering of a report with rich.

Every section is printed even when it is empty ("none found"), so a reader
sees what the analysis looked for, not only what it found.  All values from
the article go into rich ``Text`` objects, never markup strings, so an
article containing ``[bold]`` or ``:smile:`` prints literally.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimscope.report.model import Report

QUOTE_LIMIT = 300
OUTLET = "outlet"
UNKNOWN_SOURCE = "unknown source"
NONE_FOUND = "none found"


def elide(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Collapse whitespace and cut the middle out of long text.

    The middle goes because a quote's opening names the topic and its end
    usually carries the conclusion; both matter more than the bridge.
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    keep = max(limit - 3, 2)
    head, tail = flat[: (keep + 1) // 2], flat[len(flat) - keep // 2 :]
    return f"{head.rstrip()} … {tail.lstrip()}"


def unresolved(speaker_text: str) -> str:
    """A source written in the text but resolved to no person or actor: ``source “officials” (unresolved)``."""
    return f"source “{' '.join(speaker_text.split())}” (unresolved)"


def actor_name(report: Report, code: str) -> str:
    """A CAMEO actor code as a reader knows it: the report's actor's name (with its role code when it has one)."""
    actor = next((a for a in report.actors if a.id == code or a.code == code), None)
    if actor is None:
        actor = next((a for a in report.actors if code.startswith(a.code)), None)
    if actor is None:
        return code
    return actor.name if code == actor.code else f"{actor.name} ({code})"


def source_label(name: str | None, voice: str | None, speaker_actor: str | None = None, speaker_text: str | None = None,
                 outlet: str = OUTLET) -> str:
    """Whose words, from stored columns: the person's ``name``, else the actor, else the source as
    written (unresolved), else "unknown source"; ``outlet`` for the outlet's voice (or no voice at all)."""
    if name:
        return name
    if voice != "source":
        return outlet
    if speaker_actor:
        return speaker_actor
    return unresolved(speaker_text) if speaker_text else UNKNOWN_SOURCE


def speaker_name(report: Report, who: Any, fallback: str = OUTLET) -> str:
    """Whose words: for a quote, claim, event or technique, its voice as a reader should see it.

    The person's name, else the actor (a state or organisation), else the source
    as written marked unresolved, else "unknown source"; a record in the outlet's
    voice is ``fallback`` ("outlet").  ``who`` may also be a people id (or None for
    the outlet); an id that resolves to nobody is shown as-is rather than hidden,
    so a dangling reference stays visible.
    """
    if who is None:
        return fallback
    if isinstance(who, str):
        person = report.person(who)
        return person.name if person else who
    if getattr(who, "voice", "source") == "outlet":
        return fallback
    if who.speaker is not None:
        return speaker_name(report, who.speaker)
    if getattr(who, "speaker_actor", None):
        return actor_name(report, who.speaker_actor)
    if getattr(who, "speaker_text", None):
        return unresolved(who.speaker_text)
    return UNKNOWN_SOURCE


def quote_speaker(report: Report, pid: str | None, speaker_text: str | None, speaker_actor: str | None = None) -> str:
    """A quote's source: the linked person, else the actor, else the source as written (unresolved)."""
    if pid is not None:
        return speaker_name(report, pid)
    if speaker_actor:
        return actor_name(report, speaker_actor)
    return unresolved(speaker_text) if speaker_text else UNKNOWN_SOURCE


def entity_name(report: Report, ref: str | None) -> str:
    """Name for an actor or person id (stance targets and events use either)."""
    if ref is None:
        return "?"
    if ref == OUTLET:
        return OUTLET
    actor = next((a for a in report.actors if a.id == ref), None)
    if actor is not None:
        return actor.name
    return speaker_name(report, ref)


def event_line(code: str, label: str, source: str | None, target: str | None) -> str:
    """``AZE → 072 Provide military aid → UKR``: who does what to whom, in one line."""
    return f"{source or '?'} → {code} {label} → {target or '?'}"


def _forms(texts: Iterable[str], limit: int = 60) -> str:
    """Distinct surface forms of mentions, in order of first use."""
    seen = list(dict.fromkeys(" ".join(t.split()) for t in texts))
    return elide(", ".join(seen), limit)


def _table(columns: Sequence[str], rows: list[list[str]]) -> Table:
    """A plain table; cells become ``Text`` so article content is never parsed as markup."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _section(console: Console, title: str, columns: Sequence[str], rows: list[list[str]]) -> None:
    console.print()
    console.print(Text(f"{title} ({len(rows)})", style="bold underline"))
    if rows:
        console.print(_table(columns, rows))
    else:
        console.print(Text(NONE_FOUND, style="dim italic"))


def _header(console: Console, report: Report) -> None:
    doc = report.document
    console.print(Text(doc.title or "(untitled)", style="bold"))
    fields = [
        ("published", doc.published),
        ("outlet", doc.outlet),
        ("sections", ", ".join(doc.sections) or None),
        ("genre", doc.genre),
        ("language", doc.language),
        ("source", doc.source),
        ("url", doc.url),
        ("pipeline", report.pipeline),
    ]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column(overflow="fold")
    for name, value in fields:
        if name in ("url", "pipeline") and value is None:
            continue
        grid.add_row(Text(name), Text(value if value is not None else "unknown"))
    console.print(grid)


def render_text(report: Report, console: Console | None = None) -> None:
    """Print the whole report to ``console`` (a fresh stdout console by default)."""
    console = console or Console(highlight=False)
    _header(console, report)
    _section(console, "People", ["id", "name", "roles", "actor", "mentions"], [
        [p.id, p.name, ", ".join(p.roles) or "—", p.actor or "—", str(len(p.mentions))] for p in report.people
    ])
    _section(console, "Actors", ["id", "name", "code", "kind", "mentions"], [
        [a.id, a.name, a.code, a.kind, f"{len(a.mentions)} ({_forms(m.text for m in a.mentions)})"
         if a.mentions else "0"]
        for a in report.actors
    ])
    _section(console, "Quotes", ["id", "kind", "speaker", "cue", "text"], [
        [q.id, q.kind, speaker_name(report, q), q.cue or "—", elide(q.text)]
        for q in report.quotes
    ])
    _section(console, "Claims", ["id", "type", "check", "certainty", "speaker", "text"], [
        [c.id, c.type, f"{c.checkworthiness:.2f}", c.certainty, speaker_name(report, c),
         elide(c.text)]
        for c in report.claims
    ])
    _section(console, "Events", ["id", "event", "modality", "via", "speaker"], [
        [e.id, event_line(e.code, e.label, e.source, e.target), e.modality,
         ", ".join(e.via) or "—", speaker_name(report, e)]
        for e in report.events
    ])
    _section(console, "Stances", ["holder", "target", "polarity", "evidence"], [
        [entity_name(report, s.holder), entity_name(report, s.target), f"{s.polarity:+.2f}",
         ", ".join(s.evidence) or "—"]
        for s in report.stances
    ])
    _section(console, "Techniques", ["technique", "speaker", "text"], [
        [t.technique, speaker_name(report, t), elide(t.text)] for t in report.techniques
    ])


def text_report(report: Report, width: int = 100) -> str:
    """The same report as a string, without colour codes (for files, tests, pipes)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None,
                      highlight=False, emoji=False, soft_wrap=False)
    render_text(report, console)
    return buffer.getvalue()
