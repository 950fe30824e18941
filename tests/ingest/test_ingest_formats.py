"""JSON Lines, CSV and HTML pages through the same loader, on files written for these tests."""
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.ingest.service import ImportOptions, collect_paths, expand_upload, import_inputs
from archive.models import Article, ImportBatch

BODY = ("Уряд схвалив програму відновлення житла. Перші заявки вже подали мешканці трьох областей, "
        "повідомили в міністерстві. Програма діятиме до кінця року.")


def run(inputs):
    return import_inputs(inputs, options=ImportOptions(), origin=ImportBatch.Origin.ADMIN)


@pytest.mark.django_db
def test_jsonl_rows_are_articles_with_their_own_records_and_bad_rows_are_rejected(tmp_path):
    rows = [
        json.dumps({"title": "Програма відновлення", "text": BODY, "published": "2026-01-08",
                    "url": "https://www.unian.ua/1.html", "author": "Іван Петренко", "tags": ["житло", "уряд"]},
                   ensure_ascii=False),
        "{not json",
        json.dumps({"headline": "Друга новина", "body": BODY + " Ще одне речення.", "date": "2026-01-09T10:00:00Z",
                    "lang": "uk", "keywords": "житло; ремонт"}, ensure_ascii=False),
        json.dumps({"title": "Без тексту"}),
        json.dumps({"title": "Погана дата", "text": BODY + " Третє.", "published": "9 of Jan"}),
        "",
        "[1, 2]",
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    batch = run(collect_paths([str(path)]))
    records = {r.source_name.rsplit(":", 1)[1]: r for r in batch.records.all()}
    assert set(records) == {"line 1", "line 2", "line 3", "line 4", "line 5", "line 7"}
    assert [records[f"line {n}"].status for n in (1, 3)] == ["imported", "imported"]
    assert "not valid JSON" in records["line 2"].reason
    assert "no text" in records["line 4"].reason
    assert "not a real date" in records["line 5"].reason
    assert "not a JSON object" in records["line 7"].reason
    first = records["line 1"].article
    assert (first.title, first.published, first.url, first.author, first.tags) == (
        "Програма відновлення", date(2026, 1, 8), "https://www.unian.ua/1.html", "Іван Петренко", ["житло", "уряд"])
    assert first.outlet.slug == "unian" and first.language == "uk"
    second = records["line 3"].article
    assert (second.title, second.published, second.tags) == ("Друга новина", date(2026, 1, 9), ["житло", "ремонт"])
    assert records["line 1"].source_name == f"{path}:line 1"


@pytest.mark.django_db
def test_csv_with_a_header_row_quoted_newlines_and_a_bad_row():
    data = (
        "title,text,published,outlet\n"
        f"Програма відновлення,\"{BODY}\n\nДругий абзац.\",2026-01-08,УНІАН\n"
        "Зайва колонка,текст,2026-01-08,x,y\n"
        f"Третя,\"{BODY} Інше.\",,\n"
    ).encode("utf-8")
    batch = run(expand_upload("feed.csv", data))
    records = {r.source_name: r for r in batch.records.all()}
    assert records["feed.csv:line 2"].status == "imported"
    article = records["feed.csv:line 2"].article
    assert article.body.endswith("Другий абзац.") and article.outlet.slug == "unian"
    assert records["feed.csv:line 5"].status == "rejected" and "columns" in records["feed.csv:line 5"].reason
    assert records["feed.csv:line 6"].status == "imported"


def test_a_csv_without_a_text_column_is_rejected_as_a_whole():
    inputs = expand_upload("feed.csv", b"headline,when\nA,2026-01-01\n")
    assert len(inputs) == 1 and "text column" in inputs[0].reason


@pytest.mark.django_db
def test_a_row_over_the_size_limit_is_rejected_and_the_next_one_imported(settings, tmp_path):
    settings.ARCHIVE_MAX_FILE_BYTES = 2000
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"title": "Велика", "text": "слово " * 1000}, ensure_ascii=False) + "\n"
        + json.dumps({"title": "Мала", "text": BODY}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    batch = run(collect_paths([str(path)]))
    statuses = dict(batch.records.values_list("source_name", "status"))
    assert statuses == {f"{path}:line 1": "rejected", f"{path}:line 2": "imported"}


OPEN_GRAPH = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Allies meet in Paris | World News Daily</title>
<meta property="og:title" content="Allies agree on a monitoring plan in Paris">
<meta property="og:url" content="https://worldnewsdaily.example.com/2026/01/08/allies-paris">
<link rel="canonical" href="https://worldnewsdaily.example.com/2026/01/08/allies-paris">
<meta property="article:published_time" content="2026-01-08T09:30:00+00:00">
<meta name="author" content="Jane Smith">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<article><h1>Allies agree on a monitoring plan in Paris</h1>
<p>European allies agreed on Thursday on a plan to monitor a future ceasefire, officials said after the meeting in Paris.</p>
<p>The plan will be presented to Washington next week, according to two diplomats who took part in the talks.</p>
<p>Ministers also discussed the financing of reconstruction and the role of international observers on the ground.</p>
</article>
<aside><h3>Related</h3><ul><li><a href="/a">Ten tips for winter travel</a></li></ul></aside>
<footer>© 2026 World News Daily. All rights reserved. Privacy policy</footer>
</body></html>"""

JSON_LD = """<html><head><meta charset="utf-8"><title>Новости</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Союзники договорились о плане мониторинга", "datePublished": "2026-01-09",
"author": {"@type": "Person", "name": "Иван Петров"},
"mainEntityOfPage": "https://novosti.example.ru/world/123"}</script></head><body>
<header><ul class="menu"><li>Главная</li><li>Политика</li><li>Экономика</li></ul></header>
<div class="content"><h1>Союзники договорились о плане мониторинга</h1>
<div class="text"><p>Союзники Украины договорились в Париже о плане мониторинга будущего прекращения огня, сообщили участники встречи.</p>
<p>План представят Вашингтону на следующей неделе, сказали два дипломата, участвовавшие в переговорах.</p>
<p>Министры также обсудили финансирование восстановления и роль международных наблюдателей.</p></div></div>
<div class="related">Читайте также: Погода на выходные</div>
<footer>Все права защищены. Подписывайтесь на наш канал</footer></body></html>"""

PLAIN = """<html><body><h2>Уряд ухвалив програму</h2>
<p>Уряд схвалив програму відновлення житла, про яку раніше повідомляли в міністерстві, і перші заявки вже подали.</p>
<p>Програма діятиме до кінця року, а заявки прийматимуть у центрах надання адміністративних послуг.</p>
</body></html>""".encode("cp1251")

EMPTY = b"<html><head><title>Login</title></head><body><form><input name=q></form><nav>Home</nav></body></html>"


@pytest.mark.django_db
def test_three_kinds_of_web_page_become_articles_without_their_boilerplate():
    batch = run(expand_upload("og.html", OPEN_GRAPH.encode()) + expand_upload("ld.htm", JSON_LD.encode())
                + expand_upload("plain.html", PLAIN) + expand_upload("empty.html", EMPTY))
    records = {r.source_name: r for r in batch.records.all()}
    og = records["og.html"].article
    assert og.title == "Allies agree on a monitoring plan in Paris"
    assert og.published == date(2026, 1, 8) and og.author == "Jane Smith" and og.language == "en"
    assert og.url == "https://worldnewsdaily.example.com/2026/01/08/allies-paris"
    for boilerplate in ("cookies", "Ten tips", "All rights reserved", "Sport"):
        assert boilerplate not in og.body
    assert og.original_text.startswith("<!doctype html>")
    ld = records["ld.htm"].article
    assert ld.published == date(2026, 1, 9) and ld.language == "ru"
    assert ld.title == "Союзники договорились о плане мониторинга"
    for boilerplate in ("Экономика", "Погода на выходные", "Все права защищены"):
        assert boilerplate not in ld.body
    plain = records["plain.html"]
    assert plain.status == "imported" and plain.article.language == "uk"
    assert plain.article.body.startswith("Уряд схвалив програму") and plain.encoding == "cp1251"
    assert records["empty.html"].status == "rejected" and "no article text" in records["empty.html"].reason


@pytest.mark.django_db
def test_a_folder_of_only_html_pages_is_imported_by_the_command(tmp_path, capsys):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "one.html").write_text(OPEN_GRAPH, encoding="utf-8")
    (tmp_path / "pages" / "two.htm").write_text(JSON_LD, encoding="utf-8")
    call_command("import_articles", str(tmp_path / "pages"))
    assert "2 imported" in capsys.readouterr().out
    assert Article.objects.count() == 2
    (tmp_path / "pages" / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path / "pages"))


@pytest.mark.django_db
def test_a_zip_of_pages_and_a_jsonl_export_is_read_entry_by_entry_row_by_row():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("site/page.html", OPEN_GRAPH)
        archive.writestr("export/rows.jsonl", json.dumps({"title": "Рядок", "text": BODY}, ensure_ascii=False) + "\n[]\n")
    batch = run(expand_upload("bundle.zip", buffer.getvalue()))
    statuses = dict(batch.records.values_list("source_name", "status"))
    assert statuses == {
        "bundle.zip/site/page.html": "imported",
        "bundle.zip/export/rows.jsonl:line 1": "imported",
        "bundle.zip/export/rows.jsonl:line 2": "rejected",
    }
