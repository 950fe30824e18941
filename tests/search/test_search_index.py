"""The database keeps the index right, whoever writes the articles."""
import hashlib
from datetime import date

import pytest
from django.core import serializers
from django.core.management import call_command

from archive.models import Article
from archive.search import search_articles
from archive.search.signals import article_lemmas

pytestmark = pytest.mark.django_db(transaction=False)


def hits(q):
    return list(search_articles(Article.objects.all(), q)[0].values_list("pk", flat=True))


def new_article(title, body, language="ru", **extra):
    digest = hashlib.sha256(f"{title}{body}".encode()).hexdigest()
    return Article(title=title, body=body, language=language, published=date(2025, 1, 1),
                   content_hash=digest, original_text=body, **extra)


def test_save_fills_the_lemmas_and_the_index():
    article = new_article("Заседание парламента", "Депутаты голосовали за бюджет.")
    article.save()
    article.refresh_from_db()
    assert article.title_lemmas == "заседание парламент"
    assert hits("парламентом") == [article.pk]


def test_edits_and_deletes_reach_the_index():
    article = new_article("Заседание парламента", "Депутаты голосовали за бюджет.")
    article.save()
    article.body = "Сенаторы обсуждали налоги."
    article.save()
    assert hits("бюджет") == [] and hits("налогами") == [article.pk]
    article.body = "Министры спорили о пенсиях."
    article.save(update_fields=["body"])
    assert hits("налогами") == [] and hits("пенсия") == [article.pk]
    article.delete()
    assert hits("пенсия") == []


def test_bulk_create_with_precomputed_lemmas_is_indexed():
    article = new_article("Урожай пшеницы", "Фермеры собрали рекордный урожай.")
    article.title_lemmas, article.body_lemmas = article_lemmas(
        title=article.title, lead="", body=article.body, language="ru")
    (created,) = Article.objects.bulk_create([article])
    assert hits("пшеница") == [created.pk]


def test_loaddata_keeps_the_dumped_lemmas(tmp_path):
    article = new_article("Выставка картин", "В музее открылась выставка.")
    article.save()
    dump = tmp_path / "articles.json"
    dump.write_text(serializers.serialize("json", [article]))
    pk = article.pk
    article.delete()
    assert hits("выставки") == []
    call_command("loaddata", str(dump), verbosity=0)
    assert hits("выставки") == [pk]


def test_rebuild_command_reanalyzes_everything(capsys):
    article = new_article("Заседание парламента", "Депутаты голосовали.")
    article.save()
    Article.objects.filter(pk=article.pk).update(title_lemmas="", body_lemmas="")
    assert hits("парламент") == []
    call_command("rebuild_search_index")
    assert hits("парламент") == [article.pk]
    assert "Re-analyzed" in capsys.readouterr().out


def test_sqlite_triggers_come_back_after_a_table_rebuild():
    from django.db import connection

    from archive.search.backends import get_backend

    if connection.vendor != "sqlite":
        # PostgreSQL does not rebuild tables, so its trigger stays; dropped, ensure() restores it.
        assert get_backend().ensure() is False
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER archive_article_search_sync ON archive_article")
        assert get_backend().ensure() is True
        article = new_article("Заседание парламента", "Депутаты голосовали.")
        article.save()
        assert hits("парламент") == [article.pk]
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER archive_article_fts_ai")
    assert get_backend().ensure() is True
    article = new_article("Заседание парламента", "Депутаты голосовали.")
    article.save()
    assert hits("парламент") == [article.pk]
