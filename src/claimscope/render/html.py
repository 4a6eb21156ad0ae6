"""One standalone HTML page per article: the text with every layer highlighted.

Spans from different layers overlap and nest freely (a technique inside a
quote that straddles an actor mention), so the markup is built by one sweep
over all span boundaries with a stack of open elements: whenever a span ends
below the top of the stack, the spans above it are closed and reopened, and
the page stays well-formed.  All text goes through ``html.escape`` or jinja2
autoescaping; the page has no script and loads nothing from outside.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import jinja2
from markupsafe import Markup

from claimscope.render.text import (
    elide,
    entity_name,
    event_line,
    speaker_name,
)
from claimscope.report.model import Report


class Layer(NamedTuple):
    key: str
    name: str
    description: str


# Outer-to-inner order when two spans cover exactly the same text.
LAYERS: tuple[Layer, ...] = (
    Layer("quote", "Quotes", "reported speech (yellow); the speech cue in bold"),
    Layer("claim", "Claims", "facts, opinions, predictions, recommendations (violet band)"),
    Layer("technique", "Techniques", "persuasion techniques (red wavy underline)"),
    Layer("actor", "Actors", "countries, organisations, groups (green)"),
    Layer("person", "People", "mentions of named people (blue)"),
)
_RANK = {layer.key: i for i, layer in enumerate(LAYERS)}
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")


@dataclass(frozen=True, slots=True)
class Highlight:
    """One span to mark: ``key`` is unique per page, ``label`` is its hover text."""

    start: int
    end: int
    layer: str
    key: str
    label: str
    extra_class: str = ""


def collect_highlights(report: Report) -> list[Highlight]:
    """Every markable span in the report, from all layers."""
    out: list[Highlight] = []
    for q in report.quotes:
        who = speaker_name(report, q)
        cue = f" ({q.cue})" if q.cue else ""
        kind = "" if q.kind == "direct" else f" · {q.kind}"
        out.append(Highlight(q.start, q.end, "quote", q.id, f"quote {q.id} — {who}{cue}{kind}"))
        if q.cue_start is not None and q.cue_end is not None:
            out.append(Highlight(q.cue_start, q.cue_end, "quote", f"{q.id}-cue",
                                 f"cue of quote {q.id}: {q.cue or ''}", "hl-cue"))
    for c in report.claims:
        label = (f"claim {c.id} — {c.type}, {c.certainty}, check-worthiness "
                 f"{c.checkworthiness:.2f} — {speaker_name(report, c)}")
        out.append(Highlight(c.start, c.end, "claim", c.id, label))
    for i, t in enumerate(report.techniques, 1):
        out.append(Highlight(t.start, t.end, "technique", f"t{i}",
                             f"{t.technique} — {speaker_name(report, t)}"))
    for a in report.actors:
        for i, m in enumerate(a.mentions, 1):
            out.append(Highlight(m.start, m.end, "actor", f"{a.id}-m{i}",
                                 f"actor {m.code or a.code} — {a.name} ({a.kind})"))
    for p in report.people:
        roles = f" ({', '.join(p.roles)})" if p.roles else ""
        for i, m in enumerate(p.mentions, 1):
            out.append(Highlight(m.start, m.end, "person", f"{p.id}-m{i}",
                                 f"person {p.id} — {p.name}{roles}"))
    return out


def _open_tag(h: Highlight, enclosing: list[Highlight], first: bool) -> str:
    """Opening tag; the title lists the enclosing spans too, since a browser shows only the innermost."""
    title = "\n".join([h.label, *(o.label for o in reversed(enclosing))])
    classes = html.escape(" ".join(filter(None, ("hl", f"hl-{h.layer}", h.extra_class))))
    anchor = f' id="hl-{html.escape(h.key)}"' if first else ""
    return (f'<span class="{classes}"{anchor} data-layer="{html.escape(h.layer)}" '
            f'data-key="{html.escape(h.key)}" title="{html.escape(title)}">')


def _nesting_order(h: Highlight) -> tuple[int, int, int]:
    """Among spans opening at one point, the one reaching furthest goes outside."""
    return (-h.end, _RANK.get(h.layer, len(_RANK)), h.start)


def _text_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>\n")


def mark_up(text: str, highlights: list[Highlight]) -> str:
    """Escaped HTML paragraphs of ``text`` with ``highlights`` as nested spans.

    Spans with offsets outside the text or of zero length are skipped; a span
    crossing a paragraph break is split into one element per paragraph.
    """
    spans = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    starts: dict[int, list[Highlight]] = defaultdict(list)
    ends: dict[int, list[Highlight]] = defaultdict(list)
    for h in spans:
        starts[h.start].append(h)
        ends[h.end].append(h)
    breaks = {m.start(): m.end() for m in _PARAGRAPH_BREAK.finditer(text)}
    points = sorted({0, len(text), *breaks, *breaks.values(), *starts, *ends})
    active: set[Highlight] = set()
    opened: set[str] = set()
    stack: list[Highlight] = []  # open elements, outermost first
    parts = ["<p>"]
    skip_until = 0

    def close_from(i: int) -> None:
        parts.extend("</span>" for _ in stack[i:])
        del stack[i:]

    for pos, nxt in zip(points, points[1:]):
        active.difference_update(ends.get(pos, ()))
        active.update(starts.get(pos, ()))
        if pos in breaks:  # everything closes here and reopens in the next <p>
            close_from(0)
            parts.append("</p>\n<p>")
            skip_until = breaks[pos]
        if pos < skip_until:
            continue  # the break's own whitespace
        keep = next((i for i, h in enumerate(stack) if h not in active), len(stack))
        close_from(keep)
        for h in sorted(active.difference(stack), key=_nesting_order):
            parts.append(_open_tag(h, stack, h.key not in opened))
            opened.add(h.key)
            stack.append(h)
        parts.append(_text_html(text[pos:nxt]))
    close_from(0)
    parts.append("</p>")
    return "".join(parts)


class Cell(NamedTuple):
    """A table cell; ``href`` links it to the highlighted span in the article."""

    text: str
    href: str | None = None


class TableView(NamedTuple):
    title: str
    columns: tuple[str, ...]
    rows: list[list[Cell]]


def _tables(report: Report, anchored: set[str]) -> list[TableView]:
    """Side tables; ids link to their span when it was drawn."""

    def ref(key: str, text: str | None = None) -> Cell:
        return Cell(text or key, f"#hl-{key}" if key in anchored else None)

    def plain(*values: str) -> list[Cell]:
        return [Cell(v) for v in values]

    return [
        TableView("People", ("id", "name", "roles", "actor", "mentions"), [
            [ref(f"{p.id}-m1", p.id), *plain(p.name, ", ".join(p.roles) or "—", p.actor or "—", str(len(p.mentions)))]
            for p in report.people]),
        TableView("Actors", ("id", "name", "code", "kind", "mentions"), [
            [ref(f"{a.id}-m1", a.id), *plain(a.name, a.code, a.kind, str(len(a.mentions)))]
            for a in report.actors]),
        TableView("Quotes", ("id", "kind", "speaker", "cue", "text"), [
            [ref(q.id), *plain(q.kind, speaker_name(report, q), q.cue or "—", elide(q.text))]
            for q in report.quotes]),
        TableView("Claims", ("id", "type", "check", "certainty", "speaker", "text"), [
            [ref(c.id), *plain(c.type, f"{c.checkworthiness:.2f}", c.certainty,
                               speaker_name(report, c), elide(c.text))]
            for c in report.claims]),
        TableView("Events", ("id", "event", "modality", "via", "speaker"), [
            plain(e.id, event_line(e.code, e.label, e.source, e.target), e.modality,
                  ", ".join(e.via) or "—", speaker_name(report, e))
            for e in report.events]),
        TableView("Stances", ("holder", "target", "polarity", "evidence"), [
            plain(entity_name(report, s.holder), entity_name(report, s.target),
                  f"{s.polarity:+.2f}", ", ".join(s.evidence) or "—")
            for s in report.stances]),
        TableView("Techniques", ("technique", "speaker", "text"), [
            [ref(f"t{i}", t.technique), *plain(speaker_name(report, t), elide(t.text))]
            for i, t in enumerate(report.techniques, 1)]),
    ]


def _safe_url(url: str | None) -> str | None:
    """Only web URLs become links: a ``javascript:`` URL from a feed must stay text."""
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else None


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("claimscope.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    """The whole page as one string: inline CSS, no script, no external assets."""
    doc = report.document
    highlights = collect_highlights(report)
    drawn = {h.key for h in highlights if 0 <= h.start < h.end <= len(doc.text)}
    meta = [
        ("published", doc.published or "unknown"),
        ("outlet", doc.outlet or "unknown"),
        ("sections", ", ".join(doc.sections) or "—"),
        ("genre", doc.genre),
        ("language", doc.language),
        ("source", doc.source),
    ]
    if report.pipeline:
        meta.append(("pipeline", report.pipeline))
    return _environment().get_template("report.html.j2").render(
        doc=doc,
        meta=meta,
        url=doc.url,
        url_href=_safe_url(doc.url),
        layers=LAYERS,
        article=Markup(mark_up(doc.text, highlights)),
        tables=_tables(report, drawn),
        schema=report.schema_,
    )
