"""Generated news pages and folders: parsing never raises and an import accounts for every file.

The text is made of what scraped pages hold (breadcrumbs, headlines, datelines, credits, photo
labels, licence lines, URLs, scripts other than Latin, very long and empty lines), in any
encoding, as text or as HTML, with random bytes and empty files among them.
"""

from __future__ import annotations

import codecs
import io
import logging
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from db.cli import main
from db.imports import Importer
from db.ingest.article import ParsedArticle
from db.ingest.decode import DecodeError, canonical
from db.ingest.parse_html import parse_html
from db.ingest.parse_text import parse_text
from db.ingest.pipeline import read_article
from db.store.project import open_project
from tests.db.test_parse_corpora import assert_covers

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs every odd page
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

NEWS_LINES = [
    "News / World / Middle East", "Home › Politics › Iran", "Headline about the minister's claim",
    "By Jane Roe", "By JANE ROE and John Doe | Reuters", "March 3, 2017",
    "3 March 2017 12:30 GMT", "Published: 2017-03-03", "Updated on Monday, March 3rd, 2017 10:00",
    "Photo: Mike Segar/Reuters", "PHOTO: A view of the city", "(AP)", "(AFP)", "(Photo by AFP)",
    "(GERALD HERBERT/AP)", "© 2017 Reuters", "Copyright 2017 The Times. All rights reserved.",
    "https://example.org/news/2017/03/03/story", "www.example.org",
    "Image copyrightGETTY IMAGES", "Image caption Protesters gather", "Read more",
    "Share this article", "Follow us on Twitter", "EF/MG", "END", "-30-", "###", "Comments",
    "The minister said the figure rose.", "“Quote,” he said.", "", " ", "\u00a0",
    "كَتَبَ الوزير", "Привет мир", "国家主席表示", "😀", "ﬁ", "İstanbul", "٣ مارس ٢٠١٧",
    "March ٣١, ٢٠١٧", "99 March 2017", "0 March 0000", "Sept. 9, 2017", "TEHRAN (AP) — The",
    "licensed under a Creative Commons License.", "(", ")", "()", "(Photo)", "Photo:",
]  # fmt: skip
HTML_PIECES = [
    "<!-- c -->", "<?xml version='1.0' encoding='utf-8'?>", "<![CDATA[x]]>", "<!doctype html>",
    "<html>", "</html>", "<head>", "<title>T | Site</title>", "<body>", "</body>", "<p>", "</p>",
    "<h1>Headline here</h1>", "<article>", "&amp;", "&#0;", "&#xD800;", "&nbsp;", "&bogus;",
    "<script>x()</script>", "<meta name='author' content='Jane'>", "<svg><text>x</text></svg>",
    "<meta property='article:published_time' content='2017-03-03'>", "<frameset>", "<math>",
    "<meta name='date' content='99-99-9999'>", "<img src=x alt='Photo: AFP'>", "<table><tr>",
]  # fmt: skip

line = st.one_of(
    st.sampled_from(NEWS_LINES),
    st.text(max_size=40),
    st.tuples(st.sampled_from(NEWS_LINES), st.sampled_from(NEWS_LINES)).map(" ".join),
    st.tuples(st.integers(50, 400), st.sampled_from(NEWS_LINES)).map(lambda t: t[1] * t[0]),
)
news_text = st.lists(line, max_size=25).map("\n".join)
html_page = st.lists(st.one_of(st.sampled_from(HTML_PIECES), line), max_size=30).map("".join)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252",
             "cp1251", "gbk", "shift_jis", "cp1256"]  # fmt: skip
BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF8 * 2, codecs.BOM_UTF16_LE, b"\x00"]
file_bytes = st.one_of(
    st.binary(max_size=2000),
    st.just(b""),
    st.tuples(st.sampled_from(BOMS), st.one_of(news_text, html_page), st.sampled_from(ENCODINGS))
    .map(lambda t: t[0] + t[1].encode(t[2], "replace")),
)  # fmt: skip
SUFFIXES = [".txt", ".html", ".md", ".htm"]


def assert_inside(art: ParsedArticle) -> None:
    assert_covers(art)
    size = len(art.text)
    for c in art.captions:
        assert 0 <= c.start < c.end <= size and 0 <= c.anchor <= size
    assert not art.text.startswith("\ufeff")


@settings(max_examples=300, deadline=None)
@given(news_text, st.sampled_from([None, "_news_100_Chinese-Ship-Sinks.txt", "1234.txt"]))
def test_parse_text_never_raises_on_news_lines(raw: str, filename: str | None) -> None:
    text, _ = canonical(raw)
    assert_inside(parse_text(text, filename=filename))


@settings(max_examples=150, deadline=None)
@given(html_page)
@example("<!-- c -->")  # lxml: "Document is empty"
@example("&nbsp;<!-- c -->")  # the page's first node a comment: no text_content()
@example("<?xml version='1.0' encoding='utf-8'?><p>The minister said so.</p>")
@example("<svg><text>x</text></svg>\n\n<!doctype html>")  # trafilatura's date search asserted
def test_parse_html_never_raises(page: str) -> None:
    text, _ = canonical(page)
    assert_inside(parse_html(text, filename="page.html"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file_bytes, st.sampled_from(SUFFIXES))
def test_read_article_and_claimdesk_parse_never_raise(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "article" + suffix)
        path.write_bytes(data)
        try:
            art = read_article(path)
        except DecodeError as exc:
            assert str(exc)
        else:
            assert art.text.strip()
            assert_inside(art)
        out, err = io.StringIO(), io.StringIO()
        code = main(["parse", str(path), "--json"], out, err)
        assert code in (0, 1)
        assert (code == 0) == bool(out.getvalue()) and err.getvalue().count("\n") == code


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(file_bytes, st.sampled_from(SUFFIXES)), min_size=1, max_size=12))
def test_an_import_accounts_for_every_file_of_a_generated_folder(
    files: list[tuple[bytes, str]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "folder")
        folder.mkdir()
        for n, (data, suffix) in enumerate(files):
            (folder / f"{n:02}{suffix}").write_bytes(data)
        with open_project(Path(tmp, "p.claimdesk")) as p:
            job = Importer(p, [folder], workers=1)
            steps = list(job.run())
            with p.session() as s:
                conn = s.connection()
                texts = list(conn.exec_driver_sql("SELECT text FROM article").scalars())
                outside = conn.exec_driver_sql(
                    "SELECT (SELECT count(*) FROM block b JOIN article a ON a.id = b.article_id"
                    '  WHERE b.start < 0 OR b."end" <= b.start OR b."end" > length(a.text))'
                    " + (SELECT count(*) FROM caption c JOIN article a ON a.id = c.article_id"
                    '  WHERE c.start < 0 OR c."end" <= c.start OR c."end" > length(a.text)'
                    "  OR c.anchor < 0 OR c.anchor > length(a.text))"
                ).scalar()
    rep = job.report
    assert [s.done for s in steps] == list(range(1, len(files) + 1))
    assert rep.imported + rep.duplicates + len(rep.failed) == len(files)
    assert all(reason for _, reason in rep.failed)
    assert len(texts) == rep.imported and outside == 0
    assert all(t.strip() and not t.startswith("\ufeff") for t in texts)
