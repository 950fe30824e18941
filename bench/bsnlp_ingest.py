"""The loader on real articles: ../shared/bsnlp (393 ru/uk news), read but never copied.

    .venv/bin/python bench/bsnlp_ingest.py [--lingua]

Each raw file (id, language, date, URL, title, body) is given to the loader twice,
as a file an editor would have: "title line + body", and "URL line + title + body".
Prints, for each layout: files rejected, language right (against the file's own
language line), URLs found, URLs left in a body. With --lingua also scores
lingua-language-detector (ru/uk/en/be/bg/pl model) on the same texts for comparison.
Pure parsing: no database is written.
"""
import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from archive.ingest.decode import DecodeError, decode_bytes  # noqa: E402
from archive.ingest.parse import ParseError, parse_article  # noqa: E402

BSNLP = ROOT.parent / "shared" / "bsnlp"


def documents():
    for path in sorted(BSNLP.glob("*/raw/*/*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        yield lines[1].strip(), lines[3].strip(), lines[4].strip(), "\n".join(lines[5:]).strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lingua", action="store_true")
    args = parser.parse_args()
    docs = list(documents())
    lingua = None
    if args.lingua:
        from lingua import Language, LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_languages(
            Language.RUSSIAN, Language.UKRAINIAN, Language.ENGLISH, Language.BELARUSIAN, Language.BULGARIAN,
            Language.POLISH,
        ).build()
    for layout in ("title + body", "URL line + title + body"):
        rejected = right = urls_found = urls_in_body = lingua_right = 0
        started = time.perf_counter()
        for language, url, title, body in docs:
            text = f"{title}\n\n{body}" if layout == "title + body" else f"{url}\n{title}\n\n{body}"
            try:
                parsed = parse_article(decode_bytes(text.encode("utf-8")).text)
            except (DecodeError, ParseError):
                rejected += 1
                continue
            right += parsed.language == language
            urls_found += parsed.url == url
            urls_in_body += url in parsed.body  # the page's own address (bodies may cite other links)
            if lingua is not None:
                found = lingua.detect_language_of("\n".join([parsed.title, parsed.lead, parsed.body]))
                lingua_right += bool(found) and found.iso_code_639_1.name.lower() == language
        elapsed = time.perf_counter() - started
        n = len(docs)
        print(f"{layout}: {n} files, {rejected} rejected, language right {right}/{n} ({100 * right / n:.1f} %), "
              f"URL kept {urls_found}, own URL left in a body {urls_in_body}; {elapsed:.1f} s")
        if lingua is not None:
            print(f"  lingua on the same texts: {lingua_right}/{n} ({100 * lingua_right / n:.1f} %)")


if __name__ == "__main__":
    main()
