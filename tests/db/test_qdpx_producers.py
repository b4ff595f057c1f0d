"""Archives other producers wrote (or that follow their structure) import onto the right text.

The expected quotes are what each producer showed as coded, as recorded in the README beside
each file (``tests/fixtures/refi-qda/producers``); they are compared after NFC, which is what
Claimdesk's canonical text does to a source.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from db.annotate import memos, notes
from db.articles.detail import get
from db.formats.exchange import import_exchange
from db.formats.qdpx_read import load_qdpx
from db.store.project import open_project

PRODUCERS = Path(__file__).resolve().parent.parent / "fixtures" / "refi-qda" / "producers"

NVIVO = [
    "the bridge will cost €12 million",
    "“far too low”",
    "Café owners near the river",
    "mayor said the bridge will cost €12 million.\nCritics",
]
QUALCODER = {
    "emoji.txt": ["taxes will fall", "disagrees", "“No chance.”\nA third"],
    "accents.txt": ["de\u0301clare\u0301", "the cafe\u0301 reopened"],
    "windows.txt": ["prices doubled", "Last paragraph"],
}
ANNOTATIONS = {
    "emoji.txt": {"Minister": "Who is the minister?", "opposition": "Which party?"},
    "accents.txt": {},
    "windows.txt": {"Second line": "Annotation on the CRLF source"},
}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@pytest.mark.parametrize(
    "path",
    [
        PRODUCERS / "nvivo-windows" / "nvivo-windows-structure.qdpx",
        PRODUCERS / "nvivo-mac" / "nvivo-mac-structure.qdpx",
    ],
    ids=["windows", "mac"],
)
def test_nvivo_codings_cut_what_nvivo_showed(path: Path) -> None:
    inc = load_qdpx(path)
    (art,) = inc.articles
    assert [art.article.text[h.start : h.end] for h in art.highlights] == NVIVO
    assert any("UTF-16" in w for w in inc.warnings)


@pytest.mark.parametrize("name", ["qualcoder-lf.qdpx", "qualcoder-maxqda-crlf.qdpx"])
def test_qualcoder_codings_and_annotations_land_on_their_text(name: str) -> None:
    inc = load_qdpx(PRODUCERS / "qualcoder" / name)
    by_title = {a.article.title: a for a in inc.articles}
    for title, expected in QUALCODER.items():
        art = by_title[title]
        text = art.article.text
        coded = [text[h.start : h.end] for h in art.highlights if h.code]
        assert coded == [nfc(q) for q in expected]
        positioned = {
            text[h.start : h.end]: h.note.body for h in art.highlights if not h.code and h.note
        }
        assert positioned == ANNOTATIONS[title]
    # A form feed ends a line: the two pages are not run together.
    assert "finie.\nPage two" in by_title["accents.txt"].article.text


def test_qualcoder_memos_sources_variables_and_journal_arrive(tmp_path: Path) -> None:
    with open_project(tmp_path / "qc.claimdesk") as p:
        import_exchange(p, PRODUCERS / "qualcoder" / "qualcoder-lf.qdpx")
        with p.session() as s:
            ids = list(s.connection().exec_driver_sql("SELECT id, title FROM article"))
            by_title = {title: aid for aid, title in ids}
            emoji = get(s, by_title["emoji.txt"])
            assert emoji is not None and emoji.outlet == "Paper 1"
            memo_of = {h.exact: h.note for h in emoji.highlights}
            assert memo_of["taxes will fall"] == "after one emoji"
            assert notes.body(s, article_id=by_title["emoji.txt"]) == "Source memo for emoji.txt"
            kept = {m.title: m.body for m in memos.all_memos(s)}
    assert kept["Project memo"] == "Project memo: claims about tax & reform."
    assert kept["Week 1"].strip()  # the journal, read from its own file in the archive
