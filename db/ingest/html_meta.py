"""What a page says about itself: its headline, date, author, site, section and address.

Pages state these in ``<meta>`` tags (Open Graph ``og:*``, ``article:*``, Dublin Core,
``name="author"``), in JSON-LD (a schema.org ``NewsArticle`` and its kin), in ``itemprop``
microdata and in ``<time datetime>``. Each field is taken from the first source that has it,
structured sources before the page's visible text; nothing is fetched.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from db.ingest.bylines import byline_name
from db.ingest.parse_text import parse_date

ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting",
    "SocialMediaPosting", "ScholarlyArticle", "TechArticle", "Report",
})  # fmt: skip
_JSON_LD_MAX = 500_000  # characters of one script read: a page's data blob is not metadata
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SEPARATORS = re.compile(r"\s+(?:[|–—·•»«:]|-|::)\s+")
_HANDLE = re.compile(r"(?<!\w)@\w+")


@dataclass(frozen=True)
class PageMeta:
    title: str | None = None  # stated as the headline (JSON-LD, Dublin Core, Open Graph)
    page_title: str | None = None  # the window's title, the site's name taken off
    published: str | None = None  # YYYY-MM-DD
    byline: str | None = None
    outlet: str | None = None
    section: str | None = None
    url: str | None = None


def page_meta(tree: lxml_html.HtmlElement) -> PageMeta:
    """The metadata ``tree`` (a parsed page) states; None where it states nothing usable."""
    meta = _meta_tags(tree)
    ld = _json_ld_article(tree)
    outlet = _first(_name(ld.get("publisher")), meta.get("og:site_name"),
                    meta.get("dc.publisher"), meta.get("publisher"))  # fmt: skip
    url = _web_address(
        _xpath_attr(tree, "//link[@rel='canonical']/@href"),
        meta.get("og:url"),
        _text(ld.get("url")),
        _id_of(ld.get("mainEntityOfPage")),
    )
    site = [_squash(s) for s in (outlet, _host(url)) if s]
    title = _first(
        _text(ld.get("headline")),
        meta.get("dc.title"),
        meta.get("dcterms.title"),
        meta.get("og:title"),
        meta.get("twitter:title"),
    )
    page_title = _first(meta.get("title"), _text(_xpath_text(tree, "//head/title")))
    return PageMeta(
        title=_without_site(title, site) if title else None,
        page_title=_without_site(page_title, site) if page_title else None,
        published=_date(tree, meta, ld),
        byline=_byline(tree, meta, ld),
        outlet=outlet,
        section=_first(
            _text(ld.get("articleSection")),
            meta.get("article:section"),
            meta.get("section"),
            meta.get("parsely-section"),
        ),
        url=url,
    )


# ---- Sources


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """``<meta>`` contents by lower-case property, name or itemprop; the first of each wins."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = " ".join(_unescaped(el.get("content") or "").split())
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            for key in (el.get(attr) or "").lower().split():  # "og:title twitter:title"
                out.setdefault(key, content)
    return out


def _unescaped(value: str) -> str:
    """``value`` with entities a page escaped twice ("&amp;#8216;") read."""
    return html.unescape(value) if "&" in value else value


def _json_ld_article(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """The first schema.org article described in the page's JSON-LD, or {}."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if len(raw) > _JSON_LD_MAX:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        for item in _items(data):
            types = item.get("@type")
            names = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t in ARTICLE_TYPES for t in names):
                return item
    return {}


def _items(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD document: lists and ``@graph`` opened, a few levels deep."""
    if depth > 4:
        return
    if isinstance(data, list):
        for x in data:
            yield from _items(x, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _items(data["@graph"], depth + 1)


def _xpath_text(tree: lxml_html.HtmlElement, path: str) -> str | None:
    found = tree.xpath(path)
    if not found or not hasattr(found[0], "text_content"):
        return None
    return str(found[0].text_content())


def _xpath_attr(tree: lxml_html.HtmlElement, path: str) -> str | None:
    found = tree.xpath(path)
    return str(found[0]) if found else None


# ---- Fields


def _date(tree: lxml_html.HtmlElement, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    times = tree.xpath("//time[@datetime]")
    published = [t for t in times if t.get("pubdate") is not None or t.get("itemprop")]
    candidates = (
        _text(ld.get("datePublished")),
        meta.get("article:published_time"),
        meta.get("og:article:published_time"),
        meta.get("datepublished"),
        meta.get("dc.date.issued"),
        meta.get("dcterms.created"),
        meta.get("dc.date"),
        meta.get("dcterms.date"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("parsely-pub-date"),
        meta.get("sailthru.date"),
        meta.get("date"),
        *(t.get("datetime") for t in published + times[:1]),
        _text(ld.get("dateCreated")),
    )
    for value in candidates:
        if value and (day := iso_day(value)):
            return day
    return None


def iso_day(value: str) -> str | None:
    """The calendar day a date or timestamp states, as ``YYYY-MM-DD`` (as written, no zone)."""
    if m := _ISO.search(value):
        year, month, day = (int(x) for x in m.groups())
        return m[0] if 1 <= month <= 12 and 1 <= day <= 31 and year >= 1800 else None
    return parse_date(value)


def _byline(tree: lxml_html.HtmlElement, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    names = _people(ld.get("author"))
    if not names:
        for key in ("author", "article:author", "dc.creator", "byl", "sailthru.author",
                    "parsely-author"):  # fmt: skip
            value = meta.get(key)
            if value and not _is_address(value):
                names = [value]
                break
    if not names:
        names = [n for el in tree.xpath("//*[@itemprop='author']") if (n := _person(el))][:3]
    kept = [n for name in names if (n := clean_byline(name))]
    return ", ".join(dict.fromkeys(kept))[:200] or None


def clean_byline(name: str) -> str | None:
    """A byline without its "By", label, date and social-media handles; None if it names no one."""
    return byline_name(_HANDLE.sub("", name))


def _person(el: lxml_html.HtmlElement) -> str | None:
    """The name an ``itemprop="author"`` element gives: its ``name`` part, or its short text."""
    named = el.xpath(".//*[@itemprop='name']")
    value = named[0].get("content") or named[0].text_content() if named else el.text_content()
    value = " ".join(str(value).split())
    return value if 0 < len(value) <= 80 else None


def _people(value: Any) -> list[str]:
    """Authors as JSON-LD gives them: a name, a Person, or a list of either."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items[:10]:
        name = _name(item) if isinstance(item, dict) else _text(item)
        if name and not _is_address(name):
            out.append(name)
    return out


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return _text(value.get("name")) if isinstance(value, dict) else None


def _id_of(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("@id") or value.get("url"))
    return _text(value)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    return " ".join(_unescaped(value).split()) or None


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def _is_address(value: str) -> bool:
    return value.startswith(("http://", "https://", "//", "www."))


def _web_address(*values: str | None) -> str | None:
    return next((v for v in values if v and v.startswith(("http://", "https://"))), None)


def _without_site(title: str, site: list[str]) -> str:
    """The headline without the site's name that pages put after (or before) it.

    "Bohren, bis es heiß wird | ZEIT ONLINE" loses its last part when that part names the
    outlet, or is a few words after a longer headline; a first part is dropped only when it
    names the outlet.
    """
    seps = list(_SEPARATORS.finditer(title))
    if not seps:
        return title
    head, last = title[: seps[-1].start()], title[seps[-1].end() :]
    if _is_site(last, site) or len(last.split()) <= 3 < len(head.split()):
        return head.strip()
    first = title[: seps[0].start()]
    return title[seps[0].end() :].strip() if _is_site(first, site) else title


def _is_site(part: str, site: list[str]) -> bool:
    """Whether ``part`` of a title is the site's name (``site``: squashed names)."""
    a = _squash(part)
    return any(a == b or (min(len(a), len(b)) >= 5 and (a in b or b in a)) for b in site if a)


def _host(url: str | None) -> str | None:
    """The site's name in an address: ``en.wikipedia.org`` gives ``wikipedia``."""
    if not url:
        return None
    labels = urlsplit(url).hostname or ""
    parts = [p for p in labels.split(".") if p not in ("www", "m", "en", "de", "amp")]
    return max(parts[:-1] or parts, key=len, default=None)


def _squash(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.casefold().removeprefix("www."))
