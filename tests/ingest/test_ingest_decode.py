"""Decoding: encodings told apart, line endings and control characters cleaned, non-text refused."""
import pytest

from archive.ingest.decode import DecodeError, content_hash, decode_bytes

RU = (
    "Министр иностранных дел заявил журналистам, что переговоры продолжатся на следующей неделе. "
    "По его словам, стороны обсудят гарантии безопасности, обмен пленными и восстановление энергетики. "
    "Эксперты считают, что соглашение возможно уже весной."
)
UK = (
    "Міністр закордонних справ заявив журналістам, що переговори триватимуть наступного тижня. "
    "За його словами, сторони обговорять гарантії безпеки, обмін полоненими та відновлення енергетики. "
    "Експерти вважають, що угода можлива вже навесні."
)
SHORT_RU = "Съезд ёлочных игрушек. Всё хорошо!"


LEGACY_CASES = [(text, codec) for text in [RU, UK, SHORT_RU, "Привет, мир", "ПАРИЖ, 6 января. /ТАСС/."]
                for codec in ["cp1251", "koi8-r"]
                if not (codec == "koi8-r" and text == UK)]  # koi8-r cannot write і, ї, є


@pytest.mark.parametrize("text, codec", LEGACY_CASES)
def test_legacy_cyrillic_code_pages_are_told_apart(text, codec):
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == codec


@pytest.mark.parametrize(
    "data, encoding",
    [
        (RU.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + RU.encode("utf-8"), "utf-8-sig"),
        (RU.encode("utf-16"), "utf-16"),  # with BOM, little-endian here
        (b"\xfe\xff" + RU.encode("utf-16-be"), "utf-16"),
        ("An English line only.".encode("utf-16-le"), "utf-16"),  # no BOM: NUL every other byte
    ],
)
def test_unicode_encodings(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text.rstrip() in (RU, "An English line only.")


def test_line_endings_and_control_characters_are_cleaned():
    decoded = decode_bytes("Заголовок\r\nпервая\rвторая\x00 строка\x07\tтаб\r\n".encode("utf-8"))
    assert decoded.text == "Заголовок\nпервая\nвторая строка\tтаб\n"


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"   \r\n\t\n  ", "only whitespace"),
        (b"\x00\x00\x00", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
        (b"PK\x03\x04" + bytes(200), "zip"),
        (bytes(range(256)) * 8, "binary data"),
        ("Текст в UTF-8, но ".encode("utf-8") + b"\xff\xfe\xfa" + " с мусором".encode("utf-8"), "undecodable bytes"),
        (bytes([0x80, 0x81, 0x83, 0x8a, 0x8c, 0x8e, 0x90, 0x9a, 0x9c, 0x9f]) * 30, "undecodable bytes"),
    ],
)
def test_non_text_is_refused_with_a_reason(data, words):
    with pytest.raises(DecodeError) as error:
        decode_bytes(data)
    assert words in str(error.value)


def test_content_hash_ignores_bom_line_endings_trailing_whitespace_and_normal_form():
    base = "Заголовок\n\nЙод и ёж.\nВторая строка"
    variants = [
        base,
        "\ufeff" + base,
        base.replace("\n", "\r\n"),
        base.replace("\n", "\r"),
        base.replace("\n", "   \n") + "  \n\n",
        base.replace("й", "и\u0306").replace("ё", "е\u0308"),  # decomposed (NFD) letters
    ]
    assert len({content_hash(v) for v in variants}) == 1
    assert content_hash(base + " Другое") != content_hash(base)
