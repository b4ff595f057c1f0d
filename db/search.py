"""Full-text search over titles, article text, captions, highlight quotes and notes.

Whatever a user types is made safe for FTS5: each word is quoted, so operators, punctuation,
unbalanced quotes and NUL bytes are searched as plain words and never raise.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from db.index.fold import fold

#: Marks around matched words in snippets (STX/ETX never occur in canonical text).
MARK_START, MARK_END = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def fts_query(user_text: str, *, prefix: bool = True) -> str | None:
    """An FTS5 query matching every word of ``user_text``; ``prefix`` lets the last one be cut.

    Returns None when there is nothing to search for.
    """
    words = [w for w in fold(_CONTROL.sub(" ", user_text)).split() if any(c.isalnum() for c in w)]
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if prefix and user_text[-1:].isalnum():
        quoted[-1] += "*"
    return " ".join(quoted)


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    title: str | None
    score: float  # lower is better (bm25)
    found_in: tuple[str, ...]  # "text", "caption", "highlight", "note"
    snippet: str  # with MARK_START/MARK_END around matches

    def marked(self, start: str, end: str) -> str:
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)


# Articles ranked by FTS5 itself ("ORDER BY rank", with the title weighted in the table's
# config): snippets are then computed only for the rows returned, not for every match.
_TEXT_HITS = """
SELECT rowid, rank, 'text', snippet(article_fts, 1, char(2), char(3), '…', 16)
  FROM article_fts WHERE article_fts MATCH :q ORDER BY rank LIMIT :limit
"""
# The smaller tables, best match per article; the snippet comes from where the words were found.
_OTHER_HITS = """
SELECT article_id, min(score), src, snip FROM (
    SELECT c.article_id, bm25(caption_fts) AS score, 'caption' AS src,
           snippet(caption_fts, 0, char(2), char(3), '…', 16) AS snip
      FROM caption_fts JOIN caption c ON c.id = caption_fts.rowid WHERE caption_fts MATCH :q
    UNION ALL
    SELECT h.article_id, bm25(highlight_fts), 'highlight',
           snippet(highlight_fts, 0, char(2), char(3), '…', 16)
      FROM highlight_fts JOIN highlight h ON h.id = highlight_fts.rowid
     WHERE highlight_fts MATCH :q
    UNION ALL
    SELECT coalesce(n.article_id, h.article_id), bm25(note_fts), 'note',
           snippet(note_fts, 0, char(2), char(3), '…', 16)
      FROM note_fts JOIN note n ON n.id = note_fts.rowid
      LEFT JOIN highlight h ON h.id = n.highlight_id WHERE note_fts MATCH :q
) GROUP BY article_id, src
"""


def search(s: Session, user_text: str, *, limit: int = 200, prefix: bool = True) -> list[SearchHit]:
    """Articles matching ``user_text``, best first, with a snippet of the text around a match."""
    q = fts_query(user_text, prefix=prefix)
    if q is None:
        return []
    params = {"q": q, "limit": limit}
    try:
        rows = [*s.execute(text(_TEXT_HITS), params), *s.execute(text(_OTHER_HITS), params)]
    except (OperationalError, sqlite3.OperationalError):
        return []  # the quoting leaves nothing FTS5 should reject; never fail a search box
    best: dict[int, tuple[float, str]] = {}
    found: dict[int, list[str]] = {}
    for aid, score, src, snip in rows:
        found.setdefault(aid, []).append(src)
        if aid not in best or score < best[aid][0]:
            best[aid] = (score, snip)
    top = sorted(best, key=lambda aid: best[aid][0])[:limit]
    if not top:
        return []
    ids = ",".join(str(int(aid)) for aid in top)
    titles = dict(s.execute(text(f"SELECT id, title FROM article WHERE id IN ({ids})")).all())
    return [
        SearchHit(aid, titles.get(aid), best[aid][0], tuple(found[aid]), best[aid][1] or "")
        for aid in top
    ]
