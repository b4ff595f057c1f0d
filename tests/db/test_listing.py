"""The article list: each sort on a project where ids, titles, dates and counts all disagree."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import text

from db.annotate import highlights, notes
from db.articles import listing
from db.cli import main
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project

# id: (title, section, published, claims, notes on claims, note on the article)
ARTICLES = {
    1: ("delta", '["economy"]', "2021-05-01", 3, 1, False),
    2: ("alpha", '["Sports"]', None, 0, 0, True),
    3: ("Charlie", "[]", "2019-01-01", 1, 1, True),
    4: ("Bravo", '["Culture"]', "2021-05-01", 2, 2, True),
    5: (None, '["arts"]', "2020-02-02", 4, 0, False),
}
# Ascending; ties (dates of 1 and 4, one note each on 1 and 2) by id. Descending is the reverse.
EXPECTED = {
    "id": [1, 2, 3, 4, 5],
    "title": [5, 2, 4, 3, 1],  # no title first, then regardless of case
    "section": [5, 4, 1, 2, 3],
    "published": [2, 3, 5, 1, 4],
    "claims": [2, 3, 4, 1, 5],
    "notes": [5, 1, 2, 3, 4],  # notes on an article's claims count for the article
    "copies": [2, 4, 1, 3, 5],  # see STORIES: 2 alone, 4 not compared, then three copies
}
# Each article's story: 1, 3 and 5 are one; 2 has no copies; 4 has not been compared yet.
STORIES = {1: 1, 2: 2, 3: 1, 4: None, 5: 1}


@pytest.fixture
def listed(project: Project) -> Project:
    with project.session() as s:
        texts = [f"Headline {i}\n\nThe body of article {i}, long enough to mark." for i in ARTICLES]
        ids = store_articles(s, [(parse_text(t), None) for t in texts])
        assert ids == list(ARTICLES)
        for aid, (title, section, published, claims, claim_notes, own_note) in ARTICLES.items():
            s.execute(
                text(
                    "UPDATE article SET title = :t, section = :s, published = :p, story = :st"
                    " WHERE id = :a"
                ),
                {"t": title, "s": section, "p": published, "st": STORIES[aid], "a": aid},
            )
            made = [
                highlights.add(s, article_id=aid, start=2 * k, end=2 * k + 4) for k in range(claims)
            ]
            for h in made[:claim_notes]:
                notes.save(s, f"on a claim of {aid}", highlight_id=h)
            if own_note:
                notes.save(s, f"on article {aid}", article_id=aid)
    return project


def test_the_orders_disagree() -> None:
    assert len({tuple(v) for v in EXPECTED.values()}) == len(EXPECTED) == len(listing.ORDERS)


@pytest.mark.parametrize("order", listing.ORDERS)
def test_each_sort_in_both_directions(listed: Project, order: str) -> None:
    with listed.session() as s:
        assert listing.ordered_ids(s, order) == EXPECTED[order]
        assert listing.ordered_ids(s, order, descending=True) == EXPECTED[order][::-1]


def test_an_unknown_sort_is_refused(listed: Project) -> None:
    with listed.session() as s, pytest.raises(ValueError, match="cannot be sorted by 'words'"):
        listing.ordered_ids(s, "words")


def test_rows_of_a_page_count_claims_and_all_notes(listed: Project) -> None:
    with listed.session() as s:
        got = listing.rows(s, [4, 2, 5])
    assert sorted(got) == [2, 4, 5]
    assert (got[4].title, got[4].section, got[4].claims, got[4].notes) == (
        "Bravo",
        ["Culture"],
        2,
        3,
    )
    assert (got[2].claims, got[2].notes, got[2].published) == (0, 1, None)
    assert [(got[i].story, got[i].copies) for i in (4, 2, 5)] == [(4, 1), (2, 1), (1, 3)]
    assert (got[5].title, got[5].claims, got[5].notes) == (None, 4, 0)
    with listed.session() as s:
        assert listing.rows(s, []) == {}
        # Counts of articles outside the page do not leak in.
        assert listing.rows(s, [1])[1].notes == 1 and listing.rows(s, [3])[3].notes == 2


def test_cli_lists_every_article_by_id(listed: Project) -> None:
    out = io.StringIO()
    assert main(["articles", "--project", str(listed.path)], out=out, err=io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    assert [int(line.split()[0]) for line in lines] == [1, 2, 3, 4, 5]
    assert lines[4].endswith("(no title)") and "Culture" in lines[3]
