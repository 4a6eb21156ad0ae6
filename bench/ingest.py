#!/usr/bin/env python
"""Ingest throughput: analysis alone vs analysis + storage, SQLite and PostgreSQL, and peak memory.

For each corpus size and database, one fresh child process (so peak RSS is its
own) writes the generated articles as .txt files in ``--slices`` folders, loads
the pipeline, then times each slice twice, alternating, in the same run (on a
shared machine the load drifts; alternating makes both figures see the same drift):

* analysis alone: ``read_paths`` → ``analyze_articles`` (reports discarded);
* analysis + storage: the real ``ingest`` engine into an empty database
  (dedupe lookups, MinHash, near-duplicate links, one transaction per batch).

Storage overhead = 1 − (ingest rate / analysis rate) (target ≤ 10 %).  Peak
RSS is the high-water mark after the pipeline is loaded (VmHWM, reset through
/proc/self/clear_refs), which must not grow with the corpus; the writer
process that PostgreSQL ingests start has its own peak, printed beside it
(the largest VmHWM of any child, sampled five times a second).

    python bench/ingest.py [--sizes 1000,10000] [--pg postgresql://…] [--workers 1] [--batch-size 32]

PostgreSQL is measured when ``--pg`` or ``CLAIMSCOPE_TEST_PG`` is given
(``eval "$(bash scripts/ci_postgres.sh)"`` starts a throwaway server).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _hwm_mb() -> float:
    """Peak resident memory of this process since the last reset, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_hwm() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


class _ChildPeak(threading.Thread):
    """The largest peak RSS (VmHWM) of this process's children while it runs, in MB (Linux /proc)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self._done = threading.Event()
        self.start()

    def run(self) -> None:
        me = str(os.getpid())
        while not self._done.wait(0.2):
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    if stat.read_text().rsplit(")", 1)[1].split()[1] != me:
                        continue
                    for line in (stat.parent / "status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            self.peak = max(self.peak, int(line.split()[1]) / 1024)
                except (OSError, IndexError, ValueError):
                    continue

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak


def child(size: int, engine: str, workers: int, batch_size: int, disable: list[str], slices: int) -> dict[str, object]:
    warnings.filterwarnings("ignore")
    from corpus import articles

    from claimscope.api import analyze_articles
    from claimscope.config import Settings
    from claimscope.ingest import ingest
    from claimscope.reading import read_paths
    from claimscope.store import open_store
    from claimscope.store.neardup import buckets, signature
    from claimscope.store.testing import temporary_database

    settings = Settings(disable=tuple(disable))
    slices = max(1, min(slices, size))
    with tempfile.TemporaryDirectory() as tmp:
        folders = [Path(tmp) / f"slice-{k:03d}" for k in range(slices)]
        words = 0
        for n, text in enumerate(articles(size)):  # one at a time: a corpus held here would be counted as the ingest's memory
            folder = folders[n * slices // size]
            folder.mkdir(exist_ok=True)
            (folder / f"{n:06d}.txt").write_text(text, encoding="utf-8")
            words += len(text.split())
        warm = next(p for p in folders[0].iterdir())
        for report in analyze_articles(list(read_paths([warm], settings)), settings):
            buckets(signature(report.document.text))  # load the pipeline and datasketch outside the timings

        analysis_s = ingest_s = 0.0
        stored = near = 0
        _reset_hwm()
        children = _ChildPeak()
        with temporary_database(engine, Path(tmp)) as url:
            store = open_store(url)
            for folder in folders:  # alternate the two measurements so both see the same machine load
                started = time.perf_counter()
                for _ in analyze_articles((a for a in read_paths([folder], settings) if not isinstance(a, Exception)), settings):
                    pass
                analysis_s += time.perf_counter() - started
                started = time.perf_counter()
                stats = ingest([folder], store, settings, workers=workers, batch_size=batch_size)
                ingest_s += time.perf_counter() - started
                stored += stats.stored
                near += stats.near_duplicates
            rows = store.counts()
            store.close()
        peak = _hwm_mb()
    writer_peak = children.stop()
    assert stored == size == rows["documents"], (stored, size, rows)
    return {
        "size": size, "engine": engine, "words": words, "analysis_per_s": size / analysis_s, "ingest_per_s": size / ingest_s,
        "overhead": 1 - analysis_s / ingest_s, "peak_rss_mb": peak, "writer_rss_mb": writer_peak, "near_duplicates": near,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--pg", default=os.environ.get("CLAIMSCOPE_TEST_PG"), help="PostgreSQL URL (default: $CLAIMSCOPE_TEST_PG)")
    parser.add_argument("--engines", default="sqlite,postgresql", help="databases to measure (PostgreSQL only with --pg)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--disable", action="append", default=[], help="skip a component (repeatable)")
    parser.add_argument("--slices", type=int, default=5, help="alternate analysis and ingest over this many slices")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        size, engine = args.child.split(":")
        print(json.dumps(child(int(size), engine, args.workers, args.batch_size, args.disable, args.slices)))
        return 0

    engines = [e for e in args.engines.split(",") if e == "sqlite" or (e == "postgresql" and args.pg)]
    env = dict(os.environ)
    if args.pg:
        env["CLAIMSCOPE_TEST_PG"] = args.pg
    print(f"{'size':>6} {'db':>10} {'analysis/s':>11} {'ingest/s':>9} {'overhead':>9} {'peak RSS':>9} {'writer RSS':>11}")
    for size in (int(s) for s in args.sizes.split(",")):
        for engine in engines:
            cmd = [sys.executable, __file__, "--child", f"{size}:{engine}", "--workers", str(args.workers), "--batch-size", str(args.batch_size), "--slices", str(args.slices)]
            for name in args.disable:
                cmd += ["--disable", name]
            out = subprocess.run(cmd, capture_output=True, text=True, env=env)
            if out.returncode != 0:
                print(out.stderr[-3000:], file=sys.stderr)
                return 1
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{r['size']:>6} {r['engine']:>10} {r['analysis_per_s']:>11.1f} {r['ingest_per_s']:>9.1f} {r['overhead']:>8.1%} "
                  f"{r['peak_rss_mb']:>6.0f} MB {r['writer_rss_mb']:>8.0f} MB", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
