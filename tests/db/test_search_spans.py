"""Marking matches in the text as stored, exactly where the index finds them, and snippets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from db.annotate import highlights, notes
from db.index import fts
from db.index.matching import indexed
from db.search import MARK_END, MARK_START, contexts, marks, terms
from db.search_context import SNIPPET_CHARS, marks_in, snippet
from db.store.models import Caption
from db.store.project import Project
from tests.db.test_fold import TEXT, with_spans
from tests.db.test_search import add


def marked(text: str, query: str, *, prefix: bool = False, hidden: str = "") -> list[str]:
    """The pieces of ``text`` marked for ``query``."""
    wanted = terms(query, prefix=prefix).any_word
    assert wanted is not None
    return [text[a:b] for a, b in marks_in(text, hidden, wanted)]


@settings(max_examples=200, deadline=None)
@given(with_spans(), TEXT)
def test_what_is_matched_is_what_the_index_holds(article: tuple[str, str], title: str) -> None:
    text, hidden = article
    assert (indexed(title).text, indexed(text, hidden).text) == fts.article_terms(
        title, text, hidden
    )


SCRIPTS = "Crowds 😀cheer😀 as كَتَبَ الوزير, and می‌خواهم بروم; the café in Zürich."


@pytest.mark.parametrize(
    ("query", "pieces"),
    [
        ("كتب", ["كَتَبَ"]),  # harakat in the word and after it are part of the mark
        ("كَتَبَ", ["كَتَبَ"]),
        ("میخواهم", ["می‌خواهم"]),  # the joiner stays inside the word
        ("cafe zurich", ["café", "Zürich"]),
        ("cheer", ["cheer"]),  # emoji around the word are not
        ("crowd", []),  # a word is matched whole, or, cut short, as its beginning
    ],
)
def test_matches_are_marked_in_the_text_as_stored(query: str, pieces: list[str]) -> None:
    assert marked(SCRIPTS, query) == pieces


def test_a_word_cut_short_marks_every_word_it_begins() -> None:
    assert marked(SCRIPTS, "crowd", prefix=True) == ["Crowds"]
    assert marked("Minister, ministry, administration", "minis", prefix=True) == [
        "Minister",
        "ministry",
    ]


def test_hyphenated_and_joined_forms_mark_each_other() -> None:
    text = "An e-mail, an email and an e mail; co-operate."
    assert marked(text, "email") == ["e-mail", "email"]
    assert marked(text, "e-mail") == ["e-mail", "email", "e mail"]
    assert marked(text, "cooperate") == ["co-operate"]
    assert marked(text, "coop", prefix=True) == ["co-operate"]


def test_text_set_aside_is_not_marked() -> None:
    text = "Ballots counted. Share this ballots story. More ballots."
    hidden = "17-42"  # "Share this ballots story."
    assert marks_in(text, hidden, '"ballots"') == [(0, 7), (48, 55)]


def test_marks_of_an_article_in_the_project(project: Project) -> None:
    aid = add(project, "Election day\n\nThe ministry counted ballots; ministers disagreed.")
    with project.session() as s:
        spans = marks(s, aid, "minis", prefix=True)
        body = s.connection().exec_driver_sql(f"SELECT text FROM article WHERE id = {aid}").scalar()
    assert [str(body)[a:b] for a, b in spans] == ["ministry", "ministers"]


def test_a_snippet_is_one_line_around_the_most_matches() -> None:
    filler = "Nothing to see here at all. " * 10
    text = f"Ballots early.\n{filler}Ballots and turnout, turnout\nrose.\n{filler}"
    spans = marks_in(text, "", '"ballots" OR "turnout"')
    line = snippet(text, spans)
    assert "\n" not in line and line.startswith("…") and line.endswith("…")
    assert f"{MARK_START}Ballots{MARK_END} and {MARK_START}turnout{MARK_END}" in line
    assert len(line.replace(MARK_START, "").replace(MARK_END, "")) <= SNIPPET_CHARS + 2


def test_contexts_say_where_every_word_was_found(project: Project) -> None:
    text_only = add(project, "Harbour news\n\nShips and ballots: the harbour reopened.")
    caption = add(project, "Photos\n\nA long day in the square.")
    quoted = add(project, "Quotes\n\nThe minister said the ballots were counted twice.")
    with project.session() as s:
        s.add(
            Caption(
                article_id=caption, seq=0, text="Ballots in the harbour", start=0, end=0, anchor=0
            )
        )
        h = highlights.add(s, article_id=quoted, start=4, end=12)
        notes.save(s, "harbour ballots, checked", highlight_id=h)
    with project.session() as s:
        found = contexts(s, "harbour ballots", [text_only, caption, quoted])
    assert found[text_only].found_in == ("text", "title") and found[text_only].source == "text"
    assert found[caption].found_in == ("caption",) and found[caption].source == "caption"
    assert found[caption].marked("[", "]") == "[Ballots] in the [harbour]"
    assert found[quoted].found_in == ("note",)  # the text has "ballots" only: not every word
    assert found[quoted].source == "note"
