"""A minimal phrase -> CAMEO actor-code tagger, for tests and evaluation harnesses.

Why here: the event coder reads actors from ``doc.spans``; tests and
``scripts/evaluate_events.py`` need actor spans without waiting for (or
depending on) the production actor component.  Not used by the pipeline.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

__all__ = ["PhraseGazetteer"]


class PhraseGazetteer:
    """Tag ``doc.spans[key]`` from a table of phrases and their actor codes.

    Matching is case-insensitive on whole tokens; the longest match wins, and a
    phrase with several codes ("The Shire" -> three actors) gives one span per
    code over the same words.  ``label_`` is the full code, ``kb_id_`` its first
    three letters (the base entity id).
    """

    def __init__(self, nlp: Language, table: Mapping[str, str | Iterable[str]]) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._codes: dict[str, tuple[str, ...]] = {}
        for n, (phrase, codes) in enumerate(table.items()):
            key = f"ACTOR_{n}"
            self._codes[key] = (codes,) if isinstance(codes, str) else tuple(codes)
            self._matcher.add(key, [nlp.make_doc(phrase)])

    def __call__(self, doc: Doc, spans_key: str = "actors") -> Doc:
        matches = self._matcher(doc)
        taken: set[int] = set()
        spans: list[Span] = []
        for match_id, start, end in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            for code in self._codes[doc.vocab.strings[match_id]]:
                spans.append(Span(doc, start, end, label=code, kb_id=code[:3]))
        doc.spans[spans_key] = sorted(spans, key=lambda s: s.start)
        return doc
