"""What HTML pages say about themselves, read into the article's title, date, byline and more.

The pages in tests/fixtures/html-meta are written for these tests in the shapes the reference
corpora hold (see its README), each beside what it states, written down by hand. The tests
marked ``full_corpora`` check the same fields against the reference metadata of the readability
and trafilatura page sets in ../shared (opt-in: see tests/conftest.py).
"""

from __future__ import annotations

import json
import re
import tarfile
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from bench.render import render
from db.ingest.decode import DecodeError
from db.ingest.html_meta import PageMeta, iso_day, page_meta
from db.ingest.parse_html import NO_ARTICLE
from db.ingest.pipeline import read_article
from tests.conftest import FIXTURES, FULL_CORPORA_ENV, SHARED

PAGES = FIXTURES / "html-meta"
FIELDS = ("title", "published", "byline", "outlet", "section", "url")


def expected(page: Path) -> dict[str, Any]:
    stated: dict[str, Any] = json.loads(page.with_suffix(".expect.json").read_text("utf-8"))
    return stated


def stated(page: Path) -> PageMeta:
    return page_meta(lxml_html.fromstring(page.read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.html")), ids=lambda p: p.stem)
def test_each_page_gives_what_it_states(page: Path) -> None:
    got = asdict(stated(page))
    got["title"] = got["title"] or got["page_title"]  # the window's title, where nothing else
    del got["page_title"]
    assert got == expected(page)


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.html")), ids=lambda p: p.stem)
def test_an_imported_page_keeps_its_metadata(page: Path) -> None:
    art, want = read_article(page), expected(page)
    assert art.title == want["title"]
    assert (art.byline, art.outlet, art.url) == (want["byline"], want["outlet"], want["url"])
    assert art.published == want["published"]
    if want["section"]:
        assert art.section == [want["section"]]


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2021-06-14T08:30:00+04:30", "2021-06-14"),
        ("2023-02-03", "2023-02-03"),
        ("Published 14 March 2022, 09:10", "2022-03-14"),
        ("2021-13-40", None),
        ("soon", None),
    ],
)
def test_a_stated_date_is_its_calendar_day(value: str, day: str | None) -> None:
    assert iso_day(value) == day


def page_with_title(title: str, site: str = "") -> PageMeta:
    head = f"<title>{title}</title>" + (
        f'<meta property="og:site_name" content="{site}">' if site else ""
    )
    return page_meta(lxml_html.fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>"))


@pytest.mark.parametrize(
    ("title", "site", "headline"),
    [
        (
            "Oil prices rise for a third week | ZEIT ONLINE",
            "ZEIT ONLINE",
            "Oil prices rise for a third week",
        ),
        ("Oil prices rise for a third week - Market Wire", "", "Oil prices rise for a third week"),
        ("Market Wire :: Oil prices rise", "Market Wire", "Oil prices rise"),
        ("Iran - Iraq talks begin", "", "Iran - Iraq talks begin"),
        ("Madagascar: where it ends", "", "Madagascar: where it ends"),
    ],
)
def test_the_sites_name_is_no_part_of_the_headline(title: str, site: str, headline: str) -> None:
    meta = page_with_title(title, site)
    assert (meta.title, meta.page_title) == (None, headline)


# ---- The reference page sets (opt-in)


def norm(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).casefold()
    text = re.sub(r"^\s*by\s+", "", text)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def reference_pages(tmp: Path, corpus: str, suffix: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    archive = SHARED / "corpora" / f"{corpus}.tar.xz"
    if not archive.exists():
        pytest.fail(f"{FULL_CORPORA_ENV}=1 but {archive.name} is not in ../shared/corpora")
    with tarfile.open(archive, "r:xz") as tar:
        for member in tar:
            source = tar.extractfile(member) if member.isfile() else None
            if source and member.name.endswith((".html", suffix)):
                (tmp / Path(member.name).name).write_bytes(source.read())
    for ref in sorted(tmp.glob(f"*{suffix}")):
        page = ref.with_name(ref.name.removesuffix(suffix) + ".html")
        if page.exists() and not page.name.endswith(".expected.html"):
            yield page, json.loads(ref.read_text(encoding="utf-8"))


#: Between a page title's headline and the site's name: "Olive Bread | eHow", "LWN.net [LWN.net]".
_SITE_SEP = re.compile(r"\s+[|–—_:»-]\s+|\s+\[|:\s+")


def same_title(got: Any, ref: Any) -> bool:
    """The same title, or the reference is ours with the site's name before or after it (a
    reference taken from the page's <title>; the import takes the site's name off)."""
    parts = _SITE_SEP.split(str(ref or ""))
    ends = {parts[0], parts[-1]} if len(parts) > 1 else set()
    return norm(got) == norm(ref) or any(norm(got) == norm(end) for end in ends if norm(end))


def recovered(pairs: list[tuple[Any, Any]], *, day: bool = False, title: bool = False) -> float:
    if day:
        right = sum(str(got)[:10] == str(ref)[:10] for got, ref in pairs)
    elif title:
        right = sum(same_title(got, ref) for got, ref in pairs)
    else:
        right = sum(norm(got) == norm(ref) for got, ref in pairs)
    return right / len(pairs)


@pytest.mark.full_corpora
@pytest.mark.parametrize(
    ("corpus", "suffix", "keys", "floors"),
    [
        # readability's titles are the pages' <title>: a test page's name ("Base URL test")
        # where its headline says "Lorem", another page's heading where a chapter's is ours.
        ("readability", ".meta.json", {"title": "title", "byline": "byline",
         "published": "publishedTime", "outlet": "siteName"},
         {"title": 0.6, "byline": 0.6, "published": 0.9, "outlet": 0.85}),
        ("trafilatura-eval", ".expect.json", {"title": "title", "byline": "author",
         "published": "date"}, {"title": 0.72, "byline": 0.6, "published": 0.85}),
    ],
)  # fmt: skip
def test_reference_metadata_is_recovered(
    tmp_path: Path, corpus: str, suffix: str, keys: dict[str, str], floors: dict[str, float]
) -> None:
    pairs: dict[str, list[tuple[Any, Any]]] = {field: [] for field in keys}
    empty, pages = [], 0
    for page, ref in reference_pages(tmp_path, corpus, suffix):
        pages += 1
        try:
            art = read_article(page)
        except DecodeError as e:  # a test page with a word or two: said, not imported
            assert str(e) == NO_ARTICLE and len(render(page.read_bytes()).split()) < 10, page.name
            empty.append(page.name)
            continue
        for field, key in keys.items():
            if ref.get(key):
                pairs[field].append((getattr(art, field), ref[key]))
    assert len(empty) <= 0.05 * pages, empty
    rates = {f: recovered(p, day=f == "published", title=f == "title") for f, p in pairs.items()}
    assert all(rates[f] >= floors[f] for f in floors), rates
