#!/usr/bin/env python
"""Words per second: the full claimscope pipeline vs bare ``spacy.load(model).pipe``, same run.

Both sides process the same generated articles in one process; the ratio is
claimscope / bare (target >= 1.0).  Peak memory (RSS high-water mark) is printed
at the end (target < 600 MB).

    python bench/throughput.py [--articles 300] [--repeat 2] [--disable claimscope_techniques]
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus  # noqa: E402


def _rate(fn, texts: list[str], words: int, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - started)
    return words / best


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--disable", action="append", default=[])
    args = parser.parse_args(argv)

    import spacy

    from claimscope.api import analyze_articles
    from claimscope.config import Settings
    from claimscope.reading.metadata import complete
    from claimscope.reading.plaintext import read_plain

    settings = Settings(disable=tuple(args.disable))
    texts = corpus(args.articles)
    words = sum(len(t.split()) for t in texts)
    def run_bare(batch: list[str]) -> None:
        for _ in bare.pipe(batch):
            pass

    def run_ours(batch: list[str]) -> None:
        for _ in analyze_articles((complete(read_plain(t)) for t in batch), settings):
            pass

    run_ours(texts[:5])  # load the pipeline and its artifacts outside the timing
    ours = _rate(run_ours, texts, words, args.repeat)
    # our peak memory, taken before the bare pipeline is loaded into the same process
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bare = spacy.load(settings.model)
    run_bare(texts[:5])
    base = _rate(run_bare, texts, words, args.repeat)
    print(f"articles: {len(texts)}  words: {words}  components: {', '.join(settings.components)}")
    print(f"bare spaCy ({settings.model}, all default components): {base:10.0f} words/s")
    print(f"claimscope full pipeline (report objects included): {ours:10.0f} words/s")
    print(f"ratio claimscope / bare: {ours / base:.2f}  (target >= 1.0)")
    print(f"peak RSS of the claimscope run: {peak_mb:.0f} MB  (target < 600 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
