"""When are two claims the same claim, and which pairs are worth asking.

Claims are compared as sets of normalised content words (case, quote marks,
punctuation, stop words, reporting verbs and simple inflections removed;
negations kept, since "is" vs "is not" is a different claim).  Two claims match
when their Jaccard similarity is high, or when one is nearly contained in the
other (a truncated or re-attributed quote).

Candidate pairs come from MinHash LSH: a claim's signature is cut into bands,
each band hashed to a bucket id, and claims sharing a bucket are compared
exactly.  Claims are short (5–20 content words), so a small signature cut into
many two-value bands finds nearly every pair at the matching threshold while
keeping the stored buckets per claim few (``BANDS``).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS  # spaCy is a core dependency; scikit-learn is not

from ..store.neardup import band_buckets

__all__ = ["JACCARD", "CONTAINMENT", "MIN_TOKENS", "METHOD", "BUCKET_CAP", "claim_tokens", "similarity", "same_claim",
           "claim_buckets", "group_texts"]

JACCARD = 0.5  # tuned on scripts/evaluate_clusters.py pairs
CONTAINMENT = 0.8
MIN_TOKENS = 4  # below this many content words, overlap is too easy to reach by chance
NUM_PERM = 32
LSH_THRESHOLD = 0.3  # below JACCARD, so containment pairs are still proposed
BUCKET_CAP = 50  # claims kept per bucket: a claim repeated thousands of times still meets its first copies
METHOD = f"minhash-lsh/{NUM_PERM}; jaccard>={JACCARD} or containment>={CONTAINMENT}"

_NEGATIONS = {"no", "not", "never", "nor", "nobody", "nothing", "none", "cannot", "without", "neither"}
_REPORTING = {"said", "says", "say", "told", "tells", "added", "claimed", "claims", "stated", "states", "according",
              "argued", "argues", "insisted", "noted", "wrote", "writes", "explained", "believes", "believe"}
_NUMBERS = {"one", "two", "three", "four", "five", "six", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty",
            "forty", "fifty", "sixty", "hundred", "first", "second", "third", "last"}
_STOP = (set(ENGLISH_STOP_WORDS) - _NEGATIONS - _NUMBERS) | _REPORTING
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)?")


def _stem(word: str) -> str:
    """Crude suffix stripping: enough to match "jobs"/"job", "cuts"/"cutting" without a stemmer dependency."""
    if word[0].isdigit() or len(word) <= 3:
        return word
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + repl
    return word


def claim_tokens(text: str) -> frozenset[str]:
    """The set of normalised content words a claim is compared on."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("n't", " not").replace("’", "'")
    return frozenset(_stem(w) for w in _WORD.findall(folded) if w not in _STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger)."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / len(a | b), common / min(len(a), len(b))


def same_claim(a: frozenset[str], b: frozenset[str]) -> bool:
    """The pair decision the clusters are built from."""
    jac, cont = similarity(a, b)
    if min(len(a), len(b)) < MIN_TOKENS:  # "oil prices rose" vs "gold prices rose": a short claim must be wholly inside the other
        return cont == 1.0 and jac >= JACCARD
    return jac >= JACCARD or cont >= CONTAINMENT


@lru_cache(maxsize=1)
def _banding() -> tuple[int, int]:
    """(bands, rows per band) that datasketch picks for our threshold and signature size."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def claim_buckets(token_sets: Sequence[frozenset[str]]) -> list[list[int]]:
    """LSH bucket ids of each token set (none for a set of fewer than two words: too little to match on)."""
    from datasketch import MinHash

    usable = [k for k, t in enumerate(token_sets) if len(t) >= 2]
    out: list[list[int]] = [[] for _ in token_sets]
    if not usable:
        return out
    bands, rows = _banding()
    hashes = MinHash.bulk([[w.encode() for w in sorted(token_sets[k])] for k in usable], num_perm=NUM_PERM, seed=1)
    for k, h in zip(usable, hashes):
        out[k] = band_buckets(np.asarray(h.hashvalues, dtype=np.uint64), bands, rows)
    return out


def group_texts(token_sets: Sequence[frozenset[str]]) -> list[list[int]]:
    """Indices of ``token_sets`` grouped by transitive ``same_claim`` matches among LSH candidates (groups of two
    or more, in index order): the in-memory form of what ``cluster_claims`` does over the database."""
    parent = list(range(len(token_sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    members: dict[int, list[int]] = defaultdict(list)
    for i, keys in enumerate(claim_buckets(token_sets)):
        for j in sorted({j for b in keys for j in members[b]}):
            if same_claim(token_sets[i], token_sets[j]):
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
        for b in keys:
            if len(members[b]) < BUCKET_CAP:
                members[b].append(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(token_sets)):
        groups[find(i)].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
