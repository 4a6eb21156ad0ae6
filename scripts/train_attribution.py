#!/usr/bin/env python
"""Train the attribution cue model on PolNeAR and write ``src/claimscope/data/cue_model.json``.

Every verb (and 'according') of the primary PolNeAR train annotations is a candidate; it
is a positive when it lies in an annotated cue span.  Features come from
``claimscope.pipeline.cue_model.features`` over our own parse (the same code scores at run
time).  A logistic regression (scikit-learn, ``pip install -e ".[train]"``) is fitted on
train; the decision threshold is the one that maximises cue F1 on dev.  Only non-zero
weights are written, rounded, so the artifact stays small and deterministic.

Usage: python scripts/train_attribution.py [--polnear ../shared/datasets/polnear] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear"
MIN_COUNT = 3
OUT = Path(__file__).resolve().parents[1] / "src" / "claimscope" / "data" / "cue_model.json"


def candidates(path: Path, limit: int | None) -> tuple[list[list[str]], list[int]]:
    """Features and labels of every candidate token in the primary records of one split."""
    from claimscope.api import load_pipeline
    from claimscope.config import Settings
    from claimscope.pipeline.cue_model import QuoteIndex, char_sets, features, is_candidate
    from claimscope.pipeline.quote_marks import find_direct_quotes
    from claimscope.reading.article import Article

    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    records = [r for r in records if r.get("primary_annotation")][: limit or None]
    settings = Settings(disable=("claimscope_quotes", "claimscope_claims", "claimscope_events", "claimscope_stance", "claimscope_techniques"))
    nlp = load_pipeline(settings)

    def docs():  # type: ignore[no-untyped-def]
        for r in records:
            doc = nlp.make_doc(r["text"])
            doc._.article = Article(text=r["text"], source=r["id"], title=r.get("title"))
            yield doc

    X: list[list[str]] = []
    y: list[int] = []
    for record, doc in zip(records, nlp.pipe(docs(), batch_size=16)):
        cue_chars = {i for q in record["quotes"] for s, e in q.get("cue_spans") or [] for i in range(s, e)}
        dq = find_direct_quotes(record["text"])
        quotes = QuoteIndex([q.start for q in dq], [q.end for q in dq])
        people, actors = char_sets(doc)
        for tok in doc:
            if is_candidate(tok):
                X.append(features(tok, quotes, people, actors))
                y.append(int(tok.idx in cue_chars))
    return X, y


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=SHARED)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--C", type=float, default=0.5)
    args = parser.parse_args(argv)
    train, dev = args.polnear / "polnear_train.jsonl", args.polnear / "polnear_dev.jsonl"
    if not train.exists():
        print(f"{train}: not found (PolNeAR lives in ../shared/datasets)", file=sys.stderr)
        return 2
    warnings.filterwarnings("ignore")
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    started = time.perf_counter()
    X_train, y_train = candidates(train, args.limit)
    X_dev, y_dev = candidates(dev, None)
    print(f"parsed: {len(y_train)} train candidates ({sum(y_train)} cues), {len(y_dev)} dev ({sum(y_dev)}), {time.perf_counter() - started:.0f}s")
    counts = Counter(f for x in X_train for f in set(x))
    keep = lambda x: {f: 1 for f in x if counts[f] >= MIN_COUNT}  # noqa: E731  (rare features only overfit)
    vec = DictVectorizer()
    A = vec.fit_transform([keep(x) for x in X_train])
    clf = LogisticRegression(C=args.C, max_iter=2000, solver="lbfgs")
    clf.fit(A, y_train)
    probs = clf.predict_proba(vec.transform([{f: 1 for f in x} for x in X_dev]))[:, 1]
    best = (0.0, 0.5, 0.0, 0.0)
    for t in [i / 100 for i in range(20, 81, 2)]:
        tp = sum(1 for p, g in zip(probs, y_dev) if p >= t and g)
        n_pred = sum(1 for p in probs if p >= t)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / max(1, sum(y_dev))
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f1 > best[0]:
            best = (f1, t, prec, rec)
    f1, threshold, prec, rec = best
    print(f"dev cue detection: P {prec:.3f} R {rec:.3f} F1 {f1:.3f} at threshold {threshold:.2f}")
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) >= 1e-3}
    model = {
        "about": "attribution cue model: logistic regression over claimscope.pipeline.cue_model.features; "
        "trained on PolNeAR train (primary annotations) by scripts/train_attribution.py",
        "dev": {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4)},
        "threshold": threshold,
        "bias": round(float(clf.intercept_[0]), 4),
        "weights": dict(sorted(weights.items())),
    }
    args.out.write_text(json.dumps(model, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(weights)} weights, {args.out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
