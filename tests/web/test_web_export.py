"""Every search downloads as CSV and JSON Lines: all matches, in order, Cyrillic intact, capped with a notice."""
import csv
import io
import json

import pytest

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_has_every_match_with_a_bom(client, archive):
    archive.ru.url = "https://vestnik.example/most"
    archive.ru.save()
    response = client.get("/search/export/", {"q": "Борисов", "format": "csv"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = body(response)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert {row["id"] for row in rows} == {str(archive.ru.id), str(archive.uk.id), str(archive.en.id)}
    ru = next(row for row in rows if row["id"] == str(archive.ru.id))
    assert ru["title"] == archive.ru.title
    assert ru["outlet"] == "Вечерний вестник" and ru["author"] == "Пётр Сидоров"
    assert ru["url"] == "https://vestnik.example/most"
    assert ru["permalink"] == f"http://testserver/articles/{archive.ru.id}/"
    assert "Ivan Borisov" in ru["people"] and "Stone Bridge" not in ru["people"]  # hidden people stay out
    assert ru["events"] == "Bridge opening"
    assert "Борисов" in ru["snippet"] and "<mark>" not in ru["snippet"]
    assert ru["date"] == "2026-01-06" and ru["language"] == "ru"
    assert "text" not in ru


def test_jsonl_with_full_text_and_filters(client, archive):
    response = client.get("/search/export/", {"language": ["ru", "uk"], "format": "jsonl", "text": "1"})
    lines = [json.loads(line) for line in body(response).splitlines()]
    assert {line["id"] for line in lines} == {archive.ru.id, archive.uk.id, archive.ru_later.id}
    assert all(line["text"] for line in lines)
    assert lines[0]["id"] == archive.ru_later.id  # newest first, as the page shows them


def test_the_cap_cuts_with_a_notice(client, archive, settings):
    settings.ARCHIVE_EXPORT_MAX_ROWS = 2
    response = client.get("/search/export/", {"format": "jsonl"})
    assert (response["X-Export-Total"], response["X-Export-Cap"]) == ("4", "2")
    lines = [json.loads(line) for line in body(response).splitlines()]
    assert [line["id"] for line in lines[:2]] == [archive.ru_later.id, archive.en.id]  # newest first, then by id
    assert len(lines) == 3 and "first 2 of 4" in lines[2]["notice"]
    rows = list(csv.reader(io.StringIO(body(client.get("/search/export/", {"format": "csv"})).lstrip("\ufeff"))))
    assert len(rows) == 4 and rows[3][0] == "" and "first 2 of 4" in rows[3][1]
    assert "first 2 of 4" in client.get("/search/").content.decode()


def test_bad_export_requests_are_400(client, archive):
    assert client.get("/search/export/", {"format": "xls"}).status_code == 400
    response = client.get("/search/export/", {"outlet": "nope"})
    assert response.status_code == 400 and "Outlet" in response.content.decode()


def test_api_format_csv(client, archive):
    response = client.get("/api/articles/", {"q": "Борисов", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert len(rows) == 3
    lines = body(client.get("/api/articles/", {"q": "Борисов", "format": "jsonl"})).splitlines()
    assert len(lines) == 3
    assert client.get("/api/articles/", {"format": "csv", "outlet": "nope"}).status_code == 400


def test_search_page_offers_the_downloads(client, archive):
    page = client.get("/search/", {"q": "Борисов"}).content.decode()
    assert "/search/export/?q=%D0%91%D0%BE%D1%80%D0%B8%D1%81%D0%BE%D0%B2&amp;format=csv" in page
    assert "format=jsonl" in page
