"""Bytes -> text: encoding detection, clean-up and the content hash.

Order of evidence: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16/32
without a mark, told by the column of high bytes that only a few values fill;
strict UTF-8; then the single-byte code pages (see :mod:`archive.ingest.codepages`:
cp1251, koi8-r, koi8-u, mac-cyrillic, cp1252, Latin-1), judged by
charset-normalizer's measure of mess together with how plausible the decoded
Cyrillic letters are (:func:`cyrillic_score`). A file none of them reads with
confidence is rejected with the reason, never stored garbled.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass


class DecodeError(ValueError):
    """The bytes are not text the loader can read; the message says why."""


@dataclass(frozen=True)
class Decoded:
    text: str  # cleaned: \n line endings, NFC, no control characters
    encoding: str  # utf-8, utf-8-sig, utf-16, cp1251, koi8-r


# Letter frequencies (per mille) of Russian/Ukrainian running text, lowercased.
_FREQ = {
    "о": 105, "е": 80, "а": 80, "и": 70, "н": 67, "т": 63, "с": 55, "р": 47, "в": 45,
    "л": 44, "к": 35, "м": 32, "д": 30, "п": 28, "у": 26, "я": 20, "ы": 19, "ь": 17,
    "г": 17, "з": 16, "б": 16, "ч": 14, "й": 12, "х": 10, "ж": 9, "ш": 7, "ю": 6,
    "ц": 5, "щ": 4, "э": 3, "ф": 3, "ъ": 1, "ё": 1, "і": 30, "ї": 6, "є": 4, "ґ": 1,
}
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (or a Word/Excel file)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program",
    b"MZ": "a Windows program",
    b"\xd0\xcf\x11\xe0": "an old Word/Excel document",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}
# C0/C1 controls except tab and newline; also zero-width no-break space (stray BOMs).
_BINARY_CONTROLS = [code for code in range(32) if code not in (9, 10, 12, 13)] + [127]
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe]")


def decode_bytes(data: bytes) -> Decoded:
    """Decode a text file; raises DecodeError with a reason a person understands."""
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise DecodeError("the file is empty" if not data else "the file contains only whitespace")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise DecodeError(f"this is not a text file: it looks like {kind}")
    text, encoding = _detect(data)
    cleaned = clean_text(text)
    if not cleaned.strip():
        raise DecodeError("the file contains only whitespace")
    return Decoded(cleaned, encoding)


def _detect(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", "utf-8-sig")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _strict(data, "utf-32", "utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", "utf-16")
    wide = _wide_without_bom(data)
    if wide:
        return wide
    # Text has at most a stray control character; binary formats are full of them.
    controls = sum(data.count(bytes([code])) for code in _BINARY_CONTROLS)
    if controls >= 4 and controls / len(data) > 0.05:
        raise DecodeError("this is not a text file: it contains binary data")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if _has_utf8_sequences(data):
            raise DecodeError(
                f"undecodable bytes: the file is UTF-8 but damaged (invalid byte at position {error.start})"
            ) from None
    return _legacy(data)


def _wide_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 text without a byte-order mark, or None.

    In such text the high byte of each character takes a handful of values (0x00
    for spaces, digits and ASCII, 0x04 for Cyrillic) while the low byte varies;
    single-byte and UTF-8 text spreads over all values in every column.
    """
    for codec, unit, high in (("utf-32-le", 4, 1), ("utf-32-be", 4, 2), ("utf-16-le", 2, 1), ("utf-16-be", 2, 0)):
        if len(data) < 4 * unit or len(data) % unit:
            continue
        if unit == 4 and (data[2 if high == 1 else 0::4] + data[3 if high == 1 else 1::4]).count(0) < 0.99 * len(data) / 2:
            continue
        column = data[high::unit]
        low = data[(0 if codec.endswith("le") else unit - 1)::unit]
        counts = sorted((column.count(value) for value in set(column)), reverse=True)
        if sum(counts[:3]) < 0.95 * len(column) or column.count(0) < 0.05 * len(column) or len(set(low)) < 8:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _printable_ratio(text) > 0.98:
            return text, codec[:6]
    return None


def _strict(data: bytes, codec: str, name: str) -> tuple[str, str]:
    try:
        return data.decode(codec), name
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"undecodable bytes: the file says it is {name.upper()} but has invalid bytes at position {error.start}"
        ) from None


def _has_utf8_sequences(data: bytes) -> bool:
    """Does the data contain well-formed multi-byte UTF-8 (then it is not cp1251/koi8-r)?"""
    return re.search(rb"[\xd0-\xd3][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}", data) is not None and (
        len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data)) * 4 > len(re.findall(rb"[\x80-\xff]", data))
    )


def _legacy(data: bytes) -> tuple[str, str]:
    from archive.ingest.codepages import choose_code_page

    return choose_code_page(data)


def cyrillic_score(text: str) -> float:
    """How much ``text`` looks like real Russian/Ukrainian (higher is better).

    The mean log-frequency of its Cyrillic letters, minus a penalty for capitals
    inside words (koi8-r read as cp1251 swaps the cases, so almost every letter
    becomes a capital after a lowercase one or vice versa).
    """
    letters = [ch for ch in text if "\u0400" <= ch <= "\u04ff"]
    if not letters:
        return -10.0
    log_sum = sum(math.log(_FREQ.get(ch.lower(), 0.2) / 1000) for ch in letters)
    inner_caps = len(re.findall(r"(?<=[а-яёіїєґ])[А-ЯЁІЇЄҐ]", text))
    return log_sum / len(letters) - 10.0 * inner_caps / len(letters)


def _printable_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r")
    return 1 - bad / len(text)


def clean_text(text: str) -> str:
    """Line endings to \\n, NFC, control characters (NUL etc.) removed, tabs kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def normalized_for_hash(text: str) -> str:
    """The text as the duplicate check sees it: BOM, line endings, trailing
    whitespace, blank lines at either end and Unicode normalization do not matter."""
    text = clean_text(text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalized text."""
    return hashlib.sha256(normalized_for_hash(text).encode("utf-8")).hexdigest()
