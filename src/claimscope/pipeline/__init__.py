"""The claimscope spaCy pipeline: the base English model plus our registered components.

``build(settings)`` is the one place that decides which components run and in
what order; the CLI, the API, the store and the web all get their ``Language``
from it.
"""
from __future__ import annotations

import importlib

import spacy
from spacy.language import Language

from ..config import Settings
from .fast_attributes import swap_in

#: component factory -> module that registers it (imported on demand)
FACTORY_MODULES: dict[str, str] = {
    "claimscope_article": "claimscope.pipeline.article",
    "claimscope_paragraphs": "claimscope.pipeline.article",
    "claimscope_actors": "claimscope.pipeline.actors",
    "claimscope_people": "claimscope.pipeline.people",
    "claimscope_quotes": "claimscope.pipeline.quotes",
    "claimscope_claims": "claimscope.pipeline.claims",
    "claimscope_events": "claimscope.pipeline.events",
    "claimscope_stance": "claimscope.pipeline.stance",
    "claimscope_techniques": "claimscope.pipeline.techniques",
}


def build(settings: Settings | None = None) -> Language:
    """A fresh pipeline for ``settings`` (not cached: callers that want reuse use ``load``)."""
    settings = settings or Settings()
    nlp = spacy.load(settings.model, exclude=list(settings.exclude))
    swap_in(nlp)  # same tokens as the model's attribute_ruler, a fraction of the time
    importlib.import_module(FACTORY_MODULES["claimscope_paragraphs"])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("claimscope_paragraphs", before="parser")
    for name in ("claimscope_article", *settings.components):
        importlib.import_module(FACTORY_MODULES[name])
        nlp.add_pipe(name, config=settings.extra.get(name, {}))
    nlp.batch_size = settings.batch_size
    return nlp


_CACHE: dict[str, Language] = {}


def load(settings: Settings | None = None) -> Language:
    """The shared pipeline for these settings, built once per process (keyed by their repr)."""
    settings = settings or Settings()
    key = repr(settings)
    if key not in _CACHE:
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = build(settings)
    return _CACHE[key]
