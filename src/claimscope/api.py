"""The library API: text or paths in, typed reports out."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from .config import Settings
from .pipeline import load
from .reading import read_source
from .reading.article import Article
from .reading.plaintext import read_plain
from .reading.metadata import complete
from .report.convert import to_report
from .report.model import Report


def load_pipeline(settings: Settings | None = None) -> Language:
    """The spaCy ``Language`` with our components: ``nlp.pipe(texts)`` then read ``doc._.quotes``."""
    return load(settings or Settings())


def _as_article(item: str | Path | Article, settings: Settings) -> list[Article]:
    if isinstance(item, Article):
        return [item]
    if isinstance(item, Path) or (isinstance(item, str) and "\n" not in item and len(item) < 4096 and Path(item).is_file()):
        items = list(read_source(Path(item), settings))
        articles = [a for a in items if isinstance(a, Article)]
        if not articles and items:
            raise items[0]  # a ReadError: one line naming the file and why
        return articles
    return [complete(read_plain(str(item)))]


def analyze_articles(articles: Iterable[Article], settings: Settings | None = None) -> Iterator[Report]:
    """Run the pipeline over already-read articles, streaming reports in order."""
    settings = settings or Settings()
    nlp = load(settings)

    def docs() -> Iterator:
        for article in articles:
            doc = nlp.make_doc(article.text)
            doc._.article = article
            yield doc

    for doc in nlp.pipe(docs(), batch_size=settings.batch_size):
        yield to_report(doc, nlp)


def analyze(item: str | Path | Article, settings: Settings | None = None) -> Report:
    """One article (raw text, a file path, or an ``Article``) to its report.

    A path holding several records (JSONL) gives the first; use ``analyze_many`` for all.
    """
    settings = settings or Settings()
    articles = _as_article(item, settings)
    if not articles:
        raise ValueError(f"{item}: no article found")
    return next(analyze_articles(articles[:1], settings))


def analyze_many(items: Iterable[str | Path | Article], settings: Settings | None = None) -> Iterator[Report]:
    """Many articles, batched through one pipeline."""
    settings = settings or Settings()

    def articles() -> Iterator[Article]:
        for item in items:
            yield from _as_article(item, settings)

    return analyze_articles(articles(), settings)
