"""One freshness check of the name expansions per request (archive.search.names.one_check)."""
from django.db import connection

from archive.search import parse
from archive.search.names import one_check


def _widened(q: str) -> set[str]:
    return {name for expansion in parse(q).expansions for name in expansion.names}


def test_a_block_reads_the_names_fingerprint_once(witkoff, django_assert_num_queries):
    parse("Witkoff Париж")  # the expansions loaded, as on a busy site
    with one_check():
        # Three parses of several words, each word asking whether the names are current:
        # the database is asked once.
        with django_assert_num_queries(1):
            parse("Witkoff Париж ТАСС")
            parse("Віткофф")
            parse("Уиткофф OR газ")


def test_a_person_hidden_by_another_process_stops_widening_the_next_request(witkoff):
    with one_check():
        assert "Уиткофф" in _widened("Witkoff")
    # Another process hides him: no signal reaches this one, only the fingerprint changes.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_person SET hidden = %s WHERE id = %s", [True, witkoff.pk])
    with one_check():
        assert "Уиткофф" not in _widened("Witkoff")


def test_a_change_made_during_the_request_counts_at_once(witkoff):
    with one_check():
        assert "Уиткофф" in _widened("Witkoff")
        witkoff.hidden = True
        witkoff.save()  # post_save: the map and this block's check are forgotten
        assert "Уиткофф" not in _widened("Witkoff")
