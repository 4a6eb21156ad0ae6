"""Score ``read_html`` body text against the article-extraction benchmark.

Metric as in the Scrapinghub article-extraction benchmark: split both texts
into ``\\w+`` tokens, count word 4-gram shingles as multisets, and compute
precision, recall and F1 per page; report the mean over pages.  Our headline
line is left out of the comparison unless the gold body itself starts with it,
so reading the title does not count as noise.

Bare ``trafilatura.extract`` with its defaults is scored in the same run as
the baseline; ``--modes`` adds its favour-precision and favour-recall modes.

    .venv/bin/python scripts/evaluate_html.py [--data ../shared/datasets/article_html] [--limit N] [--quiet]
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from claimscope.errors import ReadError
from claimscope.reading.html import read_html

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "article_html"
SHINGLE = 4
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than n words is one shingle."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def shingle_score(gold: str, predicted: str, n: int = SHINGLE) -> Score:
    """Precision/recall/F1 of predicted shingles against gold ones (counts matter)."""
    g, p = shingles(gold, n), shingles(predicted, n)
    if not g and not p:
        return Score(1.0, 1.0, 1.0)
    tp = sum((g & p).values())
    precision = tp / sum(p.values()) if p else 0.0
    recall = tp / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return Score(precision, recall, f1)


def load_benchmark(data: Path, limit: int | None = None) -> list[tuple[str, bytes, str, str | None]]:
    """(page id, raw HTML bytes, gold body, url) for each page, in id order."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    return [
        (pid, gzip.decompress((data / "html" / f"{pid}.html.gz").read_bytes()), truth[pid]["articleBody"], truth[pid].get("url"))
        for pid in ids
    ]


def ours_body(html: bytes, gold: str, url: str | None) -> str:
    """Our text, minus the headline line when the gold body does not start with it."""
    try:
        article = read_html(html, source="page.html", url=url)
    except ReadError:
        return ""
    head = [t.casefold() for t in _TOKEN.findall(article.title or "")]
    if head and [t.casefold() for t in _TOKEN.findall(gold)[: len(head)]] == head:
        return article.text
    return article.text[article.body_start :]


def trafilatura_body(**options: bool) -> Callable[[bytes, str, str | None], str]:
    """Bare trafilatura.extract (defaults plus ``options``) as a predictor."""
    import trafilatura

    def predict(html: bytes, gold: str, url: str | None) -> str:
        return trafilatura.extract(html, url=url, **options) or ""

    return predict


def evaluate(
    pages: Iterable[tuple[str, bytes, str, str | None]],
    systems: dict[str, Callable[[bytes, str, str | None], str]],
) -> tuple[dict[str, dict[str, Score]], dict[str, float]]:
    """Per-page scores and total seconds for each system."""
    scores: dict[str, dict[str, Score]] = {name: {} for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for pid, html, gold, url in pages:
        for name, predict in systems.items():
            start = time.perf_counter()
            predicted = predict(html, gold, url)
            seconds[name] += time.perf_counter() - start
            scores[name][pid] = shingle_score(gold, predicted)
    return scores, seconds


def mean(scores: dict[str, Score]) -> Score:
    """Macro average over pages, as the benchmark reports it."""
    n = len(scores) or 1
    return Score(
        sum(s.precision for s in scores.values()) / n,
        sum(s.recall for s in scores.values()) / n,
        sum(s.f1 for s in scores.values()) / n,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with html/ and ground-truth.json")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages (by id)")
    parser.add_argument("--modes", action="store_true", help="also score trafilatura's precision and recall modes")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"{args.data}: no ground-truth.json here", file=sys.stderr)
        return 2
    logging.disable(logging.WARNING)  # trafilatura logs every discarded page

    systems: dict[str, Callable[[bytes, str, str | None], str]] = {
        "claimscope": ours_body,
        "trafilatura": trafilatura_body(),
    }
    if args.modes:
        systems["traf-precision"] = trafilatura_body(favor_precision=True)
        systems["traf-recall"] = trafilatura_body(favor_recall=True)
    pages = load_benchmark(args.data, args.limit)
    scores, seconds = evaluate(pages, systems)

    if not args.quiet:
        print(f"{'page':14}" + "".join(f"{name[:14]:>16}" for name in systems) + "   (P/R/F1 per page)")
        for pid, *_ in pages:
            cells = "".join(f"{_triple(scores[name][pid]):>16}" for name in systems)
            print(f"{pid[:12]:14}{cells}")
        print()
    print(f"{len(pages)} pages, word {SHINGLE}-gram shingles, mean over pages")
    print(f"{'system':16}{'precision':>10}{'recall':>10}{'F1':>10}{'s/page':>10}")
    for name in systems:
        m = mean(scores[name])
        print(f"{name:16}{m.precision:10.3f}{m.recall:10.3f}{m.f1:10.3f}{seconds[name] / max(1, len(pages)):10.3f}")
    return 0


def _triple(s: Score) -> str:
    return f"{s.precision:.2f}/{s.recall:.2f}/{s.f1:.2f}"


if __name__ == "__main__":
    sys.exit(main())
