#!/usr/bin/env python
"""Score quote extraction and speaker attribution on PolNeAR (primary annotations).

Prints precision / recall / F1 for
  * quote spans: a predicted quote matches a gold attribution whose content it overlaps;
  * content overlap: the same, with partial credit = overlapping characters / span length
    (the "content overlap" measure of Citron-style evaluations);
  * (quote, speaker) pairs: a matched quote whose speaker is right — the predicted speaker
    mention overlaps a gold source span, or the resolved person's name shares a word with it.

Usage: python scripts/evaluate_quotes.py [--data ../shared/datasets/polnear/polnear_dev.jsonl] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear" / "polnear_dev.jsonl"
_STOP = {"the", "a", "an", "of", "and", "mr", "mrs", "ms", "he", "she", "they", "his", "her", "said"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'’-]+", text.lower()) if w not in _STOP}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _prf(tp_p: float, n_pred: int, tp_g: float, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(path: Path, limit: int | None = None, kinds: tuple[str, ...] = ("direct", "indirect", "headline")) -> dict[str, tuple[float, float, float]]:
    from claimscope.api import analyze_articles
    from claimscope.config import Settings
    from claimscope.reading.article import Article

    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    records = [r for r in records if r.get("primary_annotation")][: limit or None]
    settings = Settings(disable=("claimscope_claims", "claimscope_events", "claimscope_stance", "claimscope_techniques"))
    articles = [Article(text=r["text"], source=r["id"], title=r.get("title")) for r in records]
    totals = dict(n_pred=0, n_gold=0, span_p=0.0, span_g=0.0, ov_p=0.0, ov_g=0.0, spk_p=0.0, spk_g=0.0)
    marked = dict(n=0, found=0, speaker=0)  # gold attributions written with quotation marks
    started = time.perf_counter()
    for record, report in zip(records, analyze_articles(articles, settings)):
        gold = [q for q in record["quotes"] if q.get("content_spans")]
        preds = [q for q in report.quotes if q.kind in kinds]
        totals["n_pred"] += len(preds)
        totals["n_gold"] += len(gold)
        people = {p.id: p for p in report.people}

        def speaker_ok(pred, g) -> bool:  # type: ignore[no-untyped-def]
            gold_spans = [tuple(s) for s in g.get("speaker_spans") or []]
            if pred.speaker_start is not None and any(_overlap((pred.speaker_start, pred.speaker_end), s) for s in gold_spans):
                return True
            gold_words = _words(g.get("speaker") or "") | {w for s in gold_spans for w in _words(record["text"][s[0]:s[1]])}
            names = set()
            if pred.speaker in people:
                names |= _words(people[pred.speaker].name)
            elif pred.speaker_text:
                names |= _words(pred.speaker_text)
            return bool(gold_words & names)

        def best(pred_span: tuple[int, int], candidates: list) -> tuple[object | None, int]:  # type: ignore[type-arg]
            scored = [(max(_overlap(pred_span, tuple(s)) for s in c["content_spans"]), c) for c in candidates]
            scored = [x for x in scored if x[0] > 0]
            if not scored:
                return None, 0
            ov, c = max(scored, key=lambda x: x[0])
            return c, ov

        for pred in preds:
            g, ov = best((pred.start, pred.end), gold)
            if g is not None:
                totals["span_p"] += 1
                totals["ov_p"] += ov / max(1, pred.end - pred.start)
                totals["spk_p"] += speaker_ok(pred, g)
        for g in gold:
            length = sum(e - s for s, e in g["content_spans"])
            scored = [(sum(_overlap((p.start, p.end), tuple(s)) for s in g["content_spans"]), p) for p in preds]
            scored = [x for x in scored if x[0] > 0]
            marked["n"] += bool(g.get("contains_quotation_marks"))
            if scored:
                ov, p = max(scored, key=lambda x: x[0])
                totals["span_g"] += 1
                totals["ov_g"] += min(1.0, ov / max(1, length))
                ok = speaker_ok(p, g)
                totals["spk_g"] += ok
                if g.get("contains_quotation_marks"):
                    marked["found"] += 1
                    marked["speaker"] += ok
    elapsed = time.perf_counter() - started
    n_pred, n_gold = totals["n_pred"], totals["n_gold"]
    result = {
        "quote span (overlap)": _prf(totals["span_p"], n_pred, totals["span_g"], n_gold),
        "content overlap": _prf(totals["ov_p"], n_pred, totals["ov_g"], n_gold),
        "quote+speaker": _prf(totals["spk_p"], n_pred, totals["spk_g"], n_gold),
    }
    print(f"{len(records)} articles, {n_gold} gold attributions, {n_pred} predicted quotes, {elapsed:.1f}s")
    if marked["n"]:
        print(
            f"gold attributions with quotation marks: {marked['n']}; found {marked['found'] / marked['n']:.3f}, "
            f"found with the right speaker {marked['speaker'] / marked['n']:.3f}"
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: not found (the PolNeAR dev set lives in ../shared/datasets)", file=sys.stderr)
        return 2
    warnings.filterwarnings("ignore")
    result = evaluate(args.data, args.limit)
    print(f"{'task':24} {'P':>6} {'R':>6} {'F1':>6}")
    for task, (p, r, f) in result.items():
        print(f"{task:24} {p:6.3f} {r:6.3f} {f:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
