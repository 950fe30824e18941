"""How to cite an article: a plain reference, BibTeX and CSL-JSON, built from the same fields.

Fields: outlet, author, title, date, the original URL (when the file gave one),
the archive's permalink and the date it was accessed. BibTeX values are escaped
(``{}%&$#_\\~^``), so any title gives a file a reference manager can read; CSL-JSON
is what Zotero, Mendeley and citeproc read.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text.replace("\n", " "))


@dataclass(frozen=True)
class Citation:
    """One article's citation fields (``url``: the original; ``permalink``: the archive's page)."""

    article_id: int
    title: str
    outlet: str
    author: str
    published: date | None
    language: str
    url: str
    permalink: str
    accessed: date

    @classmethod
    def of(cls, article, *, permalink: str, accessed: date) -> "Citation":
        return cls(
            article_id=article.pk, title=article.title, outlet=article.outlet.name if article.outlet else "",
            author=article.author, published=article.published, language=article.language, url=article.url,
            permalink=permalink, accessed=accessed,
        )

    @property
    def key(self) -> str:
        """A BibTeX key: the outlet's Latin letters (or "article"), the year and the id."""
        stem = re.sub(r"[^A-Za-z0-9]", "", self.outlet).lower() or "article"
        return f"{stem}{self.published.year if self.published else ''}-{self.article_id}"

    def plain(self) -> str:
        parts = []
        if self.author:
            parts.append(f"{self.author}.")
        parts.append(f"“{self.title}.”")
        where = ", ".join(part for part in (self.outlet, self.published.isoformat() if self.published else "") if part)
        if where:
            parts.append(f"{where}.")
        if self.url:
            parts.append(f"{self.url}.")
        parts.append(_("Archived at %(permalink)s (accessed %(accessed)s).") % {
            "permalink": self.permalink, "accessed": self.accessed.isoformat()})
        return " ".join(parts)

    def bibtex(self) -> str:
        fields = [("title", "{" + bibtex_escape(self.title) + "}")]
        if self.author:
            fields.append(("author", bibtex_escape(self.author)))
        if self.outlet:
            fields.append(("journal", bibtex_escape(self.outlet)))
        if self.published:
            fields += [("year", str(self.published.year)), ("month", str(self.published.month)),
                       ("date", self.published.isoformat())]
        fields.append(("url", self.url or self.permalink))
        if self.url:
            fields.append(("note", "Archived at \\url{" + self.permalink + "}"))
        fields += [("urldate", self.accessed.isoformat()), ("language", self.language)]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@article{{{self.key},\n{body}\n}}"

    def csl(self) -> dict:
        item = {
            "id": self.key, "type": "article-newspaper", "title": self.title, "language": self.language,
            "URL": self.url or self.permalink, "archive": self.permalink,
            "accessed": {"date-parts": [[self.accessed.year, self.accessed.month, self.accessed.day]]},
        }
        if self.outlet:
            item["container-title"] = self.outlet
        if self.author:
            item["author"] = [{"literal": self.author}]
        if self.published:
            item["issued"] = {"date-parts": [[self.published.year, self.published.month, self.published.day]]}
        return item

    def csl_json(self) -> str:
        return json.dumps([self.csl()], ensure_ascii=False, indent=2)
