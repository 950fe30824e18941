"""The database keeps the index right, whoever writes the articles."""
import importlib
import itertools
from datetime import date

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection

from archive.models import Article
from archive.search import search_articles
from archive.search.backends import get_backend
from archive.search.backends.base import FTS_TABLE, SEARCH_TABLE
from archive.search.signals import article_lemmas
from tests.factories import build_article

pytestmark = pytest.mark.django_db(transaction=False)

#: The articles' day: the date facet below reads it back.
DAY = date(2025, 1, 1)


def hits(q):
    return list(search_articles(Article.objects.all(), q)[0].values_list("pk", flat=True))


def test_save_fills_the_lemmas_and_the_index():
    article = build_article("Заседание парламента", "Депутаты голосовали за бюджет.", published=DAY)
    article.save()
    article.refresh_from_db()
    assert article.title_lemmas == "заседание парламент"
    assert hits("парламентом") == [article.pk]


def test_edits_and_deletes_reach_the_index():
    article = build_article("Заседание парламента", "Депутаты голосовали за бюджет.", published=DAY)
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
    article = build_article("Урожай пшеницы", "Фермеры собрали рекордный урожай.", published=DAY)
    article.title_lemmas, article.body_lemmas = article_lemmas(
        title=article.title, lead="", body=article.body, language="ru")
    (created,) = Article.objects.bulk_create([article])
    assert hits("пшеница") == [created.pk]


def test_loaddata_keeps_the_dumped_lemmas(tmp_path):
    article = build_article("Выставка картин", "В музее открылась выставка.", published=DAY)
    article.save()
    dump = tmp_path / "articles.json"
    dump.write_text(serializers.serialize("json", [article]))
    pk = article.pk
    article.delete()
    assert hits("выставки") == []
    call_command("loaddata", str(dump), verbosity=0)
    assert hits("выставки") == [pk]


def test_rebuild_command_reanalyzes_everything(capsys):
    article = build_article("Заседание парламента", "Депутаты голосовали.", published=DAY)
    article.save()
    Article.objects.filter(pk=article.pk).update(title_lemmas="", body_lemmas="")
    assert hits("парламент") == []
    call_command("rebuild_search_index")
    assert hits("парламент") == [article.pk]
    assert "Re-analyzed" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only: ALTER TABLE rebuilds drop its triggers")
def test_sqlite_triggers_come_back_after_a_table_rebuild():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER archive_article_fts_ai")
    assert get_backend().ensure() is True
    article = build_article("Заседание парламента", "Депутаты голосовали.", published=DAY)
    article.save()
    assert hits("парламент") == [article.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: its row trigger on archive_article")
def test_postgresql_trigger_dropped_by_hand_is_restored_by_ensure():
    # PostgreSQL does not rebuild tables, so its trigger stays; dropped, ensure() restores it.
    assert get_backend().ensure() is False
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER archive_article_search_sync ON archive_article")
    assert get_backend().ensure() is True
    article = build_article("Заседание парламента", "Депутаты голосовали.", published=DAY)
    article.save()
    assert hits("парламент") == [article.pk]


def test_flush_empties_the_search_table_too():
    """flush TRUNCATEs on PostgreSQL (no row trigger fires) and DELETEs on SQLite."""
    from archive.search.facets import compute_facets

    for n in range(6):  # ids 1..6 here overlap the demo's, which flush restarts from 1
        build_article(f"Фантомная заметка {n}", "Зеленоглазый трубочист уехал.", published=DAY).save()
    if connection.vendor == "postgresql":  # run the deferred foreign key checks, or TRUNCATE refuses
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":  # loaddata relies on deferred checks, as in a transaction of its own
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    call_command("loaddata", "demo", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM archive_article_search ORDER BY article_id")
        assert [row[0] for row in cursor.fetchall()] == sorted(Article.objects.values_list("pk", flat=True))
    assert hits("трубочист") == []
    found, _ = search_articles(Article.objects.all(), "трубочист")
    assert compute_facets(found)["language"] == []
    every = compute_facets(Article.objects.all())
    assert sum(row["count"] for row in every["language"]) == Article.objects.count()


def _long_body(words: int) -> tuple[list[str], str]:
    letters = itertools.product("bcdfghklmnprstvz", "aeiou", "bcdfghklmnprstvz", "aeiou", "bcdfghklmnprstvz")
    tokens = ["".join(t) for t in itertools.islice(letters, words)]
    return tokens, " ".join(tokens)


def test_a_very_long_article_saves_and_its_phrases_are_found():
    # 60,000 distinct words: ~60,000 distinct adjacent pairs, past PostgreSQL's 1 MB of
    # lexemes per tsvector if every pair were indexed.
    tokens, body = _long_body(60_000)
    article = build_article("Long report", body, language="en", published=DAY)
    article.save()
    other = build_article("Short note", f"{tokens[1]} and {tokens[0]} {tokens[9000]}", language="en", published=DAY)
    other.save()
    assert hits(f'"{tokens[0]} {tokens[1]}"') == [article.pk]  # near the start: the indexed pairs
    assert hits(f'"{tokens[0]} {tokens[1]} {tokens[2]}"') == [article.pk]
    # Past the indexed pairs (but within PostgreSQL's 16,383 word positions): the positions decide.
    assert hits(f'"{tokens[9000]} {tokens[9001]}"') == [article.pk]
    assert hits(f'"{tokens[9000]} {tokens[9001]} {tokens[9002]}"') == [article.pk]
    assert hits(f'"{tokens[9001]} {tokens[9000]}"') == []
    assert hits(f'"{tokens[0]} {tokens[9000]}"') == [other.pk]
    assert set(hits(tokens[9000])) == {article.pk, other.pk}


def test_facet_dates_do_not_depend_on_the_session_date_style():
    from archive.search.facets import compute_facets

    build_article("Заседание парламента", "Депутаты голосовали.", published=DAY).save()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL DateStyle = 'SQL, DMY'")
    assert compute_facets(Article.objects.all())["date"] == [{"value": "2025-01-01", "label": "2025-01-01", "count": 1, "approximate": False}]


def _index_objects(connection) -> dict:
    """The definitions of the search index's tables, indexes, functions and triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE name IN (%s, %s) "
                           "OR (type = 'trigger' AND tbl_name = 'archive_article')", [FTS_TABLE, SEARCH_TABLE])
            return {(kind, name): sql for kind, name, sql in cursor.fetchall()}
        cursor.execute("""
            SELECT 'function', p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
             WHERE p.proname LIKE 'archive\\_%%'
            UNION ALL SELECT 'trigger', t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t
             WHERE t.tgname LIKE 'archive\\_article\\_search%%'
            UNION ALL SELECT 'index', indexname, indexdef FROM pg_indexes WHERE tablename = 'archive_article_search'
            UNION ALL SELECT 'column', column_name, data_type || is_nullable FROM information_schema.columns
             WHERE table_name = 'archive_article_search'
            UNION ALL SELECT 'options', relname, array_to_string(reloptions, ',') FROM pg_class
             WHERE relname = 'archive_article_search'""")
        return {(kind, name): sql for kind, name, sql in cursor.fetchall()}


def _roll_back_index(connection):
    """Run the index migration's frozen backwards SQL (a schema editor cannot open inside a test's transaction on SQLite)."""
    migration = importlib.import_module("archive.migrations.0003_search_index")
    with connection.cursor() as cursor:
        for sql in migration._BACKWARDS[connection.vendor]:
            cursor.execute(sql)


def test_the_backend_repairs_the_index_to_what_the_migration_made():
    """The migration's frozen SQL and the backend's live SQL agree (a change needs a new migration)."""
    migrated = _index_objects(connection)
    assert len(migrated) >= 8
    _roll_back_index(connection)
    assert _index_objects(connection) == {}
    assert get_backend().ensure() is True
    assert _index_objects(connection) == migrated


def test_after_rolling_back_the_index_migration_migrate_does_not_recreate_it():
    from django.apps import apps
    from django.db.migrations.recorder import MigrationRecorder

    from archive.search.signals import INDEX_MIGRATION, ensure_index

    _roll_back_index(connection)
    MigrationRecorder(connection).record_unapplied(*INDEX_MIGRATION)
    ensure_index(apps.get_app_config("archive"), using=connection.alias)
    assert _index_objects(connection) == {}
    MigrationRecorder(connection).record_applied(*INDEX_MIGRATION)
    ensure_index(apps.get_app_config("archive"), using=connection.alias)
    assert len(_index_objects(connection)) >= 8
