#!/usr/bin/env python
"""Claim clustering as a corpus grows: incremental runs after each ingest vs one full rebuild, same process.

Synthetic reports (no NLP pipeline) are stored in ``--slices`` ingests; after each,
``cluster_claims`` processes only the new claims.  Printed per slice: claims in the
corpus, milliseconds per new claim and the peak RSS of that clustering call (VmHWM,
reset before each).  Then a ``rebuild=True`` over the whole corpus is the baseline:
the cost the clustering had per ingest when it recomputed everything.  Both the time
per new claim and the peak RSS of an incremental call must stay flat as the corpus grows.

A fifth of the claims recur (a base claim reworded: attribution, quote marks,
truncation), the rest are word strings drawn Zipf-like from a 20k-word vocabulary.

    python bench/clusters.py [--articles 8000] [--claims-per-article 15] [--slices 8] [--pg URL]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

_WORDS = ("oil gas grain wheat ports railway sanctions ceasefire talks treaty summit border army drones missiles budget loans "
          "investment inflation elections reform protest court parliament ministry embassy refugees pipeline tariffs exports "
          "imports prices energy coal steel banks currency debt aid troops navy airspace satellite cyber attack vote coalition "
          "deal tender quota harvest drought floods vaccine hospital schools teachers strike union pensions taxes").split()
_PLACES = ("Russia Ukraine Turkey India China Brazil Egypt Kenya Poland Germany France Japan Korea Iran Israel Mexico Canada "
           "Nigeria Pakistan Vietnam Chile Peru Norway Sweden Finland Spain Italy Greece Serbia Georgia").split()
_VERBS = ["grew by", "fell by", "will rise by", "must be cut by", "doubled after", "collapsed despite", "was blocked by", "is funded by"]


def _base(rng: random.Random) -> str:
    a, b = rng.sample(_PLACES, 2)
    words = rng.sample(_WORDS, 3)
    return f"{a} {words[0]} {words[1]} {rng.choice(_VERBS)} {rng.randint(2, 90)} percent because of {b} {words[2]}."


def _variant(base: str, rng: random.Random) -> str:
    body = base.rstrip(".")
    return rng.choice([base, f"{body}, the minister said.", f"“{body}”", " ".join(body.split()[:-1]) + "…"])


_SYLLABLES = "ka lo mi ne ra su ti po de va ru shi ko na be to li mo ga fe".split()


def _vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    """Made-up words, most frequent first: news vocabulary is large and Zipf-distributed."""
    words = dict.fromkeys(_WORDS)
    while len(words) < size:
        words["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))] = None
    return list(words)


def _unique(rng: random.Random, vocabulary: list[str], weights: list[float]) -> str:
    words = rng.choices(vocabulary, weights, k=rng.randint(6, 16))
    return f"{rng.choice(_PLACES)} {' '.join(words)}."


def reports(n: int, per_article: int, seed: int = 7) -> list[dict[str, object]]:
    from claimscope.report.convert import document_id

    rng = random.Random(seed)
    bases = [_base(rng) for _ in range(max(50, n // 4))]
    vocabulary = _vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    out = []
    for k in range(n):
        sentences = [_variant(rng.choice(bases), rng) if rng.random() < 0.2 else _unique(rng, vocabulary, weights) for _ in range(per_article)]
        text = f"Article {k}\n\n"
        claims = []
        for i, s in enumerate(sentences):
            claims.append({"id": f"c{i + 1}", "text": s, "start": len(text), "end": len(text) + len(s), "type": "fact", "checkworthiness": 0.5,
                           "speaker": None, "quote": None, "certainty": "asserted", "evidence": None, "actors": []})
            text += s + " "
        did = document_id(text)
        out.append({"schema": "claimscope.report/1", "pipeline": "bench", "document": {
            "id": did, "source": f"bench:{k}", "title": f"Article {k}", "published": f"2024-{1 + k % 12:02d}-{1 + k % 28:02d}",
            "sections": [], "genre": "news", "outlet": f"Outlet {k % 40}", "text": text, "language": "en", "url": None},
            "people": [], "actors": [], "quotes": [], "claims": claims, "events": [], "stances": [], "techniques": []})
    return out


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_hwm() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=8000)
    parser.add_argument("--claims-per-article", type=int, default=15)
    parser.add_argument("--slices", type=int, default=8)
    parser.add_argument("--pg", help="a PostgreSQL URL instead of a temporary SQLite file")
    args = parser.parse_args(argv)

    from claimscope.corpus import cluster_claims
    from claimscope.store import open_store

    data = reports(args.articles, args.claims_per_article)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(args.pg or str(Path(tmp) / "clusters.db"))
        size = -(-len(data) // args.slices)
        print(f"{'claims':>8} {'new':>7} {'ms/new claim':>13} {'peak RSS':>9} {'clusters':>9}")
        for k in range(0, len(data), size):
            store.write_reports(data[k : k + size])
            _reset_hwm()
            started = time.perf_counter()
            stats = cluster_claims(store)
            took = time.perf_counter() - started
            print(f"{store.counts()['claims']:>8} {stats.claims:>7} {1000 * took / max(stats.claims, 1):>13.3f} {_hwm_mb():>6.0f} MB {stats.clusters:>9}", flush=True)
        incremental_last = took / max(stats.claims, 1)
        _reset_hwm()
        started = time.perf_counter()
        full = cluster_claims(store, rebuild=True)
        rebuild = time.perf_counter() - started
        print(f"rebuild of all {full.claims} claims: {rebuild:.1f} s ({1000 * rebuild / full.claims:.3f} ms/claim), peak RSS {_hwm_mb():.0f} MB, "
              f"{full.clusters} clusters")
        print(f"ratio, last incremental call / full rebuild: {incremental_last * stats.claims / rebuild:.2f} of the time "
              f"for {stats.claims / full.claims:.0%} of the claims")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
