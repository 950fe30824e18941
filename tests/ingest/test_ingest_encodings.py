"""Each encoding an editor's files come in is told apart and recorded; an undecidable file is refused."""
import random

import pytest

from archive.ingest.decode import DecodeError, decode_bytes

FR = ("Réunion à Paris : les alliés de l'Ukraine se sont réunis mardi à l'Élysée pour définir les "
      "garanties de sécurité. Le président français a déclaré que la paix était possible.")
DE = ("Die Verbündeten der Ukraine trafen sich am Dienstag in Paris. „Wir müssen gemeinsam handeln“, "
      "sagte der Präsident – ein Kostenplan über 5 € wurde vorgelegt.")
RU = ("Союзники Украины во вторник проведут встречу в Париже, чтобы максимально четко определить свой "
      "вклад в будущие гарантии безопасности. Ёлка, подъезд, Эстония.")
UK = ("Президент після саміту коаліції охочих провів переговори з американцями. Їхні гарантії безпеки "
      "є ґрунтовними, зазначив він у четвер.")


@pytest.mark.parametrize(
    "text, codec, recorded",
    [
        (FR, "latin-1", "latin-1"),
        (DE, "cp1252", "cp1252"),
        (RU, "cp1251", "cp1251"),
        (UK, "cp1251", "cp1251"),
        (RU, "koi8-r", "koi8-r"),
        (UK, "koi8-u", "koi8-u"),
        (RU, "mac-cyrillic", "mac-cyrillic"),
        (UK, "mac-cyrillic", "mac-cyrillic"),
        (RU, "utf-16-le", "utf-16"),  # no byte-order mark
        (UK, "utf-16-be", "utf-16"),
        (FR, "utf-16-le", "utf-16"),
        (RU, "utf-32-le", "utf-32"),
        (UK, "utf-32-be", "utf-32"),
        (RU, "utf-32", "utf-32"),  # with its mark
    ],
)
def test_encodings_are_told_apart_and_recorded(text, codec, recorded):
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == recorded


def test_a_latin1_french_article_is_never_read_as_cyrillic():
    decoded = decode_bytes(FR.encode("latin-1"))
    assert "Réunion à Paris" in decoded.text and "й" not in decoded.text


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bytes_no_code_page_reads_cleanly_are_refused_with_a_reason(seed):
    rng = random.Random(seed)
    noise = bytes(rng.randrange(128, 256) for _ in range(400))
    with pytest.raises(DecodeError) as error:
        decode_bytes(noise)
    assert "save it as UTF-8" in str(error.value)


def test_a_run_of_symbols_is_not_text_in_any_code_page():
    with pytest.raises(DecodeError):
        decode_bytes(b"\xa2" * 400)


# Short texts: one or two capitals are all that tells cp1251 from mac-cyrillic (they share the
# lowercase letters), so the decision rests on whole words, not letter frequencies.
SHORT = [
    ("Цены растут.", ("cp1251", "koi8-r", "mac-cyrillic", "utf-16-le", "utf-16-be")),
    ("Ёлка и подъезд.", ("cp1251", "koi8-r", "mac-cyrillic", "utf-16-le")),
    ("Встреча в Париже прошла спокойно.", ("cp1251", "koi8-r", "mac-cyrillic", "utf-32-le")),
    ("Україна є незалежною державою.", ("cp1251", "koi8-u", "mac-cyrillic", "utf-16-le")),
    ("Їхні гарантії ґрунтовні.", ("cp1251", "koi8-u", "mac-cyrillic")),
    ("Réunion à l'Élysée.", ("latin-1", "utf-16-le")),
    ("Größe – „gut“.", ("cp1252",)),
]


@pytest.mark.parametrize(
    "text, codec",
    [(text, codec) for text, codecs in SHORT for codec in codecs],
)
def test_short_texts_are_read_in_the_code_page_they_were_written_in(text, codec):
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == (codec[:6] if codec.startswith("utf") else codec)  # utf-16-le is recorded as utf-16


def test_a_russian_text_in_koi8_u_is_recorded_as_koi8_r():
    # koi8-u adds only the Ukrainian letters to koi8-r: with none of them the two are the same reading.
    assert decode_bytes("Цены растут.".encode("koi8-u")).encoding == "koi8-r"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cyrillic_letters_that_make_no_words_are_refused_not_guessed(seed):
    rng = random.Random(seed)
    letters = "абвгдежзийклмнопрстуфхцчшщыьэюя"
    gibberish = " ".join("".join(rng.choice(letters) for _ in range(rng.randint(3, 8))) for _ in range(30))
    with pytest.raises(DecodeError) as error:
        decode_bytes(gibberish.encode("cp1251"))
    assert "save it as UTF-8" in str(error.value)
