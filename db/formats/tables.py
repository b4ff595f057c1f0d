"""CSV for spreadsheets and statistics: RFC 4180, UTF-8 with a BOM so Excel reads Arabic right."""

from __future__ import annotations

import csv
from pathlib import Path

from db.formats.collect import ProjectData

_ARTICLE = ("article_id", "title", "outlet", "section", "published", "url")
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


def write_csv(data: ProjectData, output: Path, *, per: str = "highlight") -> int:
    """One row per highlight (``per="highlight"``) or per article with its note; returns rows."""
    rows = 0
    with output.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(HIGHLIGHT_COLUMNS if per == "highlight" else ARTICLE_COLUMNS)
        for art in data.articles(annotated=per == "highlight"):
            a = art.row
            head = [
                a["id"],
                a["title"] or "",
                a["outlet"] or "",
                " / ".join(a["section"]),
                a["published"] or "",
                a["url"] or "",
            ]
            if per != "highlight":
                n = art.note or {}
                out.writerow([*head, len(art.highlights), n.get("body", ""), n.get("modified", "")])
                rows += 1
                continue
            for h in art.highlights:
                note = h["note"]["body"] if h["note"] else ""
                out.writerow(
                    [
                        *head,
                        data.code_path(h["code_id"]),
                        h["exact"],
                        note,
                        h["start"],
                        h["end"],
                        h["coder"],
                        h["created"],
                        h["modified"],
                    ]
                )
                rows += 1
    return rows
