"""Geometry for the inline SVG charts: stance over time, the event network, a claim's timeline.

Only numbers and labels are computed here; the templates draw them, so every
label goes through Jinja's autoescaping like any other field and the pages
need no JavaScript library.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from ..render.text import source_label
from . import cameo
from .schemas import ClusterMember, Edge, Series

__all__ = ["PALETTE", "Plot", "Line", "line_chart", "Network", "network", "Timeline", "timeline"]

# Okabe-Ito: distinguishable with the common colour-vision deficiencies
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#000000")


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    title: str


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    colour: str
    points: str
    dots: list[Dot]


@dataclass(frozen=True, slots=True)
class Plot:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    yticks: list[tuple[float, str]]
    xticks: list[tuple[float, str]]
    lines: list[Line]
    zero: float


def _months(start: str, end: str) -> list[str]:
    y, mo = int(start[:4]), int(start[5:7])
    out = []
    while f"{y:04d}-{mo:02d}" <= end and len(out) < 1200:
        out.append(f"{y:04d}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def _valid_month(period: str) -> bool:
    return len(period) == 7 and period[:4].isdigit() and period[4] == "-" and period[5:].isdigit() and 1 <= int(period[5:]) <= 12


def line_chart(series: list[Series], width: int = 640, height: int = 220) -> Plot | None:
    """Mean stance per month, one line per holder or target; y from -1 (against) to +1 (for)."""
    periods = sorted({p.period for s in series for p in s.points if _valid_month(p.period)})
    if not periods:
        return None
    months = _months(periods[0], periods[-1])
    index = {mo: i for i, mo in enumerate(months)}
    left, right, top, bottom = 44, width - 12, 12, height - 28
    span = max(len(months) - 1, 1)

    def x(mo: str) -> float:
        return round(left + (right - left) * (index[mo] / span if len(months) > 1 else 0.5), 1)

    def y(v: float) -> float:
        return round(top + (bottom - top) * (1 - (max(-1.0, min(1.0, v)) + 1) / 2), 1)

    step = max(1, math.ceil(len(months) / 8))
    xticks = [(x(mo), mo) for mo in months[::step]]
    lines = []
    for i, s in enumerate(series):
        pts = [p for p in s.points if p.period in index]
        if not pts:
            continue
        dots = [Dot(x(p.period), y(p.polarity), f"{s.name}, {p.period}: {p.polarity:+.2f} ({p.count} stance{'s' if p.count != 1 else ''})") for p in pts]
        lines.append(Line(s.name, PALETTE[i % len(PALETTE)], " ".join(f"{d.x},{d.y}" for d in dots), dots))
    yticks = [(y(v), f"{v:+.1f}" if v else "0") for v in (1.0, 0.5, 0.0, -0.5, -1.0)]
    return Plot(width, height, left, top, right, bottom, yticks, xticks, lines, y(0.0))


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    x: float
    y: float
    r: float
    centre: bool
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True, slots=True)
class Link:
    path: str
    width: float
    quad_colour: str
    gold_colour: str
    title: str


@dataclass(slots=True)
class Network:
    width: int
    height: int
    nodes: list[Node] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    quads: list[tuple[str, str]] = field(default_factory=list)


def network(edges: list[Edge], centre: str, width: int = 640, height: int = 440) -> Network | None:
    """The actor in the middle, its counterparts on a circle; one arrow per direction, curved when both exist."""
    drawn = [e for e in edges if e.source != e.target]
    if not drawn:
        return None
    weight: dict[str, int] = {}
    for e in drawn:
        for code in (e.source, e.target):
            weight[code] = weight.get(code, 0) + e.count
    hub = centre if centre in weight else max(weight, key=lambda c: (weight[c], c))
    others = sorted((c for c in weight if c != hub), key=lambda c: (-weight[c], c))
    cx, cy = width / 2, height / 2
    radius = min(width, height) / 2 - 56
    pos: dict[str, tuple[float, float]] = {hub: (cx, cy)}
    nodes = [Node(hub, cx, cy, 18, True, cx, cy + 4, "middle")]
    for i, code in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(others), 1)
        px, py = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        pos[code] = (px, py)
        lx, ly = cx + (radius + 16) * math.cos(angle), cy + (radius + 16) * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.3 else "end" if math.cos(angle) < -0.3 else "middle"
        nodes.append(Node(code, round(px, 1), round(py, 1), 7 + 5 * weight[code] / max(weight.values()), False,
                          round(lx, 1), round(ly + 4, 1), anchor))
    pairs = {(e.source, e.target) for e in drawn}
    radius_of = {n.code: n.r for n in nodes}
    top = max(e.count for e in drawn)
    links = []
    for e in drawn:
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        bend = 0.18 if (e.target, e.source) in pairs else 0.0
        mx, my = (x1 + x2) / 2 - bend * (y2 - y1), (y1 + y2) / 2 + bend * (x2 - x1)
        x1, y1 = _towards(x1, y1, mx, my, radius_of[e.source] + 1)  # start and end on the circles, not their centres
        x2, y2 = _towards(x2, y2, mx, my, radius_of[e.target] + 3)
        quad = cameo.QUAD_COLOURS.get(e.quad_class or 0, cameo.UNKNOWN_COLOUR)
        gold = f"{e.goldstein:+.1f}" if e.goldstein is not None else "n/a"
        quad_name = cameo.QUAD_NAMES.get(e.quad_class or 0, "unknown class")
        title = f"{e.source} → {e.target}: {e.count} event{'s' if e.count != 1 else ''}, mostly {e.root_code} {e.label or ''} ({quad_name}); mean Goldstein {gold}"
        links.append(Link(f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}", round(1.2 + 4.8 * e.count / top, 2),
                          quad, cameo.goldstein_colour(e.goldstein), title))
    quads = [(cameo.QUAD_COLOURS[q], name) for q, name in cameo.QUAD_NAMES.items()]
    return Network(width, height, nodes, links, quads)


def _towards(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    """The point ``distance`` from (x, y) in the direction of (tx, ty)."""
    dx, dy = tx - x, ty - y
    norm = math.hypot(dx, dy) or 1.0
    return x + dx / norm * distance, y + dy / norm * distance


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    y: float
    first: bool
    title: str
    href: str


@dataclass(slots=True)
class Timeline:
    width: int
    height: int
    left: int
    right: int
    lanes: list[tuple[float, str]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    xticks: list[tuple[float, str]] = field(default_factory=list)
    undated: int = 0


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def timeline(members: list[ClusterMember], width: int = 640, max_lanes: int = 12) -> Timeline | None:
    """One lane per outlet (the busiest first), one mark per appearance; the first appearance stands out."""
    dated = [(d, mb) for mb in members if (d := _day(mb.published)) is not None]
    if not dated:
        return None
    counts: dict[str, int] = {}
    for _, mb in dated:
        counts[mb.outlet or "unknown"] = counts.get(mb.outlet or "unknown", 0) + 1
    lanes = sorted(counts, key=lambda o: (-counts[o], o))
    if len(lanes) > max_lanes:
        lanes = lanes[: max_lanes - 1] + ["other outlets"]
    lane_y = {name: 24 + 26 * i for i, name in enumerate(lanes)}
    height = 24 + 26 * len(lanes) + 24
    left, right = 150, width - 40
    first_day, last_day = min(d for d, _ in dated), max(d for d, _ in dated)
    span = max((last_day - first_day).days, 1)

    def x(d: date) -> float:
        return round(left + (right - left) * ((d - first_day).days / span if last_day > first_day else 0.5), 1)

    first = min(dated, key=lambda t: (t[0], t[1].claim_id))[1]
    marks = []
    for d, mb in dated:
        lane = mb.outlet or "unknown"
        lane = lane if lane in lane_y else "other outlets"
        who = source_label(mb.speaker, mb.voice, mb.speaker_actor, mb.speaker_text, outlet="outlet voice")
        title = f"{d.isoformat()} · {mb.outlet or 'unknown outlet'} · {who}: {mb.text[:160]}"
        marks.append(Mark(x(d), lane_y[lane], mb is first, title, f"/articles/{mb.document_id}"))
    ticks = 6
    xticks = []
    for i in range(ticks + 1):
        day = date.fromordinal(first_day.toordinal() + round(span * i / ticks)) if last_day > first_day else first_day
        xticks.append((x(day), day.isoformat()))
        if last_day == first_day:
            break
    return Timeline(width, height, left, right, [(y, name) for name, y in lane_y.items()], marks,
                    list(dict.fromkeys(xticks)), len(members) - len(dated))
