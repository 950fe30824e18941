"""Language identification: the archive's detector against lingua-language-detector.

    .venv/bin/python bench/language.py

Scores both on: the five seeds (whole text), ../shared/bsnlp (393 ru/uk articles,
whole text, then the title alone: the short-text case), and a few short texts
written here (headlines and one-line notes in ru, uk, en). lingua is restricted to
the languages an ru/uk/en archive meets (ru, uk, be, bg, en, de, fr, pl), as an
application would configure it. Prints right/total and the time per text (lingua's
model loading, at its first call, is timed apart).
"""
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.nlp.language import detect_language  # noqa: E402

BSNLP = ROOT.parent / "shared" / "bsnlp"
SHORT = [
    ("Уряд ухвалив бюджет", "uk"), ("Правительство одобрило бюджет", "ru"),
    ("Зеленський зустрівся з Макроном", "uk"), ("Зеленский встретился с Макроном", "ru"),
    ("Мер відкрив новий міст", "uk"), ("Мэр открыл новый мост", "ru"),
    ("Ціни на газ знову зросли", "uk"), ("Цены на газ снова выросли", "ru"),
    ("Rada approves the budget", "en"), ("Allies meet in Paris", "en"),
    ("У Києві відновили рух метро", "uk"), ("В Москве ограничили движение", "ru"),
    ("Переговори тривають", "uk"), ("Переговоры продолжаются", "ru"),
    ("Посол США прибув до Львова", "uk"), ("Посол США прибыл в Санкт-Петербург", "ru"),
]


def bsnlp():
    for path in sorted(BSNLP.glob("*/raw/*/*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        yield lines[1].strip(), lines[4].strip(), "\n".join(lines[4:])


def main():
    from lingua import Language, LanguageDetectorBuilder

    from archive.ingest.decode import decode_bytes

    lingua = LanguageDetectorBuilder.from_languages(
        Language.RUSSIAN, Language.UKRAINIAN, Language.BELARUSIAN, Language.BULGARIAN, Language.ENGLISH,
        Language.GERMAN, Language.FRENCH, Language.POLISH,
    ).build()

    started = time.perf_counter()
    lingua.detect_language_of("Уряд ухвалив бюджет")  # loads the models: timed apart from the texts
    print(f"lingua model loading: {time.perf_counter() - started:.1f} s")

    def lingua_code(text):
        found = lingua.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "und"

    seeds = [(lang, decode_bytes(p.read_bytes()).text) for lang, p in
             zip(["ru", "ru", "ru", "ru", "uk"], sorted((ROOT / "fixtures" / "seeds").glob("*.txt")))]
    docs = list(bsnlp())
    sets = [
        ("seeds, whole text", seeds),
        ("bsnlp, whole text", [(lang, text) for lang, _title, text in docs]),
        ("bsnlp, title only", [(lang, title) for lang, title, _text in docs]),
        ("own short texts", [(lang, text) for text, lang in SHORT]),
    ]
    for name, items in sets:
        for label, detect in (("archive detector", detect_language), ("lingua", lingua_code)):
            started = time.perf_counter()
            right = sum(detect(text) == lang for lang, text in items)
            per_text = (time.perf_counter() - started) / len(items) * 1000
            print(f"{name:<20} {label:<17} {right}/{len(items)} ({100 * right / len(items):.1f} %), {per_text:.2f} ms/text")


if __name__ == "__main__":
    main()
