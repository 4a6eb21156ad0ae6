"""The analysis worker: the pipeline is loaded once per process and kept out of GC sweeps."""
from __future__ import annotations

import subprocess
import sys

_SCRIPT = """
import gc
from claimscope.config import Settings
from claimscope.ingest.worker import analyse_chunk
from claimscope.reading.article import Article
before = gc.get_freeze_count()
[first] = analyse_chunk([Article(text="Ministers met on Monday. They said exports grew.", source="a.txt")], Settings())
frozen = gc.get_freeze_count()
[second] = analyse_chunk([Article(text="Prices rose again in March.", source="b.txt")], Settings())
print(before, frozen, gc.get_freeze_count(), type(first).__name__, type(second).__name__)
"""


def test_first_chunk_loads_the_pipeline_and_freezes_it_once() -> None:
    out = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True).stdout.split()
    before, frozen, after = map(int, out[:3])
    assert before == 0 and frozen > 10_000  # the loaded pipeline is many objects
    assert after == frozen  # a later chunk freezes nothing more
    assert out[3:] == ["Analysed", "Analysed"]
