"""The library API: same report from text, path and Article; spaCy users get doc extensions."""
from __future__ import annotations

from pathlib import Path

import claimscope
from claimscope.reading.article import Article

TEXT = "Harbour deal signed\n\nFinance minister Anna Kowalska said that Norway would invest in the port.\n\n“It is a good day,” she said.\n"


def test_text_path_and_article_agree(tmp_path: Path) -> None:
    path = tmp_path / "deal.txt"
    path.write_text(TEXT, encoding="utf-8")
    from_text = claimscope.analyze(TEXT).to_dict()
    from_path = claimscope.analyze(path).to_dict()
    from_str_path = claimscope.analyze(str(path)).to_dict()
    for report in (from_path, from_str_path):
        report["document"]["source"] = from_text["document"]["source"]
    assert from_text == from_path == from_str_path
    assert from_text["document"]["id"] == __import__("hashlib").sha256(TEXT.encode()).hexdigest()
    assert isinstance(claimscope.analyze(Article(text=TEXT)), claimscope.Report)


def test_load_pipeline_exposes_extensions() -> None:
    nlp = claimscope.load_pipeline()
    assert {"claimscope_actors", "claimscope_people", "claimscope_quotes"} <= set(nlp.pipe_names)
    (doc,) = list(nlp.pipe([TEXT]))
    assert [p.name for p in doc._.people] == ["Anna Kowalska"]
    assert any(q.kind == "direct" for q in doc._.quotes)
    assert {s.kb_id_ for s in doc.spans["actors"]} == {"NOR"}
    assert doc._.article.title == "Harbour deal signed"


def test_analyze_many_streams_in_order() -> None:
    texts = [TEXT, "Second story\n\nOfficials said the bridge reopened."]
    titles = [r.document.title for r in claimscope.analyze_many(texts)]
    assert titles == ["Harbour deal signed", "Second story"]


UNRESOLVED = (
    "Harbour talks stall\n\nThe port authority met the union on Monday. “The strike will not end this week,” officials said. "
    "Finance minister Anna Kowalska said that Norway would invest in the port.\n"
)


def test_an_unresolved_source_keeps_its_voice_everywhere(tmp_path: Path) -> None:
    """A claim inside the quote of "officials" (no person) is a source's words in the JSON, the store, the CSV
    export and both renderers; a claim outside every quote is the outlet's."""
    import csv
    import io

    from sqlalchemy import select

    from claimscope.export import export
    from claimscope.render.html import render_html
    from claimscope.render.text import text_report
    from claimscope.report.validate import problems
    from claimscope.store import models as m
    from claimscope.store import open_store

    report = claimscope.analyze(UNRESOLVED)
    data = report.to_dict()
    assert data["schema"] == "claimscope.report/2" and problems(data) == []
    quote = next(q for q in data["quotes"] if q["speaker_text"] == "officials")
    assert (quote["voice"], quote["speaker"], quote["speaker_actor"]) == ("source", None, None)
    claim = next(c for c in data["claims"] if c["quote"] == quote["id"])
    assert (claim["voice"], claim["speaker"], claim["speaker_actor"], claim["speaker_text"]) == ("source", None, None, "officials")
    outlet = next(c for c in data["claims"] if c["text"].startswith("The port authority"))
    assert (outlet["voice"], outlet["speaker"], outlet["speaker_actor"], outlet["speaker_text"], outlet["quote"]) == ("outlet", None, None, None, None)
    assert all("actor" in p for p in data["people"])

    store = open_store(str(tmp_path / "corpus.db"))
    try:
        store.write_reports([report])
        assert store.report(report.document.id) == data
        with store.engine.connect() as conn:
            row = conn.execute(select(m.Claim.voice, m.Claim.speaker, m.Claim.speaker_text).where(m.Claim.local_id == claim["id"])).one()
        assert tuple(row) == ("source", None, "officials")
        buf = io.StringIO()
        export(store, "csv", "claims", buf)
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(buf.getvalue()))}
        assert (rows[claim["id"]]["voice"], rows[claim["id"]]["speaker"], rows[claim["id"]]["speaker_text"]) == ("source", "", "officials")
        assert (rows[outlet["id"]]["voice"], rows[outlet["id"]]["speaker_text"]) == ("outlet", "")
    finally:
        store.close()

    text = text_report(report, width=300)
    line = next(ln for ln in text.splitlines() if ln.strip().startswith(claim["id"] + " "))
    assert "source “officials” (unresolved)" in line and " outlet " not in line
    assert f"claim {claim['id']} — " in render_html(report)
    assert "source “officials” (unresolved)" in render_html(report)


def test_voice_at_is_the_containing_quote_source_or_the_outlet() -> None:
    from claimscope.report.convert import OUTLET_VOICE, voice_at

    (doc,) = list(claimscope.load_pipeline().pipe([UNRESOLVED]))
    inside = UNRESOLVED.index("strike will")
    assert voice_at(doc, inside, inside + 6) == ("source", None, None, "officials")
    outside = UNRESOLVED.index("port authority")
    assert voice_at(doc, outside, outside + 4) == OUTLET_VOICE == ("outlet", None, None, None)


def test_a_transcript_keeps_its_genre() -> None:
    from claimscope.report.validate import problems

    report = claimscope.analyze(Article(text="Evening briefing\n\nHOST: Good evening. GUEST: Thank you for having me.", genre="transcript"))
    assert report.document.genre == "transcript" and problems(report.to_dict()) == []
    assert claimscope.analyze(Article(text="Evening briefing\n\nGood evening.", genre="podcast")).document.genre == "other"
