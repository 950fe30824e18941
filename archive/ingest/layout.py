"""What a single line of an article file is: breadcrumb, byline, source, caption, tags...

Each function looks at one line (stripped) and answers with facts, never with
knowledge of any particular file; parse.py decides from their answers.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Any number of year digits: "date 99999-01-01" is a header with an impossible date
# (ignored with a note), never the start of the title.
HEADER = re.compile(r"^\s*date\s+(?P<date>\d{1,9}-\d{1,2}-\d{1,2})\b\s*(?P<rest>.*)$", re.IGNORECASE)

_BREADCRUMB_ROOTS = {"головна", "главная", "home", "новини", "новости", "news", "main", "start", "startseite", "accueil"}
_BREADCRUMB_SEPARATORS = re.compile(r"\s(?:/|>|»|›|→|\|)\s")
_SENTENCE_END = re.compile(r"[.!?…]['\"»”)]*$")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?(?P<domain>(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\.[a-z]{2})?)/?$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’]+(?:-[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’]+)?$")
_BYLINE = re.compile(r"^(?:автор|автори|авторы|текст|by|author|written by|пише|пишет)\s*[:：]?\s+(?P<name>.+)$", re.IGNORECASE)
_CREDIT = re.compile(
    r"^(?:фото|фото|photo|photos|foto|ілюстрація|иллюстрация|illustration|скриншот|screenshot|кадр|"
    r"відео|видео|video|image|credit)\s*(?:[:：]|—|–|-)\s*\S", re.IGNORECASE
)
_TAGS = re.compile(r"^(?:теги|тэги|tags|мітки|метки|ключові слова|ключевые слова|keywords)\s*[:：]\s*(?P<tags>.*)$", re.IGNORECASE)
_SOURCE = re.compile(r"^(?:источник|джерело|source|sources)\s*[:：]\s*(?P<source>.+)$", re.IGNORECASE)


def is_breadcrumb(line: str) -> bool:
    """A site's navigation trail ("Головна Світ Політика", "Home > World > Europe")."""
    words = line.split()
    if not words or len(words) > 8 or _SENTENCE_END.search(line) or len(line) > 80:
        return False
    if _BREADCRUMB_SEPARATORS.search(line) and len(_BREADCRUMB_SEPARATORS.split(line)) >= 2:
        return all(part.strip() and len(part.split()) <= 3 for part in _BREADCRUMB_SEPARATORS.split(line))
    return words[0].lower().strip(":") in _BREADCRUMB_ROOTS and len(words) >= 2 and all(w[0].isupper() for w in words)


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def domain_of(line: str) -> str | None:
    """``glavcom.ua`` for a line that is only a domain or site address."""
    match = _DOMAIN.match(line.strip())
    return match["domain"].lower() if match else None


def byline_name(line: str) -> str | None:
    """The name in an explicit byline ("Автор: Іван Петренко", "By Jane Smith")."""
    match = _BYLINE.match(line)
    if match and looks_like_name(match["name"].strip(" .")):
        return match["name"].strip(" .")
    return None


def looks_like_name(line: str) -> bool:
    """Two or three capitalized words and nothing else: a personal name's shape."""
    words = line.split()
    return 2 <= len(words) <= 3 and len(line) <= 60 and all(_NAME_WORD.match(w) for w in words)


@lru_cache(maxsize=4096)
def is_given_name(word: str) -> bool:
    """Does a morphology dictionary (ru or uk) know ``word`` as a first name?"""
    from archive.nlp.morph import parses

    if not re.match(r"[А-ЯЁІЇЄҐ]", word):
        return False
    return any("Name" in parse.tag for lang in ("uk", "ru") for parse in parses(word.lower(), lang))


def is_credit(line: str) -> bool:
    """A photo credit ("фото: Офіс президента") or a caption with its © credit."""
    return bool(_CREDIT.match(line)) or ("©" in line and len(line) <= 300)


def is_bare_credit(line: str) -> bool:
    """A credit with no caption text of its own ("фото: ...", "© Reuters"): the caption is the line before."""
    return bool(_CREDIT.match(line)) or line.lstrip().startswith("©")


def tags_line(line: str) -> list[str] | None:
    """The tags of a "Теги: ..." line, else None.

    Comma/semicolon-separated lists are split there. Space-separated lists (as
    sites render tag links) are grouped: a run of capitalized words is one name
    ("Володимир Зеленський"), a new run starts at a known first name after a
    surname; acronyms (США) and lowercase words stand alone.
    """
    match = _TAGS.match(line)
    if not match:
        return None
    raw = match["tags"].strip()
    if re.search(r"[,;#|]", raw):
        return [tag.strip(" .#") for tag in re.split(r"[,;#|]", raw) if tag.strip(" .#")]
    tags: list[str] = []
    run: list[str] = []

    def flush():
        if run:
            tags.extend(_split_names(run))
            run.clear()

    for word in raw.split():
        word = word.strip(".")
        if not word:
            continue
        if _NAME_WORD.match(word):
            run.append(word)
        else:
            flush()
            tags.append(word)
    flush()
    return tags


def _split_names(words: list[str]) -> list[str]:
    groups: list[list[str]] = []
    for word in words:
        group = groups[-1] if groups else None
        # "Given [Patronymic] Surname": a group with a first name and a word after it is complete.
        complete = group is not None and any(map(is_given_name, group)) and not is_given_name(group[-1])
        if group is None or complete or is_given_name(word) and not all(map(is_given_name, group)):
            groups.append([word])
        else:
            group.append(word)
    result = []
    for group in groups:
        # Without dictionary evidence, long runs are most often "First Last" pairs.
        if len(group) >= 4 and len(group) % 2 == 0 and not any(is_given_name(w) for w in group[1:]):
            result.extend(" ".join(group[i:i + 2]) for i in range(0, len(group), 2))
        else:
            result.append(" ".join(group))
    return result


def source_line(line: str) -> str | None:
    """The outlet named in a "Источник: ..." / "Джерело: ..." / "Source: ..." line."""
    match = _SOURCE.match(line)
    return match["source"].strip(" .") if match and len(line) <= 200 else None
