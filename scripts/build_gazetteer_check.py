#!/usr/bin/env python
"""Coverage report for the actor gazetteer, and an optional speed check of claimscope_actors.

Prints how many UN members countries.tsv covers, which rows lack a capital or demonym
(each should have a reason in the TSV header), phrase counts per form, and names the
matcher cannot find in a plain sentence.  ``--bench N`` times the component alone
on N copies of an article (default: the reference article in ../shared).

Usage: python scripts/build_gazetteer_check.py [--bench 500] [--article PATH]
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import spacy

import claimscope.pipeline.actors  # noqa: F401  (registers the factory)
from claimscope.gazetteer import load_gazetteer, read_countries

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "alpha-news-koltashov-2024-03-26.txt"


def coverage() -> int:
    """Print the coverage report; returns the number of problems found."""
    gazetteer = load_gazetteer()
    rows = read_countries()
    members = [row for row in rows if row.un == "member"]
    print(f"UN members covered: {len(members)} / 193; other states: {', '.join(r.alpha3 for r in rows if r.un != 'member')}")
    print("no capital entry:", " ".join(row.alpha3 for row in rows if not row.capitals) or "-")
    print("no demonym entry:", " ".join(row.alpha3 for row in rows if not row.demonyms) or "-")
    forms = Counter(gazetteer.form(phrase) for phrase, _ in gazetteer.phrases())
    kinds = Counter(entry.kind for entry in gazetteer.entities())
    print("phrases per form:", dict(forms))
    print("actors per kind:", dict(kinds), f"role nouns: {sum(1 for _ in gazetteer.roles())}")
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_actors")
    unmatched = []
    for row in rows:
        for phrase in (row.name, *row.aliases, *row.capitals, *(seat for seat, _ in row.seats), *row.demonyms):
            doc = nlp(f"Yesterday {phrase} signed the treaty.")
            if [(span.text, span.kb_id_) for span in doc.spans["actors"]] != [(phrase, row.alpha3)]:
                unmatched.append(f"{row.alpha3}:{phrase}")
    print("phrases not found as written:", ", ".join(unmatched) or "-")
    return len(unmatched) + (193 - len(members))


def bench(article: Path, copies: int) -> None:
    """Docs per second for the component alone (tokenisation excluded)."""
    nlp = spacy.blank("en")
    started = time.perf_counter()
    nlp.add_pipe("claimscope_actors")
    built = time.perf_counter() - started
    text = article.read_text(encoding="utf-8")
    docs = [nlp.make_doc(text) for _ in range(copies)]
    finder = nlp.get_pipe("claimscope_actors")
    started = time.perf_counter()
    found = sum(len(finder(doc).spans["actors"]) for doc in docs)
    elapsed = time.perf_counter() - started
    print(
        f"build {built * 1000:.0f} ms; {copies} docs of {len(docs[0])} tokens in {elapsed:.2f} s "
        f"= {copies / elapsed:.0f} docs/s, {sum(len(d) for d in docs) / elapsed / 1000:.0f}k tokens/s; {found // copies} actors/doc"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=int, default=0, help="time the component on N copies of --article")
    parser.add_argument("--article", type=Path, default=REFERENCE)
    args = parser.parse_args()
    problems = coverage()
    if args.bench:
        bench(args.article, args.bench)
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
