"""HTML article pages, through trafilatura: nothing is fetched and no script runs."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from db.ingest.article import ParsedArticle
from db.ingest.decode import canonical
from db.ingest.parse_text import parse_date, parse_text

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def looks_like_html(text: str, suffix: str = "") -> bool:
    return suffix.lower() in {".html", ".htm", ".xhtml"} or bool(_HTML_START.match(text[:2000]))


def parse_html(page: str, *, filename: str | None = None) -> ParsedArticle:
    """Extract the article from an HTML page; its text is parsed like a text file."""
    import trafilatura  # slow to load, and only HTML needs it

    doc = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    body = meta.get("text") or ""
    warnings = []
    if not body.strip():
        body = lxml_html.fromstring(page).text_content() if page.strip() else ""
        warnings.append("the article could not be told apart from the page; kept the page's text")
    title = (meta.get("title") or "").strip()
    head = title and not body.lstrip().startswith(title)
    text, more = canonical(f"{title}\n\n{body}" if head else body)
    art = parse_text(text, filename=filename)
    if title:
        art.title = title
    art.byline = meta.get("author") or art.byline
    date = meta.get("date")
    art.published = parse_date(date) if date else art.published
    art.outlet = meta.get("sitename") or meta.get("hostname")
    art.url = meta.get("url")
    art.language = meta.get("language")
    art.warnings[:0] = warnings + more
    return art
