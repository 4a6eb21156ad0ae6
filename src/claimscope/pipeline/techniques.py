"""spaCy component ``claimscope_techniques``: persuasion-technique spans in ``doc.spans``.

Writes ``doc.spans[spans_key]`` (default ``"techniques"``): one ``Span`` per
technique found, ``label_`` the SemEval-2020 Task 11 technique name, char
offsets widened to whole tokens.  As spaCy's own ``spancat`` does, the scores
sit in the group's ``attrs["scores"]``, aligned with the spans.  It reads only
the tokens and sentence boundaries, so it can run right after the parser.
"""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..techniques.detect import TechniqueDetector
from ..techniques.model import TechniqueModel

__all__ = ["TechniquesComponent", "make_techniques"]


class TechniquesComponent:
    """Runs the technique detector on each doc and stores the spans as a span group."""

    def __init__(self, detector: TechniqueDetector, spans_key: str = "techniques") -> None:
        self.detector = detector
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        found = self.detector.detect(doc)
        spans: list[Span] = []
        scores: list[float] = []
        for t in found:
            span = doc.char_span(t.start, t.end, label=t.technique, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
                scores.append(t.score)
        doc.spans[self.spans_key] = spans
        doc.spans[self.spans_key].attrs["scores"] = scores
        return doc


@Language.factory(
    "claimscope_techniques",
    assigns=["doc.spans"],
    default_config={"spans_key": "techniques", "model": None, "threshold": None, "rules": True},
)
def make_techniques(
    nlp: Language, name: str, spans_key: str, model: str | None, threshold: float | None, rules: bool
) -> TechniquesComponent:
    """``model``: path to a technique model (default: the one shipped in the package);
    ``threshold``: token score that seeds a model span (default: the model's tuned value);
    ``rules``: also emit the hand-written pattern matches."""
    loaded = TechniqueModel.load(Path(model) if model else None)
    return TechniquesComponent(TechniqueDetector(loaded, threshold=threshold, use_rules=rules), spans_key)
