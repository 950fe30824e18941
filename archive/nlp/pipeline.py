"""Analysis of a stored article: people, events and story clusters.

The loader calls :func:`analyze_article` inside the transaction that stores the
article; ``manage.py reanalyze`` calls it again after the extractors improve.
"""
from archive.models import Article


def analyze_article(article: Article) -> None:
    """Recognize and link the people and events ``article`` mentions (idempotent)."""
    # Filled in by the entities work (archive.nlp): recognition, linking, events.
