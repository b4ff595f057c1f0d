"""The name a byline gives, without what stands around it.

A byline line or an author field holds more than the name: a by-word or a label ("By",
"Von", "Posted by", "Author:", "Zum Profil von", "بقلم:"), and after the name its date, time,
counts, contact links or handle ("Jo Roe | Nov 19, 2019 | 5 comments", "Jo Roe ( Contact )",
"Jo Roe@joroe"). :func:`byline_name` keeps the name (or names), as a researcher would file it.
"""

from __future__ import annotations

import re

from db.ingest import patterns as P

_I = re.IGNORECASE
_BY = r"(?:by|von|vom|par|por|door|przez|di|av)"
# What stands before the name: a label, or a by-word after a verb or a link's words.
_LEAD = re.compile(
    rf"^(?:{P.BYLINE_LABEL})\s*:?\s*"
    r"|^(?:author|autor|autorin|auteur|autore|autora|verfasser|written by|by|text|redaktion|editor)"
    r"\s*[:;]\s*"
    r"|^(?:author|autor|autorin|auteur|autore|autora)\s+(?=\S)"
    r"|^(?:(?:zum profil|view all posts|all posts|more posts|zeige alle beiträge|alle beiträge|"
    r"beitrag|artikel|posted|published|written|words|story|text|reporting|compiled|veröffentlicht|"
    r"geschrieben|verfasst|erstellt|publié|publicado|pubblicato|ein kommentar|kommentar|"
    rf"gastbeitrag)\s+)?{_BY}\s*:?\s+",
    _I,
)
# A date or time, or a verb, before the by-word: "March 5, 2019 @ 10:42 am by Jo Roe",
# "Posted in News by Jo Roe", "05.01.2020 | Autor: Jo Roe".
_DATED_BY = re.compile(
    rf"^(?:(?=.{{0,40}}\d)|(?:posted|published|filed)\b).{{0,80}}?"
    rf"(?:\s{_BY}\s*:?|\b(?:author|autor|auteur)\s*:)\s+(?=\S)",
    _I,
)
# Words and marks left beside a date taken out: "Updated", "on", "am", a weekday, a bar.
_BESIDE = (
    r"(?:[\s,;:|/•·–—-]|(?<![\w.])(?:on|am|um|le|el|at|uhr|updated|published|posted|last|date|datum|"
    rf"aktualisiert|stand|{P.ANY_WEEKDAY})\b(?!\.))+"
)
_BESIDE_ENDS = re.compile(rf"^{_BESIDE}|{_BESIDE}$", _I)
# Where the name ends: a bar or dash before more, "on <date>", "at <time>", a bracket, a handle
# or an e-mail address, a count, a label with its value, "- http…".
_TAIL = re.compile(
    r"\s+[|•·/／]+\s.*$|\s[|•·/／]+$"
    r"|\s+[–—-]\s+(?=.{0,40}(?:\d|https?:|www\.)).*$"
    r"|\s*\((?=[^()]*(?:contact|kontakt|e-?mail|twitter|follow|https?:|www\.|@))[^()]{0,60}\)\s*$"
    r"|(?<=\w)\s*\(\W*[^\W_]*\W*\)\s*$"  # "( Contact )", "(Pressesprecherin)"
    r"|\s*(?<=\w)@\w.*$|\s+@\w+.*$|\s*\S+@[\w-]+\.\w.*$"
    r"|\s+\d*\s*(?:comments?|kommentare?|meinungen|responses?|replies|antworten)\b.*$|\s+\d+$"
    r"|\s+in\s+(?-i:[A-Z]).*$"  # "Jo Roe in News, Politics"
    r"|(?:,\s*|\s+)[^\W\d_]+\s*:\s.*$"
    r"|\s+https?://\S+.*$",
    _I,
)
_WHEN = (P.DATE, P.NUMERIC_DATE, P.CLOCK)
#: Author fields that name no one: form labels, software accounts.
PLACEHOLDERS = frozenset({
    "name", "author", "autor", "auteur", "posted", "admin", "administrator", "wordpressadmin",
    "webmaster", "no author", "unknown", "unknown author", "anonymous", "guest", "user",
})  # fmt: skip


_FULL_STOP = re.compile(r"(?<=[^\W\d_]{3})\.$")  # after a word, not an initial or "Jr."


def byline_name(line: str) -> str | None:
    """The name (or names) in a byline line or author field; None if it names no one."""
    name = " ".join(line.split())
    for _ in range(2):  # "Posted by" after a label such as "Author:"
        name = _LEAD.sub("", name, count=1)
    name = _DATED_BY.sub("", name, count=1)
    name = _LEAD.sub("", _without_dates(name), count=1)  # "05.01.2020 Autor: Jo Roe"
    name = _TAIL.sub("", name).strip(" ,;:|–—-·•／")
    name = _FULL_STOP.sub("", name)  # "Posted by Jo Roe." but "Sam Poe Jr."
    name = name.replace(" , ", ", ")
    half = name[: len(name) // 2]
    if name == f"{half} {half}":  # "jesusfreak jesusfreak": a profile link's two parts
        name = half
    if name.casefold() in PLACEHOLDERS or not any(c.isalpha() for c in name):
        return None
    return name


def _without_dates(name: str) -> str:
    """The name before a date or time, or after one that opens the line ("Mai 03, 2017 / Jo")."""
    for _ in range(3):
        found = [m for rx in _WHEN if (m := rx.search(name))]
        if not found:
            break
        when = min(found, key=lambda m: m.start())
        before = _BESIDE_ENDS.sub("", name[: when.start()])
        if any(c.isalpha() for c in before):
            return before
        name = _BESIDE_ENDS.sub("", name[when.end() :])
    return name
