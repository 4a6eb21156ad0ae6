"""Chart geometry and the background cache: plain functions, checked without a browser."""
from __future__ import annotations

import threading
import time

from claimscope.web.app import Cached
from claimscope.web.charts import line_chart, network, timeline
from claimscope.web.schemas import ClusterMember, Edge, Series, SeriesPoint


def test_line_chart_maps_months_and_polarity() -> None:
    plot = line_chart([Series(name="A", points=[SeriesPoint(period="2024-01", polarity=1.0, count=2),
                                                SeriesPoint(period="2024-04", polarity=-1.0, count=1)]),
                       Series(name="B", points=[SeriesPoint(period="2024-02", polarity=0.0, count=1)])])
    assert plot is not None
    a, b = plot.lines
    assert [d.x for d in a.dots] == [plot.left, plot.right]  # Jan and Apr span the axis
    assert [d.y for d in a.dots] == [plot.top, plot.bottom]  # +1 at the top, -1 at the bottom
    assert b.dots[0].y == plot.zero and plot.left < b.dots[0].x < plot.right
    assert a.colour != b.colour
    assert line_chart([Series(name="x", points=[SeriesPoint(period="undated", polarity=0.5, count=1)])]) is None


def test_network_puts_the_actor_in_the_middle_and_bends_two_way_edges() -> None:
    edges = [Edge(source="RUS", target="UKR", count=4, root_code="19", label="Fight", quad_class=4, goldstein=-10.0),
             Edge(source="UKR", target="RUS", count=1, root_code="04", label="Consult", quad_class=1, goldstein=1.0),
             Edge(source="USA", target="UKR", count=2, root_code="07", label="Provide aid", quad_class=2, goldstein=7.0),
             Edge(source="UKR", target="UKR", count=9, root_code="01", label="Statement", quad_class=1, goldstein=0.0)]
    net = network(edges, "UKR")
    assert net is not None
    hub = next(n for n in net.nodes if n.centre)
    assert hub.code == "UKR" and (hub.x, hub.y) == (net.width / 2, net.height / 2)
    assert len(net.links) == 3  # the self-loop is listed in the table, not drawn
    widths = {link.title.split(":")[0]: link.width for link in net.links}
    assert widths["RUS → UKR"] > widths["USA → UKR"] > widths["UKR → RUS"]
    two_way = [link.path for link in net.links if link.title.startswith(("RUS → UKR", "UKR → RUS"))]
    assert all(" Q" in p for p in two_way)
    assert {link.quad_colour for link in net.links} == {"#b8322a", "#74b98a", "#1e7a46"}
    assert network([edges[-1]], "UKR") is None


def test_timeline_rings_the_first_appearance() -> None:
    members = [ClusterMember(claim_id=i, document_id=f"d{i}", title=None, outlet=o, published=p, speaker=None, text="t", similarity=1.0)
               for i, (o, p) in enumerate([("B", "2024-02-01"), ("A", "2024-01-01"), ("A", None), ("B", "2024-03-01")])]
    tl = timeline(members)
    assert tl is not None and tl.undated == 1
    first = [m for m in tl.marks if m.first]
    assert len(first) == 1 and first[0].href == "/articles/d1" and first[0].x == tl.left
    assert [name for _, name in tl.lanes] == ["B", "A"]


def test_timeline_marks_say_whose_words() -> None:
    def member(i: int, **who: str | None) -> ClusterMember:
        return ClusterMember(claim_id=i, document_id=f"d{i}", title=None, outlet="A", published=f"2024-01-0{i}", text="t", similarity=1.0, **who)

    tl = timeline([member(1, voice="outlet"), member(2, voice="source", speaker_text="officials"),
                   member(3, voice="source", speaker="Anna Lind"), member(4, voice="source", speaker_actor="RUSGOV"), member(5, voice="source")])
    assert tl is not None
    assert [mk.title.split(" · ")[-1] for mk in tl.marks] == [
        "outlet voice: t", "source “officials” (unresolved): t", "Anna Lind: t", "RUSGOV: t", "unknown source: t"]


def test_cached_computes_once_then_refreshes_in_the_background() -> None:
    calls: list[int] = []
    gate = threading.Event()

    def compute() -> int:
        calls.append(1)
        if len(calls) > 1:
            gate.wait(5)
        return len(calls)

    cache = Cached(compute, ttl=0.05)
    assert cache.get() == 1 and cache.get() == 1 and len(calls) == 1
    time.sleep(0.06)
    assert cache.get() == 1  # stale: the old value now, a refresh started
    cache.ttl = 100.0  # no further refreshes while we wait for this one
    gate.set()
    deadline = time.monotonic() + 5
    while cache.get() != 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cache.get() == 2 and len(calls) == 2
