"""The app in a real headless Chromium (Debian's ``chromium``, driven by Playwright; never a downloaded browser).

Walks what an analyst does — search, filter, open an article, toggle a layer,
open a person and an actor, analyse pasted text — and takes a screenshot of
each page: into a temporary folder, or, with ``CLAIMSCOPE_SCREENSHOTS=1``, over
the README's ones in ``docs/screenshots/`` (so a test run leaves the checkout
as it found it).  Skipped only when there is no
``/usr/bin/chromium`` and this is not CI; under ``CI=true`` it must run.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Corpus

CHROMIUM = Path("/usr/bin/chromium")
DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("no /usr/bin/chromium (apt-get install chromium); CI runs these", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else __import__("playwright.sync_api").sync_api


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(app: Any) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))  # an alert() would mean injected script ran
        yield tab
        browser.close()
        assert errors == []


_shots: list[Path] = []  # the folder this session's screenshots go to, chosen once


def _shot(tab: Any, name: str) -> None:
    if not _shots:
        import tempfile

        _shots.append(DOCS_SHOTS if os.environ.get("CLAIMSCOPE_SCREENSHOTS") else Path(tempfile.mkdtemp(prefix="claimscope-shots-")))
    _shots[0].mkdir(parents=True, exist_ok=True)
    path = _shots[0] / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000  # an image of the page, not an empty file


def _display(tab: Any, selector: str) -> str:
    return str(tab.eval_on_selector(selector, "el => getComputedStyle(el).display"))


def _background(tab: Any, selector: str) -> str:
    return str(tab.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor"))


def test_search_filter_article_person_actor(page: Any, corpus: Corpus) -> None:
    page.goto("/")
    assert page.locator("#result-count").inner_text().startswith(f"{len(corpus.reports) + 1} articles")
    _shot(page, "search")

    page.select_option("#f-outlet", "Alpha News")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?*outlet=Alpha+News*")
    assert page.locator("#result-count").inner_text() == "2 articles match"
    titles = page.locator("li.hit a.title").all_inner_texts()
    assert set(titles) == {r["document"]["title"] for r in corpus.reports if r["document"]["outlet"] == "Alpha News"}

    page.click("li.hit a.title >> text=Lavrov accuses Kyiv")
    page.wait_for_selector("#doc-title")
    assert page.locator("#doc-title").inner_text() == "Lavrov accuses Kyiv"
    quote = "article.text .hl-quote:not(.hl-cue)"
    shown = _background(page, quote)
    assert shown not in ("rgba(0, 0, 0, 0)", "transparent")
    _shot(page, "article")
    page.uncheck("#layer-quote")
    assert _background(page, quote) == "rgba(0, 0, 0, 0)"
    actor = "article.text .hl-actor"
    before = page.eval_on_selector(actor, "el => getComputedStyle(el).borderBottomColor")
    page.uncheck("#layer-actor")
    assert page.eval_on_selector(actor, "el => getComputedStyle(el).borderBottomColor") != before
    page.check("#layer-quote")
    assert _background(page, quote) == shown

    page.click("aside.panel table a[href^='/people/']")
    page.wait_for_selector("#person-name")
    assert page.locator("ul.quotes li").count() >= 1
    _shot(page, "person")

    page.goto("/actors/UKR")
    assert page.locator("#actor-name").inner_text().startswith("Ukraine")
    assert page.locator("svg .edge path.by-quad").count() >= 1
    assert _display(page, "svg .edge path.by-quad") != "none" and _display(page, "svg .edge path.by-gold") == "none"
    _shot(page, "actor")
    page.check("#colour-gold")  # recolour the network by Goldstein score: the other set of strokes shows
    assert _display(page, "svg .edge path.by-quad") == "none" and _display(page, "svg .edge path.by-gold") != "none"


def test_cluster_timeline(page: Any, corpus: Corpus) -> None:
    page.goto(f"/clusters/{corpus.cluster_id}")
    assert page.locator("circle.mark").count() == 4
    _shot(page, "cluster")


def test_analyse_pasted_text(page: Any, corpus: Corpus) -> None:
    page.goto("/analyse")
    text = ("Port deal signed\n\nFinance minister Anna Kowalska said that Norway would invest in the port of Gdansk. "
            "\"It is a good day for Poland,\" Kowalska told reporters.\n")
    page.fill("#a-text", text)
    page.fill("input[name=outlet]", "Delta Daily")
    page.click("#analyse-submit")
    page.wait_for_selector(".analysis-result #doc-title")
    assert page.locator(".analysis-result #doc-title").inner_text() == "Port deal signed"
    assert page.locator(".analysis-result .hl-quote").count() >= 1
    assert "Anna Kowalska" in page.locator("aside.panel").inner_text()
    _shot(page, "analyse")


def test_hostile_article_runs_no_script(page: Any, corpus: Corpus) -> None:
    page.goto(f"/articles/{corpus.hostile['document']['id']}")
    assert "<script>alert(1)</script>" in page.locator("#doc-title").inner_text()
    assert page.locator("article.text img, article.text script").count() == 0
    assert page.evaluate("document.scripts.length") == 0
