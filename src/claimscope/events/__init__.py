"""CAMEO event coding over the dependency parse: lexicon, argument rules and modality.

``code_events(doc, spans_key="actors")`` is the entry point; the spaCy component
``claimscope_events`` (``claimscope.pipeline.events``) wraps it.
"""
from .coder import EventRecord, code_events

__all__ = ["EventRecord", "code_events"]
