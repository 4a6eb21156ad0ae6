"""A small corpus for the web tests: articles analysed by the real pipeline, written by the store.

Four short articles (written here) go through ``claimscope.analyze`` and
``Store.write_reports``; a fifth, hostile report puts markup in every field a
page can show; one claim cluster ties claims of three articles together.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from claimscope.config import Settings  # noqa: E402

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
TOKEN = "test-token-0123456789"

ARTICLES = [
    ("Alpha News", "2024-03-01", "news",
     "Lavrov accuses Kyiv\n\nRussian Foreign Minister Sergei Lavrov said on Monday that Ukraine had shelled Russian border towns. "
     "\"Kyiv is a puppet of Washington and it will lose this war,\" Lavrov told reporters in Moscow. "
     "The United States announced new military aid to Ukraine last week.\n"),
    ("Beta Times", "2024-04-10", "news",
     "Biden pledges support\n\nPresident Joe Biden said the United States will provide military aid to Ukraine. "
     "\"Russia must withdraw its troops,\" Biden said at the White House. Ukraine's president Volodymyr Zelensky thanked Washington.\n"),
    ("Alpha News", "2024-05-20", "opinion",
     "Ceasefire talk\n\nTurkey offered to mediate between Russia and Ukraine, Turkish President Recep Tayyip Erdogan said. "
     "\"We are ready to host talks in Istanbul,\" Erdogan said in Ankara. Lavrov said Moscow would consider the offer.\n"),
    ("Gamma Post", "2024-06-02", "news",
     f"{SCRIPT} Harbour deal\n\nThe minister {IMG} said nothing. Finance minister Anna Kowalska said that Norway would invest "
     f"in the port. \"{SCRIPT} It is a good day,\" Kowalska said.\n"),
]


def pipeline_settings() -> Settings:
    """The full pipeline, as users run it."""
    return Settings()


def hostile_report() -> dict[str, Any]:
    """A valid report whose every displayed string carries markup; offsets are real.

    Its second quote's source is written (``<img …>officials``) but resolves to no person:
    the claim, event and technique inside it are a source's words all the same (voice "source").
    """
    import hashlib

    evil = f"{SCRIPT}{IMG}"
    head = f"{evil} headline\n\n"
    person = f"Eve {IMG}Mallory"
    quote = f"{SCRIPT} we will win"
    source = f"{IMG}officials"
    quote2 = "the Empire will bomb the Rebels"
    body = f'{person} said: "{quote}." {IMG} The Empire attacked the Rebels. {source} said "{quote2}."\n'
    text = head + body
    s0 = text.index(source)
    u0 = text.index(quote2)
    unresolved = {"voice": "source", "speaker": None, "speaker_actor": None, "speaker_text": source}
    p0 = text.index(person)
    q0 = text.index(quote)
    a0 = text.index("The Empire")
    r0 = text.index("Rebels")
    c0 = text.index("The Empire attacked the Rebels")
    cue = text.index(" said") + 1
    named = {"voice": "source", "speaker": "p1", "speaker_actor": None, "speaker_text": person}
    outlet = {"voice": "outlet", "speaker": None, "speaker_actor": None, "speaker_text": None}
    doc_id = hashlib.sha256(text.encode()).hexdigest()
    return {
        "schema": "claimscope.report/2",
        "document": {"id": doc_id, "source": f"test:{evil}", "title": f"{evil} headline", "published": "2024-07-01T09:00:00",
                     "sections": [evil], "genre": "opinion", "outlet": f"Evil {SCRIPT} Outlet", "language": "en",
                     "url": "javascript:alert(1)", "text": text},
        "people": [{"id": "p1", "name": person, "roles": [f"{IMG} role"], "actor": None, "mentions": [{"start": p0, "end": p0 + len(person), "text": person, "code": None}]}],
        "actors": [
            {"id": "XSS", "name": f"Empire {SCRIPT}", "kind": "group", "code": "XSS",
             "mentions": [{"start": a0, "end": a0 + 10, "text": "The Empire", "code": "XSS"}]},
            {"id": "REB", "name": f"Rebels {IMG}", "kind": "group", "code": "REB",
             "mentions": [{"start": r0, "end": r0 + 6, "text": "Rebels", "code": "REB"}]},
        ],
        "quotes": [{"id": "q1", "kind": "direct", "text": quote, "start": q0, "end": q0 + len(quote), **named,
                    "speaker_start": p0, "speaker_end": p0 + len(person), "cue": "said", "cue_start": cue, "cue_end": cue + 4},
                   {"id": "q2", "kind": "direct", "text": quote2, "start": u0, "end": u0 + len(quote2), **unresolved,
                    "speaker_start": s0, "speaker_end": s0 + len(source), "cue": None, "cue_start": None, "cue_end": None}],
        "claims": [
            {"id": "c1", "text": quote, "start": q0, "end": q0 + len(quote), "type": "prediction", "checkworthiness": 0.4,
             **named, "quote": "q1", "certainty": "asserted", "evidence": None, "actors": []},
            {"id": "c2", "text": "The Empire attacked the Rebels", "start": c0, "end": c0 + 30, "type": "fact", "checkworthiness": 0.9,
             **outlet, "quote": None, "certainty": "asserted", "evidence": None, "actors": ["XSS", "REB"]},
            {"id": "c3", "text": quote2, "start": u0, "end": u0 + len(quote2), "type": "prediction", "checkworthiness": 0.2,
             **unresolved, "quote": "q2", "certainty": "asserted", "evidence": None, "actors": ["XSS", "REB"]},
        ],
        "events": [{"id": "e1", "source": "XSS", "target": "REB", "code": "190", "label": f"fight {SCRIPT}", "modality": "asserted",
                    **outlet, "claim": "c2", "start": c0, "end": c0 + 30, "via": [], "goldstein": -10.0},
                   {"id": "e2", "source": "XSS", "target": "REB", "code": "195", "label": "Employ aerial weapons", "modality": "asserted",
                    **unresolved, "claim": "c3", "start": u0, "end": u0 + len(quote2), "via": [], "goldstein": -10.0}],
        "stances": [{"holder": "p1", "target": "XSS", "polarity": 0.8, "evidence": ["c1"]},
                    {"holder": "outlet", "target": "REB", "polarity": -0.6, "evidence": ["c2"]}],
        "techniques": [{"technique": "Loaded_Language", "start": q0, "end": q0 + len(quote), "text": quote, **named},
                       {"technique": "Appeal_to_fear-prejudice", "start": u0, "end": u0 + len(quote2), "text": quote2, **unresolved}],
        "pipeline": f"test {IMG}",
    }


@dataclass
class Corpus:
    url: str
    path: Path
    reports: list[dict[str, Any]]
    hostile: dict[str, Any]
    cluster_id: int
    cluster_claims: list[int] = field(default_factory=list)

    def by_title(self, part: str) -> dict[str, Any]:
        return next(r for r in self.reports if part in (r["document"]["title"] or ""))


@pytest.fixture(scope="session")
def settings() -> Settings:
    return pipeline_settings()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Corpus:
    from sqlalchemy import insert, select

    from claimscope.api import analyze_articles
    from claimscope.reading.metadata import complete
    from claimscope.reading.plaintext import read_plain
    from claimscope.store import models as m
    from claimscope.store import open_store

    articles = []
    for outlet, published, genre, text in ARTICLES:
        article = complete(read_plain(text, f"test:{outlet}:{published}"))
        article.outlet, article.published, article.genre = outlet, published, genre
        articles.append(article)
    reports = [r.to_dict() for r in analyze_articles(articles, settings)]
    hostile = hostile_report()
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    store = open_store(str(path))
    store.write_reports([*reports, hostile])
    with store.engine.begin() as conn:
        rows = conn.execute(select(m.Claim.id, m.Claim.document_id, m.Claim.text, m.Claim.speaker_name).order_by(m.Claim.id)).all()
        by_doc: dict[str, Any] = {}
        for row in rows:
            by_doc.setdefault(row.document_id, row)
        members = [by_doc[r["document"]["id"]] for r in reports[:3]] + [by_doc[hostile["document"]["id"]]]
        first = members[0]
        cluster_id = conn.execute(insert(m.ClaimCluster).values(
            label=f"{SCRIPT} recurring claim", method="test", size=len(members), first_claim_id=first.id,
            first_document_id=first.document_id, first_published=reports[0]["document"]["published"],
            first_outlet=reports[0]["document"]["outlet"], first_speaker=first.speaker_name)).inserted_primary_key[0]
        conn.execute(insert(m.ClaimClusterMember), [{"cluster_id": cluster_id, "claim_id": r.id, "similarity": 0.9} for r in members])
    store.close()
    return Corpus(f"sqlite:///{path}", path, reports, hostile, int(cluster_id), [r.id for r in members])


@pytest.fixture(scope="session")
def app(corpus: Corpus, settings: Settings) -> Any:
    from claimscope.web import create_app

    return create_app(corpus.url, settings=settings)


@pytest.fixture(scope="session")
def client(app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture()
def writable(tmp_path: Path, corpus: Corpus, settings: Settings) -> Iterator[Any]:
    """A write-enabled app over a copy of the corpus (writes must not leak into other tests)."""
    import sqlite3

    from fastapi.testclient import TestClient

    from claimscope.web import create_app

    copy = tmp_path / "copy.db"
    with sqlite3.connect(corpus.path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with TestClient(create_app(str(copy), allow_write=True, token=TOKEN, settings=settings)) as c:
        yield c
