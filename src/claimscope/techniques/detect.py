"""Rules and model together: find technique spans in one document."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from .features import DocView, doc_view, rule_cover
from .model import DEFAULT_PATH, TechniqueModel
from .rules import RuleHit, rule_hits
from .spans import decode, span_features, token_range
from .types import Sentences, TechniqueSpan

#: Score for a rule whose precision was not measured (a rule added after training).
UNMEASURED_RULE_SCORE = 0.2


class TechniqueDetector:
    """Finds and labels technique spans in a tokenised document.

    Model spans come from the tagger, labelled by the classifier (a second
    label is kept when it is nearly as likely as the first); their score is
    the tagger's peak token probability times the label probability.  Rule
    spans carry their rule's technique and its precision measured on the
    training corpus.  Overlapping spans with the same label are merged.
    """

    def __init__(
        self,
        model: TechniqueModel,
        *,
        threshold: float | None = None,
        low: float | None = None,
        use_rules: bool = True,
        use_model: bool = True,
        second_label: float | None = None,
    ) -> None:
        self.model = model
        self.threshold = model.threshold if threshold is None else threshold
        self.low = min(model.low if low is None else low, self.threshold)
        self.second_label = model.second_label if second_label is None else second_label
        self.use_rules = use_rules
        self.use_model = use_model

    def hits(self, view: DocView, sentences: Sentences) -> list[RuleHit]:
        return rule_hits(view, sentences, self.model.loaded_words)

    def detect(self, doc: Doc, sentences: Sentences | None = None) -> list[TechniqueSpan]:
        """Technique spans for ``doc``; ``sentences`` default to the doc's own sentence boundaries."""
        if sentences is None:
            sentences = _doc_sentences(doc)
        view = doc_view(doc, sentences)
        hits = self.hits(view, sentences)
        found: list[TechniqueSpan] = []
        if self.use_model:
            found += self._model_spans(view, hits)
        if self.use_rules:
            precision = self.model.rule_precision
            for h in hits:
                start, end = snap(view, h.start, h.end)
                found.append(TechniqueSpan(start, end, h.technique, precision.get(h.rule, UNMEASURED_RULE_SCORE)))
        return merge_same_label(found)

    def _model_spans(self, view: DocView, hits: list[RuleHit]) -> list[TechniqueSpan]:
        clf = self.model.classifier
        out: list[TechniqueSpan] = []
        probs = self.model.tagger.probs(view, rule_cover(view, hits))
        for start, end, peak in decode(view, probs, self.threshold, self.low):
            p = clf.proba(span_features(view, start, end, hits))
            first, second = (int(i) for i in np.argsort(-p)[:2])
            out.append(TechniqueSpan(start, end, clf.labels[first], round(peak * float(p[first]), 4)))
            if p[second] >= self.second_label * p[first]:
                out.append(TechniqueSpan(start, end, clf.labels[second], round(peak * float(p[second]), 4)))
        return out

    def classify(self, doc: Doc, spans: list[tuple[int, int]], sentences: Sentences | None = None) -> list[np.ndarray]:
        """Label probabilities for given spans (technique classification on known spans)."""
        if sentences is None:
            sentences = _doc_sentences(doc)
        view = doc_view(doc, sentences)
        hits = self.hits(view, sentences)
        return [self.model.classifier.proba(span_features(view, s, e, hits)) for s, e in spans]


def snap(view: DocView, start: int, end: int) -> tuple[int, int]:
    """Widen a char span to whole tokens, so every caller sees the same offsets as a spaCy ``Span``."""
    lo, hi = token_range(view, start, end)
    if hi <= lo:
        return start, end
    return int(view.start[lo]), int(view.end[hi - 1])


def merge_same_label(spans: list[TechniqueSpan]) -> list[TechniqueSpan]:
    """One span per stretch of text and label: overlapping same-label spans become their union."""
    by_label: dict[str, list[TechniqueSpan]] = {}
    for s in spans:
        by_label.setdefault(s.technique, []).append(s)
    out: list[TechniqueSpan] = []
    for label, items in by_label.items():
        items.sort()
        cur = items[0]
        for nxt in items[1:]:
            if nxt.start < cur.end:
                cur = TechniqueSpan(cur.start, max(cur.end, nxt.end), label, max(cur.score, nxt.score))
            else:
                out.append(cur)
                cur = nxt
        out.append(cur)
    return sorted(out, key=lambda t: (t.start, t.end, t.technique))


def _doc_sentences(doc: Doc) -> list[tuple[int, int]]:
    if doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(0, len(doc.text))]


@lru_cache(maxsize=4)
def load_detector(path: str | None = None) -> TechniqueDetector:
    """The detector for a model file (default: the one shipped in the package), loaded once."""
    return TechniqueDetector(TechniqueModel.load(Path(path) if path else DEFAULT_PATH))


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    """English tokenizer without any trained component: same tokens as the full pipeline, no model load."""
    import spacy

    return spacy.blank("en").tokenizer


def find_techniques(text: str, sentences: Sentences, model: str | Path | None = None) -> list[TechniqueSpan]:
    """Technique spans in ``text`` with char offsets; ``sentences`` are the caller's sentence boundaries.

    Spans may overlap, and one stretch of text may carry several techniques
    (then it appears once per technique).
    """
    detector = load_detector(str(model) if model is not None else None)
    return detector.detect(_tokenizer()(text), list(sentences))
