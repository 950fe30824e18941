"""Words of an article with their offsets, and the text cleanup before recognition.

Photo credits and bylines name photographers and authors, not the people an
article is about; the parser removes them from the body, and this module blanks
the ones that slip through (offsets are kept, so positions stay true).
"""
import re
from dataclasses import dataclass

LETTERS = "A-Za-zÀ-ÖØ-öø-ÿĀ-žА-Яа-яЁёІіЇїЄєҐґ"
WORD_RE = re.compile(rf"[{LETTERS}]+(?:['’ʼ\-][{LETTERS}]+)*")
# "© Sean Gallup/ Getty Images", "фото: Офіс президента", "Photo: AP" — to the end of the line.
CREDIT_RE = re.compile(
    r"(©|\((?:c|с)\)|\b(?:фото|photo|foto|джерело фото|источник фото)\s*[:—–-]).*$",
    re.IGNORECASE | re.MULTILINE,
)
SENTENCE_END = set(".!?…:;«»\"“”„()[]—–-•|/\n")


@dataclass(frozen=True)
class Token:
    """One word: its text, offsets, and where it stands."""

    text: str
    start: int
    end: int
    sentence_start: bool

    @property
    def capitalized(self) -> bool:
        # All-capital words of 3+ letters are acronyms (США, НАТО, ТАСС), not names.
        return self.text[:1].isupper() and not (len(self.text) > 2 and self.text.isupper())


def blank_credits(text: str) -> str:
    """``text`` with photo credits replaced by spaces (same length, same offsets)."""
    return CREDIT_RE.sub(lambda m: " " * len(m.group(0)), text)


def tokenize(text: str) -> list[Token]:
    """The words of ``text``, each marked when it starts a sentence or a line."""
    tokens = []
    last_end = 0
    for match in WORD_RE.finditer(text):
        gap = text[last_end:match.start()].strip(" \t")
        starts = not tokens or any(ch in SENTENCE_END for ch in gap) or "\n" in text[last_end:match.start()]
        tokens.append(Token(match.group(0), match.start(), match.end(), starts))
        last_end = match.end()
    return tokens


def joined(text: str, left: Token, right: Token) -> bool:
    """Whether two words stand next to each other with nothing but spaces between."""
    gap = text[left.end:right.start]
    return gap != "" and gap.strip(" \u00a0\t") == ""


def line_of(text: str, position: int) -> str:
    """The line of ``text`` around ``position``, stripped."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end if end >= 0 else len(text)].strip()
