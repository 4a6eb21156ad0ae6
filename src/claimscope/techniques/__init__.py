"""Persuasion techniques (SemEval-2020 Task 11 labels): rules plus a small trained model.

    >>> from claimscope.techniques import find_techniques
    >>> find_techniques(text, [(0, len(text))])
    [TechniqueSpan(start=..., end=..., technique='Loaded_Language', score=...), ...]

The model is a linear token tagger that finds spans and a linear classifier
that labels them, both shipped as numpy arrays; the rules add constructions
and document-level repetition the model rarely learns.  Scikit-learn is only
needed to train (``scripts/train_techniques.py``).
"""
from __future__ import annotations

from ..report.model import TECHNIQUES
from .detect import TechniqueDetector, find_techniques, load_detector
from .model import ModelError, TechniqueModel
from .types import Sentences, TechniqueSpan

__all__ = [
    "TECHNIQUES",
    "ModelError",
    "Sentences",
    "TechniqueDetector",
    "TechniqueModel",
    "TechniqueSpan",
    "find_techniques",
    "load_detector",
]
