"""Measure claim-cluster quality on pairs built from ClaimBuster sentences.

Positives: a sentence and a perturbed copy of it, as the same claim looks when
another outlet repeats it (attribution added, quote marks, clause order, a
synonym or two, contractions, truncation, or two of these together).
Negatives: the same sentence and the *most similar other* sentence in the pool
(TF-IDF nearest neighbour, identical wordings excluded): different claims that
share many words, the hard case.

Printed: precision / recall / F1 of the pair decision (``same_claim``) and of the
same-cluster decision after transitive grouping (``group_texts``) over the whole
pool, plus a Jaccard-threshold sweep on a separate dev half.

    .venv/bin/python scripts/evaluate_clusters.py [--n 2000] [--seed 13]
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from claimscope.corpus.matching import CONTAINMENT, MIN_TOKENS, claim_tokens, group_texts, same_claim, similarity

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "checkworthiness" / "claimbuster_train.jsonl"

# a small paraphrase table, written for this script (the clusterer never sees it)
SYNONYMS = {
    "increase": "rise", "increased": "rose", "big": "large", "large": "big", "jobs": "positions", "said": "stated",
    "country": "nation", "people": "Americans", "money": "funds", "cut": "reduced", "buy": "purchase", "help": "assist",
    "start": "begin", "started": "began", "government": "administration", "tax": "levy", "taxes": "levies",
    "lost": "shed", "million": "million", "billion": "billion", "president": "President", "want": "wish",
    "problem": "issue", "years": "years", "fewer": "less", "spend": "invest", "spent": "invested", "children": "kids",
    "think": "believe", "now": "today", "also": "too", "biggest": "largest", "raise": "increase", "support": "back",
}
CONTRACTIONS = [("we're", "we are"), ("don't", "do not"), ("it's", "it is"), ("i'm", "I am"), ("we've", "we have"),
                ("they're", "they are"), ("can't", "cannot"), ("didn't", "did not"), ("that's", "that is")]
NAMES = ["Senator Hayes", "the governor", "Maria Lopez", "a White House spokesman", "Dr. Okafor", "the candidate"]


def attribute(s: str, r: random.Random) -> str:
    body = s.rstrip(".!? ")
    return r.choice([f"{body}, {r.choice(NAMES)} said.", f"According to {r.choice(NAMES)}, {body[0].lower()}{body[1:]}.",
                     f"{r.choice(NAMES)} said that {body[0].lower()}{body[1:]}."])


def quote(s: str, r: random.Random) -> str:
    body = s.rstrip(".!? ")
    return r.choice([f"“{body},” {r.choice(NAMES)} told reporters.", f"'{body}'", f"\"{body}.\""])


def reorder(s: str, r: random.Random) -> str:
    parts = [p.strip() for p in re.split(r",\s+", s.rstrip(".!? ")) if p.strip()]
    if len(parts) >= 2:
        i = r.randrange(1, len(parts))
        parts = parts[i:] + parts[:i]
        return ", ".join(parts) + "."
    words = s.rstrip(".!? ").split()
    cut = max(1, len(words) // 2)
    return " ".join(words[cut:] + words[:cut]) + "."


def synonyms(s: str, r: random.Random) -> str:
    words = s.split()
    spots = [i for i, w in enumerate(words) if w.lower().strip(",.") in SYNONYMS]
    for i in r.sample(spots, min(2, len(spots))):
        core = words[i].strip(",.")
        words[i] = words[i].replace(core, SYNONYMS[core.lower()])
    return " ".join(words)


def contractions(s: str, r: random.Random) -> str:
    out = s
    for short, long in CONTRACTIONS:
        out = re.sub(re.escape(short), long, out, flags=re.I) if r.random() < 0.5 else re.sub(re.escape(long), short, out, flags=re.I)
    return out


def truncate(s: str, r: random.Random) -> str:
    words = s.split()
    keep = max(4, int(len(words) * r.uniform(0.7, 0.85)))
    return " ".join(words[:keep]) + "…"


PERTURB = [attribute, quote, reorder, synonyms, contractions, truncate]


def perturb(s: str, r: random.Random) -> tuple[str, str]:
    if r.random() < 0.3:
        f, g = r.sample(PERTURB, 2)
        return g(f(s, r), r), f"{f.__name__}+{g.__name__}"
    f = r.choice(PERTURB)
    return f(s, r), f.__name__


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return p, rec, (2 * p * rec / (p + rec) if p + rec else 0.0)


def build(n: int, seed: int) -> tuple[list[str], list[tuple[int, int, int, str]]]:
    """The pool of texts and (i, j, label, kind) pairs over it."""
    r = random.Random(seed)
    seen: set[frozenset[str]] = set()
    sentences = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"].strip()
        toks = claim_tokens(text)
        if len(text.split()) >= 8 and toks not in seen:
            seen.add(toks)
            sentences.append(text)
    r.shuffle(sentences)
    originals = sentences[:n]
    tfidf = TfidfVectorizer(lowercase=True, stop_words="english").fit_transform(originals)
    sims = (tfidf @ tfidf.T).toarray()
    np.fill_diagonal(sims, -1.0)
    pool = list(originals)
    pairs: list[tuple[int, int, int, str]] = []
    for i, s in enumerate(originals):
        text, kind = perturb(s, r)
        pool.append(text)
        pairs.append((i, len(pool) - 1, 1, kind))
        j = int(np.argmax(sims[i]))
        pairs.append((i, j, 0, f"neighbour cos={sims[i, j]:.2f}"))
    return pool, pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="original sentences per half (dev and test)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    if not DATA.exists():
        raise SystemExit(f"{DATA} not found (../shared/datasets sits beside the checkout)")

    dev_pool, dev_pairs = build(args.n, args.seed + 1)
    print(f"dev sweep ({len(dev_pairs)} pairs): Jaccard threshold (containment>={CONTAINMENT}, min tokens {MIN_TOKENS})")
    dev_tokens = [claim_tokens(t) for t in dev_pool]
    for thr in (0.3, 0.4, 0.5, 0.6, 0.7):
        tp = fp = fn = 0
        for i, j, label, _ in dev_pairs:
            a, b = dev_tokens[i], dev_tokens[j]
            jac, cont = similarity(a, b)
            pred = (cont == 1.0 and jac >= thr) if min(len(a), len(b)) < MIN_TOKENS else (jac >= thr or cont >= CONTAINMENT)
            tp += pred and label
            fp += pred and not label
            fn += (not pred) and label
        print(f"  jaccard>={thr:.1f}: P {prf(tp, fp, fn)[0]:.3f}  R {prf(tp, fp, fn)[1]:.3f}  F1 {prf(tp, fp, fn)[2]:.3f}")

    pool, pairs = build(args.n, args.seed)
    tokens = [claim_tokens(t) for t in pool]
    label_of = {}
    for g, members in enumerate(group_texts(tokens)):
        for i in members:
            label_of[i] = g
    results = {"pair": [0, 0, 0], "cluster": [0, 0, 0]}
    by_kind: dict[str, list[int]] = {}
    for i, j, label, kind in pairs:
        for name, pred in (("pair", same_claim(tokens[i], tokens[j])), ("cluster", i in label_of and label_of.get(i) == label_of.get(j))):
            c = results[name]
            c[0] += pred and label
            c[1] += pred and not label
            c[2] += (not pred) and label
        if label:
            hit = by_kind.setdefault(kind.split("+")[0] if "+" not in kind else "two perturbations", [0, 0])
            hit[0] += same_claim(tokens[i], tokens[j])
            hit[1] += 1
    pos = sum(p[2] for p in pairs)
    print(f"\ntest: {args.n} ClaimBuster sentences, {pos} positive and {len(pairs) - pos} hard-negative pairs, seed {args.seed}")
    for name, (tp, fp, fn) in results.items():
        p, rec, f1 = prf(tp, fp, fn)
        print(f"  {name:8s} decision: precision {p:.3f}  recall {rec:.3f}  F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    print("  recall by perturbation (pair decision):")
    for kind, (hit, total) in sorted(by_kind.items()):
        print(f"    {kind:20s} {hit / total:.3f}  ({total})")


if __name__ == "__main__":
    main()
