"""Folding text for search: Python and SQL fold alike, and both do what the table says.

The same holds for the hyphenated words every indexed text ends with (db.index.hyphens).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.index import fts
from db.index.fold import FOLD_VERSION, FOLDS, fold, format_spans
from db.index.hyphens import WINDOW, joined_tail, with_joined
from db.store.schema import MIGRATIONS

# Latin with accents and typography, Arabic and Persian with harakat, joiners, marks, emoji,
# hyphens of three kinds among digits, points and tabs.
_ALPHABET = st.sampled_from(
    "aZé ü“”’—\xa0\xad\u200c\u200d\u200e\u200f\ufeff😀\n"
    "كتبيىكأإآٱةـ\u064e\u064f\u0650\u0651\u0652\u0670\u06d6\u0610\u06ed یکهاتهران"
    "---\u2010\u2011\t1٣.("
)
# Canonical text holds no control characters but line ends (they are removed on import).
TEXT = st.text(_ALPHABET, max_size=80) | st.text(
    st.characters(blacklist_categories=("Cc", "Cs")) | st.just("\n"), max_size=80
)


def reference(text: str) -> str:
    return "".join(FOLDS.get(ch, ch) for ch in text)


@given(TEXT)
def test_fold_matches_its_table(text: str) -> None:
    assert fold(text) == reference(text)


def test_fold_unifies_what_readers_consider_the_same_word() -> None:
    assert fold("كَتَبَ") == fold("کتب") == "کتب"
    assert fold("هسته\u200cای") == "هستهای"
    assert fold("Zürich\xa0café") == "Zürich café"
    assert fold("e\u2010mail co\u2011operate") == "e-mail co-operate"


JOINED = {
    "Send an e-mail now": " email",
    "co-operate, (Al-Qaeda) and mother-in-law": " cooperate, (AlQaeda) motherinlaw",
    "U.S.-Iran talks": " U.S.Iran",  # the tokenizer splits it as it splits the text
    "COVID-19 and F-16": " COVID19 F16",
    "won 1-0 on 2017-08-02, 10-15%": "",  # scores, dates and ranges are no words
    "pre- and -post, a - b, --": "",  # a hyphen needs a part on either side
    "x" * 50 + "-" + "y" * 50: " " + "x" * WINDOW + "y" * WINDOW,
    "no hyphen here": "",
}


@pytest.mark.parametrize("text", JOINED)
def test_hyphenated_words_are_appended_joined(text: str) -> None:
    assert joined_tail(text) == JOINED[text]
    assert with_joined(text) == text + JOINED[text]


@pytest.fixture(scope="module")
def index() -> Iterator[sqlite3.Connection]:
    """The search views and triggers over bare tables: no Python function registered."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript(
        "CREATE TABLE article(id INTEGER PRIMARY KEY, title TEXT, text TEXT NOT NULL,"
        " hidden_spans TEXT NOT NULL DEFAULT '');"
        "CREATE TABLE caption(id INTEGER PRIMARY KEY, text TEXT, credit TEXT);"
        "CREATE TABLE highlight(id INTEGER PRIMARY KEY, exact TEXT);"
        "CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT);"
    )
    for sql in fts.create_statements():
        conn.execute(sql)
    yield conn
    conn.close()


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_sql_folds_exactly_as_python(index: sqlite3.Connection, text: str) -> None:
    index.execute("DELETE FROM note")
    index.execute("INSERT INTO note(id, body) VALUES (1, ?)", (text,))
    assert index.execute("SELECT body FROM note_search").fetchone() == (with_joined(fold(text)),)


@st.composite
def with_spans(draw: st.DrawFn) -> tuple[str, str]:
    text = draw(TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return text, format_spans(pairs)


@settings(max_examples=150, deadline=None)
@given(with_spans(), TEXT)
def test_sql_cuts_boilerplate_exactly_as_python(
    index: sqlite3.Connection, article: tuple[str, str], title: str
) -> None:
    text, hidden = article
    index.execute("DELETE FROM article")
    index.execute(
        "INSERT INTO article(id, title, text, hidden_spans) VALUES (1, ?, ?, ?)",
        (title, text, hidden),
    )
    row = index.execute("SELECT title, body FROM article_search").fetchone()
    assert row == fts.article_terms(title, text, hidden)
    index.execute(fts.integrity_statements()[0])  # the trigger indexed what the view gives


def test_a_plain_sqlite_client_keeps_the_index_right(index: sqlite3.Connection) -> None:
    """What sqlite3, DB Browser, R or pandas would run: no Claimdesk function anywhere."""
    index.execute("DELETE FROM article")
    index.execute(
        "INSERT INTO article(id, title, text, hidden_spans) VALUES (7, 'كَتَبَ', ?, '0-10')",
        ("Subscribe now. The ministry counted seventeen ballots.",),
    )
    index.execute("INSERT INTO highlight(id, exact) VALUES (3, 'seventeen ballots')")
    index.execute("INSERT INTO caption(id, text) VALUES (4, 'A co-operative e-mail')")
    index.execute("UPDATE article SET title = 'Ballots counted' WHERE id = 7")
    index.execute("UPDATE highlight SET exact = 'sixteen ballots' WHERE id = 3")
    for sql in fts.integrity_statements():
        index.execute(sql)

    def hits(table: str, word: str) -> list[int]:
        sql = f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?"
        return [r[0] for r in index.execute(sql, (word,))]

    assert hits("article", "ballots") == [7] and hits("article", "كتب") == []
    assert hits("article", "subscribe") == []  # set aside: not indexed
    assert hits("highlight", "sixteen") == [3] and hits("highlight", "seventeen") == []
    assert hits("caption", "email") == hits("caption", "cooperative") == [4]
    assert hits("caption", "mail") == hits("caption", '"co operative"') == [4]
    index.execute("UPDATE caption SET text = 'An e-mail' WHERE id = 4")
    assert hits("caption", "cooperative") == [] and hits("caption", "email") == [4]
    index.execute("DELETE FROM highlight")
    index.execute("DELETE FROM caption")
    index.execute("DELETE FROM article")
    for sql in fts.integrity_statements():
        index.execute(sql)
    assert hits("article", "ballots") == [] and hits("highlight", "sixteen") == []


def test_the_newest_index_revision_holds_todays_definition() -> None:
    """A change to folding or to the index without a new revision fails here."""
    versions = sorted((MIGRATIONS / "versions").glob("[0-9]*_*.py"))
    defining = [v for v in versions if "CREATE VIEW article_search" in v.read_text()]
    text = defining[-1].read_text()
    for sql in fts.create_statements():
        assert repr(sql) in text, sql[:120]
    assert f"('fold_version', '{FOLD_VERSION}')" in text
