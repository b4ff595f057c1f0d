"""HTML pages keep their structure: headline, subheadings, paragraphs and captions in place.

The pages are written here for these tests. The test marked ``full_corpora`` holds the figures
of ``bench.html_structure`` on the reference page sets in ../shared (opt-in: see
tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from db.imports import Importer
from db.ingest.article import ParsedArticle
from db.ingest.decode import DecodeError
from db.ingest.parse_html import NO_ARTICLE, parse_html
from db.ingest.pipeline import read_article
from db.store.models import BlockKind
from db.store.project import open_project
from tests.conftest import FULL_CORPORA_ENV, SHARED
from tests.db.test_parse_corpora import assert_covers

K = BlockKind
LEAK = "LEAKED"
HARBOUR = f"""<!doctype html><html><head><title>Harbour reopens | The Coast Herald</title>
<meta property="og:site_name" content="The Coast Herald">
<script>var x = "{LEAK} head";</script><style>p {{ color: red }} /* {LEAK} */</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
<h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Tuesday after a week of repairs to the sea wall, the port said.</p>
<figure><img src="/img/boats.jpg" alt="boats">
<figcaption>Fishing boats return to the inner basin. <span class="credit">Photo: Ana Lima</span>
</figcaption></figure>
<p>Crews worked through the night to clear debris from the channel before the ferries came.
<script>document.write("{LEAK} inline")</script></p>
<h2>What comes next</h2>
<p>The council will vote next month on money for a higher wall along the northern quay.</p>
<noscript>{LEAK} noscript: please turn on scripts to read the comments below</noscript>
<h3>A longer view</h3>
<p>Engineers have warned for years that the old wall was not built for storms of this size.</p>
<figure><img src="/img/wall.jpg" alt="wall">
<figcaption>The repaired section of the sea wall at low tide (Photo by Tomas Berg)</figcaption>
</figure>
</article></body></html>"""


def kinds(art: ParsedArticle) -> list[tuple[str, str]]:
    return [(str(b.kind), art.block_text(b)) for b in art.blocks]


def test_headings_become_subheadings_between_paragraphs() -> None:
    art = parse_html(HARBOUR, filename="harbour.html")
    assert_covers(art)
    shown = [(k, t) for k, t in kinds(art) if k != "caption"]
    assert [k for k, _ in shown] == [
        "headline", "paragraph", "paragraph", "subheading", "paragraph", "subheading", "paragraph",
    ]  # fmt: skip
    assert shown[0][1] == "Harbour reopens after storm" == art.title
    assert (shown[3][1], shown[5][1]) == ("What comes next", "A longer view")


def test_figure_captions_are_captions_with_their_credit_and_place() -> None:
    art = parse_html(HARBOUR, filename="harbour.html")
    assert [(c.text, c.credit) for c in art.captions] == [
        ("Fishing boats return to the inner basin.", "Ana Lima"),
        ("The repaired section of the sea wall at low tide", "Photo by Tomas Berg"),
    ]
    first, last = art.captions
    blocks = art.blocks
    at = next(i for i, b in enumerate(blocks) if b.start == first.start)
    assert blocks[at].kind == K.CAPTION and blocks[at].end == first.end
    assert art.block_text(blocks[at - 1]).startswith("The harbour reopened")
    assert first.anchor == blocks[at + 1].start  # the paragraph it stood before
    assert art.block_text(blocks[at + 1]).startswith("Crews worked")
    assert blocks[-1].kind == K.CAPTION and last.end == blocks[-1].end
    assert last.anchor == blocks[-2].end  # nothing after it: the paragraph before
    assert art.text[first.start : first.end].endswith("Photo: Ana Lima")


def test_script_style_and_noscript_text_never_appear() -> None:
    art = parse_html(HARBOUR, filename="harbour.html")
    assert LEAK not in art.text and art.text.strip()
    assert not any(LEAK in (c.text + (c.credit or "")) for c in art.captions)


BARE = (
    "<html><body><div><span>{lead}</span><script>var s = '" + LEAK + " script';</script>"
    "<style>.a {{ }} /* " + LEAK + " */</style><noscript>" + LEAK + " noscript</noscript>"
    "</div></body></html>"
)


def test_the_fallback_for_pages_trafilatura_reads_nothing_in_keeps_no_script(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    lead = "Ferry crews walked out on Friday over a change to their shifts."
    art = parse_html(BARE.format(lead=lead))
    assert kinds(art) == [("paragraph", lead)]
    assert LEAK not in art.text and art.warnings[-1].startswith("the article could not be told")


STORM = (
    "<html><head><title>Storm warning<script>var t = 1; window.x = '" + LEAK + "';</script>"
    "{close}</head><body><p>Gales are due along the coast from Thursday night into the "
    "weekend, the weather office said.</p></body></html>"
)


def test_a_title_broken_by_script_text_is_no_headline_and_no_paragraph() -> None:
    art = parse_html(STORM.format(close="</title>"), filename="0001.html")
    assert LEAK not in art.text and LEAK not in (art.title or "")
    assert [k for k, _ in kinds(art)] == ["paragraph"]
    unclosed = parse_html(STORM.format(close=""), filename="0001.html")  # the page in its title
    assert (unclosed.text, unclosed.warnings) == ("", [NO_ARTICLE])


NOTHING = (
    "<!doctype html><html><head><title>Menu</title><script>var a = '" + LEAK + "'; "
    "function go() { return a; }</script></head><body><nav><ul><li><a href='/'>Home</a></li>"
    "<li><a href='/about'>About</a></li></ul></nav><script>go();</script></body></html>"
)


def test_a_page_with_no_article_is_refused_and_the_import_says_why(tmp_path: Path) -> None:
    art = parse_html(NOTHING, filename="menu.html")
    assert (art.text, art.blocks, art.warnings) == ("", [], [NO_ARTICLE])
    page = tmp_path / "pages" / "menu.html"
    page.parent.mkdir()
    page.write_text(NOTHING, encoding="utf-8")
    (page.parent / "harbour.html").write_text(HARBOUR, encoding="utf-8")
    with pytest.raises(DecodeError, match=NO_ARTICLE):
        read_article(page)
    with open_project(tmp_path / "p.claimdesk") as project:
        job = Importer(project, [page.parent], workers=1)
        list(job.run())
    assert job.report.imported == 1
    assert [(Path(name).name, why) for name, why in job.report.failed] == [
        ("menu.html", NO_ARTICLE)
    ]


TIDES = """<!doctype html><html><head><title>Tide tables change for winter</title>
<link rel="canonical" href="https://news.lowtown.example/2024/tides"></head>
<body><article><h1>Tide tables change for winter</h1>
<div class="meta">By <a rel="author" href="/staff/mira-olsen">Mira Olsen</a> ·
<time>March 3, 2024</time></div>
<p>The harbour office published new tide tables on Monday, moving the evening ferry by an hour.</p>
<p>Skippers said the change would help small boats that wait for the high water at the bar.</p>
</article></body></html>"""


def test_byline_date_and_site_come_from_trafilatura_where_the_page_states_none() -> None:
    art = parse_html(TIDES, filename="tides.html")
    assert (art.byline, art.published, art.outlet) == (
        "Mira Olsen",
        "2024-03-03",
        "news.lowtown.example",
    )
    assert kinds(art)[0] == ("headline", "Tide tables change for winter")


def test_htmldate_gives_the_date_where_neither_the_page_nor_trafilatura_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    real = trafilatura.bare_extraction

    def dateless(*args: Any, **kwargs: Any) -> Any:
        doc = real(*args, **kwargs)
        assert doc is not None and not isinstance(doc, dict)
        doc.date = None
        return doc

    monkeypatch.setattr(trafilatura, "bare_extraction", dateless)
    assert parse_html(TIDES, filename="tides.html").published == "2024-03-03"


# ---- The reference page sets (opt-in)


@pytest.mark.full_corpora
def test_reference_sets_keep_their_figures() -> None:
    from bench.html_structure import figures, run

    corpora = SHARED / "corpora"
    if not (corpora / "scrapinghub-aeb.tar.xz").exists():
        pytest.fail(f"{FULL_CORPORA_ENV}=1 but the reference page sets are not in ../shared")
    got = figures(*run(corpora, None))
    assert got["scrapinghub body token F1 (mean)"] >= 0.96, got
    assert got["trafilatura-eval must-contain found"] >= 0.94, got
    assert got["trafilatura-eval must-not-contain kept out"] >= 0.89, got
    assert got["readability pages with subheadings count right"] >= 0.5, got
    assert got["readability captions found"] >= 50, got


def test_a_short_article_in_a_script_without_spaces_is_not_refused() -> None:
    page = (
        "<html><head><title>港の再開</title></head><body><article><p>"
        "嵐のあと、港は火曜日に再開した。</p></article></body></html>"
    )  # one sentence, no spaces: 15 letters make it an article, not a menu
    art = parse_html(page, filename="port.html")
    assert NO_ARTICLE not in art.warnings
    assert "港は火曜日に再開した" in art.text


def test_braces_in_a_headline_are_not_taken_for_script_text() -> None:
    page = (
        "<html><head><title>{orga your life}: tidy the cellar</title></head><body><p>"
        "Three boxes, one shelf and a label maker are all it takes, the organiser says.</p>"
        "</body></html>"
    )
    assert parse_html(page, filename="0002.html").title == "{orga your life}: tidy the cellar"


def test_a_bare_date_and_a_comment_count_in_the_body_are_not_paragraphs() -> None:
    page = (
        "<html><head><title>Ferry fares rise</title></head><body><article><h1>Ferry fares rise"
        "</h1><p>24 July 2015</p><p>941 comments</p><p>Fares on the island ferries go up by a "
        "tenth from Monday, the operator said, after a year of rising fuel costs.</p><p>Season "
        "tickets keep their price until the end of the summer, it added in a statement.</p>"
        "</article></body></html>"
    )
    got = dict((t, k) for k, t in kinds(parse_html(page, filename="ferry.html")))
    assert (got["24 July 2015"], got["941 comments"]) == ("dateline", "boilerplate")
    assert (
        got["Season tickets keep their price until the end of the summer, it added in a statement."]
        == "paragraph"
    )


def _page(author: str, body: str, site: str = "The Coast Herald") -> str:
    return (
        f'<html><head><title>Ferry fares rise | {site}</title><meta property="og:site_name" '
        f'content="{site}"><meta name="author" content="{author}"></head><body><article>'
        f"<h1>Ferry fares rise</h1>{body}<p>Fares on the island ferries go up by a tenth from "
        "Monday, the operator said, after a year of rising fuel costs.</p><p>Season tickets "
        "keep their price until the end of the summer, it added in a statement.</p>"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    ("author", "body", "byline"),
    [
        # The site's name is the outlet: a writer named in the body or beside it comes first.
        ("The Coast Herald", "<p>Von Ina Berg</p>", "Ina Berg"),
        ("Ina Berg, The Coast Herald", "", "Ina Berg"),
        ("Posted by Ina Berg on 3 March 2024", "", "Ina Berg"),
        # When the page names no one else, its own name stays.
        ("The Coast Herald", "", "The Coast Herald"),
        # A form's label names no one.
        ("Name", "<p>By Ina Berg</p>", "Ina Berg"),
    ],
)
def test_the_byline_names_a_writer_before_the_site(author: str, body: str, byline: str) -> None:
    art = parse_html(_page(author, body), filename="ferry.html")
    assert art.byline == byline
    if body:
        assert (str(art.blocks[1].kind), art.block_text(art.blocks[1])) == ("byline", body[3:-4])


def test_a_by_line_deep_in_the_body_is_no_byline() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} says what the operator said about fares.</p>" for n in range(8)
    )
    art = parse_html(
        _page("The Coast Herald", paragraphs + "<p>By Ina Berg</p>"), filename="f.html"
    )
    assert art.byline == "The Coast Herald"
    assert "byline" not in {str(b.kind) for b in art.blocks}
