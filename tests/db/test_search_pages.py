"""Paging through every result: an exact count, and ranked pages that add up to all of them."""

from __future__ import annotations

import pytest

from db.annotate import notes
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.search import SearchTimeout, first_page, matching_ids, ranked_ids, search
from db.store.project import Project


@pytest.fixture
def ballots(project: Project) -> tuple[Project, list[int]]:
    """45 articles about ballots (some more than others), 5 without, one found by its note."""
    texts = [f"Count {i}\n\n" + "ballots counted. " * (1 + i % 7) + f"word{i}" for i in range(45)]
    texts += [f"Other {i}\n\nNothing of the kind." for i in range(5)]
    with project.session() as s:
        ids = store_articles(s, [(parse_text(t), None) for t in texts])
        notes.save(s, "ballots again", article_id=ids[0])  # counted once all the same
        notes.save(s, "ballots here too", article_id=ids[-1])
    return project, ids


def test_the_count_is_exact_and_the_pages_add_up_to_every_result(
    ballots: tuple[Project, list[int]],
) -> None:
    project, ids = ballots
    with project.session() as s:
        first = first_page(s, "ballots", limit=10)
        pages = [ranked_ids(s, "ballots", offset=n, limit=10) for n in range(0, 60, 10)]
        every = matching_ids(s, "ballots")
        ranked = [h.article_id for h in search(s, "ballots", limit=1000, snippets=False)]
    assert first.total == 46 == len(every) and list(first) == pages[0]
    joined = [aid for page in pages for aid in page]
    assert joined == ranked and len(set(joined)) == 46  # in order, none twice, none left out
    assert set(joined) == every == set(ids[:45]) | {ids[-1]}
    assert pages[-1] == []


def test_nothing_found_is_no_page_and_a_count_of_none(ballots: tuple[Project, list[int]]) -> None:
    project, _ = ballots
    with project.session() as s:
        none = first_page(s, "zeppelin")
        blank = first_page(s, "  ")
    assert (list(none), none.total) == ([], 0) and (list(blank), blank.total) == ([], 0)


def test_a_count_past_its_time_limit_is_stopped(ballots: tuple[Project, list[int]]) -> None:
    project, _ = ballots
    with project.session() as s, pytest.raises(SearchTimeout):
        first_page(s, "ballots", time_limit=0)
