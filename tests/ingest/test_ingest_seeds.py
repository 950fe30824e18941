"""Golden tests: what the loader extracts from each of the five seed files."""
from datetime import date

import pytest
from django.core.management import call_command

from archive.ingest.decode import decode_bytes
from archive.ingest.parse import parse_article
from archive.models import Article

GOLDEN = {
    "000_4694158718195879.txt": dict(
        title="Уиткофф и Кушнер отправятся в Париж на встречу союзников Украины",
        published=date(2026, 1, 6), date_inferred=False, language="ru", publisher=None,
        cited=["Politico", "Reuters"], author="", tags=[],
    ),
    "001_f4c982d170557a16.txt": dict(
        title="Зеленский после саммита коалиции продолжил встречу с Уиткоффом и Кушнером",
        published=date(2026, 1, 7), date_inferred=False, language="ru", publisher=None,
        cited=["Euronews", "Reuters"], author="", tags=[],
    ),
    "002_11f65d7f125b6a49.txt": dict(
        title="Союзники Украины во вторник проведут встречу в Париже",
        published=date(2026, 1, 6), date_inferred=False, language="ru", publisher=None,
        cited=["РБК-Украина", "Reuters"], author="", tags=[],
    ),
    "003_00b64ad341f35e56.txt": dict(
        title='TF1: Уиткофф и Кушнер примут участие во встрече "коалиции желающих" в Париже',
        published=date(2026, 1, 6), date_inferred=True, language="ru", publisher="ТАСС",
        cited=["TF1", "Die Welt"], author="", tags=[],
    ),
    "004_56c201d3acdcaa1f.txt": dict(
        title="Президент після саміту «коаліції охочих» провів переговори з американцями",
        published=date(2026, 1, 7), date_inferred=False, language="uk", publisher="glavcom.ua",
        cited=[], author="Іванна Гончар",
        tags=["Володимир Зеленський", "переговори", "США", "Джаред Кушнер", "Стів Віткофф"],
    ),
}
# The outlet rows the publishers and cited outlets resolve to (slugs of fixtures/outlets.json).
OUTLETS = {
    "000_4694158718195879.txt": (None, {"politico", "reuters"}),
    "001_f4c982d170557a16.txt": (None, {"euronews", "reuters"}),
    "002_11f65d7f125b6a49.txt": (None, {"rbc-ukraine", "reuters"}),
    "003_00b64ad341f35e56.txt": ("tass", {"tf1", "die-welt"}),
    "004_56c201d3acdcaa1f.txt": ("glavcom", set()),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_seed_is_parsed_as_pinned(seeds_dir, name):
    expected = GOLDEN[name]
    parsed = parse_article(decode_bytes((seeds_dir / name).read_bytes()).text, today=date(2030, 5, 5))
    assert parsed.title == expected["title"]
    assert parsed.published == expected["published"]
    assert parsed.date_inferred is expected["date_inferred"]
    assert parsed.language == expected["language"]
    assert parsed.publisher == expected["publisher"]
    assert parsed.cited_outlets == expected["cited"]
    assert parsed.author == expected["author"]
    assert parsed.tags == expected["tags"]


def test_seed_layout_details(seeds_dir):
    def parse(name):
        return parse_article(decode_bytes((seeds_dir / name).read_bytes()).text)

    glavcom = parse("004_56c201d3acdcaa1f.txt")
    assert "Головна" not in glavcom.title and "Головна Світ" not in glavcom.body
    assert glavcom.captions == ["Зеленський зустрівся з Стівеном Віткоффом і Джаредом Кушнером (фото: Офіс президента)"]
    for kept_out in ("фото:", "glavcom.ua", "Іванна Гончар", "Теги:", "Зеленський зустрівся з Стівеном"):
        assert kept_out not in glavcom.body
    assert glavcom.body.startswith("У Парижі після саміту")

    tass = parse("003_00b64ad341f35e56.txt")
    assert tass.captions == ["Джаред Кушнер и спецпосланник президента США Стивен Уиткофф © Sean Gallup/ Getty Images"]
    assert "Getty Images" not in tass.body
    assert tass.lead.startswith("Представители США впервые")
    assert tass.body.startswith("ПАРИЖ, 6 января. /ТАСС/.")

    long_header = parse("002_11f65d7f125b6a49.txt")
    assert long_header.lead.startswith("Союзники Украины во вторник проведут встречу в Париже, чтобы")
    assert long_header.body.startswith("Об этом сообщает РБК-Украина со ссылкой на Reuters.")


def test_year_of_the_tass_dateline_comes_from_the_text_not_from_the_import_year(seeds_dir):
    text = decode_bytes((seeds_dir / "003_00b64ad341f35e56.txt").read_bytes()).text
    for today in (date(2025, 3, 1), date(2031, 12, 31)):
        parsed = parse_article(text, today=today, default_year=1999)
        assert parsed.published == date(2026, 1, 6) and parsed.date_inferred


@pytest.mark.django_db
def test_seeds_import_with_outlets_resolved_and_reimport_adds_nothing(seeds_dir, capsys):
    call_command("import_articles", str(seeds_dir), verbosity=0)
    assert Article.objects.count() == 5
    for name, (publisher, cited) in OUTLETS.items():
        article = Article.objects.get(source_name__endswith=name)
        assert (article.outlet.slug if article.outlet else None) == publisher
        assert {o.slug for o in article.cited_outlets.all()} == cited
        assert article.encoding == "utf-8"
        assert article.language == GOLDEN[name]["language"]
    call_command("import_articles", str(seeds_dir), verbosity=0)
    assert Article.objects.count() == 5
