"""read_html: main text, metadata, decoding and failure modes on small hand-made pages."""
from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from claimscope.errors import Errors, ReadError, Warnings
from claimscope.reading.html import decode_html, read_html

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BENCHMARK = SHARED / "datasets" / "article_html"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "evaluate_html.py"

HEADLINE = "Harbour town votes to rebuild its storm-wrecked pier"
PARAGRAPHS = [
    "Residents of Port Allery voted on Tuesday to rebuild the wooden pier that a winter storm tore apart "
    "last January, ending months of argument over whether the town could afford the repair.",
    "The council had proposed a smaller concrete jetty, but fishermen said it would be too short for the "
    "boats that land most of the catch, and the plan drew a crowd of objectors to every public meeting.",
    "“We have fished from that pier for four generations and we are not going to stop now,” said Mara "
    "Quillon, who chairs the local fishing cooperative and led the campaign for a full rebuild.",
    "Work is expected to start in the spring and to last about eight months, according to the council, "
    "which said the cost would be shared with the regional government and an insurance payout.",
]


def news_page(*, published: str = "2024-03-26T10:04:00+03:00", body: str | None = None, charset: str = "utf-8") -> str:
    """A typical article page: boilerplate around an <article> whose text we know."""
    paragraphs = body if body is not None else "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="{charset}">
<title>{HEADLINE} | The Coastal Courier</title>
<meta property="og:title" content="{HEADLINE}">
<meta property="og:site_name" content="The Coastal Courier">
<meta property="article:published_time" content="{published}">
<meta property="article:section" content="Local News">
<script>var trackerConfig = "SCRIPTLEAK tracking pixel configuration string";</script>
<style>.nav {{ color: red; }}</style>
</head>
<body>
<nav class="menu"><ul><li><a href="/">Home NAVLEAK</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav>
<main>
<article>
<h1>{HEADLINE}</h1>
<div class="byline">By Staff Reporter</div>
{paragraphs}
</article>
<section id="comments" class="comments">
<h3>Comments</h3>
<div class="comment"><p>COMMENTLEAK I think this is a terrible waste of money and the council should resign over it.</p></div>
<div class="comment"><p>Great news for the town, finally someone listened to the people who actually work there.</p></div>
</section>
</main>
<footer><p>FOOTERLEAK Copyright The Coastal Courier. All rights reserved. Contact us. Privacy policy.</p></footer>
</body>
</html>"""


def test_text_is_headline_then_paragraphs() -> None:
    article = read_html(news_page(), source="pier.html", url="https://courier.example/pier")
    assert article.text.startswith(HEADLINE + "\n\n")
    assert article.title == HEADLINE
    assert article.title_span == (0, len(HEADLINE))
    assert article.body_start == len(HEADLINE) + 2
    assert article.text[article.body_start :].startswith(PARAGRAPHS[0])
    for paragraph in PARAGRAPHS:
        assert f"\n\n{paragraph}" in article.text
    assert article.source == "pier.html"
    assert article.url == "https://courier.example/pier"


def test_metadata_from_meta_tags() -> None:
    article = read_html(news_page())
    assert article.published == "2024-03-26T10:04:00"  # wall time kept, offset dropped
    assert article.outlet == "The Coastal Courier"
    assert "Local News" in article.sections
    assert article.language == "en"


def test_date_without_time_stays_a_date() -> None:
    article = read_html(news_page(published="2023-11-05"))
    assert article.published == "2023-11-05"


@pytest.mark.parametrize("marker", ["NAVLEAK", "COMMENTLEAK", "FOOTERLEAK", "SCRIPTLEAK", "color: red"])
def test_boilerplate_does_not_leak(marker: str) -> None:
    assert marker not in read_html(news_page()).text


def test_no_markdown_in_lists() -> None:
    items = "".join(f"<li>{p}</li>" for p in PARAGRAPHS[:3])
    body = f"<p>{PARAGRAPHS[3]}</p><ul>{items}</ul>"
    text = read_html(news_page(body=body)).text
    assert "\n\n- " not in text and not text.startswith("- ")
    assert f"\n\n{PARAGRAPHS[0]}" in text


def test_table_inside_article_left_out() -> None:
    pull_quote = "<table><tr><td>TABLELEAK a pull quote repeated from the body text</td></tr></table>"
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]) + pull_quote + "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    text = read_html(news_page(body=body)).text
    assert "TABLELEAK" not in text
    assert PARAGRAPHS[3] in text


def test_table_kept_when_it_is_the_whole_body() -> None:
    rows = "".join(
        f"<tr><td>Heat {i}</td><td>Runner number {i} of the harbour relay</td><td>{50 + i}.{i}2 seconds</td></tr>"
        for i in range(1, 16)
    )
    page = f"<html><head><title>Relay results</title></head><body><table>{rows}</table></body></html>"
    article = read_html(page, source="results.html")
    assert "Runner number 7 of the harbour relay" in article.text
    assert "|" not in article.text


def test_truncated_page_degrades_to_what_is_there() -> None:
    page = news_page()
    cut = page[: page.index(PARAGRAPHS[2][:40])]  # stops mid-article, no closing tags
    article = read_html(cut, source="cut.html")
    assert PARAGRAPHS[0] in article.text and PARAGRAPHS[1] in article.text
    assert PARAGRAPHS[3] not in article.text


def test_bare_fragment_is_read() -> None:
    fragment = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    assert PARAGRAPHS[2] in read_html(fragment).text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E001"),
        ("  \n\t ", "E001"),
        ("<html><head><title>Nothing</title></head><body></body></html>", "E003"),
        ("<html><body><div><<<>>> <span></span></div></body></html>", "E003"),
        ("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>", "E003"),
        ("<html><body><script>document.write('only a script here, nothing to read at all');</script></body></html>", "E003"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "E002"),
    ],
)
def test_unreadable_pages_raise_with_source(data: bytes | str, code: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_html(data, source="page.html")
    err = caught.value
    assert err.code == code
    assert err.source == "page.html"
    assert str(err).startswith("page.html: ") and "\n" not in str(err)
    assert isinstance(err, ValueError)


def test_declared_single_byte_charset_is_used_and_warned() -> None:
    raw = news_page(charset="windows-1252").replace("Quillon", "Quillón").encode("cp1252")
    article = read_html(raw)
    assert "Mara Quillón" in article.text and "“We have fished" in article.text
    assert article.warnings == [Warnings.W001.format(encoding="cp1252")]


def test_valid_utf8_wins_over_a_wrong_declaration() -> None:
    raw = news_page(charset="iso-8859-1").replace("Quillon", "Quillón").encode("utf-8")
    article = read_html(raw)
    assert "Mara Quillón" in article.text
    assert article.warnings == []


def test_undeclared_legacy_bytes_are_detected() -> None:
    raw = news_page(charset="x-unknown-label").replace("Quillon", "Quillón").encode("cp1252")
    text, encoding = decode_html(raw)
    assert encoding != "utf-8"
    assert "Quillón" in text


def test_gzip_bytes_are_unpacked() -> None:
    article = read_html(gzip.compress(news_page().encode("utf-8")), source="pier.html.gz")
    assert PARAGRAPHS[1] in article.text


def test_error_catalogue_codes_and_formatting() -> None:
    assert Errors.E003 == "[E003] no article text found in HTML"
    assert Errors.E004.format(line=7, detail="Expecting value").startswith("[E004] ")
    err = ReadError(Path("dir/feed.jsonl"), Errors.E004.format(line=7, detail="Expecting\nvalue"))
    assert str(err) == "dir/feed.jsonl: [E004] malformed JSON on line 7: Expecting value"
    assert (err.code, err.source) == ("E004", "dir/feed.jsonl")


def test_trafilatura_is_imported_lazily() -> None:
    code = "import sys, claimscope.reading.html; print('trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.shared
@pytest.mark.skipif(not (BENCHMARK / "ground-truth.json").is_file(), reason="needs ../shared/datasets/article_html")
def test_benchmark_f1_floor() -> None:
    """Mean shingle F1 on the first 12 benchmark pages; measured 0.956 with trafilatura 2.3.1."""
    spec = importlib.util.spec_from_file_location("evaluate_html", SCRIPT)
    assert spec is not None and spec.loader is not None
    evaluate_html = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = evaluate_html  # dataclasses look their module up there
    spec.loader.exec_module(evaluate_html)
    pages = evaluate_html.load_benchmark(BENCHMARK, limit=12)
    scores, _ = evaluate_html.evaluate(pages, {"claimscope": evaluate_html.ours_body})
    assert evaluate_html.mean(scores["claimscope"]).f1 >= 0.92
