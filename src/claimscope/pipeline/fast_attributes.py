"""A drop-in for the base model's ``attribute_ruler`` that gives identical tokens, faster.

Why: in ``en_core_web_sm`` the attribute ruler (tag → POS/morph/lemma rules) costs as
much as the parser, because every one of its rules runs through the general
``Matcher`` and then sets attributes token by token.  Its rules are single tokens (and
a few token pairs) testing TAG, LOWER, DEP or IS_SPACE, so they can be evaluated as
array masks over ``doc.to_array`` and written back with one ``doc.from_array``.
Rules apply in order, later rules winning, exactly as ``AttributeRuler`` does;
``tests/pipeline/test_fast_attributes.py`` checks POS, morphology, lemma and DEP
against the original ruler on real text.
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_READ = [TAG, LOWER, DEP, IS_SPACE]
_COLUMN = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_WRITE = [POS, MORPH, LEMMA]


class FastAttributeRuler:
    """The rules of an ``AttributeRuler`` compiled to numpy masks."""

    def __init__(self, ruler: AttributeRuler):
        self.strings = ruler.vocab.strings
        self.rules: list[tuple[list[list[tuple[int, str, Any]]], int, dict[int, int]]] = []
        self.token_rules: list[tuple[list[list[tuple[int, str, Any]]], int, dict]] = []
        for attr_id, entry in enumerate(ruler.patterns):
            attrs = ruler.attrs[attr_id]
            index = ruler.indices[attr_id]
            for pattern in entry["patterns"]:
                conds = [[self._compile(attr, spec) for attr, spec in tok.items()] for tok in pattern]
                written = {col: attrs[a] for col, a in enumerate(_WRITE) if a in attrs}
                if set(attrs) - set(_WRITE):
                    self.token_rules.append((conds, index, attrs))  # e.g. DEP on space tokens: rare
                if written:
                    self.rules.append((conds, index, written))

    def _id(self, value: Any) -> int:
        if isinstance(value, bool):
            return int(value)
        return 0 if value == "" else self.strings.add(value)

    def _compile(self, attr: str, spec: Any) -> tuple[int, str, Any]:
        if attr not in _COLUMN:
            raise ValueError(f"attribute rules on {attr} are not supported by the fast ruler")
        col = _COLUMN[attr]
        if not isinstance(spec, dict):
            return (col, "eq", self._id(spec))
        ((op, value),) = spec.items()
        if op in ("IN", "NOT_IN"):
            return (col, op, np.array([self._id(v) for v in value], dtype="uint64"))
        if op == "REGEX":
            return (col, op, re.compile(value))
        raise ValueError(f"attribute rule operator {op!r} is not supported by the fast ruler")

    def _mask(self, arr: np.ndarray, conds: list[tuple[int, str, Any]]) -> np.ndarray:
        mask = np.ones(len(arr), dtype=bool)
        for col, op, value in conds:
            column = arr[:, col]
            if op == "eq":
                mask &= column == value
            elif op == "IN":
                mask &= np.isin(column, value)
            elif op == "NOT_IN":
                mask &= ~np.isin(column, value)
            else:  # REGEX over the distinct strings of the column
                hits = [h for h in np.unique(column) if value.search(self.strings[int(h)] if h else "")]
                mask &= np.isin(column, np.array(hits, dtype="uint64"))
        return mask

    def _positions(self, arr: np.ndarray, conds: list[list[tuple[int, str, Any]]], index: int) -> np.ndarray:
        if len(conds) == 1:
            return np.flatnonzero(self._mask(arr, conds[0]))
        n = len(arr) - len(conds) + 1
        if n <= 0:
            return np.array([], dtype=int)
        mask = np.ones(n, dtype=bool)
        for offset, tok_conds in enumerate(conds):
            mask &= self._mask(arr[offset : offset + n], tok_conds)
        return np.flatnonzero(mask) + index

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arr = doc.to_array(_READ)
        out = doc.to_array(_WRITE)
        for conds, index, written in self.rules:
            pos = self._positions(arr, conds, index)
            if len(pos):
                for col, value in written.items():
                    out[pos, col] = value
        doc.from_array(_WRITE, out)
        for conds, index, attrs in self.token_rules:
            for i in self._positions(arr, conds, index):
                set_token_attrs(doc[int(i)], attrs)
        return doc


class _Slot:
    """The pipe that stands where ``attribute_ruler`` stood; ``swap_in`` gives it its rules."""

    def __init__(self) -> None:
        self.fast: FastAttributeRuler | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.fast is None:
            raise RuntimeError("claimscope_fast_attributes was added without swap_in(); use claimscope.pipeline.build")
        return self.fast(doc)


@Language.factory("claimscope_fast_attributes")
def make_fast_attributes(nlp: Language, name: str) -> _Slot:
    return _Slot()


def swap_in(nlp: Language) -> None:
    """Replace the model's ``attribute_ruler`` by the fast equivalent, built from its own rules."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    fast = FastAttributeRuler(nlp.get_pipe("attribute_ruler"))
    nlp.replace_pipe("attribute_ruler", "claimscope_fast_attributes")
    nlp.get_pipe("attribute_ruler").fast = fast
