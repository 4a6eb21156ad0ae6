"""The HTML page: well-formed under any span overlap, every span marked, nothing from the article live."""
from __future__ import annotations

import random
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from claimscope.render.html import LAYERS, Highlight, mark_up, render_html
from claimscope.report.model import (
    Actor,
    Claim,
    Document,
    Mention,
    Person,
    Quote,
    Report,
    Stance,
    Technique,
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

TEXT = (
    "Ana Petrova: Moldova <script>alert(1)</script> warns Kremlin\n\n"
    "Analyst Ana Petrova said the Moldovan government is making a shameful mistake "
    "<img src=x onerror=alert(2)> by trusting Moscow.\n\n"
    "\u201cChisinau is walking into a trap. Russia will never forgive it,\u201d Petrova said."
)


def span(needle: str, nth: int = 1) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``needle`` in TEXT."""
    start = -1
    for _ in range(nth):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def mention(needle: str, nth: int = 1, code: str | None = None) -> Mention:
    start, end = span(needle, nth)
    return Mention(start=start, end=end, text=needle, code=code)


def build_report(text: str = TEXT) -> Report:
    """A small report whose spans overlap without nesting and cross paragraph breaks."""
    q1 = span("Chisinau is walking into a trap. Russia will never forgive it,")
    q2 = span("the Moldovan government is making a shameful mistake")
    cue = span("said", 2)
    # the technique starts inside q2 and ends after it: overlap, not nesting
    tech = span("shameful mistake <img src=x onerror=alert(2)> by trusting")
    # the claim crosses a paragraph break and ends inside q1
    claim = (span("by trusting Moscow.")[0], span("walking into")[1])
    return Report(
        document=Document(id="d1", source="petrova.txt", title="Ana Petrova: Moldova <script>alert(1)</script>",
                          published="2024-03-26T10:04:00", sections=["Opinion", "Politics"],
                          genre="opinion", outlet="Example <b>News</b>", url="javascript:alert(3)",
                          text=text),
        people=[Person(id="p1", name="Ana Petrova", roles=["analyst"], actor="MDAOPP",
                       mentions=[mention("Ana Petrova"), mention("Ana Petrova", 2), mention("Petrova", 3)])],
        actors=[
            Actor(id="MDA", name="Moldova", kind="country", code="MDA",
                  mentions=[mention("Moldova"), mention("Chisinau", code="MDAGOV")]),
            Actor(id="MDAGOV", name="Moldovan government", kind="organization", code="MDAGOV",
                  mentions=[mention("Moldovan government")]),
            Actor(id="RUS", name="Russia", kind="country", code="RUS",
                  mentions=[mention("Kremlin", code="RUSGOV"), mention("Moscow"), mention("Russia")]),
        ],
        quotes=[
            Quote(id="q1", kind="direct", text=TEXT[q1[0]:q1[1]], start=q1[0], end=q1[1],
                  speaker="p1", cue="said", cue_start=cue[0], cue_end=cue[1]),
            Quote(id="q2", kind="indirect", text=TEXT[q2[0]:q2[1]], start=q2[0], end=q2[1],
                  speaker=None, speaker_text="Analyst"),
        ],
        claims=[Claim(id="c1", text=TEXT[claim[0]:claim[1]], start=claim[0], end=claim[1],
                      type="opinion", checkworthiness=0.35, speaker="p1", quote="q1"),
                # the headline, in the outlet's own voice
                Claim(id="c2", text="warns Kremlin", start=span("warns Kremlin")[0], end=span("warns Kremlin")[1],
                      type="fact", checkworthiness=0.5, voice="outlet"),
                # q2's source is written "Analyst" and resolved to nobody: a source all the same
                Claim(id="c3", text=TEXT[q2[0]:q2[1]], start=q2[0], end=q2[1], type="opinion", checkworthiness=0.4,
                      voice="source", speaker=None, speaker_text="Analyst", quote="q2")],
        stances=[Stance(holder="p1", target="RUS", polarity=-0.6, evidence=["c1"])],
        techniques=[
            Technique(technique="Loaded_Language", start=tech[0], end=tech[1],
                      text=TEXT[tech[0]:tech[1]], speaker="p1"),
            Technique(technique="Appeal_to_fear-prejudice", start=span("walking into a trap")[0],
                      end=span("walking into a trap")[1], text="walking into a trap", voice="source", speaker="p1"),
        ],
    )


class Page(HTMLParser):
    """Checks tag balance and gathers, per highlight key, its text and titles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.key_text: dict[str, str] = defaultdict(str)
        self.key_titles: dict[str, list[str]] = defaultdict(list)
        self.key_layer: dict[str, str] = {}
        self.article_text = ""
        self.article_paragraphs = 0
        self.body_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "p" and self._inside("article"):
            self.article_paragraphs += 1
        if "data-key" in attributes:
            key = attributes["data-key"] or ""
            self.key_titles[key].append(attributes.get("title") or "")
            self.key_layer[key] = attributes.get("data-layer") or ""
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.body_text += data
        if self._inside("article"):
            self.article_text += data
        for tag, attributes in self.stack:
            if tag == "span" and attributes.get("data-key"):
                self.key_text[attributes["data-key"] or ""] += data

    def _inside(self, tag: str) -> bool:
        return any(t == tag for t, _ in self.stack)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def squash(text: str) -> str:
    """Paragraph breaks become element boundaries, so compare without whitespace."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report()


@pytest.fixture(scope="module")
def page(report: Report) -> Page:
    return parse(render_html(report))


def test_page_is_well_formed(page: Page) -> None:
    assert page.errors == []
    assert page.stack == []
    ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids))


def test_every_span_is_marked_with_its_text(report: Report, page: Page) -> None:
    expected: dict[str, tuple[str, str]] = {}
    for q in report.quotes:
        expected[q.id] = ("quote", q.text)
        if q.cue_start is not None and q.cue_end is not None:
            expected[f"{q.id}-cue"] = ("quote", TEXT[q.cue_start:q.cue_end])
    for c in report.claims:
        expected[c.id] = ("claim", c.text)
    for i, t in enumerate(report.techniques, 1):
        expected[f"t{i}"] = ("technique", t.text)
    for p in report.people:
        for i, m in enumerate(p.mentions, 1):
            expected[f"{p.id}-m{i}"] = ("person", m.text)
    for a in report.actors:
        for i, m in enumerate(a.mentions, 1):
            expected[f"{a.id}-m{i}"] = ("actor", m.text)
    assert set(page.key_text) == set(expected)
    for key, (layer, text) in expected.items():
        assert page.key_layer[key] == layer, key
        assert squash(page.key_text[key]) == squash(text), key


def test_overlapping_spans_are_split_not_dropped(page: Page) -> None:
    # the technique overlaps q2's end and the claim crosses a paragraph break
    assert len(page.key_titles["t1"]) >= 2
    assert len(page.key_titles["c1"]) >= 2


def test_hover_labels(page: Page) -> None:
    def titles(key: str) -> str:
        return "\n".join(page.key_titles[key])

    assert "quote q1 — Ana Petrova (said)" in titles("q1")
    assert "quote q2 — source “Analyst” (unresolved)" in titles("q2")
    assert "claim c3 — opinion, asserted, check-worthiness 0.40 — source “Analyst” (unresolved)" in titles("c3")
    assert "claim c2 — fact, asserted, check-worthiness 0.50 — outlet" in titles("c2")
    assert "actor MDAGOV — Moldovan government" in titles("MDAGOV-m1")
    assert "actor MDAGOV — Moldova" in titles("MDA-m2")  # the mention's own code wins
    assert "actor RUSGOV" in titles("RUS-m1")
    assert "Loaded_Language — Ana Petrova" in titles("t1")
    assert "Appeal_to_fear-prejudice — Ana Petrova" in titles("t2")
    assert "person p1 — Ana Petrova (analyst)" in titles("p1-m1")
    # a span nested in a quote also names the quote, as browsers show one title only
    assert "quote q1" in page.key_titles["MDA-m2"][0]


def test_side_tables_show_whose_words(page: Page) -> None:
    body = squash(page.body_text)
    assert squash("c3 opinion 0.40 asserted source “Analyst” (unresolved)") in body
    assert squash("c2 fact 0.50 asserted outlet warns Kremlin") in body
    assert squash("p1 Ana Petrova analyst MDAOPP 3") in body


def test_article_text_is_kept_and_inert(page: Page) -> None:
    assert not [t for t, _ in page.tags if t in {"script", "img", "iframe", "object"}]
    assert "<script>alert(1)</script>" in page.article_text
    assert "<img src=x onerror=alert(2)>" in page.article_text
    assert squash(page.article_text) == squash(TEXT)
    assert "Example <b>News</b>" in page.body_text  # metadata is escaped too
    hrefs = [a.get("href") or "" for _, a in page.tags if "href" in a]
    assert not [h for h in hrefs if not h.startswith("#")]  # no javascript: link


def test_paragraphs(page: Page) -> None:
    assert page.article_paragraphs == TEXT.count("\n\n") + 1


def test_legend_toggles_every_layer(page: Page) -> None:
    boxes = {a.get("id") for t, a in page.tags if t == "input" and a.get("type") == "checkbox"}
    assert boxes == {f"layer-{layer.key}" for layer in LAYERS}
    assert {layer.key for layer in LAYERS} == {"quote", "person", "actor", "technique", "claim"}
    for layer in LAYERS:
        assert layer.name in page.body_text
        assert layer.description in page.body_text


def test_side_tables(report: Report, page: Page) -> None:
    for heading in ("People (1)", "Actors (3)", "Quotes (2)", "Claims (3)", "Events (0)",
                    "Stances (1)", "Techniques (2)"):
        assert heading in page.body_text
    assert page.body_text.count("none found") == 1  # only events are empty
    links = {a.get("href") for t, a in page.tags if t == "a"}
    assert {"#hl-q1", "#hl-q2", "#hl-c1", "#hl-p1-m1", "#hl-t1"} <= links


def test_empty_report_renders_every_section() -> None:
    page = parse(render_html(Report(document=Document(id="e", source="-", text="Nothing here."))))
    assert page.errors == [] and page.stack == []
    assert page.body_text.count("none found") == 7
    assert squash(page.article_text) == "Nothinghere."
    assert "Untitled article" in page.body_text


def test_bad_offsets_are_skipped() -> None:
    text = "Short text."
    marked = mark_up(text, [Highlight(5, 99, "quote", "q9", "x"), Highlight(4, 4, "actor", "a", "y"),
                            Highlight(0, 5, "person", "p1-m1", "person p1")])
    page = parse(f"<article>{marked}</article>")
    assert page.errors == [] and page.stack == []
    assert dict(page.key_text) == {"p1-m1": "Short"}


@pytest.mark.parametrize("seed", range(5))
def test_random_overlaps_stay_well_formed(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice("ab <&>\"'\n") for _ in range(300))
    spans: list[Highlight] = []
    for i in range(60):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(1, 80))
        spans.append(Highlight(start, end, rng.choice([layer.key for layer in LAYERS]), f"k{i}", f"<{i}>"))
    page = parse(f"<article>{mark_up(text, spans)}</article>")
    assert page.errors == [] and page.stack == []
    assert squash(page.article_text) == squash(text)
    for h in spans:
        assert squash(page.key_text[h.key]) == squash(text[h.start:h.end]), h
        if squash(text[h.start:h.end]):
            assert page.key_titles[h.key][0].startswith(f"<{h.key[1:]}>")
