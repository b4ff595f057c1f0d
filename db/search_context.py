"""Keyword in context: where in an article a search matched, and a snippet with the words marked.

Everything here reads the rows of a few articles (a page of results, or the one shown) and
finds the matches with :mod:`db.index.matching`, so a match is marked exactly where the index
finds it, in the text as stored (harakat, joiners and all), never in its folded form.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from db.index.matching import Indexed, RowMatch, Span, indexed, matches

#: Marks around matched words in snippets (STX/ETX never occur in canonical text).
MARK_START, MARK_END = "\x02", "\x03"
#: Where a search can match, in the order a snippet is taken from.
SOURCES = ("text", "caption", "highlight", "note", "title")
#: Characters of a snippet, and of them how many come before its first match.
SNIPPET_CHARS, LEAD = 120, 30
# More matches than a snippet can show are not weighed.
_WEIGHED = 400
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Context:
    """Where an article matched a search, and a line of text around a match."""

    found_in: tuple[str, ...]  # of SOURCES: where every word was found
    source: str  # of SOURCES: where the snippet comes from ("" when there is none)
    snippet: str  # one line, MARK_START/MARK_END around matches

    def marked(self, start: str, end: str) -> str:
        return marked(self.snippet, start, end)


def marked(snippet: str, start: str, end: str) -> str:
    """``snippet`` with its marks written as ``start`` and ``end``."""
    return snippet.replace(MARK_START, start).replace(MARK_END, end)


_IN = "IN (SELECT value FROM json_each(:ids))"
_ROWS = {
    "article": f"SELECT id, title, text, hidden_spans FROM article WHERE id {_IN}",
    "caption": f"SELECT article_id, text, credit FROM caption WHERE article_id {_IN} ORDER BY seq",
    "highlight": f"SELECT article_id, exact FROM highlight WHERE article_id {_IN} ORDER BY start",
    "note": (
        "SELECT coalesce(n.article_id, h.article_id), n.body FROM note n"
        " LEFT JOIN highlight h ON h.id = n.highlight_id"
        f" WHERE coalesce(n.article_id, h.article_id) {_IN} ORDER BY n.id"
    ),
}
_NONE = indexed("")


def contexts(s: Session, every: str, any_word: str, ids: Sequence[int]) -> dict[int, Context]:
    """The context of each of ``ids`` for the FTS5 queries ``every`` and ``any_word``.

    ``every`` is the search (all words); ``any_word`` asks for any one of them, to mark.
    """
    param = {"ids": json.dumps([int(i) for i in ids])}
    texts: list[tuple[int, str, str]] = []  # article, source, original text
    rows: list[tuple[Indexed, Indexed]] = []
    for aid, title, body, hidden in s.execute(text(_ROWS["article"]), param):
        texts += [(aid, "title", title or ""), (aid, "text", body)]
        rows.append((indexed(title), indexed(body, hidden)))
    for aid, caption, credit in s.execute(text(_ROWS["caption"]), param):
        texts += [(aid, "caption", caption or ""), (aid, "credit", credit or "")]
        rows.append((indexed(caption), indexed(credit)))
    for source in ("highlight", "note"):
        for aid, body in s.execute(text(_ROWS[source]), param):
            texts += [(aid, source, body), (aid, "", "")]
            rows.append((indexed(body), _NONE))
    found = matches(every, any_word, rows) if rows else []
    return _gather(texts, found)


def _gather(texts: list[tuple[int, str, str]], found: list[RowMatch]) -> dict[int, Context]:
    """Each article's context from its texts (two a row, as matched) and their matches."""
    where: dict[int, set[str]] = {}
    best: dict[int, tuple[int, int, str, str, list[Span]]] = {}  # article -> its best snippet
    for n, row in enumerate(found):
        for col in (0, 1):
            aid, source, original = texts[2 * n + col]
            spans = row.spans[col]
            source = "caption" if source == "credit" else source
            where.setdefault(aid, set())
            if not spans:
                continue
            if row.every_word:
                where[aid].add(source)
            rank = (0 if row.every_word else 1, SOURCES.index(source))
            if aid not in best or rank < best[aid][:2]:
                best[aid] = (*rank, source, original, spans)
    out = {}
    for aid, sources in where.items():
        if aid in best:
            _, _, source, original, spans = best[aid]
            line = snippet(original, spans)
        else:
            source, line = "", ""
        out[aid] = Context(tuple(s for s in SOURCES if s in sources), source, line)
    return out


def text_marks(s: Session, article_id: int, any_word: str) -> list[Span]:
    """Every match of ``any_word`` in the article's text, in code points (none set aside)."""
    row = s.execute(
        text("SELECT text, hidden_spans FROM article WHERE id = :a"), {"a": article_id}
    ).first()
    if row is None:
        return []
    return marks_in(row[0], row[1], any_word)


def marks_in(original: str, hidden: str | None, any_word: str) -> list[Span]:
    """Every match of ``any_word`` in ``original`` as indexed with ``hidden`` spans cut out."""
    (found,) = matches(any_word, any_word, [(indexed(original, hidden), _NONE)])
    return found.spans[0]


def snippet(original: str, spans: Sequence[Span]) -> str:
    """One line of ``original`` around its densest run of matches, the matches marked."""
    start = _densest(original, spans)
    first = next(a for a, _ in spans if a >= start)
    lo = max(0, first - LEAD)
    if lo > 0 and not original[lo - 1].isspace():  # begin at a word
        space = _SPACE.search(original, lo, first)
        lo = space.end() if space else lo
    hi = min(len(original), lo + SNIPPET_CHARS)
    if hi < len(original) and not original[hi].isspace():  # end at one
        hi = max(first + 1, original.rfind(" ", first, hi), original.rfind("\n", first, hi))
    pieces, at = [], lo
    for a, b in _within(spans, lo, hi):
        pieces += [original[at:a], MARK_START, original[a:b], MARK_END]
        at = b
    pieces.append(original[at:hi])
    line = _SPACES.sub(" ", "".join(pieces)).strip()
    return ("…" if lo > 0 else "") + line + ("…" if hi < len(original) else "")


def _densest(original: str, spans: Sequence[Span]) -> int:
    """Where the run of matches with the most different words begins (the first such)."""
    spans = spans[:_WEIGHED]
    ends = [b for _, b in spans]
    best, best_n = spans[0][0], 0
    for i, (a, _) in enumerate(spans):
        last = bisect_right(ends, a + SNIPPET_CHARS - LEAD, lo=i)
        words = {original[x:y].lower() for x, y in spans[i:last]}
        if len(words) > best_n:
            best, best_n = a, len(words)
    return best


def _within(spans: Iterable[Span], lo: int, hi: int) -> Iterable[Span]:
    for a, b in spans:
        if b > lo and a < hi:
            yield max(a, lo), min(b, hi)
