"""Ingest fixtures: short articles written here, the pipeline loaded once per session."""
from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import pytest

PEOPLE = ["Anna Kowalska", "Marek Nowak", "Li Wei", "Omar Haddad", "Grace Okafor", "Pedro Alvarez"]
PLACES = ["Warsaw", "Geneva", "Nairobi", "Lima", "Seoul", "Oslo", "Cairo", "Hanoi"]
TOPICS = ["the grain deal", "the port expansion", "the new tariffs", "the railway tender", "the water treaty", "the fishing quota"]


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An empty database: SQLite unless a test parametrises ``db_url`` indirectly with an engine name."""
    from claimscope.store.testing import temporary_database

    with temporary_database(getattr(request, "param", "sqlite"), tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def settings():  # type: ignore[no-untyped-def]
    """The full pipeline, as users run it."""
    from claimscope.config import Settings

    return Settings()


def article(seed: int) -> str:
    """A short news article with a headline, a date line, an attributed quote and a reported one."""
    rng = random.Random(seed)
    person, other = rng.sample(PEOPLE, 2)
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    number = rng.randint(2, 90)
    return (
        f"{person.split()[-1]} warns over {topic} in {place} ({seed})\n\n"
        f"March {rng.randint(1, 28)}, 2024\n\n"
        f"Speaking with Example News, economist {person} said that {topic} would cost the region {number} million dollars.\n\n"
        f"“We cannot accept {topic} in its current form,” {person.split()[-1]} said. "
        f"Officials in {place} met for {number % 9 + 2} hours on Tuesday without an agreement.\n\n"
        f"According to {other}, the talks will resume next month, and a vote is planned before the summer.\n"
    )


@pytest.fixture
def write_articles(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(folder: str, seeds: range | list[int]) -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        for seed in seeds:
            (root / f"article-{seed:03d}.txt").write_text(article(seed), encoding="utf-8")
        return root

    return write


def _html_page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paras}</article><footer>© Example</footer></body></html>").encode("utf-8")


def _warc_bytes(pages: list[tuple[str, bytes, str]], gzip: bool = True) -> bytes:
    """A web archive with one response record per (url, payload, content type)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for url, payload, ctype in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers))
    return buf.getvalue()


@pytest.fixture(scope="session")
def article_text():  # type: ignore[no-untyped-def]
    return article


@pytest.fixture(scope="session")
def html_page():  # type: ignore[no-untyped-def]
    return _html_page


@pytest.fixture(scope="session")
def warc_bytes():  # type: ignore[no-untyped-def]
    return _warc_bytes


# what legitimately differs between two runs: which run wrote a row, and when
_RUN_COLUMNS = {"run_id"}
TABLES = ("documents", "sources", "people", "actors", "quotes", "claims", "events", "stances", "techniques",
          "near_duplicates", "failures", "canonical_persons")


def corpus_rows(url: str, root: Path, tables: tuple[str, ...] = TABLES) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the corpus tables, minus run ids and timestamps, with paths made relative to the corpus."""
    from sqlalchemy import DateTime, select

    from claimscope.store import models as m
    from claimscope.store import open_store

    store = open_store(url)
    out: dict[str, list[tuple[Any, ...]]] = {}
    try:
        with store.engine.connect() as conn:
            for name in tables:
                table = m.Base.metadata.tables[name]
                cols = [c for c in table.columns if c.name not in _RUN_COLUMNS and not isinstance(c.type, DateTime)]
                rows = conn.execute(select(*cols).order_by(*table.primary_key.columns)).all()
                out[name] = [tuple(str(v).replace(str(root), "<root>") if isinstance(v, str) else v for v in row) for row in rows]
    finally:
        store.close()
    return out
