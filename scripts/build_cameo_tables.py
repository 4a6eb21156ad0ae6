"""Build ``src/claimscope/data/cameo_codes.tsv`` from the shared CAMEO tables.

Why a build step: the runtime must not read ``../shared``, so the codebook
(labels) and the GDELT Goldstein weights are merged once into one small table
shipped in the package.  Columns: ``code  label  goldstein  quad_class``.

* ``label`` comes from the codebook (``cameo_event_codes.tsv``); root labels,
  written in capitals there, are turned into sentence case.
* ``goldstein`` comes from ``cameo_goldstein_gdeltpyr.tsv``; a code that table
  lacks (some 4-digit codes) takes the weight of its nearest listed parent, so
  every code has a weight.
* ``quad_class`` (1 verbal cooperation, 2 material cooperation, 3 verbal
  conflict, 4 material conflict) follows the codebook's own section headers.

Run: ``.venv/bin/python scripts/build_cameo_tables.py [--shared ../shared]``.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
OUT = ROOT / "src" / "claimscope" / "data" / "cameo_codes.tsv"


def read_codebook(path: Path) -> list[tuple[str, str, int]]:
    """Return (code, label, quad_class) rows in codebook order."""
    rows: list[tuple[str, str, int]] = []
    quad = 0
    with path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader)  # header
        for cells in reader:
            if len(cells) < 2 or not cells[0].strip():
                continue
            code, label = cells[0].strip(), " ".join(cells[1].split())
            if len(code) == 1:  # "1  Verbal Cooperation": a quad-class header
                quad = int(code)
                continue
            if label.isupper():
                label = label.capitalize()
            rows.append((code, label, quad))
    return rows


def read_goldstein(path: Path) -> dict[str, float]:
    """Map CAMEO code -> Goldstein score (the ``cameoCode`` column is authoritative)."""
    scores: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader)
        for cells in reader:
            if len(cells) < 4:
                continue
            code, score = cells[3].strip(), cells[2].strip()
            if code and score:
                scores[code] = float(score)
    return scores


def goldstein_for(code: str, scores: dict[str, float]) -> float | None:
    """Score of the code, else of its nearest parent (``1054`` -> ``105`` -> ``10``)."""
    for cut in range(len(code), 1, -1):
        if code[:cut] in scores:
            return scores[code[:cut]]
    return None


def build(shared: Path) -> list[tuple[str, str, str, int]]:
    """Merge the two shared tables into output rows."""
    cameo = shared / "datasets" / "cameo"
    scores = read_goldstein(cameo / "cameo_goldstein_gdeltpyr.tsv")
    out = []
    for code, label, quad in read_codebook(cameo / "cameo_event_codes.tsv"):
        score = goldstein_for(code, scores)
        out.append((code, label, "" if score is None else f"{score:g}", quad))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.shared)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# CAMEO event codes: label (codebook), Goldstein weight (GDELT; a missing\n")
        fh.write("# code takes its nearest parent's), quad class. Made by scripts/build_cameo_tables.py\n")
        fh.write("code\tlabel\tgoldstein\tquad_class\n")  # plain TSV: no CSV quoting of '"third"'
        for code, label, score, quad in rows:
            fh.write(f"{code}\t{label}\t{score}\t{quad}\n")
    print(f"wrote {len(rows)} codes to {args.out}")


if __name__ == "__main__":
    main()
