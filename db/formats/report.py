"""Readable reports, Markdown or HTML.

Each article's headline and metadata, then its claims grouped by code, with their notes; last,
the codebook: the memo of each code the report shows (its definition, when to use it, when not,
an example). The
HTML escapes every string and loads nothing from outside. The Markdown escapes what a CommonMark
renderer would turn into markup that fetches or links (raw HTML, entities, autolinks, links and
images), or that would leave the report's outline (a heading, a code fence), so that every
string renders as itself; other punctuation is left readable.

Notes in Markdown are rendered (see :mod:`db.formats.note_markdown`), their headings below the
report's own three levels; plain-text notes are text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from markdown_it import MarkdownIt

from db.annotate.codes import FALLBACK_COLOR, clean_color
from db.formats.code_memo import memo_fields
from db.formats.collect import ArticleData, ProjectData, Row, generator
from db.formats.note_markdown import note_html, note_markdown
from db.store.models import utc_now

#: The report's own heading levels: title, article, code. A note's headings go below them.
LEVELS = 3
MARKDOWN = "text/markdown"

_CSS = """
body { font: 16px/1.55 Georgia, 'DejaVu Serif', serif; max-width: 46em; margin: 2em auto;
       padding: 0 1em; color: #222 }
h1, h2, h3 { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; line-height: 1.25 }
.meta { color: #666; font-size: .9em }
blockquote { margin: .6em 0; padding: .2em .9em; border-left: 4px solid #bbb }
.note { margin: .2em 0 1em 1.2em; color: #444; white-space: pre-wrap }
.note.markdown { white-space: normal }
.memo { margin: .2em 0 .4em 1.2em; white-space: pre-wrap }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .4em }
article { border-top: 1px solid #ddd; margin-top: 2em }
"""


# Raw HTML and autolinks start with "<", entities with "&", links, images and link definitions
# with "["; the backslash escapes them (and so must be escaped itself).
_MD_MARKUP = re.compile(r"[\\<&\[\]]")


def md_text(text: str) -> str:
    """``text`` as Markdown that renders as the same text, without HTML, links or images."""
    return _MD_MARKUP.sub(lambda m: "\\" + m[0], text)


_READER = MarkdownIt("commonmark")  # as a reader's renderer takes the report


def md_block(text: str) -> str:
    """:func:`md_text`, and no line of it a heading or a code fence.

    A heading would stand among the report's own, and an unclosed fence would swallow the rest
    of the report. The reader's parse says which lines are which; the mark is escaped and the
    text parsed again, since an escaped fence may uncover a heading it held.
    """
    lines = md_text(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    while marks := [
        (t.map[1] - 1 if t.markup[0] in "=-" else t.map[0], t.markup[0])
        for t in _READER.parse("\n".join(lines))
        if t.type in ("heading_open", "fence") and t.map
    ]:
        for row, mark in marks:
            at = lines[row].index(mark)
            lines[row] = f"{lines[row][:at]}\\{lines[row][at:]}"
    return "\n".join(lines)


def _md_note(note: Row) -> str:
    if note["format"] == MARKDOWN:
        return note_markdown(note["body"], LEVELS)
    return md_block(note["body"])


def _html_note(note: Row) -> str:
    if note["format"] == MARKDOWN:
        return f"<div class='note markdown'>{note_html(note['body'], LEVELS)}</div>\n"
    return f"<div class='note'>{html.escape(note['body'])}</div>\n"


def _groups(data: ProjectData, art: ArticleData) -> Iterator[tuple[str, str, list[Row]]]:
    """(code path, colour, highlights), codes in codebook order, uncoded last.

    The colour is checked here, where it goes out: whatever the code table holds, only a
    ``#RRGGBB`` colour reaches a style sheet.
    """
    order = {c.id: i for i, c in enumerate(data.codes)}
    keys = sorted({h["code_id"] for h in art.highlights}, key=lambda k: order.get(k, 10**9))
    for key in keys:
        code = data.code_by_id.get(key)
        items = [h for h in art.highlights if h["code_id"] == key]
        color = (clean_color(code.color) if code else None) or FALLBACK_COLOR
        yield (data.code_path(key) or "(no code)", color, items)


def _codebook(data: ProjectData, used: set[int | None]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(code path, its memo's fields as (label, text)) of the codes used that have a memo."""
    out = []
    for c in data.codes:
        definition = [("Definition", c.description.strip())] if c.description.strip() else []
        if c.id in used and (fields := definition + memo_fields(c)):
            out.append((data.code_path(c.id), fields))
    return out


def _meta(art: ArticleData) -> list[str]:
    a = art.row
    return [m for m in (a["outlet"], " / ".join(a["section"]), a["published"], a["url"]) if m]


def _included(data: ProjectData) -> Iterator[ArticleData]:
    """Chosen articles all; otherwise those with claims or a note."""
    return data.articles(annotated=data.scope.article_ids is None)


def _md_quote(text: str) -> str:
    return "\n".join("> " + line for line in md_block(text).split("\n"))


def markdown(data: ProjectData, title: str, arts: Iterable[ArticleData]) -> Iterator[str]:
    e = md_text
    yield f"# {e(title)}\n\n*{e(generator())}, {utc_now()[:10]}*\n"
    used: set[int | None] = set()
    for art in arts:
        used |= {h["code_id"] for h in art.highlights}
        yield f"\n## {e(art.row['title'] or '(untitled)')}\n\n"
        if meta := _meta(art):
            yield md_block(" · ".join(meta)) + "\n"
        if art.note:
            yield f"\n**Note on the article**\n\n{_md_note(art.note)}\n"
        for code, _color, items in _groups(data, art):
            yield f"\n### {e(code)} ({len(items)})\n"
            for h in items:
                yield "\n" + _md_quote(h["exact"]) + "\n"
                if h["note"]:
                    yield f"\n*Note:*\n\n{_md_note(h['note'])}\n"
    if book := _codebook(data, used):
        yield "\n## Codebook\n"
        for code, fields in book:
            yield f"\n**{e(code)}**\n"
            for label, text in fields:
                yield f"\n*{label}:* {md_block(text)}\n"


def html_report(data: ProjectData, title: str, arts: Iterable[ArticleData]) -> Iterator[str]:
    e: Callable[[str], str] = html.escape
    yield (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{e(title)}</h1><p class='meta'>{e(generator())}, {e(utc_now()[:10])}</p>\n"
    )
    used: set[int | None] = set()
    for art in arts:
        used |= {h["code_id"] for h in art.highlights}
        yield f"<article><h2>{e(art.row['title'] or '(untitled)')}</h2>\n"
        if meta := _meta(art):
            yield f"<p class='meta'>{' · '.join(e(m) for m in meta)}</p>\n"
        if art.note:
            yield f"<p><strong>Note on the article</strong></p>{_html_note(art.note)}"
        for code, color, items in _groups(data, art):
            swatch = f"<span class='swatch' style='background:{e(color)}'></span>"
            yield f"<h3>{swatch}{e(code)} ({len(items)})</h3>\n"
            for h in items:
                yield f"<blockquote>{e(h['exact'])}</blockquote>\n"
                if h["note"]:
                    yield _html_note(h["note"])
        yield "</article>\n"
    if book := _codebook(data, used):
        yield "<section><h2>Codebook</h2><dl>\n"
        for code, fields in book:
            yield f"<dt><strong>{e(code)}</strong></dt>\n"
            yield "".join(
                f"<dd class='memo'><em>{label}:</em> {e(t)}</dd>\n" for label, t in fields
            )
        yield "</dl></section>\n"
    yield "</body></html>\n"


def write_report(data: ProjectData, output: Path, *, title: str, fmt: str) -> int:
    """Write a Markdown (``md``) or HTML (``html``) report; returns the number of claims."""
    claims = 0

    def counted() -> Iterator[ArticleData]:
        nonlocal claims
        for art in _included(data):
            claims += len(art.highlights)
            yield art

    write = markdown if fmt == "md" else html_report
    with output.open("w", encoding="utf-8") as f:
        f.writelines(write(data, title, counted()))
    return claims
