"""Claims: split sentences into propositions, then type them and weigh how sure and sourced they are.

Pure functions over spaCy spans; the pipeline component in ``claimscope.pipeline.claims``
puts them together with quotes, actors and the check-worthiness model.
"""
from __future__ import annotations

from .segment import Proposition, propositions

__all__ = ["Proposition", "propositions"]
