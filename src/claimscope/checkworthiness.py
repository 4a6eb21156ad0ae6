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
from pathlib import Path
from typing import Any

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
    return text.translate(_QUOTES)


def _number_class(token: str) -> str:
    """Collapse a number to its kind so "7.8%" and "12%" share one feature."""
    if token.endswith("%"):
        return "<pct>"
    if token.startswith("$"):
        return "<money>"
    if _YEAR.fullmatch(token):
        return "<year>"
    return "<num>"


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
        toks = [_number_class(t) if t[0].isdigit() or (t[0] == "$" and len(t) > 1) else t.lower()
                for t in self.tokens(text)]
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
        toks = self.tokens(text)
        lower = [t.lower() for t in toks]
        numbers = sum(1 for t in toks if t[0].isdigit())
        caps = sum(1 for i, t in enumerate(toks) if i > 0 and t[0].isupper() and t != "I")
        return [
            float(numbers > 0),
            min(numbers, 5) / 5,
            float(any(t.endswith("%") for t in toks) or "percent" in lower),
            float(any(t[0] == "$" for t in toks) or any(t in _MONEY_WORDS for t in lower)),
            float(any(_YEAR.fullmatch(t) for t in toks)),
            min(caps, 6) / 6,
            float(any(t in _FIRST_PERSON for t in lower)),
            min(sum(1 for t in lower if t in _OPINION), 4) / 4,
            float(text.rstrip().endswith("?")),
            math.log1p(len(toks)) / 4,
            float(any(len(t) > 3 and t.endswith("ed") for t in lower)),
        ]

    def analyzer(self, block: str) -> Callable[[str], list[str]]:
        """The analyzer for one of :data:`BLOCKS` (what scikit-learn's vectorizers call)."""
        if block not in BLOCKS:
            raise ValueError(f"unknown feature block {block!r}; expected one of {BLOCKS}")
        return getattr(self, block)


@dataclass(frozen=True)
class _Block:
    """One TF-IDF block: sublinear tf x idf, L2-normalised, times ``weight``, dot ``coef``."""

    vocab: Mapping[str, int]
    idf: np.ndarray
    coef: np.ndarray
    weight: float
    analyze: Callable[[str], list[str]]

    def margins(self, texts: Sequence[str]) -> np.ndarray:
        """This block's share of the logit for each text, computed for the batch at once."""
        get = self.vocab.get
        rows: list[int] = []
        cols: list[int] = []
        for r, text in enumerate(texts):
            ids = [i for i in map(get, self.analyze(text)) if i is not None]
            cols.extend(ids)
            rows.extend([r] * len(ids))
        size = len(self.vocab)
        keys, counts = np.unique(np.asarray(rows, dtype=np.int64) * size + np.asarray(cols, dtype=np.int64),
                                 return_counts=True)
        row, col = np.divmod(keys, size)
        values = (1.0 + np.log(counts)) * self.idf[col]
        norms = np.sqrt(np.bincount(row, weights=values * values, minlength=len(texts)))
        dots = np.bincount(row, weights=values * self.coef[col], minlength=len(texts))
        out = np.zeros(len(texts))
        np.divide(dots, norms, out=out, where=norms > 0)
        return self.weight * out


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
        self._blocks = tuple(blocks)
        self._hand_coef = hand_coef
        self._hand_weight = float(meta["hand_weight"])
        self._intercept = float(meta["intercept"])
        self._featurizer = featurizer

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
            blocks.append(_Block(vocab, idf, coef, float(meta["weights"][name]), featurizer.analyzer(name)))
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
        z = np.full(len(texts), self._intercept)
        for block in self._blocks:
            z += block.margins(texts)
        hand = np.array([self._featurizer.hand(t) for t in texts], dtype=np.float64).reshape(len(texts), -1)
        z += self._hand_weight * (hand @ self._hand_coef)
        return [_sigmoid(v) for v in z.tolist()]


@functools.lru_cache(maxsize=1)
def load_model() -> CheckworthinessModel:
    """The shipped model, loaded once per process."""
    return CheckworthinessModel.load()
