"""Cross-validate the technique detector on the PTC train split with the SemEval-2020 Task 11 measures.

    .venv/bin/python scripts/evaluate_techniques.py [--folds 5] [--limit N] [--json PATH] [--sweep]

Folds hold out whole articles.  Reported:
  * SI  - span identification P/R/F1 with partial-overlap credit, labels ignored
          (model alone, rules alone, both: what the component outputs);
  * TC  - technique classification of the gold spans, micro-F1, with a per-technique table;
  * per-technique span P/R/F1 of the component's labelled output (SI measure per label);
  * each rule's precision on the held-out articles.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimscope.report.model import TECHNIQUES  # noqa: E402
from claimscope.techniques.corpus import load_ptc, parse, sentences  # noqa: E402
from claimscope.techniques.detect import TechniqueDetector  # noqa: E402
from claimscope.techniques.features import doc_view, rule_cover  # noqa: E402
from claimscope.techniques.scoring import (  # noqa: E402
    PRF,
    classification_scores,
    labelled_micro,
    labelled_span_prf,
    span_prf,
)
from claimscope.techniques.spans import decode  # noqa: E402
from claimscope.techniques.training import fit_model, rule_precision  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "ptc" / "ptc_train.jsonl"
DEFAULT_CACHE = ROOT / "out" / "ptc_docs.spacy"
MODES = {
    "model": "model",
    "rules": "rules",
    "both": "model + rules (component)",
    "both_one_label": "component, one label per model span",
}
SWEEP = [(hi, lo) for hi in (0.24, 0.28, 0.32, 0.36, 0.4) for lo in (0.075, 0.1, 0.125, 0.15)]


def _fmt(name: str, r: PRF) -> str:
    return f"{name:<36} P {r.precision:.3f}  R {r.recall:.3f}  F1 {r.f1:.3f}  (pred {r.n_pred}, gold {r.n_gold})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="use the first N articles only")
    ap.add_argument("--seed", type=int, default=0, help="seed of the article-to-fold assignment")
    ap.add_argument("--c-tagger", type=float, default=0.3)
    ap.add_argument("--c-classifier", type=float, default=1.0)
    ap.add_argument("--threshold", type=float, default=0.32)
    ap.add_argument("--low", type=float, default=0.1)
    ap.add_argument("--sweep", action="store_true", help="also score a grid of decoding thresholds (model spans)")
    ap.add_argument("--json", type=Path, default=None, help="write all figures here")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"data not found: {args.data}", file=sys.stderr)
        return 2
    if args.folds < 2:
        ap.error("--folds must be at least 2")

    t0 = time.perf_counter()
    articles = load_ptc(args.data, args.limit)
    docs = parse(articles, None if args.limit else args.cache)
    sents = [sentences(d) for d in docs]
    views = [doc_view(d, s) for d, s in zip(docs, sents)]
    fold = np.random.default_rng(args.seed).permutation(len(articles)) % args.folds
    print(f"{len(articles)} articles, {args.folds} folds by article, parsed in {time.perf_counter() - t0:.0f}s")

    gold_si = {a.id: [(g.start, g.end) for g in a.spans] for a in articles}
    gold_lab = {a.id: [(g.start, g.end, g.technique) for g in a.spans] for a in articles}
    pred: dict[str, dict[str, list[tuple[int, int, str]]]] = {m: {} for m in MODES}
    tc_gold: list[list[str]] = []
    tc_pred: list[list[str]] = []
    held_out_hits, held_out_spans = [], []
    sweep_pred: dict[tuple[float, float], dict[str, list[tuple[int, int]]]] = defaultdict(dict)
    fit_times = []
    for k in range(args.folds):
        train = [i for i in range(len(articles)) if fold[i] != k]
        test = [i for i in range(len(articles)) if fold[i] == k]
        t = time.perf_counter()
        model = fit_model(
            [views[i] for i in train],
            [sents[i] for i in train],
            [articles[i].spans for i in train],
            c_tagger=args.c_tagger,
            c_classifier=args.c_classifier,
            threshold=args.threshold,
            low=args.low,
        )
        fit_times.append(time.perf_counter() - t)
        modes = {
            "model": TechniqueDetector(model, use_rules=False),
            "rules": TechniqueDetector(model, use_model=False),
            "both": TechniqueDetector(model),
            "both_one_label": TechniqueDetector(model, second_label=2.0),
        }
        for i in test:
            a = articles[i]
            for mode, det in modes.items():
                pred[mode][a.id] = [(s.start, s.end, s.technique) for s in det.detect(docs[i], sents[i])]
            # technique classification: each gold position asked once per gold label it carries
            positions: dict[tuple[int, int], list[str]] = defaultdict(list)
            for g in a.spans:
                positions[(g.start, g.end)].append(g.technique)
            probs = modes["both"].classify(docs[i], list(positions), sents[i])
            for (labels, p) in zip(positions.values(), probs):
                tc_gold.append(labels)
                tc_pred.append([model.classifier.labels[j] for j in np.argsort(-p)[: len(labels)]])
            held_out_hits.append(modes["both"].hits(views[i], sents[i]))
            held_out_spans.append(a.spans)
            if args.sweep:
                tok = model.tagger.probs(views[i], rule_cover(views[i], held_out_hits[-1]))
                for hi, lo in SWEEP:
                    sweep_pred[(hi, lo)][a.id] = [(s, e) for s, e, _ in decode(views[i], tok, hi, lo)]
        print(f"fold {k + 1}/{args.folds}: {len(test)} articles, fit {fit_times[-1]:.0f}s", flush=True)

    out: dict[str, object] = {"articles": len(articles), "folds": args.folds, "fit_seconds": fit_times}
    print("\nSpan identification (SemEval-2020 T11 SI, partial overlap, labels ignored)")
    for mode in ("model", "rules", "both"):
        r = span_prf({d: [(s, e) for s, e, _ in v] for d, v in pred[mode].items()}, gold_si)
        out[f"si_{mode}"] = r.__dict__
        print(_fmt(MODES[mode], r))

    micro, per = classification_scores(tc_gold, tc_pred, TECHNIQUES)
    out["tc_micro_f1"] = micro
    out["tc_per_technique"] = {k: v.__dict__ for k, v in per.items()}
    print(f"\nTechnique classification on gold spans (TC): micro-F1 {micro:.3f}")
    for lab, r in per.items():
        print(_fmt(lab, r))

    print("\nLabelled spans, all techniques pooled (partial overlap, credit only for the right label)")
    for mode, name in MODES.items():
        r = labelled_micro(labelled_span_prf(pred[mode], gold_lab, TECHNIQUES))
        out[f"labelled_{mode}"] = r.__dict__
        print(_fmt(name, r))

    print("\nPer-technique spans of the component output (SI measure within each label)")
    flc = labelled_span_prf(pred["both"], gold_lab, TECHNIQUES)
    out["spans_per_technique"] = {k: v.__dict__ for k, v in flc.items()}
    for lab, r in flc.items():
        print(_fmt(lab, r))

    print("\nRules on held-out articles: precision for their own technique / for any technique, hits")
    rp = rule_precision(held_out_hits, held_out_spans, prior=0.0, weight=0.0)
    out["rules"] = {r: {"precision": p, "any_label": q, "hits": n} for r, (p, q, n) in rp.items()}
    for rule, (p, q, n) in sorted(rp.items(), key=lambda x: -x[1][0]):
        print(f"  {rule:<24} {p:.3f} / {q:.3f}  ({n})")

    if args.sweep:
        print("\nDecoding sweep (model spans only): seed threshold, extend threshold -> SI")
        out["sweep"] = {}
        for (hi, lo), p in sorted(sweep_pred.items()):
            r = span_prf(p, gold_si)
            out["sweep"][f"{hi},{lo}"] = r.__dict__
            print(_fmt(f"  {hi:.3f} / {lo:.3f}", r))

    out["seconds"] = round(time.perf_counter() - t0, 1)
    print(f"\ntotal {out['seconds']}s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
