"""When are two claims the same claim, and which pairs are worth asking.

Claims are compared as sets of normalised content words (case, quote marks,
punctuation, stop words, reporting verbs and simple inflections removed;
negations kept, since "is" vs "is not" is a different claim).  Two claims match
when their Jaccard similarity is high, or when one is nearly contained in the
other (a truncated or re-attributed quote).

Candidate pairs come from MinHash LSH: a claim's signature is cut into bands,
each band hashed to a bucket id, and claims sharing a bucket are compared
exactly.  Claims are short (5–20 content words), so a small signature (computed with
numpy for a whole batch) cut into many two-value bands finds nearly every
pair at the matching threshold while keeping the stored buckets per claim few.

A claim whose word set equals one seen before (a wire copy, a repeated quote)
is matched through one more bucket, ``exact_key``, and needs no comparison at
all: every claim it could match was already compared with its twin.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS  # spaCy is a core dependency; scikit-learn is not


__all__ = ["JACCARD", "CONTAINMENT", "MIN_TOKENS", "METHOD", "BUCKET_CAP", "claim_tokens", "similarity", "same_claim",
           "claim_buckets", "exact_key", "signatures", "group_texts"]

JACCARD = 0.5  # tuned on scripts/evaluate_clusters.py pairs
CONTAINMENT = 0.8
MIN_TOKENS = 4  # below this many content words, overlap is too easy to reach by chance
NUM_PERM = 32
LSH_THRESHOLD = 0.3  # below JACCARD, so containment pairs are still proposed
BUCKET_CAP = 20  # claims kept per bucket: bounds the comparisons per claim; a much-repeated claim still meets its first copies
METHOD = f"minhash-lsh/{NUM_PERM}; jaccard>={JACCARD} or containment>={CONTAINMENT}"

_NEGATIONS = {"no", "not", "never", "nor", "nobody", "nothing", "none", "cannot", "without", "neither"}
_REPORTING = {"said", "says", "say", "told", "tells", "added", "claimed", "claims", "stated", "states", "according",
              "argued", "argues", "insisted", "noted", "wrote", "writes", "explained", "believes", "believe"}
_NUMBERS = {"one", "two", "three", "four", "five", "six", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty",
            "forty", "fifty", "sixty", "hundred", "first", "second", "third", "last"}
_STOP = (set(ENGLISH_STOP_WORDS) - _NEGATIONS - _NUMBERS) | _REPORTING
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)?")


@lru_cache(maxsize=1 << 14)
def _stem(word: str) -> str:
    """Crude suffix stripping: enough to match "jobs"/"job", "cuts"/"cutting" without a stemmer dependency."""
    if word[0].isdigit() or len(word) <= 3:
        return word
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + repl
    return word


@lru_cache(maxsize=1 << 12)  # reprinted claims repeat their text exactly; small, so memory stays flat
def claim_tokens(text: str) -> frozenset[str]:
    """The set of normalised content words a claim is compared on."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("n't", " not").replace("’", "'")
    return frozenset(_stem(w) for w in _WORD.findall(folded) if w not in _STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger)."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common), common / min(len(a), len(b))


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


_PRIME = (1 << 61) - 1
_RNG = np.random.default_rng(1)
#: the universal-hash permutations (a * h + b) mod p, fixed so buckets stay comparable across runs
_A = _RNG.integers(1, 1 << 32, size=NUM_PERM, dtype=np.uint64)
_B = _RNG.integers(0, 1 << 32, size=NUM_PERM, dtype=np.uint64)


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")


def signatures(token_sets: Sequence[frozenset[str]]) -> np.ndarray:
    """MinHash signatures, one row of ``NUM_PERM`` values per (non-empty) set, for a whole batch at once:
    numpy over all words of the batch instead of one hashing object per claim."""
    sizes = np.fromiter(map(len, token_sets), dtype=np.int64, count=len(token_sets))
    if not len(token_sets) or (sizes == 0).any():
        raise ValueError("every token set needs at least one word")
    hashes = np.fromiter((_word_hash(w) for t in token_sets for w in t), dtype=np.uint64, count=int(sizes.sum()))
    permuted = ((hashes[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)) & np.uint64(0xFFFFFFFF)  # < 2**64: no overflow
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return np.minimum.reduceat(permuted, starts, axis=0)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, elementwise (uint64 arithmetic wraps, as the algorithm wants)."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def claim_buckets(token_sets: Sequence[frozenset[str]]) -> list[list[int]]:
    """LSH bucket ids of each token set (none for a set of fewer than two words: too little to match on).

    A band's values are mixed into one 64-bit id with the band number folded in,
    so equal values in different bands never share a bucket."""
    usable = [k for k, t in enumerate(token_sets) if len(t) >= 2]
    out: list[list[int]] = [[] for _ in token_sets]
    if not usable:
        return out
    bands, rows = _banding()
    sig = signatures([token_sets[k] for k in usable])[:, : bands * rows].reshape(len(usable), bands, rows)
    with np.errstate(over="ignore"):
        keys = _mix(np.arange(bands, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15))[None, :].repeat(len(usable), axis=0)
        for j in range(rows):
            keys = _mix(keys ^ sig[:, :, j])
    for k, row in zip(usable, keys.view(np.int64).tolist()):
        out[k] = row
    return out


def exact_key(tokens: frozenset[str]) -> int:
    """The bucket id of the exact word set (hashed apart from the band buckets by its prefix)."""
    digest = hashlib.blake2b("\x1f".join(sorted(tokens)).encode(), digest_size=8, person=b"claim-exact").digest()
    return int.from_bytes(digest, "little", signed=True)


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
    twins: dict[frozenset[str], int] = {}
    for i, keys in enumerate(claim_buckets(token_sets)):
        if not keys:
            continue
        twin = twins.setdefault(token_sets[i], i)
        if twin != i:
            parent[i] = find(twin)
            continue
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
