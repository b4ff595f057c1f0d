"""Rows for spreadsheets and statistics, and CSV: RFC 4180, UTF-8 with a BOM so Excel reads Arabic.

The rows are shared with the XLSX export (:mod:`db.formats.xlsx`): ids and offsets are numbers,
everything else text as stored. ``outlet`` is the outlet recorded for the article and ``site``
the host name of its URL, kept apart: a host is where a copy was found (an aggregator, an
archive, a syndicating site), not necessarily who published it, and one column mixing both would
count The Guardian and theguardian.com as two outlets.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from db.formats.collect import ArticleData, ProjectData

Value = str | int | float

_ARTICLE = ("article_id", "title", "outlet", "site", "section", "byline", "published", "url")
HIGHLIGHT_COLUMNS = (
    *_ARTICLE,
    "code",
    "quote",
    "note",
    "start",
    "end",
    "coder",
    "created",
    "modified",
)
ARTICLE_COLUMNS = (*_ARTICLE, "highlights", "note", "note_modified")

#: What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def site(url: str | None) -> str:
    """The host name of ``url`` without ``www.``; empty if there is none."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:  # not a URL (an unclosed "[" of an IPv6 address)
        return ""
    return host.removeprefix("www.")


def _article_head(art: ArticleData) -> list[Value]:
    a = art.row
    return [
        a["id"],
        a["title"] or "",
        a["outlet"] or "",
        site(a["url"]),
        " / ".join(a["section"]),
        a["byline"] or "",
        a["published"] or "",
        a["url"] or "",
    ]


def article_row(art: ArticleData) -> list[Value]:
    """An article with the number of its highlights in scope and its note (ARTICLE_COLUMNS)."""
    n = art.note or {}
    return [*_article_head(art), len(art.highlights), n.get("body", ""), n.get("modified", "")]


def highlight_rows(data: ProjectData, art: ArticleData) -> Iterator[list[Value]]:
    """The article's highlights in scope, one row each (HIGHLIGHT_COLUMNS)."""
    head = _article_head(art)
    for h in art.highlights:
        note = h["note"]["body"] if h["note"] else ""
        code = data.code_path(h["code_id"])
        times = [h["coder"], h["created"], h["modified"]]
        yield [*head, code, h["exact"], note, h["start"], h["end"], *times]


def spreadsheet_safe(value: Value) -> Value:
    """``value``, with an apostrophe before text a spreadsheet would run as a formula."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def write_csv(
    data: ProjectData, output: Path, *, per: str = "highlight", safe: bool = False
) -> int:
    """One row per highlight (``per="highlight"``) or per article with its note; returns rows.

    Text goes out exactly as stored, unless ``safe``: then see :func:`spreadsheet_safe`.
    """
    rows = 0
    by_highlight = per == "highlight"
    with output.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(HIGHLIGHT_COLUMNS if by_highlight else ARTICLE_COLUMNS)
        for art in data.articles(annotated=by_highlight):
            for row in highlight_rows(data, art) if by_highlight else [article_row(art)]:
                out.writerow([spreadsheet_safe(v) for v in row] if safe else row)
                rows += 1
    return rows
