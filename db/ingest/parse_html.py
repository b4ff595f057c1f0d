"""HTML article pages, through trafilatura: nothing is fetched and no script runs.

The blocks come from the structure trafilatura keeps (see :mod:`db.ingest.html_blocks`): the
headline first, then subheadings, paragraphs and photo captions in the page's order. A page in
which no article text can be found is not imported: its article has no text and says why.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from db.ingest.article import BlockSpan, CaptionDraft, ParsedArticle
from db.ingest.bylines import byline_name
from db.ingest.decode import canonical
from db.ingest.html_blocks import (
    Piece,
    article_like,
    body_pieces,
    credit_start,
    fallback_pieces,
    source_captions,
    squash,
)
from db.ingest.html_meta import PageMeta, clean_byline, iso_day, page_meta
from db.ingest.patterns import BYLINE, COMMENTS_HEADER, DATELINE, boilerplate_line
from db.ingest.slugs import title_from_filename
from db.store.models import BODY_KINDS, BlockKind

#: The warning of a page in which no article text was found; the importer refuses such a page.
NO_ARTICLE = "no article text found in this page"
FALLBACK = "the article could not be told apart from the page; kept the text of its paragraphs"

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_MARKUP = re.compile(  # a broken <title> runs on into the page's markup or scripts
    r"<\s*/?\s*[A-Za-z!]|\bfunction\s*\(|\{\s*[\w$\"']+\s*[:=(]|;\s*\}|\bvar\s+\w+\s*="
    r"|\b(?:document|window)\.\w"
)
_MAX_TITLE = 300


def looks_like_html(text: str, suffix: str = "") -> bool:
    return suffix.lower() in {".html", ".htm", ".xhtml"} or bool(_HTML_START.match(text[:2000]))


def _page_tree(page: str) -> lxml_html.HtmlElement | None:
    """The page as trafilatura would read it, always under an ``html`` element.

    A page that starts with a fragment (an ``svg``, a comment) parses to a tree rooted there,
    and trafilatura's date search then fails to remove that root.
    """
    from trafilatura import load_html  # slow to load, and only HTML needs it

    tree = load_html(page)
    if tree is None or tree.tag == "html":
        return tree
    root = lxml_html.Element("html")
    etree.SubElement(root, "body").append(tree)
    return root


def _head_title(tree: lxml_html.HtmlElement) -> str:
    found = tree.xpath("normalize-space(//head/title)")
    return found if isinstance(found, str) else ""


def _plausible_title(title: str | None) -> str | None:
    """``title`` unless it is too long or holds markup or code (a broken ``<title>``)."""
    title = squash(title or "")
    return title if title and len(title) <= _MAX_TITLE and not _MARKUP.search(title) else None


def _page_date(tree: lxml_html.HtmlElement) -> str | None:
    """The publication date htmldate finds in the page, as ``YYYY-MM-DD``."""
    from htmldate import find_date

    try:
        return find_date(deepcopy(tree), extensive_search=True, original_date=True)
    except (ValueError, TypeError, OverflowError):
        return None


def parse_html(page: str, *, filename: str | None = None) -> ParsedArticle:
    """Extract the article from an HTML page. Never raises.

    The page's own metadata (see :mod:`db.ingest.html_meta`) comes first for the headline,
    byline and site; what trafilatura finds fills the gaps, and htmldate where neither gives a
    date.
    """
    import trafilatura

    tree = _page_tree(page) if page.strip() else None
    if tree is None:
        return ParsedArticle(text="", warnings=[NO_ARTICLE])
    stated = page_meta(tree)
    captions = source_captions(tree)
    doc = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    meta: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict() if doc else {}
    body = getattr(doc, "body", None)
    pieces = body_pieces(body, captions) if body is not None else []
    warnings = []
    if not article_like(pieces):
        pieces = fallback_pieces(tree, captions)
        warnings.append(FALLBACK)
    if not pieces:
        return ParsedArticle(text="", warnings=[NO_ARTICLE])
    found = _plausible_title(meta.get("title"))  # trafilatura's: the <h1>, else the <title>
    title = (
        _plausible_title(stated.title)
        or (found if found and found != _head_title(tree) else None)
        or _plausible_title(stated.page_title)
    )
    art = _assemble(title, pieces)
    art.warnings += warnings
    _fill_meta(art, stated, meta, tree)
    if art.title is None and filename:
        art.title = title_from_filename(filename, art.text)
        if art.title:
            art.warnings.append("no headline in the page; the title was taken from the file name")
    return art


def _fill_meta(
    art: ParsedArticle, stated: PageMeta, meta: dict[str, Any], tree: lxml_html.HtmlElement
) -> None:
    art.outlet = stated.outlet or meta.get("sitename") or meta.get("hostname")
    site = {_squashed(x) for x in (art.outlet, meta.get("sitename"), meta.get("hostname")) if x}
    author = meta.get("author")
    named = [b for b in (stated.byline, clean_byline(author) if author else None) if b]
    if body := _body_byline(art):
        named.append(body)
    # A person or agency before the site's own name, which is the outlet, not its writer.
    people = [p for b in named if (p := _without_site(b, site))]
    art.byline = people[0] if people else next(iter(named), None)
    date = meta.get("date")  # trafilatura's date search is right more often than tags
    art.published = (iso_day(date) if date else None) or stated.published
    if art.published is None and (found := _page_date(tree)):
        art.published = iso_day(found)
    section = next(iter(meta.get("categories") or []), None) or stated.section
    if section:
        art.section = [section]
    art.url = stated.url or meta.get("url")
    art.language = meta.get("language")


def _body_byline(art: ParsedArticle) -> str | None:
    """The name in the article's first byline block, if it has one."""
    block = next((b for b in art.blocks if b.kind == BlockKind.BYLINE), None)
    return byline_name(art.block_text(block)) if block else None


def _without_site(byline: str, site: set[str]) -> str | None:
    """The byline without the parts that name the site ("Rob Picheta, CNN"); None if no other."""
    if _squashed(byline) in site:  # "Mac; I" for "Mac & i"
        return None
    parts = [p for p in re.split(r"\s*[;,]\s*", byline) if p]
    kept = [p for p in parts if _squashed(p) not in site]
    return None if not kept else byline if len(kept) == len(parts) else ", ".join(kept)


def _squashed(name: str) -> str:
    """A name as compared with the site's: letters and digits only, no "www." before."""
    return re.sub(r"[\W_]+", "", name.casefold().removeprefix("www."))


def _same(a: str, b: str) -> bool:
    return squash(a).casefold() == squash(b).casefold()


def _assemble(title: str | None, pieces: list[Piece]) -> ParsedArticle:
    """The article's text and blocks: the headline, then each piece, a blank line apart."""
    if title and pieces and pieces[0].kind != BlockKind.CAPTION and _same(pieces[0].text, title):
        pieces = pieces[1:]  # trafilatura's copy of the headline
    if title:
        pieces = [Piece(BlockKind.HEADLINE, title), *pieces]
    art = ParsedArticle(text="", title=title)
    parts: list[str] = []
    pos = 0
    drafts: list[tuple[int, int, Piece]] = []
    for piece in pieces:
        text, more = canonical(piece.text)
        text = text.strip()
        if not text:
            continue
        art.warnings += [w for w in more if w not in art.warnings]
        lead = len(art.blocks) <= _LEAD_BLOCKS
        kind = _body_kind(text, piece.kind, lead) if piece.kind in BODY_KINDS else piece.kind
        if parts:
            pos += 2
        art.blocks.append(BlockSpan(kind, pos, pos + len(text)))
        if kind == BlockKind.CAPTION:
            drafts.append((pos, pos + len(text), Piece(kind, text, piece.credit)))
        parts.append(text)
        pos += len(text)
    art.text = "\n\n".join(parts)
    art.captions = _captions(art, drafts)
    return art


_LEAD_BLOCKS = 6  # a byline stands among the article's first blocks ("Von Jo Roe")


def _body_kind(text: str, kind: BlockKind, lead: bool) -> BlockKind:
    """A body piece's kind: furniture set aside, a bare date a dateline, a byline a byline.

    A comment count is furniture too; a byline is looked for in the ``lead`` blocks alone.
    """
    if len(text) <= 300 and (boilerplate_line(text) or COMMENTS_HEADER.match(text)):
        return BlockKind.BOILERPLATE
    if len(text) <= 120 and DATELINE.match(text):
        return BlockKind.DATELINE
    return BlockKind.BYLINE if lead and len(text) <= 120 and BYLINE.match(text) else kind


def _captions(art: ParsedArticle, drafts: list[tuple[int, int, Piece]]) -> list[CaptionDraft]:
    """Each caption with its credit split off, anchored at the body block it stood before."""
    body = art.body_blocks()
    out = []
    for start, end, piece in drafts:
        words = piece.text
        if piece.credit:
            words = piece.text[: credit_start(piece.text, piece.credit)]
        words = squash(words).rstrip(" ,;:–—-|/") or squash(piece.text)
        after = next((b.start for b in body if b.start >= end), None)
        before = next((b.end for b in reversed(body) if b.end <= start), 0)
        anchor = after if after is not None else before
        out.append(CaptionDraft(words, piece.credit, start, end, anchor))
    return out
