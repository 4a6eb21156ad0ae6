#!/usr/bin/env python
"""Score quote extraction and speaker attribution on PolNeAR (primary annotations).

Figures (precision / recall / F1, each prediction and each gold attribution matched to
the one it overlaps most):
  * ``direct+speaker``: direct quotes (predicted ``kind: direct``) against the gold
    attributions written with quotation marks, counted right when the speaker is right;
  * ``all+speaker``: every predicted quote against every gold attribution, same rule;
  * ``quote span``: the same without the speaker, and ``content overlap`` with partial
    credit (overlapping characters / span length, as Citron-style evaluations do).
The speaker is right when the source as written (``speaker_start:speaker_end``) or a
mention of the resolved person overlaps a gold source span.  ``wrong person`` is the share
of matched quotes with a resolved person where neither a mention nor the name of that
person fits the gold source: the error a fact-checker cannot afford.

Usage: python scripts/evaluate_quotes.py [--data FILE] [--limit N] [--json OUT] [--errors OUT]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear" / "polnear_dev.jsonl"
_STOP = {"the", "a", "an", "of", "and", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "he", "she", "they", "his", "her", "said", "who", "i", "we", "it"}
Span = tuple[int, int]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'’-]+", text.lower()) if w not in _STOP}


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _prf(tp_p: float, n_pred: int, tp_g: float, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Tally:
    """Matches for one view (direct or all): predictions and gold attributions counted apart."""

    n_pred: int = 0
    n_gold: int = 0
    span_p: float = 0.0
    span_g: float = 0.0
    ov_p: float = 0.0
    ov_g: float = 0.0
    spk_p: float = 0.0
    spk_g: float = 0.0

    def figures(self) -> dict[str, tuple[float, float, float]]:
        return {
            "quote span": _prf(self.span_p, self.n_pred, self.span_g, self.n_gold),
            "content overlap": _prf(self.ov_p, self.n_pred, self.ov_g, self.n_gold),
            "+speaker": _prf(self.spk_p, self.n_pred, self.spk_g, self.n_gold),
        }


@dataclass
class Scorer:
    direct: Tally = field(default_factory=Tally)
    every: Tally = field(default_factory=Tally)
    resolved: int = 0
    wrong_person: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, record: dict[str, Any], report: Any) -> None:
        text = record["text"]
        gold = [q for q in record["quotes"] if q.get("content_spans")]
        people = {p.id: p for p in report.people}

        def mentions(pred: Any) -> list[Span]:
            person = people.get(pred.speaker)
            return [(m.start, m.end) for m in person.mentions] if person else []

        def speaker_ok(pred: Any, g: dict[str, Any]) -> bool:
            spans = [tuple(s) for s in g.get("speaker_spans") or []]
            own = [(pred.speaker_start, pred.speaker_end)] if pred.speaker_start is not None else []
            return any(_overlap(a, b) for a in own + mentions(pred) for b in spans)

        def person_wrong(pred: Any, g: dict[str, Any]) -> bool:
            spans = [tuple(s) for s in g.get("speaker_spans") or []]
            if any(_overlap(a, b) for a in mentions(pred) for b in spans):
                return False
            gold_words = _words(g.get("speaker") or "") | {w for s in spans for w in _words(text[s[0] : s[1]])}
            return not (gold_words & _words(people[pred.speaker].name))

        def content(g: dict[str, Any]) -> list[Span]:
            return [tuple(s) for s in g["content_spans"]]

        def score(tally: Tally, preds: list[Any], golds: list[dict[str, Any]], count_people: bool) -> None:
            tally.n_pred += len(preds)
            tally.n_gold += len(golds)
            for pred in preds:
                scored = [(max(_overlap((pred.start, pred.end), s) for s in content(g)), i) for i, g in enumerate(golds)]
                ov, i = max(scored, default=(0, -1))
                if ov <= 0:
                    if count_people:
                        self.errors.append({"doc": record["id"], "error": "spurious", "kind": pred.kind, "quote": pred.text[:160], "speaker_text": pred.speaker_text})
                    continue
                g = golds[i]
                tally.span_p += 1
                tally.ov_p += ov / max(1, pred.end - pred.start)
                ok = speaker_ok(pred, g)
                tally.spk_p += ok
                if count_people and pred.speaker in people:
                    self.resolved += 1
                    if person_wrong(pred, g):
                        self.wrong_person += 1
                        self.errors.append({"doc": record["id"], "error": "wrong person", "kind": pred.kind, "quote": pred.text[:160], "gold": g.get("speaker"),
                                            "predicted": people[pred.speaker].name, "speaker_text": pred.speaker_text})
                if count_people and not ok and pred.speaker not in people:
                    self.errors.append({"doc": record["id"], "error": "wrong source", "kind": pred.kind, "quote": pred.text[:160], "gold": g.get("speaker"), "speaker_text": pred.speaker_text})
            for g in golds:
                length = sum(e - s for s, e in content(g))
                scored = [(sum(_overlap((p.start, p.end), s) for s in content(g)), n) for n, p in enumerate(preds)]
                ov, n = max(scored, default=(0, -1))
                if ov <= 0:
                    if count_people:
                        self.errors.append({"doc": record["id"], "error": "missed", "quote": text[g["content_spans"][0][0] : g["content_spans"][0][1]][:160],
                                            "gold": g.get("speaker"), "cue": g.get("cue")})
                    continue
                tally.span_g += 1
                tally.ov_g += min(1.0, ov / max(1, length))
                tally.spk_g += speaker_ok(preds[n], g)

        score(self.every, list(report.quotes), gold, True)
        score(self.direct, [q for q in report.quotes if q.kind == "direct"], [g for g in gold if g.get("contains_quotation_marks")], False)

    def summary(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, tally in (("direct", self.direct), ("all", self.every)):
            for task, (p, r, f) in tally.figures().items():
                key = f"{name} {task}".replace(" +", "+")
                out[f"{key} P"], out[f"{key} R"], out[f"{key} F1"] = round(p, 4), round(r, 4), round(f, 4)
        out["wrong person share"] = round(self.wrong_person / self.resolved, 4) if self.resolved else 0.0
        return out


def evaluate(path: Path, limit: int | None = None) -> Scorer:
    from claimscope.api import analyze_articles
    from claimscope.config import Settings
    from claimscope.reading.article import Article

    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    records = [r for r in records if r.get("primary_annotation")][: limit or None]
    settings = Settings(disable=("claimscope_claims", "claimscope_events", "claimscope_stance", "claimscope_techniques"))
    articles = [Article(text=r["text"], source=r["id"], title=r.get("title")) for r in records]
    scorer = Scorer()
    started = time.perf_counter()
    for record, report in zip(records, analyze_articles(articles, settings)):
        scorer.add(record, report)
    print(f"{len(records)} articles, {scorer.every.n_gold} gold attributions ({scorer.direct.n_gold} with quotation marks), "
          f"{scorer.every.n_pred} predicted quotes ({scorer.direct.n_pred} direct), {time.perf_counter() - started:.1f}s")
    return scorer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    parser.add_argument("--errors", type=Path, default=None, help="write every error as JSON lines here, to read")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: not found (the PolNeAR dev set lives in ../shared/datasets)", file=sys.stderr)
        return 2
    warnings.filterwarnings("ignore")
    scorer = evaluate(args.data, args.limit)
    figures = scorer.summary()
    print(f"{'task':28} {'P':>6} {'R':>6} {'F1':>6}")
    for name, tally in (("direct", scorer.direct), ("all", scorer.every)):
        for task, (p, r, f) in tally.figures().items():
            print(f"{name + ' ' + task:28} {p:6.3f} {r:6.3f} {f:6.3f}")
    print(f"wrong person: {scorer.wrong_person} of {scorer.resolved} quotes with a resolved person ({figures['wrong person share']:.3f})")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    if args.errors:
        with args.errors.open("w") as fh:
            for e in scorer.errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
