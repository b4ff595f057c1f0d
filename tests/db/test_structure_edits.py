"""Correcting an article's structure: lines re-labelled, split, marked as comments, undone.

The canonical text and every highlight stay as they were; the search index follows; a new
parse keeps the corrections; the corrected articles' lines export as a labelled set.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from db import search
from db.annotate import highlights
from db.articles import detail, edit, structure
from db.cli import main
from db.index.fold import format_spans
from db.index.fts import integrity_statements
from db.ingest.article import HIDDEN_KINDS, BlockSpan, CaptionDraft, ParsedArticle
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.models import BlockKind
from db.store.project import Project, open_project
from tests.conftest import FIXTURES

#: As a scraper saved it: a byline, dateline and paragraph run together on one line, a
#: caption line, newsletter and copyright lines, and readers' comments after the article.
ARTICLE = """World / Middle East

Talks resume in Geneva after a long pause

By Sara Ahmadi GENEVA, March 3 - The envoy said talks would resume on Monday.

Photo: AFP The delegates met behind closed doors for six hours.

Subscribe to our newsletter for daily updates

The minister said unemployment fell to 12 percent, a figure economists doubt.

Great article, thanks!

I disagree with the minister entirely.

Who checks these numbers?

Copyright 2021 Example News
"""
#: The kind a parser gave each line of the article, its mistakes included.
PARSED = (
    "breadcrumb", "headline", "byline", "caption", "boilerplate", "paragraph", "subheading",
    "paragraph", "paragraph", "boilerplate",
)  # fmt: skip
MARKED = (("GENEVA", 20), ("unemployment", 12))  # highlighted: a word, the quote's length
OTHER = "Budget passes\n\nThe council approved the riverside budget on Tuesday.\n"


def at(word: str) -> int:
    return ARTICLE.index(word)


def parsed_article() -> ParsedArticle:
    """The article as a parser read it (written out here, so the parsers may improve)."""
    blocks, end = [], 0
    for kind, line in zip(PARSED, ARTICLE.rstrip("\n").split("\n\n"), strict=True):
        start = ARTICLE.index(line, end)
        end = start + len(line)
        blocks.append(BlockSpan(BlockKind(kind), start, end))
    photo, beside = blocks[3], blocks[5]
    caption = "AFP The delegates met behind closed doors for six hours."
    return ParsedArticle(
        ARTICLE,
        title="Talks resume in Geneva after a long pause",
        section=["World", "Middle East"],
        blocks=blocks,
        captions=[CaptionDraft(caption, None, photo.start, photo.end, beside.start)],
    )


def lines(s: Session, aid: int) -> list[tuple[str, str]]:
    art = detail.get(s, aid)
    assert art is not None
    return [(b.kind, art.text[b.start : b.end]) for b in art.blocks]


def kind_of(s: Session, aid: int, words: str) -> str:
    return next(k for k, t in lines(s, aid) if words in t)


def hits(s: Session, query: str) -> dict[int, tuple[str, ...]]:
    return {h.article_id: h.found_in for h in search.search(s, query)}


def index_agrees(s: Session) -> None:
    for sql in integrity_statements():
        s.execute(text(sql))


def rows(s: Session, table: str, aid: int) -> list[tuple[object, ...]]:
    return [tuple(r) for r in s.execute(text(f"SELECT * FROM {table} WHERE article_id = {aid}"))]


@pytest.fixture
def ids(project: Project) -> list[int]:
    """The article above and another, with two highlights on the first."""
    with project.session() as s:
        made = store_articles(s, [(parsed_article(), "a.txt"), (parse_text(OTHER), "b.txt")])
        for word, n in MARKED:
            highlights.add(s, article_id=made[0], start=at(word), end=at(word) + n)
    return made


def test_a_paragraph_set_aside_leaves_the_search_and_undo_brings_it_back(
    project: Project, ids: list[int]
) -> None:
    aid = ids[0]
    with project.session() as s:
        assert aid in hits(s, "economists")
        before = lines(s, aid)
        start, end = at("The minister said"), at(" doubt.") + len(" doubt.")
        undo = structure.relabel(s, aid, start, end, "other")
    assert undo is not None
    with project.session() as s:
        assert kind_of(s, aid, "economists") == "other"
        assert aid not in hits(s, "economists")
        index_agrees(s)
        assert [(c.start, c.end, c.kind) for c in structure.corrections(s, aid)] == [
            (start, end, "other")
        ]
        structure.undo(s, undo)
    with project.session() as s:
        assert lines(s, aid) == before
        assert aid in hits(s, "economists")
        assert structure.corrections(s, aid) == []
        index_agrees(s)


def test_boilerplate_made_a_paragraph_is_found(project: Project, ids: list[int]) -> None:
    aid = ids[0]
    with project.session() as s:
        assert aid not in hits(s, "newsletter")
        start = at("Subscribe")
        structure.relabel(s, aid, start, start + len("Subscribe to our newsletter"), "paragraph")
    with project.session() as s:
        assert kind_of(s, aid, "newsletter") == "paragraph"
        assert "text" in hits(s, "newsletter")[aid]
        index_agrees(s)


def test_relabelling_to_the_kind_a_line_has_stores_nothing(
    project: Project, ids: list[int]
) -> None:
    with project.session() as s:
        start, end = at("Talks resume"), at(" pause") + 6
        assert structure.relabel(s, ids[0], start, end, "headline") is None
        assert structure.corrections(s, ids[0]) == []
        with pytest.raises(structure.StructureError):
            structure.relabel(s, ids[0], start, end, "banner")
        with pytest.raises(structure.StructureError):
            structure.relabel(s, ids[0], 0, len(ARTICLE) + 1, "paragraph")


def test_a_line_run_together_is_split_into_byline_dateline_and_paragraph(
    project: Project, ids: list[int]
) -> None:
    aid = ids[0]
    with project.session() as s:
        first = lines(s, aid)
        assert ("byline", "By Sara Ahmadi GENEVA, March 3 - The envoy said talks would resume on "
                "Monday.") in first  # fmt: skip
        assert structure.split(s, aid, at("GENEVA")) is not None
        assert structure.split(s, aid, at("The envoy") - 1) is not None  # in the space
        structure.relabel(s, aid, at("GENEVA"), at("The envoy"), "dateline")
        structure.relabel(s, aid, at("The envoy"), at("Monday.") + 7, "paragraph")
        assert structure.split(s, aid, at("Talks")) is None  # at a line's start: nothing cut
    with project.session() as s:
        got = lines(s, aid)
        i = got.index(("byline", "By Sara Ahmadi"))
        assert got[i : i + 3] == [
            ("byline", "By Sara Ahmadi"),
            ("dateline", "GENEVA, March 3 -"),
            ("paragraph", "The envoy said talks would resume on Monday."),
        ]
        assert len(got) == len(first) + 2
        assert aid in hits(s, "envoy")


def test_part_of_a_line_given_a_kind_is_cut_out_of_it(project: Project, ids: list[int]) -> None:
    aid = ids[0]
    with project.session() as s:
        structure.relabel(s, aid, at("GENEVA"), at(" - The envoy") + 2, "dateline")
        got = lines(s, aid)
    i = got.index(("byline", "By Sara Ahmadi"))
    assert got[i : i + 3] == [
        ("byline", "By Sara Ahmadi"),
        ("dateline", "GENEVA, March 3 -"),
        ("byline", "The envoy said talks would resume on Monday."),
    ]


def test_a_run_of_lines_marked_as_comments_is_one_correction(
    project: Project, ids: list[int]
) -> None:
    aid = ids[0]
    with project.session() as s:
        assert kind_of(s, aid, "Great article") == "subheading"  # the parser's mistake
        end = at("numbers?") + len("numbers?")
        structure.relabel(s, aid, at("Great article"), end, "comment")
    with project.session() as s:
        kinds = [kind_of(s, aid, w) for w in ("Great article", "I disagree", "Who checks")]
        assert kinds == ["comment"] * 3
        assert kind_of(s, aid, "economists") == "paragraph"  # the line before is left
        assert len(structure.corrections(s, aid)) == 1


def test_captions_follow_the_lines_made_and_unmade(project: Project, ids: list[int]) -> None:
    aid = ids[0]
    with project.session() as s:
        assert [c.text for c in detail.get(s, aid).captions] == [  # type: ignore[union-attr]
            "AFP The delegates met behind closed doors for six hours."
        ]
        assert "caption" in hits(s, "delegates")[aid]
        start, end = at("Photo:"), at("six hours.") + len("six hours.")
        structure.relabel(s, aid, start, end, "paragraph")
    with project.session() as s:
        art = detail.get(s, aid)
        assert art is not None and art.captions == []
        assert hits(s, "delegates")[aid] == ("text",)
        undo = structure.relabel(s, aid, at("Great article"), at("thanks!") + 7, "caption")
        assert undo is not None
    with project.session() as s:
        art = detail.get(s, aid)
        assert art is not None
        (made,) = art.captions
        assert (made.text, made.start, made.anchor) == (
            "Great article, thanks!", at("Great"), at("I disagree")
        )  # fmt: skip
        assert "caption" in hits(s, "thanks")[aid]
        index_agrees(s)
        structure.undo(s, undo)
    with project.session() as s:
        art = detail.get(s, aid)
        assert art is not None and art.captions == []
        assert hits(s, "thanks")[aid] == ("text",)  # a subheading again
        index_agrees(s)


def test_text_and_highlights_never_move(project: Project, ids: list[int]) -> None:
    aid = ids[0]
    with project.session() as s:
        article = s.execute(text(f"SELECT text, text_sha256 FROM article WHERE id = {aid}")).one()
        marks = rows(s, "highlight", aid)
        structure.split(s, aid, at("GENEVA"))
        structure.relabel(s, aid, at("The minister"), at("doubt.") + 6, "other")
        structure.relabel(s, aid, at("Great article"), at("numbers?") + 8, "comment")
    with project.session() as s:
        assert s.execute(text(f"SELECT text, text_sha256 FROM article WHERE id = {aid}")).one() == (
            article
        )
        assert rows(s, "highlight", aid) == marks
        quotes = [(h.start, h.exact) for h in highlights.highlights_of(s, aid)]
        assert sorted(quotes) == [(at(w), ARTICLE[at(w) : at(w) + n]) for w, n in MARKED]
        assert "highlight" in hits(s, "unemployment")[aid]  # a set-aside line's quote is found


def test_hidden_spans_are_what_a_parse_of_the_corrected_lines_would_give(
    project: Project, ids: list[int]
) -> None:
    assert frozenset(structure.INDEX_HIDDEN) == HIDDEN_KINDS
    aid = ids[0]
    with project.session() as s:
        structure.relabel(s, aid, at("Subscribe"), at("updates") + 7, "paragraph")
        structure.relabel(s, aid, at("Who checks"), at("numbers?") + 8, "other")
        art = detail.get(s, aid)
        assert art is not None
        blocks = [BlockSpan(BlockKind(b.kind), b.start, b.end) for b in art.blocks]
        stored = s.execute(text(f"SELECT hidden_spans FROM article WHERE id = {aid}")).scalar()
        assert stored == format_spans(ParsedArticle(art.text, blocks=blocks).hidden_spans())


def correct_all(s: Session, aid: int) -> None:
    structure.split(s, aid, at("GENEVA"))
    structure.relabel(s, aid, at("GENEVA"), at("Monday.") + 7, "dateline")
    structure.relabel(s, aid, at("Great article"), at("numbers?") + 8, "comment")
    structure.relabel(s, aid, at("Photo:"), at("six hours.") + 10, "paragraph")


def test_a_new_parse_keeps_the_corrections(project: Project, ids: list[int]) -> None:
    aid = ids[0]
    with project.session() as s:
        correct_all(s, aid)
        corrected = lines(s, aid)
        caps = detail.get(s, aid).captions  # type: ignore[union-attr]
    # A newer parser: the caption line and the newsletter are one paragraph, the comments one.
    old = parsed_article()
    gone = (at("Subscribe"), at("I disagree"), at("Who checks"))
    joined = [b for b in old.blocks if b.start not in gone]
    joined = [
        replace(b, kind=BlockKind.PARAGRAPH, end=at("updates") + 7)
        if b.start == at("Photo:")
        else replace(b, end=at("numbers?") + 8)
        if b.start == at("Great")
        else b
        for b in joined
    ]
    newer = replace(old, blocks=joined, captions=[])
    with project.session() as s:
        assert structure.reparse(s, aid, newer) == 4  # each still cuts or labels a line
    with project.session() as s:
        got = lines(s, aid)
        assert ("dateline", "GENEVA, March 3 - The envoy said talks would resume on Monday.") in got
        assert ("paragraph", "Photo: AFP The delegates met behind closed doors for six hours.") in (
            got
        )
        assert ("paragraph", "Subscribe to our newsletter for daily updates") in got
        assert ("comment", "Great article, thanks!\n\nI disagree with the minister entirely.\n\n"
                "Who checks these numbers?") in got  # fmt: skip
        assert len(structure.corrections(s, aid)) == 4
        index_agrees(s)
        # The same parser again: exactly the structure the researcher left.
        structure.reparse(s, aid, parsed_article())
    with project.session() as s:
        assert lines(s, aid) == corrected
        assert [c.text for c in detail.get(s, aid).captions] == [c.text for c in caps]  # type: ignore[union-attr]
        with pytest.raises(structure.StructureError):
            structure.reparse(s, aid, parse_text(ARTICLE + "More.\n"))  # any parser's


def test_corrections_go_and_come_back_with_their_article(project: Project, ids: list[int]) -> None:
    aid = ids[0]
    with project.session() as s:
        correct_all(s, aid)
        kept = rows(s, "structure_edit", aid)
        removed = edit.delete(s, [aid])
        assert rows(s, "structure_edit", aid) == []
        edit.restore(s, removed)
        assert rows(s, "structure_edit", aid) == kept


def test_labelled_lines_export_from_the_command_line(
    project: Project, ids: list[int], tmp_path: Path
) -> None:
    aid = ids[0]
    with project.session() as s:
        correct_all(s, aid)
        uid = detail.get(s, aid).uid  # type: ignore[union-attr]
        got = list(structure.labelled_lines(s))
    assert {ln.article_uid for ln in got} == {uid}  # the uncorrected article is not there
    flagged = {ln.text: ln.corrected for ln in got}
    assert flagged["By Sara Ahmadi"] and flagged["Great article, thanks!"]
    assert flagged["Photo: AFP The delegates met behind closed doors for six hours."]
    assert not flagged["Talks resume in Geneva after a long pause"]
    assert not flagged["Subscribe to our newsletter for daily updates"]
    assert [ln.start for ln in got] == sorted(ln.start for ln in got)

    project.close()
    out, tsv = io.StringIO(), tmp_path / "lines.tsv"
    assert main(["structure-export", "--project", str(project.path), "--out", str(tsv)], out) == 0
    assert f"{len(got)} labelled lines written" in out.getvalue()
    header, *body = tsv.read_text(encoding="utf-8").splitlines()
    assert header.split("\t") == ["article_uid", "start", "end", "kind", "corrected", "text"]
    assert len(body) == len(got)
    row = next(r.split("\t") for r in body if r.endswith("\tGreat article, thanks!"))
    assert row == [uid, str(at("Great")), str(at("Great") + 22), "comment", "1", row[-1]]
    merged = next(r for r in body if "\tcomment\t" in r and "I disagree" in r)
    assert merged.endswith("\tI disagree with the minister entirely.")  # a line each
    assert not list(tmp_path.glob(".*.part"))


def test_a_project_of_schema_0007_is_corrected_once_upgraded(tmp_path: Path) -> None:
    path = shutil.copyfile(
        FIXTURES / "projects" / "schema-0007.claimdesk", tmp_path / "old.claimdesk"
    )
    with open_project(path, backup_dir=tmp_path) as project, project.session() as s:
        aid, start, end, words = s.execute(
            text(
                'SELECT b.article_id, b.start, b."end", substr(a.text, b.start + 1, 40)'
                " FROM block b JOIN article a ON a.id = b.article_id"
                " WHERE b.kind = 'paragraph' AND a.text LIKE '%riverside park%'"
                " ORDER BY b.seq LIMIT 1"
            )
        ).one()
        word = "Residents"
        assert words.startswith(word) and aid in hits(s, word)
        assert structure.relabel(s, aid, start, end, "comment") is not None
        assert structure.relabel(s, aid, start, end, "other") is not None
    with open_project(path) as project, project.session() as s:
        assert [c.kind for c in structure.corrections(s, aid)] == ["comment", "other"]
        assert aid not in hits(s, word)
        index_agrees(s)
