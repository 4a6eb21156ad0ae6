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
