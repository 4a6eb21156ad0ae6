"""Check-worthiness: how likely a sentence is a factual claim worth checking (0..1).

Why a hand-rolled linear scorer: the model is a logistic regression over TF-IDF
blocks (word 1-2grams, character 2-5grams, word-class tags from a shipped lexicon)
plus a few numeric cues, trained by ``scripts/train_checkworthiness.py``.  Shipping
vocabularies and weights in a plain ``.npz`` and redoing the arithmetic in numpy keeps
scikit-learn out of the runtime, survives scikit-learn upgrades (no pickles), and scores
thousands of sentences a second without running spaCy.

The featurisers below are the single source of truth: the training script passes them
to scikit-learn as analyzers, so training and runtime cannot drift apart.

    >>> from claimscope.checkworthiness import load_model
    >>> load_model().score(["Unemployment rose by 3 percent in 2023."])  # doctest: +SKIP
    [0.93...]
"""
from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "ARTIFACT_FORMAT",
    "BLOCKS",
    "HAND_FEATURES",
    "CheckworthinessModel",
    "Featurizer",
    "load_model",
]

ARTIFACT_FORMAT = "claimscope.checkworthiness/1"
_ARTIFACT_NAME = "checkworthiness.npz"
#: sentences scored per numpy pass: big enough to amortise numpy, small enough for memory
_CHUNK = 2048
#: TF-IDF feature blocks, in the order their weights are stored
BLOCKS: tuple[str, ...] = ("words", "chars", "tags")
HAND_FEATURES: tuple[str, ...] = (
    "has_number",
    "n_numbers",
    "percent",
    "money",
    "year",
    "capitalised",
    "first_person",
    "opinion_markers",
    "question",
    "log_length",
    "past_tense",
)

# Numbers keep "$", "%", "," and inner "." so "$4,300" and "7.8%" stay one token.
_TOKEN = re.compile(r"\$?\d(?:[\d,.]*\d)?%?|[^\W\d_]+(?:'[^\W\d_]+)*|\S")
_YEAR = re.compile(r"1[6-9]\d\d|20\d\d")
_DIGIT = re.compile(r"\d")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-"})
_MONEY_WORDS = frozenset({"dollar", "dollars", "million", "billion", "trillion", "cents"})
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself"})
_OPINION = frozenset(
    {"think", "believe", "feel", "hope", "should", "ought", "must", "want", "will", "would",
     "could", "wrong", "right", "great", "good", "bad", "best", "worst"}
)
#: suffix guesses for words the tag lexicon has never seen (news vocabulary is wider)
_SUFFIX_TAGS = (("ing", "VBG"), ("ed", "VBD"), ("ly", "RB"), ("s", "NNS"))


def _normalise(text: str) -> str:
    """Typographic quotes and dashes to ASCII: news uses them, the debate transcripts do not."""
    return text if text.isascii() else text.translate(_QUOTES)


def _number_class(token: str) -> str:
    """Collapse a number to its kind so "7.8%" and "12%" share one feature."""
    if token.endswith("%"):
        return "<pct>"
    if token.startswith("$"):
        return "<money>"
    if _YEAR.fullmatch(token):
        return "<year>"
    return "<num>"


def _word_form(token: str) -> str:
    """A token as the word block sees it: lower-cased, a number collapsed to its kind."""
    return _number_class(token) if token[0].isdigit() or (token[0] == "$" and len(token) > 1) else token.lower()


@functools.lru_cache(maxsize=1 << 16)
def _cues(token: str) -> tuple[bool, bool, bool, bool, bool, bool, bool, bool]:
    """What one token adds to the hand features: number, capitalised (not "I"), percent,
    money, year, first person, opinion marker, past tense; cached because tokens repeat."""
    lower = token.lower()
    return (
        token[0].isdigit(),
        token[0].isupper() and token != "I",
        token.endswith("%") or lower == "percent",
        token[0] == "$" or lower in _MONEY_WORDS,
        _YEAR.fullmatch(token) is not None,
        lower in _FIRST_PERSON,
        lower in _OPINION,
        len(lower) > 3 and lower.endswith("ed"),
    )


def _hand(text: str, cues: Sequence[tuple[bool, ...]]) -> list[float]:
    """The numeric cues of :data:`HAND_FEATURES` from the text and its tokens' :func:`_cues`."""
    numbers = caps = percent = money = year = first = opinion = past = 0
    for n, (digit, upper, pct, cash, yr, me, op, ed) in enumerate(cues):
        numbers += digit
        caps += upper and n > 0
        percent |= pct
        money |= cash
        year |= yr
        first |= me
        opinion += op
        past |= ed
    return [
        float(numbers > 0),
        min(numbers, 5) / 5,
        float(percent),
        float(money),
        float(year),
        min(caps, 6) / 6,
        float(first),
        min(opinion, 4) / 4,
        float(text.rstrip().endswith("?")),
        math.log1p(len(cues)) / 4,
        float(past),
    ]


@functools.lru_cache(maxsize=1 << 16)
def _word_chargrams(word: str) -> tuple[str, ...]:
    """One word's 2-5grams, padded with a space each side; cached because words repeat (Zipf)."""
    padded = f" {word} "
    size = len(padded)
    return tuple(padded[i : i + n] for n in range(2, min(5, size) + 1) for i in range(size - n + 1))


class Featurizer:
    """Text -> feature strings (per block) and the dense numeric cues.

    ``lexicon`` maps a word form to its usual Penn tag, optionally ``"TAG|ENT"`` with a
    named-entity type; it is derived from spaCy at training time so runtime needs no parser.
    """

    def __init__(self, lexicon: Mapping[str, str]) -> None:
        self.lexicon = lexicon

    @staticmethod
    def tokens(text: str) -> list[str]:
        return _TOKEN.findall(_normalise(text))

    def words(self, text: str) -> list[str]:
        """Lower-cased word unigrams and bigrams, numbers collapsed to their kind."""
        toks = [_word_form(t) for t in self.tokens(text)]
        return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]

    def chars(self, text: str) -> list[str]:
        """Character 2-5grams inside space-padded words, digits folded to 0."""
        grams: list[str] = []
        for word in _DIGIT.sub("0", _normalise(text).lower()).split():
            grams.extend(_word_chargrams(word))
        return grams

    def _tag(self, token: str) -> str:
        found = self.lexicon.get(token) or self.lexicon.get(token.lower())
        if found:
            return found
        if token[0].isdigit() or token[0] == "$":
            return "CD"
        if token[0].isupper():
            return "NNP"
        lower = token.lower()
        return next((tag for suffix, tag in _SUFFIX_TAGS if lower.endswith(suffix)), "NN")

    def tags(self, text: str) -> list[str]:
        """Word-class tags, tag bigrams and entity types: tense and proper nouns without a parser."""
        pairs = [self._tag(t).partition("|") for t in self.tokens(text)]
        tags = [tag for tag, _, _ in pairs]
        return tags + [f"{a}_{b}" for a, b in zip(tags, tags[1:])] + [f"E_{ent}" for _, _, ent in pairs if ent]

    def hand(self, text: str) -> list[float]:
        """The numeric cues of :data:`HAND_FEATURES`, each scaled to about 0..1."""
        return _hand(text, [_cues(t) for t in self.tokens(text)])

    def analyzer(self, block: str) -> Callable[[str], list[str]]:
        """The analyzer for one of :data:`BLOCKS` (what scikit-learn's vectorizers call)."""
        if block not in BLOCKS:
            raise ValueError(f"unknown feature block {block!r}; expected one of {BLOCKS}")
        return getattr(self, block)


#: distinct tokens/words remembered by an encoder before it starts over (bounds memory)
_CACHE_LIMIT = 1 << 17


class _Token(NamedTuple):
    """What a batch needs to know about one distinct token (ids are -1 when not in the vocabulary)."""

    form: str
    word: int
    tag: str
    tag_id: int
    ent_id: int
    cues: int  # :func:`_cues` as bits, bit k = cue k


_ITEM = [itemgetter(k) for k in range(len(_Token._fields))]


class _Encoder:
    """Texts -> each block's vocabulary ids and the hand features, for a whole batch.

    The ids are the same multiset the :class:`Featurizer` analyzers give (which training
    uses), and the hand features the same values, but each distinct token and word is
    worked out once and remembered (words repeat), and the rest is array arithmetic over
    the batch: doing the analyzers' string work per sentence cost more than the rest of
    scoring together.
    """

    def __init__(self, featurizer: Featurizer, vocabs: Mapping[str, Mapping[str, int]]) -> None:
        self._featurizer = featurizer
        self._words = vocabs["words"]
        self._chars = vocabs["chars"]
        self._tags = vocabs["tags"]
        self._tokens: dict[str, _Token] = {}
        #: folded word -> its character n-grams' ids (int64 bytes)
        self._grams: dict[str, bytes] = {}
        #: (word form, word form) and (tag, tag) -> the bigram's id
        self._word_pairs: dict[tuple[str, str], int] = {}
        self._tag_pairs: dict[tuple[str, str], int] = {}

    def _token(self, token: str) -> _Token:
        if len(self._tokens) >= _CACHE_LIMIT:
            self._tokens.clear()
        form = _word_form(token)
        tag, _, ent = self._featurizer._tag(token).partition("|")
        bits = sum(1 << k for k, cue in enumerate(_cues(token)) if cue)
        info = _Token(form, self._words.get(form, -1), tag, self._tags.get(tag, -1),
                      self._tags.get(f"E_{ent}", -1) if ent else -1, bits)
        self._tokens[token] = info
        return info

    def _word(self, word: str) -> bytes:
        if len(self._grams) >= _CACHE_LIMIT:
            self._grams.clear()
        ids = self._grams[word] = np.array([i for i in map(self._chars.get, _word_chargrams(word)) if i is not None],
                                           dtype=np.int64).tobytes()
        return ids

    @staticmethod
    def _pairs(items: list[str], known: dict[tuple[str, str], int], vocab: Mapping[str, int], joint: str) -> np.ndarray:
        """Ids of the bigrams ``items[k] + joint + items[k + 1]`` (-1 if not in ``vocab``), each
        distinct pair looked up once."""
        if len(known) >= _CACHE_LIMIT:
            known.clear()
        get, pairs = known.get, list(zip(items, items[1:]))
        ids = list(map(get, pairs))
        for k in [k for k, i in enumerate(ids) if i is None]:
            a, b = pairs[k]
            ids[k] = known[a, b] = vocab.get(f"{a}{joint}{b}", -1)
        return np.array(ids, dtype=np.int64)

    def encode(self, texts: Sequence[str]) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], np.ndarray]:
        """Per block ``(rows, ids)``: the text index and vocabulary id of every feature
        occurrence, in no particular order; and the hand-feature matrix, one row per text."""
        n = len(texts)
        norms = [_normalise(t) for t in texts]
        per_text = [_TOKEN.findall(s) for s in norms]
        counts = np.fromiter(map(len, per_text), dtype=np.int64, count=n)
        tokens = self._tokens
        infos = [tokens.get(t) or self._token(t) for t in chain.from_iterable(per_text)]
        m = len(infos)
        text_of = np.repeat(np.arange(n), counts)  # the text each token is in
        same = text_of[:-1] == text_of[1:]  # token k and k+1 form a bigram

        def column(k: int) -> list[Any]:
            return list(map(_ITEM[k], infos))

        def block(*parts: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
            rows = np.concatenate([r for r, _ in parts])
            ids = np.concatenate([i for _, i in parts])
            keep = ids >= 0
            return rows[keep], ids[keep]

        forms, tags = column(0), column(2)
        bigram_rows = np.where(same, text_of[:-1], 0)
        no_pair = np.where(same, 0, -1)  # ids of pairs across two texts become -1 (dropped)
        words = block(
            (text_of, np.fromiter(map(_ITEM[1], infos), dtype=np.int64, count=m)),
            (bigram_rows, self._pairs(forms, self._word_pairs, self._words, " ") | no_pair),
        )
        tag_ids = block(
            (text_of, np.fromiter(map(_ITEM[3], infos), dtype=np.int64, count=m)),
            (bigram_rows, self._pairs(tags, self._tag_pairs, self._tags, "_") | no_pair),
            (text_of, np.fromiter(map(_ITEM[4], infos), dtype=np.int64, count=m)),
        )

        grams = self._grams
        per_text_words = [_DIGIT.sub("0", s.lower()).split() for s in norms]
        word_grams = [grams.get(w) or self._word(w) for w in chain.from_iterable(per_text_words)]
        word_text = np.repeat(np.arange(n), np.fromiter(map(len, per_text_words), dtype=np.int64, count=n))
        gram_counts = np.fromiter(map(len, word_grams), dtype=np.int64, count=len(word_grams)) // 8
        chars = (np.repeat(word_text, gram_counts), np.frombuffer(b"".join(word_grams), dtype=np.int64))

        hand = self._hand(texts, counts, text_of, np.fromiter(map(_ITEM[5], infos), dtype=np.int64, count=m))
        return {"words": words, "chars": chars, "tags": tag_ids}, hand

    @staticmethod
    def _hand(texts: Sequence[str], counts: np.ndarray, text_of: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """:func:`_hand` for the batch, from each token's cue bits (same values, as arrays)."""
        n = len(texts)
        cue = np.arange(8)
        flags = (bits[:, None] >> cue) & 1
        # per text and cue: how many tokens have it (float sums of 0/1 are exact)
        sums = np.bincount((text_of[:, None] * 8 + cue).ravel(), weights=flags.ravel(), minlength=8 * n).reshape(n, 8)
        spoken = counts > 0
        sums[spoken, 1] -= flags[(np.cumsum(counts) - counts)[spoken], 1]  # a text's first capital says nothing
        hand = np.empty((n, len(HAND_FEATURES)))
        hand[:, [0, 2, 3, 4, 6, 10]] = sums[:, [0, 2, 3, 4, 5, 7]] > 0  # has a number, percent, money, ...
        hand[:, [1, 5, 7]] = np.minimum(sums[:, [0, 1, 6]], [5, 6, 4]) / [5, 6, 4]  # numbers, capitals, opinion
        hand[:, 8] = [t.rstrip().endswith("?") for t in texts]
        hand[:, 9] = [math.log1p(c) / 4 for c in counts.tolist()]
        return hand


@dataclass(frozen=True)
class _Block:
    """One TF-IDF block: sublinear tf x idf, L2-normalised, times ``weight``, dot ``coef``."""

    vocab: Mapping[str, int]
    idf: np.ndarray
    coef: np.ndarray
    weight: float



class _Blocks:
    """All blocks' weights in one id space (block ``b``'s ids shifted by the sizes before it),
    so a batch needs one sort instead of one per block."""

    def __init__(self, blocks: Sequence[_Block]) -> None:
        sizes = [len(block.vocab) for block in blocks]
        self.offsets = np.cumsum([0, *sizes[:-1]]).astype(np.int64)
        self.size = max(sum(sizes), 1)
        self.idf = np.concatenate([block.idf for block in blocks])
        self.coef = np.concatenate([block.coef for block in blocks])
        self.weights = [block.weight for block in blocks]

    def margins(self, n: int, parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """Each block's share of the logit, one column per block, for ``n`` texts; ``parts[b]``
        holds the (text, id) pair of every feature occurrence of block ``b``.  Per block:
        sublinear tf x idf, L2-normalised, dot ``coef``, times the block's weight."""
        count = len(self.weights)
        rows = np.concatenate([r for r, _ in parts])
        ids = np.concatenate([i + offset for (_, i), offset in zip(parts, self.offsets.tolist())])
        keys = rows * self.size + ids
        if n * self.size < 2**31:  # sorting int32 takes half the time
            keys = keys.astype(np.int32)
        keys, counts = np.unique(keys, return_counts=True)
        row, col = np.divmod(keys, self.size)
        slot = row * count + (np.searchsorted(self.offsets, col, side="right") - 1)  # (text, block)
        values = self.idf[col]  # (1 + log 1) * idf is idf exactly: only repeated features need the log
        repeated = counts > 1
        values[repeated] = (1.0 + np.log(counts[repeated])) * values[repeated]
        norms = np.sqrt(np.bincount(slot, weights=values * values, minlength=n * count))
        dots = np.bincount(slot, weights=values * self.coef[col], minlength=n * count)
        out = np.zeros(n * count)
        np.divide(dots, norms, out=out, where=norms > 0)
        return out.reshape(n, count) * np.asarray(self.weights)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _text(arrays: Mapping[str, np.ndarray], key: str) -> str:
    return bytes(arrays[key]).decode("utf-8")


class CheckworthinessModel:
    """A trained check-worthiness scorer; build it with :meth:`load`."""

    def __init__(self, meta: Mapping[str, Any], blocks: Sequence[_Block], hand_coef: np.ndarray,
                 featurizer: Featurizer) -> None:
        self.meta = meta
        #: decision threshold chosen by cross-validated F1 (scores are calibrated probabilities)
        self.threshold: float = float(meta["threshold"])
        if len(blocks) != len(BLOCKS):
            raise ValueError(f"expected {len(BLOCKS)} feature blocks {BLOCKS}, got {len(blocks)}")
        self._blocks = dict(zip(BLOCKS, blocks))
        self._linear = _Blocks(blocks)
        self._hand_coef = hand_coef
        self._hand_weight = float(meta["hand_weight"])
        self._intercept = float(meta["intercept"])
        self._featurizer = featurizer
        self._encoder = _Encoder(featurizer, {name: block.vocab for name, block in self._blocks.items()})

    @property
    def lexicon(self) -> Mapping[str, str]:
        """The word-class lexicon the tag features look words up in (form -> "TAG" or "TAG|ENT")."""
        return self._featurizer.lexicon

    @classmethod
    def load(cls, path: str | Path | None = None) -> CheckworthinessModel:
        """Load an artifact written by ``scripts/train_checkworthiness.py`` (default: the shipped one)."""
        if path is None:
            ref = resources.files("claimscope").joinpath("data", _ARTIFACT_NAME)
            if not ref.is_file():
                raise FileNotFoundError(
                    f"check-worthiness model {_ARTIFACT_NAME} is missing from claimscope/data; "
                    "run scripts/train_checkworthiness.py to build it"
                )
            with resources.as_file(ref) as real:
                return cls._read(Path(real))
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"check-worthiness model not found: {path}")
        return cls._read(path)

    @classmethod
    def _read(cls, path: Path) -> CheckworthinessModel:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        meta = json.loads(_text(arrays, "meta"))
        if meta.get("format") != ARTIFACT_FORMAT:
            raise ValueError(f"{path}: not a {ARTIFACT_FORMAT} artifact (format {meta.get('format')!r})")
        if tuple(meta["hand_features"]) != HAND_FEATURES:
            raise ValueError(f"{path}: hand features {meta['hand_features']} differ from this code's {HAND_FEATURES}")
        featurizer = Featurizer(json.loads(_text(arrays, "lexicon")))
        blocks = []
        for name in BLOCKS:
            terms = _text(arrays, f"vocab_{name}").split("\n")
            vocab = {term: i for i, term in enumerate(terms)}
            idf, coef = arrays[f"idf_{name}"], arrays[f"coef_{name}"]
            if not len(vocab) == len(idf) == len(coef):
                raise ValueError(f"{path}: block {name!r} has mismatched vocabulary and weights")
            blocks.append(_Block(vocab, idf, coef, float(meta["weights"][name])))
        return cls(meta, blocks, arrays["coef_hand"], featurizer)

    def score(self, texts: Sequence[str]) -> list[float]:
        """Probability (0..1) that each sentence is a check-worthy factual claim."""
        if isinstance(texts, str):
            raise TypeError("score() takes a sequence of sentences, not one string")
        out: list[float] = []
        for start in range(0, len(texts), _CHUNK):
            out.extend(self._score_chunk(texts[start : start + _CHUNK]))
        return out

    def _score_chunk(self, texts: Sequence[str]) -> list[float]:
        features, hand = self._encoder.encode(texts)
        margins = self._linear.margins(len(texts), [features[name] for name in BLOCKS])
        z = np.full(len(texts), self._intercept)
        for b in range(len(BLOCKS)):
            z += margins[:, b]
        z += self._hand_weight * (hand @ self._hand_coef)
        return [_sigmoid(v) for v in z.tolist()]


@functools.lru_cache(maxsize=1)
def load_model() -> CheckworthinessModel:
    """The shipped model, loaded once per process."""
    return CheckworthinessModel.load()
