"""Which of the list's columns any article fills: an empty one is left out of the window."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db.annotate import highlights, notes
from db.articles import listing
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project


@pytest.fixture
def bare(project: Project) -> int:
    """One article with nothing but its title and text: no outlet, section or date."""
    with project.session() as s:
        (aid,) = store_articles(s, [(parse_text("Headline\n\nThe body, long enough."), None)])
        s.execute(
            text(
                "UPDATE article SET section = '[]', outlet = NULL, published = NULL WHERE id = :a"
            ),
            {"a": aid},
        )
    return aid


def filled(project: Project) -> frozenset[str]:
    with project.session() as s:
        return listing.filled_columns(s)


def test_an_empty_project_fills_no_column(project: Project) -> None:
    assert filled(project) == frozenset()


def test_an_article_with_title_and_text_only_fills_none(project: Project, bare: int) -> None:
    assert filled(project) == frozenset()


@pytest.mark.parametrize(
    ("column", "value", "fills"),
    [
        ("outlet", "'Tehran Times'", "section"),
        ("section", """'["World", "Middle East"]'""", "section"),
        ("section", """'["a"]'""", "section"),
        ("published", "'2021-05-01'", "published"),
        ("outlet", "''", None),
        ("published", "''", None),
    ],
)
def test_one_value_fills_its_column_and_no_other(
    project: Project, bare: int, column: str, value: str, fills: str | None
) -> None:
    with project.session() as s:
        s.execute(text(f"UPDATE article SET {column} = {value} WHERE id = :a"), {"a": bare})
    assert filled(project) == frozenset({fills} if fills else ())


def test_a_claim_fills_highlights_and_a_note_notes(project: Project, bare: int) -> None:
    with project.session() as s:
        hid = highlights.add(s, article_id=bare, start=0, end=4)
    assert filled(project) == {"claims"}
    with project.session() as s:
        notes.save(s, "a note on the claim", highlight_id=hid)
    assert filled(project) == {"claims", "notes"}
    with project.session() as s:
        highlights.delete(s, hid)
    assert "claims" not in filled(project)


def test_copies_fill_their_column_once_two_articles_share_a_story(project: Project) -> None:
    with project.session() as s:
        first, second = store_articles(
            s, [(parse_text(f"Headline {i}\n\nSomething else entirely {i}."), None) for i in (1, 2)]
        )
        s.execute(text("UPDATE article SET story = id"))
    assert "copies" not in filled(project)  # every article its own story
    with project.session() as s:
        s.execute(text("UPDATE article SET story = :f WHERE id = :s"), {"f": first, "s": second})
    assert "copies" in filled(project)


@pytest.mark.parametrize(
    "where",
    [listing._FILLED["section"][0], listing._FILLED["published"][0], listing._FILLED["copies"][0]],
)
def test_sections_and_dates_are_looked_up_in_their_indexes(project: Project, where: str) -> None:
    with project.session() as s:
        plan = [str(r[-1]) for r in s.execute(text(f"EXPLAIN QUERY PLAN SELECT 1 FROM {where}"))]
    steps = [p for p in plan if p.startswith(("SCAN", "SEARCH"))]
    assert steps and all("USING COVERING INDEX" in p for p in steps), plan
