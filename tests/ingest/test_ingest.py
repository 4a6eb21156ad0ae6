"""Local ingest: idempotent reruns, one document per text, bad inputs recorded, near-duplicates linked."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from claimscope.ingest import ingest, text_id
from claimscope.store import open_store
from claimscope.store.testing import ENGINES


@pytest.mark.parametrize("db_url", ENGINES, indirect=True)
def test_rerun_adds_nothing(db_url: str, settings, write_articles) -> None:  # type: ignore[no-untyped-def]
    folder = write_articles("corpus", range(5))
    store = open_store(db_url)
    seen: list[int] = []
    first = ingest([folder], store, settings, batch_size=2, progress=lambda s: seen.append(s.stored))
    assert (first.stored, first.duplicates, first.failures, first.files_done) == (5, 0, 0, 5)
    assert seen[-1] == 5 and seen == sorted(seen)
    counts = store.counts()
    second = ingest([folder], store, settings, batch_size=2)
    assert (second.stored, second.files_skipped, second.articles_seen) == (0, 5, 0)
    (folder / "article-000.txt").touch()  # changed on disk: read again, but its text is known
    third = ingest([folder], store, settings)
    assert (third.stored, third.duplicates, third.files_skipped) == (0, 1, 4)
    after = store.counts()
    assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in counts.items() if k != "runs"}
    run = store.run(first.run_id)
    assert (run.status, run.articles_stored, run.files_done, run.files_total) == ("done", 5, 5, 5)
    assert run.pipeline and run.pipeline.startswith("claimscope")
    store.close()


def test_same_article_from_two_paths_is_stored_once(db_url: str, settings, article_text, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = article_text(7).rstrip("\n")  # the JSONL reader strips trailing newlines; the text must be identical
    for where in ("a/story.txt", "b/copy-of-story.txt"):
        (tmp_path / where).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / where).write_text(text, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": text, "url": "https://example.org/story"}) + "\n", encoding="utf-8")
    store = open_store(db_url)
    stats = ingest([tmp_path / "a", tmp_path / "b", tmp_path / "c.jsonl"], store, settings)
    assert (stats.stored, stats.duplicates) == (1, 2)
    doc_id = text_id(text)
    assert store.counts()["documents"] == 1
    assert sorted(store.sources(doc_id)) == sorted([str((tmp_path / "a/story.txt").resolve()), str((tmp_path / "b/copy-of-story.txt").resolve()), "https://example.org/story"])
    assert store.report(doc_id)["document"]["text"] == text
    store.close()


def test_bad_inputs_are_recorded_and_good_ones_stored(db_url: str, settings, article_text, html_page, warc_bytes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "mixed"
    root.mkdir()
    good_texts = [article_text(n) for n in range(3)]
    for n, text in enumerate(good_texts):
        (root / f"good-{n}.txt").write_text(text, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 40)
    cyrillic = "Москва заявила о новых переговорах\n\nПредставитель министерства сообщил, что переговоры в Женеве продолжатся на следующей неделе. Эксперты ожидают нового соглашения по зерну и удобрениям.\n"
    (root / "cp1251.txt").write_bytes(cyrillic.encode("cp1251"))
    with open(root / "big.txt", "wb") as fh:  # 50 MB
        fh.write(b"word " * (10 * 1024 * 1024))
    (root / "broken.html").write_text("<html><body><div><p></div><span>", encoding="utf-8")
    (root / "unclosed.html").write_bytes(html_page("Port deal signed in Lima", article_text(11).split("\n\n", 1)[1]).replace(b"</article>", b""))
    (root / "bad.json").write_text('{"title": "Cut off", "text": "never closed', encoding="utf-8")
    lines = [json.dumps({"title": f"Feed item {n}", "text": article_text(20 + n)}) for n in range(2)]
    (root / "feed.jsonl").write_text(lines[0] + "\n{not json at all\n" + lines[1] + "\n", encoding="utf-8")
    packed = gzip.compress("\n".join(json.dumps({"text": article_text(30 + n)}) for n in range(2)).encode())
    (root / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    pages = [(f"https://example.org/{n}", html_page(f"Archive story {n}", article_text(40 + n)), "text/html; charset=utf-8") for n in range(2)]
    pages.insert(1, ("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"))
    (root / "site.warc.gz").write_bytes(warc_bytes(pages))
    cut_pages = [(f"https://example.net/{n}", html_page(f"Cut archive story {n}", article_text(50 + n)), "text/html") for n in range(3)]
    whole = warc_bytes(cut_pages)
    first_two = len(warc_bytes(cut_pages[:2]))
    (root / "cut.warc.gz").write_bytes(whole[: first_two + (len(whole) - first_two) // 2])

    store = open_store(db_url)
    stats = ingest([root], store, settings, batch_size=3)
    failures = {Path(f.source).name if "/" in f.source else f.source: f for f in store.failures()}
    assert set(failures) == {"empty.txt", "binary.txt", "big.txt", "broken.html", "bad.json", "feed.jsonl", "cut.jsonl.gz", "cut.warc.gz"}
    assert (failures["empty.txt"].code, failures["binary.txt"].code, failures["big.txt"].code, failures["broken.html"].code) == ("E001", "E002", "E005", "E003")
    assert failures["bad.json"].code == "E004" and "line 2" in failures["feed.jsonl"].reason
    assert "truncated" in failures["cut.warc.gz"].reason
    assert stats.failures == len(failures)

    sources = {Path(s).name if s.startswith("/") else s for r in store.iter_reports() for s in store.sources(r["document"]["id"])}
    expected = {f"good-{n}.txt" for n in range(3)} | {"cp1251.txt", "unclosed.html", "feed.jsonl:1", "feed.jsonl:3",
                                                      "https://example.org/0", "https://example.org/1", "https://example.net/0", "https://example.net/1"}
    assert sources == expected
    assert store.counts()["documents"] == len(expected) == stats.stored
    cyr = next(r for r in store.iter_reports() if r["document"]["source"].endswith("cp1251.txt"))
    assert cyr["document"]["text"].startswith("Москва заявила")
    store.close()


def test_near_duplicates_are_linked(db_url: str, settings, article_text, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    original = article_text(3) + "\nThe ministry will publish the full statement on Friday, a spokesman added.\n"
    reprint = original.replace("Officials", "Regional officials") + "\n(Reporting by the wire desk.)\n"
    for name, text in (("original.txt", original), ("reprint.txt", reprint), ("other.txt", article_text(4))):
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = open_store(db_url)
    stats = ingest([tmp_path], store, settings)
    assert (stats.stored, stats.near_duplicates) == (3, 1)
    links = store.near_duplicates(text_id(original))
    assert [doc for doc, _ in links] == [text_id(reprint)] and links[0][1] >= 0.5
    store.close()


@pytest.mark.slow
def test_two_workers_store_the_same_rows(db_url: str, settings, write_articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_articles("corpus", range(6))
    parallel = open_store(db_url)
    ingest([folder], parallel, settings, workers=2, batch_size=2)
    serial = open_store(str(tmp_path / "serial.db"))
    ingest([folder], serial, settings, workers=1, batch_size=4)
    assert parallel.counts() == serial.counts()
    assert sorted(r["document"]["id"] for r in parallel.iter_reports()) == sorted(r["document"]["id"] for r in serial.iter_reports())
    for report in serial.iter_reports():
        assert parallel.report(report["document"]["id"]) == report
    parallel.close()
    serial.close()
