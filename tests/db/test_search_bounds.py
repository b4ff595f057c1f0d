"""Search costs are bounded and failures are told apart from "no results"."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from db import search as search_module
from db.annotate import highlights, notes
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.search import (
    MAX_TERMS,
    SearchError,
    SearchHits,
    SearchTimeout,
    Terms,
    fts_query,
    search,
    terms,
)
from db.store.project import Project, open_project
from tests.db.test_search import add

WORDS = [f"w{i:02d}" for i in range(MAX_TERMS + 8)]


def test_repeated_words_are_searched_once() -> None:
    assert fts_query("the " * 500) == '"the"'
    assert fts_query("The THE the", prefix=False) == '"The"'
    assert fts_query("vote the vote") == '"vote" "the" "vote"*'  # the last, cut short, differs


def test_only_the_first_words_are_searched_and_the_rest_counted() -> None:
    got = terms(" ".join(WORDS + WORDS), prefix=False)
    assert (got.query, got.ignored) == (" ".join(f'"{w}"' for w in WORDS[:MAX_TERMS]), 8)
    assert terms("one two", prefix=False).ignored == 0


def test_a_word_of_many_terms_is_cut_to_the_limit() -> None:
    got = terms("-".join(["the"] * 500))
    assert (got.query, got.ignored) == ('"' + " ".join(["the"] * MAX_TERMS) + '"', 1)
    got = terms(" ".join(WORDS[: MAX_TERMS - 1]) + " e-mail later")  # "e-mail" is two terms
    assert got.query is not None and got.query.endswith('"w30" "e"') and got.ignored == 2


def test_words_beyond_the_cap_do_not_narrow_the_results(project: Project) -> None:
    aid = add(project, "Headline\n\n" + " ".join(WORDS[:MAX_TERMS]) + ".")
    add(project, "Other\n\n" + " ".join(WORDS[1:MAX_TERMS]) + ".")  # lacks the first word
    with project.session() as s:
        hits = search(s, " ".join(WORDS) + " zzz", prefix=False)
    assert [h.article_id for h in hits] == [aid] and hits.ignored == 9


def test_a_repeated_word_finds_what_the_word_finds(project: Project) -> None:
    aid = add(project, "Headline\n\nThe vote was close.")
    add(project, "Other\n\nNothing here.")
    with project.session() as s:
        assert [h.article_id for h in search(s, "the " * 500)] == [aid]


@pytest.fixture
def busy(project: Project) -> Project:
    """Enough matching text that a search takes many thousand SQLite steps."""
    with project.session() as s:
        texts = [f"Title {i}\n\nalpha beta gamma delta word{i}. " * 4 for i in range(300)]
        store_articles(s, [(parse_text(t), None) for t in texts])
    return project


def test_a_search_past_its_time_limit_is_stopped(busy: Project) -> None:
    with busy.session() as s:
        assert len(search(s, "alpha", limit=500, time_limit=30)) == 300
        t = time.perf_counter()
        with pytest.raises(SearchTimeout, match="longer than 0 seconds"):
            search(s, "alpha", limit=500, time_limit=0)
        assert time.perf_counter() - t < 1
        # The time limit ends with the search: later statements on the connection run to the end.
        long = (
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000)"
            " SELECT count(*) FROM c"
        )
        assert s.connection().exec_driver_sql(long).scalar() == 200000
    assert issubclass(SearchTimeout, SearchError)


@pytest.mark.parametrize(
    "damage",
    [
        "DELETE FROM article_fts_data WHERE id > 10",  # the leaves
        "UPDATE article_fts_data SET block = zeroblob(length(block)) WHERE id > 10",
        "DELETE FROM article_fts_data WHERE id = 10",  # the structure record
        "DROP TABLE article_fts_idx",
        "DROP TABLE article_fts",
    ],
)
def test_a_damaged_index_is_an_error_not_an_empty_result(busy: Project, damage: str) -> None:
    with busy.writer() as conn:
        conn.execute(damage)
        conn.commit()
    with busy.session() as s, pytest.raises(SearchError) as failed:
        search(s, "alpha")
    assert "search index is damaged" in str(failed.value)
    assert "Check project" in str(failed.value) and "claimdesk check" in str(failed.value)
    assert not isinstance(failed.value, SearchTimeout)


def test_a_search_stopped_from_outside_or_kept_waiting_says_so(
    busy: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: search_module._Deadline) -> int:
        self.raw.interrupt()  # as a window cancelling a search it no longer needs
        return 0

    monkeypatch.setattr(search_module._Deadline, "_tick", interrupted)
    with busy.session() as s, pytest.raises(SearchError, match="stopped before it finished"):
        search(s, "alpha")
    monkeypatch.undo()

    def locked(*_a: object, **_k: object) -> None:
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("database is locked"))

    with busy.session() as s:
        monkeypatch.setattr(s, "execute", locked)
        with pytest.raises(SearchError, match="busy with another program") as failed:
            search(s, "alpha")
    assert not isinstance(failed.value, SearchTimeout)


def test_only_a_query_fts5_rejects_means_no_results(
    busy: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "terms", lambda *_a, **_k: Terms('"alpha" AND', 0))
    with busy.session() as s:
        assert search(s, "alpha") == []


MIXED = [
    "Crowds 😀 cheer\n\nSupporters 👨‍👩‍👧 waved flags 🇮🇷 and chanted كَتَبَ الوزير بياناً.",
    "تهران تایمز\n\nوزیر امور خارجه گفت که مذاکراتِ هسته‌ای ادامه دارد. من می‌خواهم بروم.",
    "Zürich café\n\nThe café in Zürich served coffee NEAR the lake, AND more.",
    "A headline\n\nA man waves a flag in the square. (AFP)\n\nBody text here, e-mail 5%.",
]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """Open on a project of Arabic, Persian, emoji and Latin text, captions and notes."""
    with open_project(Path(tmp_path_factory.mktemp("fuzz")) / "fuzz.claimdesk") as p:
        with p.session() as s:
            ids = store_articles(s, [(parse_text(t), None) for t in MIXED])
            for aid in ids:
                h = highlights.add(s, article_id=aid, start=0, end=5)
                notes.save(s, "ملاحظة 😀 note على", highlight_id=h)
                notes.save(s, f"Article note {uuid.uuid4()} می‌خواهم", article_id=aid)
        with p.session() as s:
            assert len(search(s, "note")) == len(MIXED)  # every article, through its notes
            yield s


OPERATORS = st.sampled_from(
    ["AND", "OR", "NOT", "NEAR(", "NEAR", ")", "(", "*", '"', "^", ":", "+", "-", "title:",
     "body:", "{title body}:", "\x00", ",", "'", "\\"]
)  # fmt: skip
WORD = st.one_of(
    OPERATORS,
    st.text(max_size=12),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=3),
    st.sampled_from(["كتب", "مذاکرات", "میخواهم", "😀", "café", "the", "flag", "a*", "x"]),
)
QUERY = st.one_of(
    st.lists(WORD, max_size=12).map(" ".join),
    st.lists(WORD, max_size=6).map("".join),
    st.tuples(WORD, st.integers(1, 3000)).map(lambda t: " ".join([t[0]] * t[1])),
    st.tuples(WORD, st.integers(1, 400)).map(lambda t: t[0] * t[1]),
    st.text(max_size=200),
)
LIMIT, MARGIN = 2.0, 1.0


@settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERY, prefix=st.booleans())
def test_fuzz_any_query_returns_hits_or_times_out(mixed: Session, query: str, prefix: bool) -> None:
    t = time.perf_counter()
    try:
        hits = search(mixed, query, prefix=prefix, time_limit=LIMIT)
    except SearchTimeout:
        hits = SearchHits()
    assert time.perf_counter() - t < LIMIT + MARGIN, query[:200]
    assert {h.article_id for h in hits} <= {1, 2, 3, 4}
