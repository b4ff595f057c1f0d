"""Highlights, notes and the codebook as the window and the command line use them."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import text

from db.annotate import codes, highlights, notes
from db.articles.detail import get
from db.cli import main
from db.index.fts import integrity_statements
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project

MIXED = (
    "Emoji 😀 and Arabic headline\n\n"
    "The crowd 👨‍👩‍👧 chanted كَتَبَ الوزير before the minister said unemployment fell by 40%.\n\n"
    "A second paragraph with 🇮🇷 flags and می‌خواهم text."
)


def add_article(project: Project, body: str = MIXED) -> int:
    with project.session() as s:
        return store_articles(s, [(parse_text(body), None)])[0]


def test_highlight_stores_code_points_quote_and_context(project: Project) -> None:
    aid = add_article(project)
    start = MIXED.index("كَتَبَ")
    end = MIXED.index("40%") + 3
    with project.session() as s:
        claim = codes.all_codes(s)[0]
        hid = highlights.add(s, article_id=aid, start=start, end=end, code_id=claim.id)
    with project.session() as s:
        (h,) = get(s, aid).highlights  # type: ignore[union-attr]
    assert h.id == hid and h.code == "Claim"
    assert h.exact == MIXED[start:end] and h.exact.startswith("كَتَبَ") and h.exact.endswith("40%")
    assert h.prefix == MIXED[start - 32 : start] and "👨‍👩‍👧" in h.prefix
    assert h.suffix == MIXED[end : end + 32]


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 4), (0, 10_000), (5, 6)])
def test_empty_or_outside_spans_are_refused(project: Project, start: int, end: int) -> None:
    aid = add_article(project)
    with project.session() as s, pytest.raises(highlights.HighlightError):
        highlights.add(s, article_id=aid, start=start, end=end)  # (5, 6) is a space


def test_delete_and_restore_give_back_the_same_highlight_and_note(project: Project) -> None:
    aid = add_article(project)
    with project.session() as s:
        hid = highlights.add(s, article_id=aid, start=0, end=5)
        notes.save(s, "check the ministry's figures", highlight_id=hid)
    with project.session() as s:
        before = get(s, aid).highlights  # type: ignore[union-attr]
        snap = highlights.delete(s, hid)
    with project.session() as s:
        assert get(s, aid).highlights == []  # type: ignore[union-attr]
        highlights.restore(s, snap)
    with project.session() as s:
        assert get(s, aid).highlights == before  # type: ignore[union-attr]
        for sql in integrity_statements():
            s.execute(text(sql))


def test_notes_save_replace_and_empty_removes(project: Project) -> None:
    aid = add_article(project)
    with project.session() as s:
        notes.save(s, "first", article_id=aid)
        notes.save(s, "second, in **Markdown**", article_id=aid, fmt="text/markdown")
    with project.session() as s:
        note = notes.get(s, article_id=aid)
        assert note and note.body.startswith("second") and note.format == "text/markdown"
        notes.save(s, "   ", article_id=aid)
    with project.session() as s:
        assert notes.get(s, article_id=aid) is None


def test_new_project_has_the_default_codebook(project: Project) -> None:
    with project.session() as s:
        names = [c.name for c in codes.all_codes(s)]
    assert names == ["Claim", "Statistic", "Quote", "Attribution", "Opinion"]


def test_codes_nest_and_deleting_a_parent_uncodes_then_restore_recodes(project: Project) -> None:
    aid = add_article(project)
    with project.session() as s:
        claim = codes.all_codes(s)[0].id
        child = codes.add(s, "Economic claim", color="#FF0000", parent_id=claim)
        highlights.add(s, article_id=aid, start=0, end=5, code_id=child)
        assert codes.path(codes.all_codes(s), child) == "Claim/Economic claim"
        with pytest.raises(ValueError, match="inside itself"):
            codes.update(s, claim, parent_id=child)
    with project.session() as s:
        snap = codes.delete(s, claim)
    with project.session() as s:
        assert "Claim" not in [c.name for c in codes.all_codes(s)]
        assert get(s, aid).highlights[0].code is None  # type: ignore[union-attr]
        codes.restore(s, snap)
    with project.session() as s:
        assert get(s, aid).highlights[0].code == "Economic claim"  # type: ignore[union-attr]
        assert codes.all_codes(s)[0].name == "Claim"


def test_show_json_has_text_highlights_and_notes(project: Project) -> None:
    aid = add_article(project)
    with project.session() as s:
        hid = highlights.add(s, article_id=aid, start=0, end=5, code_id=codes.all_codes(s)[1].id)
        notes.save(s, "on the claim", highlight_id=hid)
        notes.save(s, "on the article", article_id=aid)
    out = io.StringIO()
    assert main(["show", "--project", str(project.path), str(aid), "--json"], out=out) == 0
    shown = json.loads(out.getvalue())
    assert shown["text"] == MIXED
    (h,) = shown["highlights"]
    assert (h["start"], h["end"], h["quote"], h["code"]) == (0, 5, "Emoji", "Statistic")
    assert h["prefix"] == "" and h["suffix"] == MIXED[5:37]
    assert {(n["on"], n["body"]) for n in shown["notes"]} == {
        ("article", "on the article"),
        ("highlight", "on the claim"),
    }


def test_notes_are_plain_text_or_markdown_only(project: Project) -> None:
    aid = add_article(project)
    with project.session() as s, pytest.raises(ValueError, match="plain text or Markdown"):
        notes.save(s, "<b>hi</b>", article_id=aid, fmt="text/html")


def test_a_highlight_whose_code_went_meanwhile_comes_back_uncoded(project: Project) -> None:
    aid = add_article(project)
    with project.session() as s:
        code = codes.add(s, "Temporary")
        hid = highlights.add(s, article_id=aid, start=0, end=5, code_id=code)
        snap = highlights.delete(s, hid)
        codes.delete(s, code)
    with project.session() as s:
        assert highlights.restore(s, snap) == hid
    with project.session() as s:
        (h,) = get(s, aid).highlights  # type: ignore[union-attr]
    assert (h.id, h.code_id, h.exact) == (hid, None, MIXED[:5])


def test_an_undo_never_deletes_a_highlight_that_is_not_its_own(project: Project) -> None:
    aid = add_article(project)
    with project.session() as s:
        hid = highlights.add(s, article_id=aid, start=0, end=5)
        uid = highlights.uid_of(s, hid)
        highlights.delete(s, hid, uid=uid)
        other = highlights.add(s, article_id=aid, start=6, end=9)
    assert other != hid  # ids are never given twice
    with project.session() as s, pytest.raises(highlights.HighlightError, match="no longer"):
        s.execute(text("UPDATE highlight SET id = :h WHERE id = :o"), {"h": hid, "o": other})
        highlights.delete(s, hid, uid=uid)  # the same id, another highlight: refused
