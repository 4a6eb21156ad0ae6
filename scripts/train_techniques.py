"""Train the persuasion-technique model on the PTC train split and write it into the package.

    .venv/bin/python scripts/train_techniques.py [--data PATH] [--out PATH] [--limit N]

CPU only.  Parsing the corpus for sentence boundaries is cached in
``out/ptc_docs.spacy``; fitting then takes a few minutes on two cores.  The
artifact is one ``.npz`` read with numpy alone (no scikit-learn at run time).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimscope.techniques.corpus import load_ptc, parse, sentences  # noqa: E402
from claimscope.techniques.features import doc_view  # noqa: E402
from claimscope.techniques.model import DEFAULT_PATH  # noqa: E402
from claimscope.techniques.training import fit_model  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "ptc" / "ptc_train.jsonl"
DEFAULT_CACHE = ROOT / "out" / "ptc_docs.spacy"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PTC train JSONL")
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH, help="where to write the model (.npz)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="parsed-corpus cache (DocBin)")
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles only (smoke runs)")
    ap.add_argument("--c-tagger", type=float, default=0.3, help="inverse L2 strength of the span tagger")
    ap.add_argument("--c-classifier", type=float, default=1.0, help="inverse L2 strength of the classifier")
    ap.add_argument("--threshold", type=float, default=0.32, help="token score that seeds a span")
    ap.add_argument("--low", type=float, default=0.1, help="token score that extends a span")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"training data not found: {args.data}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    articles = load_ptc(args.data, args.limit)
    docs = parse(articles, None if args.limit else args.cache)
    sents = [sentences(d) for d in docs]
    views = [doc_view(d, s) for d, s in zip(docs, sents)]
    t_parse = time.perf_counter() - t0
    print(f"{len(articles)} articles, {sum(len(v) for v in views)} tokens, parsed in {t_parse:.0f}s", flush=True)

    t1 = time.perf_counter()
    model = fit_model(
        views,
        sents,
        [a.spans for a in articles],
        c_tagger=args.c_tagger,
        c_classifier=args.c_classifier,
        threshold=args.threshold,
        low=args.low,
    )
    t_fit = time.perf_counter() - t1
    model.meta = {
        "trained_on": args.data.name,
        "articles": len(articles),
        "spans": sum(len(a.spans) for a in articles),
        "c_tagger": args.c_tagger,
        "c_classifier": args.c_classifier,
        "fit_seconds": round(t_fit, 1),
    }
    model.save(args.out)
    size = args.out.stat().st_size
    print(
        f"tagger keys {model.tagger.keys.size}, classifier features {len(model.classifier.names)}, "
        f"loaded words {len(model.loaded_words)}, rules measured {len(model.rule_precision)}"
    )
    print(f"fit {t_fit:.0f}s, total {time.perf_counter() - t0:.0f}s; wrote {args.out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
