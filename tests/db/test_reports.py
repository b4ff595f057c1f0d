"""Reports of hostile text: rendered, they fetch nothing and link nowhere, and read as the text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from db.annotate import codes, highlights, notes
from db.formats.export import export
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project

TRAPS = [
    '<img src="http://tracker.example/a.png">',
    "<script>alert(1)</script>",
    '<iframe src="http://tracker.example/frame"></iframe>',
    "![pixel](http://tracker.example/b.png)",
    "<http://tracker.example/autolink>",
    "[click](http://tracker.example/link)",
    "&lt;img src=x&gt; &#60;b&#62; &amp;",
    "[ref]\n\n[ref]: http://tracker.example/ref",
    "<a href='javascript:alert(2)'>x</a>",
    "back\\slash \\<b\\> and \\[not\\]",
]
READABLE = "It's 5% (roughly) — a claim, right? Yes: #1 * 2 = 2; a_b."
TITLE = "Minister <b>denies</b> [report](http://tracker.example/t)"
OUTLET = "<img src=http://tracker.example/o> [Times](http://tracker.example/o)"
BODY = "\n".join(t.replace("\n\n", " ") for t in TRAPS) + "\n" + READABLE


@pytest.fixture
def hostile(project: Project) -> Project:
    """One article whose title, text, highlight and notes all carry markup and links."""
    with project.session() as s:
        (aid,) = store_articles(s, [(parse_text(f"{TITLE}\n\n{BODY}\n"), None)])
        s.connection().exec_driver_sql("UPDATE article SET outlet = ?", (OUTLET,))
        text = s.connection().exec_driver_sql("SELECT text FROM article").scalar_one()
        start = text.index(TRAPS[0])
        code = codes.add(s, "Claim <img src=x>", color="#AA3300")
        h = highlights.add(s, article_id=aid, start=start, end=text.index(READABLE), code_id=code)
        notes.save(s, "\n\n".join(TRAPS) + "\n\n" + READABLE, highlight_id=h)
        notes.save(s, "\n\n".join(TRAPS), article_id=aid, fmt="text/markdown")
    return project


def rendered(md: str) -> str:
    html: str = MarkdownIt("commonmark", {"html": True}).render(md)
    return html


class Elements(HTMLParser):
    """The tags of a page, each with its attributes."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def assert_inert(page: str) -> None:
    """No element that fetches, runs or links; no attribute that points anywhere."""
    found = Elements(page).found
    assert found and not {t for t, _ in found} & {"img", "script", "iframe", "a", "b", "link"}
    assert not [a for _, attrs in found for a in attrs if a in ("src", "href", "srcset")]


def shown_text(page: str) -> str:
    """What a reader sees of rendered HTML: its text, tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", page))


def test_markdown_report_renders_inert(hostile: Project, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    export(hostile, "md", out)
    page = rendered(out.read_text(encoding="utf-8"))
    assert_inert(page)
    seen = " ".join(shown_text(page).split())
    for trap in [TITLE, OUTLET, READABLE, "Claim <img src=x>", *TRAPS]:
        assert " ".join(trap.split()) in seen  # each string renders as itself


def test_markdown_report_keeps_ordinary_punctuation_as_typed(
    hostile: Project, tmp_path: Path
) -> None:
    out = tmp_path / "report.md"
    export(hostile, "md", out)
    assert READABLE in out.read_text(encoding="utf-8")


def test_html_report_colours_are_checked_where_they_go_out(
    hostile: Project, tmp_path: Path
) -> None:
    with hostile.session() as s:
        evil = codes.add(s, "Evil", color="#123456")
        s.connection().exec_driver_sql(
            "UPDATE code SET color = 'red;background-image:url(http://tracker.example/c)'"
            " WHERE id = ?",
            (evil,),
        )
        text = s.connection().exec_driver_sql("SELECT text FROM article").scalar_one()
        highlights.add(s, article_id=1, start=0, end=text.index(" "), code_id=evil)
    out = tmp_path / "report.html"
    export(hostile, "html", out)
    page = out.read_text(encoding="utf-8")
    styles = [a["style"] or "" for _, a in Elements(page).found if "style" in a]
    assert sorted(styles) == ["background:#AA3300", "background:#BBBBBB"]  # the bad one fell back
    assert "tracker.example/c" not in page
    assert_inert(page)
