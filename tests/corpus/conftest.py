"""Corpus-stage fixtures: hand-written reports stored directly (no pipeline), on SQLite and PostgreSQL."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimscope.report.convert import document_id
from claimscope.report.model import Claim, Document, Mention, Person, Report
from claimscope.store.testing import ENGINES, temporary_database


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with temporary_database(getattr(request, "param", "sqlite"), tmp_path) as url:
        yield url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_url" in metafunc.fixturenames:
        metafunc.parametrize("db_url", ENGINES, indirect=True)


@pytest.fixture
def store(db_url: str):  # type: ignore[no-untyped-def]
    from claimscope.store import open_store

    s = open_store(db_url)
    yield s
    s.close()


def article(title: str, sentences: list[tuple[str, str]], *, outlet: str, published: str | None,
            roles: dict[str, list[str]] | None = None) -> Report:
    """A report whose text is ``sentences`` (speaker name, claim text); each sentence is one claim by one person."""
    roles = roles or {}
    text = title + "\n\n"
    spans: list[tuple[str, int, int]] = []
    for speaker, sentence in sentences:
        start = len(text)
        text += sentence + " "
        spans.append((speaker, start, start + len(sentence)))
    people: list[Person] = []
    ids: dict[str, str] = {}
    for speaker, start, end in spans:
        if speaker not in ids:
            ids[speaker] = f"p{len(ids) + 1}"
            people.append(Person(id=ids[speaker], name=speaker, roles=roles.get(speaker, []),
                                 mentions=[Mention(start=start, end=end, text=text[start:end])]))
    claims = [Claim(id=f"c{i + 1}", text=text[s:e], start=s, end=e, type="fact", checkworthiness=0.7, speaker=ids[sp],
                    certainty="asserted", actors=[]) for i, (sp, s, e) in enumerate(spans)]
    doc = Document(id=document_id(text), source=f"/corpus/{outlet}-{title}.txt", title=title, published=published,
                   sections=[], genre="news", outlet=outlet, text=text)
    return Report(document=doc, people=people, actors=[], quotes=[], claims=claims, events=[], stances=[], techniques=[],
                  pipeline="claimscope test")
