"""Store fixtures: every storage test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``CLAIMSCOPE_TEST_PG`` (``scripts/ci_postgres.sh`` starts one).
Without it the PostgreSQL cases skip on a developer machine but fail in CI
(``CI`` set), so CI can never pass with the PostgreSQL half silently missing.
Each PostgreSQL test gets its own schema, so tests never see each other's rows.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimscope.report.convert import document_id
from claimscope.report.model import Actor, Claim, Document, Event, Mention, Person, Quote, Report, Stance, Technique
from claimscope.store.testing import ENGINES, temporary_database


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL for the engine named by the test's parameter."""
    with temporary_database(getattr(request, "param", "sqlite"), tmp_path) as url:
        yield url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses a database runs once per engine."""
    if "db_url" in metafunc.fixturenames:
        metafunc.parametrize("db_url", ENGINES, indirect=True)


@pytest.fixture
def report_factory():  # type: ignore[no-untyped-def]
    return make_report


@pytest.fixture
def store(db_url: str):  # type: ignore[no-untyped-def]
    from claimscope.store import open_store

    s = open_store(db_url)
    yield s
    s.close()


def make_report(
    body: str,
    *,
    title: str = "Ministers meet in Geneva",
    source: str = "/corpus/a.txt",
    outlet: str | None = "Example News",
    published: str | None = "2024-03-26T10:04:00",
    genre: str = "news",
    speaker: str = "Anna Kowalska",
    technique: str = "Loaded_Language",
    event_code: str = "163",
    modality: str = "asserted",
    unresolved: str | None = None,
    actor: str | None = None,
) -> Report:
    """A complete, valid report written by hand: store tests need no pipeline.

    The quote is the first double-quoted span of ``body``; claim, event and
    technique sit on it, in its source's voice: ``speaker`` (person ``p1``,
    affiliated to ``actor``), or, with ``unresolved``, a source written so
    ("officials") that names no person.
    """
    text = f"{title}\n\n{body}"
    q_start = text.index("“") + 1 if "“" in text else len(title) + 2
    q_end = text.index("”", q_start) if "”" in text[q_start:] else len(text)
    people = [Person(id="p1", name=speaker, roles=["analyst"], actor=actor, mentions=[Mention(start=0, end=5, text=text[0:5])])]
    who = {"voice": "source", "speaker": None if unresolved else "p1", "speaker_actor": None, "speaker_text": unresolved or speaker}
    actors = [
        Actor(id="RUS", name="Russia", kind="country", code="RUS", mentions=[Mention(start=0, end=4, text=text[0:4], code="RUSGOV")]),
        Actor(id="NATO", name="NATO", kind="organization", code="NATO", mentions=[]),
    ]
    quotes = [Quote(id="q1", kind="direct", text=text[q_start:q_end], start=q_start, end=q_end, **who, cue="said", cue_start=q_end + 2, cue_end=q_end + 6)]
    claims = [Claim(id="c1", text=text[q_start:q_end], start=q_start, end=q_end, type="fact", checkworthiness=0.8, **who, quote="q1", certainty="attributed", actors=["RUS", "NATO"])]
    events = [Event(id="e1", source="RUSGOV", target="NATO", code=event_code, label="Impose embargo", modality=modality, **who, claim="c1", start=q_start, end=q_end, via=[], goldstein=-6.5)]
    stances = [Stance(holder="p1", target="RUS", polarity=-0.5, evidence=["c1"])]
    techniques = [Technique(technique=technique, start=q_start, end=q_end, text=text[q_start:q_end], **who)]
    document = Document(id=document_id(text), source=source, title=title, published=published, sections=["World"], genre=genre, outlet=outlet, text=text)
    return Report(document=document, people=people, actors=actors, quotes=quotes, claims=claims, events=events, stances=stances, techniques=techniques, pipeline="claimscope test")
