#!/usr/bin/env python
"""Write src/claimscope/data/gdelt_event_columns.tsv: GDELT 2.0 event table columns, in order.

Reads the column definitions in ../shared/datasets/gdelt/ (names and types only;
the descriptions stay there), so the exporter needs no ../shared at run time.

    python scripts/build_gdelt_columns.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "claimscope" / "data" / "gdelt_event_columns.tsv"
SOURCE = "datasets/gdelt/GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    with open(args.shared / SOURCE, newline="", encoding="utf-8") as fh:
        rows = [(r["tableId"].strip(), r["dataType"].strip()) for r in csv.DictReader(fh) if r.get("tableId")]
    if len(rows) != 61 or rows[0][0] != "GLOBALEVENTID" or rows[-1][0] != "SOURCEURL":
        raise SystemExit(f"unexpected GDELT column list ({len(rows)} columns): check {SOURCE}")
    lines = [
        "# GDELT 2.0 event table columns in file order (name, type).",
        "# Made by scripts/build_gdelt_columns.py from the GDELT column definitions.",
        "name\ttype",
        *(f"{name}\t{kind}" for name, kind in rows),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} columns to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
