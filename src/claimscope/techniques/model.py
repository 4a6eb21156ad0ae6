"""The trained parts as plain arrays: a token tagger that finds spans and a classifier that labels them.

Stored as one ``.npz`` (no pickles, no scikit-learn at run time).  A missing
or unreadable artifact is an error, never a silent fallback to rules only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .features import DocView, lookup, token_keys

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "techniques.npz"
FORMAT = "claimscope.techniques/1"


class ModelError(ValueError):
    """The technique model file is missing, of another format, or inconsistent."""


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class SpanTagger:
    """Per-token probability of lying inside some technique span."""

    keys: np.ndarray  # sorted uint64 feature keys
    weights: np.ndarray  # one float per key
    bias: float

    def probs(self, view: DocView, cover: np.ndarray | None = None) -> np.ndarray:
        """``cover``: :func:`~claimscope.techniques.features.rule_cover` of the document's rule hits."""
        if len(view) == 0:
            return np.zeros(0, dtype=np.float32)
        idx = lookup(self.keys, token_keys(view, cover))
        w = np.where(idx >= 0, self.weights[np.maximum(idx, 0)], 0.0).sum(axis=1)
        return _sigmoid(w + self.bias).astype(np.float32)


@dataclass
class TechniqueClassifier:
    """Softmax over techniques for one span's features."""

    names: np.ndarray  # feature names, aligned with rows of ``weights``
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)
    labels: tuple[str, ...]
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = {str(n): i for i, n in enumerate(self.names)}

    def proba(self, features: dict[str, float]) -> np.ndarray:
        rows = [(self.index[f], v) for f, v in features.items() if f in self.index]
        z = self.bias.astype(np.float64).copy()
        if rows:
            ids, vals = zip(*rows)
            z += np.asarray(vals) @ self.weights[list(ids)]
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()


@dataclass
class TechniqueModel:
    """Everything the detector needs from training, with the decoding settings tuned on held-out articles."""

    tagger: SpanTagger
    classifier: TechniqueClassifier
    threshold: float = 0.32  # a span needs one token this likely (tuned by cross-validation)
    low: float = 0.1  # and extends over neighbours at least this likely
    second_label: float = 0.9  # a second label is kept only when nearly as likely as the first
    loaded_words: frozenset[str] = frozenset()  # words the corpus marks as loaded: lets the repetition rule skip names
    rule_precision: dict[str, float] = field(default_factory=dict)
    meta: dict[str, object] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        settings = {
            "format": FORMAT,
            "threshold": self.threshold,
            "low": self.low,
            "second_label": self.second_label,
            "labels": list(self.classifier.labels),
            "rule_precision": self.rule_precision,
            "meta": self.meta,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                settings=np.asarray(json.dumps(settings)),
                tagger_keys=self.tagger.keys.astype(np.uint64),
                tagger_weights=self.tagger.weights.astype(np.float16),
                tagger_bias=np.asarray([self.tagger.bias], dtype=np.float32),
                clf_names=np.asarray(self.classifier.names, dtype=str),
                clf_weights=self.classifier.weights.astype(np.float16),
                clf_bias=self.classifier.bias.astype(np.float32),
                loaded_words=np.asarray(sorted(self.loaded_words), dtype=str),
            )

    @classmethod
    def load(cls, path: Path | str | None = None) -> "TechniqueModel":
        path = Path(path) if path is not None else DEFAULT_PATH
        if not path.exists():
            raise ModelError(f"technique model not found at {path}; run scripts/train_techniques.py")
        with np.load(path, allow_pickle=False) as z:
            settings = json.loads(str(z["settings"]))
            if settings.get("format") != FORMAT:
                raise ModelError(f"{path} is not a {FORMAT} model")
            tagger = SpanTagger(z["tagger_keys"], z["tagger_weights"].astype(np.float32), float(z["tagger_bias"][0]))
            clf = TechniqueClassifier(
                z["clf_names"], z["clf_weights"].astype(np.float32), z["clf_bias"], tuple(settings["labels"])
            )
            loaded = frozenset(str(w) for w in z["loaded_words"])
        if clf.weights.shape != (len(clf.names), len(clf.labels)) or tagger.keys.shape != tagger.weights.shape:
            raise ModelError(f"{path}: weight shapes do not match the vocabularies")
        return cls(
            tagger,
            clf,
            threshold=float(settings["threshold"]),
            low=float(settings["low"]),
            second_label=float(settings["second_label"]),
            loaded_words=loaded,
            rule_precision={str(k): float(v) for k, v in settings["rule_precision"].items()},
            meta=dict(settings.get("meta", {})),
        )
