"""HTML article pages, through trafilatura: nothing is fetched and no script runs."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from db.ingest.article import ParsedArticle
from db.ingest.decode import canonical
from db.ingest.html_meta import PageMeta, clean_byline, iso_day, page_meta
from db.ingest.parse_text import parse_text

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


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


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")  # lxml refuses one in a decoded page


def _page_text(page: str) -> str:
    """All the text of the page, for when no article could be told apart in it."""
    page = _XML_DECLARATION.sub("", page, count=1)
    for parse in (lxml_html.fromstring, lxml_html.document_fromstring):
        try:
            return str(parse(page).text_content())
        except (etree.ParserError, ValueError):  # empty, or its first node is a comment
            continue
    return ""


def _head_title(tree: lxml_html.HtmlElement | None) -> str:
    found = tree.xpath("normalize-space(//head/title)") if tree is not None else ""
    return found if isinstance(found, str) else ""


def parse_html(page: str, *, filename: str | None = None) -> ParsedArticle:
    """Extract the article from an HTML page; its text is parsed like a text file. Never raises.

    The page's own metadata (see :mod:`db.ingest.html_meta`) comes first; what trafilatura
    finds fills the gaps.
    """
    import trafilatura

    tree = _page_tree(page)
    stated = page_meta(tree) if tree is not None else PageMeta()
    doc = (
        trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
        )
        if tree is not None
        else None
    )
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    body = meta.get("text") or ""
    warnings = []
    if not body.strip():
        body = _page_text(page) if page.strip() else ""
        warnings.append("the article could not be told apart from the page; kept the page's text")
    found = (meta.get("title") or "").strip()  # trafilatura's: the <h1>, else the <title>
    title = stated.title or (found if found != _head_title(tree) else "") or stated.page_title or ""
    head = title and not body.lstrip().startswith(title)
    text, more = canonical(f"{title}\n\n{body}" if head else body)
    art = parse_text(text, filename=filename)
    if title:
        art.title = title
    author = meta.get("author")
    art.byline = stated.byline or (clean_byline(author) if author else None) or art.byline
    date = meta.get("date")  # trafilatura's date search is right more often than tags
    art.published = (iso_day(date) if date else None) or stated.published or art.published
    art.outlet = stated.outlet or meta.get("sitename") or meta.get("hostname")
    section = next(iter(meta.get("categories") or []), None) or stated.section
    if section:
        art.section = [section]
    art.url = stated.url or meta.get("url")
    art.language = meta.get("language")
    art.warnings[:0] = warnings + more
    return art
