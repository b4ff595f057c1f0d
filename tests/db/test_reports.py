"""Reports of hostile text: rendered, they fetch nothing, and read as the text.

Only a Markdown note links, and only to http, https or mailto addresses; its headings nest under
the claim it belongs to.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
from markdown_it import MarkdownIt

from db.annotate import codes, highlights, notes
from db.formats.export import export
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project
from tests.db.markdown_reader import LaxMarkdown

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
#: Where the Markdown note's links lead (the image, the autolink, the link, the reference).
NOTE_LINKS = {f"http://tracker.example/{p}" for p in ("b.png", "autolink", "link", "ref")}
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


def assert_inert(page: str, links: set[str] = NOTE_LINKS) -> None:
    """No element that fetches or runs; links only to ``links``; no other attribute pointing."""
    found = Elements(page).found
    assert found and not {t for t, _ in found} & {"img", "script", "iframe", "b", "link"}
    anchors = [attrs for t, attrs in found if t == "a"]
    assert {str(a["href"]) for a in anchors} == links
    pointing = [a for _, attrs in found for a in attrs if a in ("src", "srcset", "href")]
    assert pointing == ["href"] * len(anchors)


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


MARKDOWN, PLAIN_TEXT = "text/markdown", "text/plain"
KEY_POINT = "**Key point** and `code`, [source](https://example.org/s)"
NESTED = "# Key point\n\ntext\n\n## Detail\n\n```\n# not a heading\n```\n\n######## Deep\n\n###### Deepest"
UNCLOSED = "```\n# in code"
PLAIN = "# plain\n\nTitle\n===\n```\n# in a fence\n```"  # the fence's lines read anew
LINK_TRAPS = [
    "[a](javascript:alert(1))",
    "<javascript:alert(2)>",
    "[b](JaVaScRiPt:alert(3))",
    "[c](java&#x09;script:alert(4))",
    "[d](java%0Ascript:alert(5))",
    "![e](javascript:alert(6))",
    "[f](vbscript:msgbox(7))",
    "[g](data:text/html;base64,PHNjcmlwdD4=)",
    "[h](data:image/png;base64,AAAA)",
    "[i]\n\n[i]: javascript:alert(8)",
    "[fine](https://example.org/ok) <mailto:who@example.org>",
]


def one_article(project: Project, title: str, notes_on: dict[str, tuple[str, str]]) -> None:
    """An article ``title`` whose words named in ``notes_on`` are claims with a note each."""
    with project.session() as s:
        text = f"{title}\n\n{' '.join(notes_on)} end.\n"
        (aid,) = store_articles(s, [(parse_text(text), None)])
        body = s.connection().exec_driver_sql("SELECT text FROM article WHERE id = ?", (aid,))
        stored = body.scalar_one()
        code = {c.name: c.id for c in codes.all_codes(s)}.get("Claim") or codes.add(s, "Claim")
        for word, (note, fmt) in notes_on.items():
            at = stored.rindex(word)
            h = highlights.add(s, article_id=aid, start=at, end=at + len(word), code_id=code)
            notes.save(s, note, highlight_id=h, fmt=fmt)


def exported(project: Project, tmp_path: Path, fmt: str) -> str:
    out = tmp_path / f"report.{fmt}"
    export(project, fmt, out)
    return out.read_text(encoding="utf-8")


def md_outline(md: str) -> list[tuple[int, str]]:
    tokens = MarkdownIt("commonmark").parse(md)
    return [
        (int(t.tag[1]), tokens[i + 1].content)
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def html_outline(page: str) -> list[tuple[int, str]]:
    doc = lxml.html.fromstring(page)
    found = doc.xpath("//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]")
    return [(int(e.tag[1]), e.text_content()) for e in found]


def test_markdown_notes_render_and_plain_notes_stay_text(project: Project, tmp_path: Path) -> None:
    one_article(
        project,
        "Minister speaks",
        {"rendered": (KEY_POINT, MARKDOWN), "plain": (KEY_POINT, PLAIN_TEXT)},
    )
    doc = lxml.html.fromstring(exported(project, tmp_path, "html"))
    (md,) = doc.find_class("markdown")
    assert md.xpath(".//strong/text()") == ["Key point"] and md.xpath(".//code/text()") == ["code"]
    (plain,) = [n for n in doc.find_class("note") if n is not md]
    assert plain.text_content() == KEY_POINT and not plain.getchildren()
    links = {"https://example.org/s"}  # the Markdown note's link; the plain note's is text
    assert {a.get("href") for a in doc.iter("a")} == links
    page = LaxMarkdown().render(exported(project, tmp_path, "md"))
    assert_inert(page, links)
    assert "<strong>Key point</strong> and <code>code</code>" in page


def test_links_in_markdown_notes_never_run_script(project: Project, tmp_path: Path) -> None:
    one_article(project, "Minister speaks", {"claim": ("\n\n".join(LINK_TRAPS), MARKDOWN)})
    wanted = {"https://example.org/ok", "mailto:who@example.org"}
    for page in (
        exported(project, tmp_path, "html"),
        LaxMarkdown().render(exported(project, tmp_path, "md")),
    ):
        assert_inert(page, wanted)


def test_a_notes_headings_nest_under_its_claim(project: Project, tmp_path: Path) -> None:
    one_article(
        project, "First article", {"nested": (NESTED, MARKDOWN), "open": (UNCLOSED, MARKDOWN)}
    )
    one_article(project, "Second article", {"plain": (PLAIN, PLAIN_TEXT)})
    own = [(1, project.path.stem), (2, "First article"), (3, "Claim (2)")]
    in_note = [(1, "Key point"), (2, "Detail"), (6, "Deepest")]  # "########" is no heading
    below = [(min(level + 3, 6), text) for level, text in in_note]
    codebook = (2, "Codebook")  # last, with the memo of Claim (the default codebook's)
    want = [*own, *below, (2, "Second article"), (3, "Claim (1)"), codebook]
    md = exported(project, tmp_path, "md")
    assert md_outline(md) == want
    assert "# plain" in LaxMarkdown().render(md)
    assert html_outline(exported(project, tmp_path, "html")) == want
    code = [t.content for t in MarkdownIt("commonmark").parse(md) if t.type == "fence"]
    assert code == ["# not a heading\n", "# in code\n"]  # the unclosed fence ends with its note
