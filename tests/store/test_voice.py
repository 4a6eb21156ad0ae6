"""Whose words (``claimscope.report/2``): voice and speaker columns stored, and /1 databases and reports upgraded."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import MetaData, insert, select, text

from claimscope.report.convert import document_id
from claimscope.report.model import SCHEMA_ID, Report
from claimscope.report.upgrade import upgrade
from claimscope.report.validate import problems
from claimscope.store import models as m
from claimscope.store import open_store

BODY = "Officials said “the strike will end soon.” The union called the plan a disgrace. “We will not bend,” Maria Lind said."


def report_v1() -> dict[str, Any]:
    """A report as /1 wrote it: no voice, and an unresolved source only in its quote's ``speaker_text``."""
    text_ = f"Port strike spreads\n\n{BODY}"
    q1 = text_.index("the strike")
    q1e = text_.index("”", q1)
    q2 = text_.index("We will")
    q2e = text_.index("”", q2)
    c2 = text_.index("The union")
    c2e = text_.index("disgrace.") + len("disgrace.")
    d = text_.index("disgrace")
    p = text_.index("Maria Lind")
    return {
        "schema": "claimscope.report/1",
        "document": {"id": document_id(text_), "source": "/corpus/port.txt", "title": "Port strike spreads", "published": "2024-05-02",
                     "sections": [], "genre": "news", "outlet": "Harbour Daily", "language": "en", "url": None, "text": text_},
        "people": [{"id": "p1", "name": "Maria Lind", "roles": [], "mentions": [{"start": p, "end": p + 10, "text": "Maria Lind", "code": None}]}],
        "actors": [],
        "quotes": [
            {"id": "q1", "kind": "direct", "text": text_[q1:q1e], "start": q1, "end": q1e, "speaker": None, "speaker_text": "Officials",
             "speaker_start": text_.index("Officials"), "speaker_end": text_.index("Officials") + 9, "cue": "said", "cue_start": None, "cue_end": None},
            {"id": "q2", "kind": "direct", "text": text_[q2:q2e], "start": q2, "end": q2e, "speaker": "p1", "speaker_text": "Maria Lind",
             "speaker_start": p, "speaker_end": p + 10, "cue": "said", "cue_start": None, "cue_end": None},
        ],
        "claims": [
            {"id": "c1", "text": text_[q1:q1e], "start": q1, "end": q1e, "type": "prediction", "checkworthiness": 0.6, "speaker": None,
             "quote": "q1", "certainty": "asserted", "evidence": None, "actors": []},
            {"id": "c2", "text": text_[c2:c2e], "start": c2, "end": c2e, "type": "opinion", "checkworthiness": 0.2, "speaker": None,
             "quote": None, "certainty": "asserted", "evidence": None, "actors": []},
        ],
        "events": [{"id": "e1", "source": None, "target": None, "code": "023", "label": "Appeal for aid", "modality": "asserted",
                    "speaker": None, "claim": "c1", "start": q1, "end": q1e, "via": [], "goldstein": 3.4}],
        "stances": [],
        "techniques": [
            {"technique": "Loaded_Language", "start": d, "end": d + 8, "text": "disgrace", "speaker": None},
            {"technique": "Slogans", "start": q2, "end": q2e, "text": text_[q2:q2e], "speaker": "p1"},
        ],
        "pipeline": "claimscope 0.old",
    }


def _voices(conn: Any, table: Any, key: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in conn.execute(select(key, table.voice, table.speaker, table.speaker_actor, table.speaker_text).order_by(table.id))]


def test_a_v1_report_upgrades_to_a_valid_v2_one() -> None:
    old = report_v1()
    new = upgrade(old)
    assert problems(new) == [] and new["schema"] == SCHEMA_ID
    assert old["schema"] == "claimscope.report/1"  # the input is left as it was
    c1, c2 = new["claims"]
    assert (c1["voice"], c1["speaker"], c1["speaker_text"]) == ("source", None, "Officials")  # unresolved, never the outlet
    assert (c2["voice"], c2["speaker"], c2["speaker_text"]) == ("outlet", None, None)
    assert (new["events"][0]["voice"], new["events"][0]["speaker_text"]) == ("source", "Officials")
    assert [(t["voice"], t["speaker"], t["speaker_text"]) for t in new["techniques"]] == [("outlet", None, None), ("source", "p1", "Maria Lind")]
    assert {q["voice"] for q in new["quotes"]} == {"source"} and new["people"][0]["actor"] is None
    assert upgrade(new) is new
    assert Report.model_validate(old).to_dict() == new  # the model reads a /1 dict as /2


def test_voice_columns_are_stored(store, report_factory) -> None:  # type: ignore[no-untyped-def]
    unresolved = report_factory("Officials said “the strike will end soon” on Friday.", unresolved="Officials")
    named = report_factory("“Prices will fall,” Lind said.", title="Prices", speaker="Maria Lind", actor="SWEGOV")
    store.write_reports([unresolved, named])
    assert store.report(unresolved.document.id) == unresolved.to_dict()
    with store.engine.connect() as conn:
        for table, first in ((m.Quote, "q1"), (m.Claim, "c1"), (m.Event, "e1")):
            assert _voices(conn, table, table.local_id) == [(first, "source", None, None, "Officials"), (first, "source", "p1", None, "Maria Lind")]
        assert _voices(conn, m.Technique, m.Technique.technique) == [
            ("Loaded_Language", "source", None, None, "Officials"), ("Loaded_Language", "source", "p1", None, "Maria Lind")]
        assert conn.execute(select(m.Claim.speaker_name).order_by(m.Claim.id)).scalars().all() == [None, "Maria Lind"]
        assert conn.execute(select(m.Person.actor).order_by(m.Person.id)).scalars().all() == [None, "SWEGOV"]


def test_a_v1_report_written_now_is_stored_as_v2(store) -> None:  # type: ignore[no-untyped-def]
    old = report_v1()
    store.write_reports([old])
    assert store.report(old["document"]["id"]) == upgrade(old)
    with store.engine.connect() as conn:
        assert _voices(conn, m.Claim, m.Claim.local_id) == [("c1", "source", None, None, "Officials"), ("c2", "outlet", None, None, None)]


def test_a_database_made_at_0003_is_upgraded_and_serves_v2_reports(store, db_url) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from alembic.config import Config

    from claimscope.store.engine import MIGRATIONS
    from claimscope.store.writer import _rows

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:  # back to the schema before revision 0004 …
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    old = report_v1()
    with store.engine.begin() as conn:  # … and a /1 report stored as the /1 writer did: its JSON and the columns 0003 had
        tables = MetaData()
        tables.reflect(conn)
        rows = _rows(upgrade(old), None)
        rows["documents"][0]["report"] = json.dumps({**old, "document": {**old["document"], "text": None}})
        for name in ("documents", "people", "quotes", "claims", "events", "techniques"):
            table = tables.tables[name]
            assert not {"voice", "speaker_actor", "actor"} & set(table.c.keys())
            conn.execute(insert(table), [{k: v for k, v in row.items() if k in table.c} for row in rows[name]])
    store.close()

    upgraded = open_store(db_url)
    try:
        with upgraded.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0004"
            assert _voices(conn, m.Quote, m.Quote.local_id) == [("q1", "source", None, None, "Officials"), ("q2", "source", "p1", None, "Maria Lind")]
            assert _voices(conn, m.Claim, m.Claim.local_id) == [("c1", "source", None, None, "Officials"), ("c2", "outlet", None, None, None)]
            assert _voices(conn, m.Event, m.Event.local_id) == [("e1", "source", None, None, "Officials")]
            assert _voices(conn, m.Technique, m.Technique.technique) == [("Loaded_Language", "outlet", None, None, None), ("Slogans", "source", "p1", None, "Maria Lind")]
            assert conn.execute(select(m.Person.actor)).scalars().all() == [None]
        served = upgraded.report(old["document"]["id"])
        assert served == upgrade(old) and problems(served) == []
        assert [r["schema"] for r in upgraded.iter_reports()] == [SCHEMA_ID]
        # new reports go in beside the upgraded ones
        upgraded.write_reports([Report.model_validate({**upgrade(old), "document": {**old["document"], "text": old["document"]["text"] + " More.",
                                                                                    "id": document_id(old["document"]["text"] + " More.")}})])
        assert upgraded.counts()["claims"] == 4
    finally:
        upgraded.close()
