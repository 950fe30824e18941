"""Snippets from the stored lemmas (``body_lemmas``) mark exactly what analysis would."""
from archive.models import Article
from archive.search import parse
from archive.search.analyzer import analyze, stored_spans, token_spans
from archive.search.snippets import highlight, snippet


def test_every_article_gives_the_same_snippet_from_its_stored_lemmas(corpus, witkoff):
    for q in ("Уиткофф", "Witkoff", "газ", "коаліції охочих", "ёлка", "переговор*"):
        parsed = parse(q)
        for article in Article.objects.all():
            text = f"{article.lead}\n{article.body}" if article.lead else article.body
            assert snippet(article, parsed) == highlight(text, parsed, language=article.language), (q, article.pk)


def test_stored_spans_are_the_analyzers_spans():
    text = "Спецпосланець Стів Віткофф провів переговори у Києві. Witkoff's talks, 2026!"
    assert stored_spans(text, "uk", analyze(text, "uk")) == token_spans(text, "uk")


def test_lemmas_of_another_text_are_not_trusted(db):
    text = "Цены на газ в Европе снизились."
    assert stored_spans(text, "ru", "цена газ") == token_spans(text, "ru")  # too few tokens: analyzed
    html = highlight(text, parse("газ"), language="ru", lemmas="one two")
    assert "<mark>газ</mark>" in html
