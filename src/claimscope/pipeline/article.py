"""First of our components: make sure every Doc knows its headline/date/sections split."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..reading.metadata import complete
from ..reading.plaintext import read_plain
from . import extensions  # noqa: F401  (registers Doc._.article)
from .extensions import text_of


class ArticleReader:
    """Docs made by ``claimscope.analyze`` arrive with ``doc._.article`` set by a reader;
    docs from a plain ``nlp.pipe(texts)`` get it here, from the text itself."""

    def __call__(self, doc: Doc) -> Doc:
        if doc._.article is None or doc._.article.text != text_of(doc):
            doc._.article = complete(read_plain(text_of(doc)))
        return doc


@Language.factory("claimscope_article", assigns=["doc._.article"])
def make_article_reader(nlp: Language, name: str) -> ArticleReader:
    return ArticleReader()


class ParagraphBreaks:
    """Lines and paragraphs never share a sentence: the parser is told before it runs.

    Headline, date line and section line have no final period; without this
    the parser glues them to the first paragraph, and attribution goes wrong.
    """

    def __call__(self, doc: Doc) -> Doc:
        newline_before = False
        for tok in doc:
            if tok.is_space and "\n" in tok.text:
                newline_before = True
                continue
            if newline_before and tok.i > 0:
                tok.is_sent_start = True
            newline_before = "\n" in tok.whitespace_
        return doc


@Language.factory("claimscope_paragraphs")
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks()
