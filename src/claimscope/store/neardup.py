"""Near-duplicate detection: MinHash over word shingles, LSH bands kept in the database.

Wire copies and lightly edited reprints share most of their word 3-grams, while
two different articles on the same topic share few.  A document's MinHash
(datasketch) is cut into ``BANDS`` bands; each band hashes to a bucket id that
the store indexes (``lsh_buckets``), so a new document finds its candidates
with one indexed lookup and memory does not grow with the corpus.  Candidates
are confirmed with the estimated Jaccard similarity of the full signatures.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

__all__ = ["NUM_PERM", "SHINGLE", "THRESHOLD", "BUCKET_CAP", "MAX_CANDIDATES", "MAX_LINKS", "signature", "buckets", "jaccard"]

NUM_PERM = 128
SHINGLE = 3  # words per shingle: long enough to ignore shared vocabulary, short enough to survive edits
THRESHOLD = 0.5  # estimated Jaccard at or above which two documents are linked
BUCKET_CAP = 50  # documents kept per LSH bucket: bounds the lookup for much-reprinted stories
MAX_CANDIDATES = 100  # candidates compared per new document, those sharing most bands first
MAX_LINKS = 20  # near-duplicate links kept per new document, closest first

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _bands() -> tuple[int, int]:
    """(bands, rows per band) that datasketch picks for our threshold and signature size."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def signature(text: str) -> bytes:
    """The MinHash of ``text``'s lower-cased word shingles, as raw bytes for storage."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    if len(words) >= SHINGLE:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    else:
        shingles = {" ".join(words)}
    mh = MinHash(num_perm=NUM_PERM)
    mh.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return mh.hashvalues.tobytes()


def _values(sig: bytes) -> np.ndarray:
    itemsize = len(sig) // NUM_PERM
    return np.frombuffer(sig, dtype=np.uint64 if itemsize == 8 else np.uint32)


def buckets(sig: bytes) -> list[int]:
    """One signed 64-bit bucket id per LSH band (the band number is hashed in, so bands never collide)."""
    b, r = _bands()
    values = _values(sig)
    out = []
    for band in range(b):
        digest = hashlib.blake2b(band.to_bytes(2, "little") + values[band * r : (band + 1) * r].tobytes(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


def jaccard(a: bytes, b: bytes) -> float:
    """MinHash estimate of the Jaccard similarity of two documents' shingle sets."""
    va, vb = _values(a), _values(b)
    if va.shape != vb.shape:
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)
