"""Project files written by every released schema open, upgraded, with nothing lost.

Each ``tests/fixtures/projects/schema-*.claimdesk`` was made by the code of its release (see
make_fixture.py there). Everything expected is read from the fixture itself.
"""

from __future__ import annotations

import shutil
import sqlite3
import string
import unicodedata
from contextlib import closing
from pathlib import Path

import pytest

from db.annotate.code_history import history
from db.annotate.codes import all_codes
from db.index.fold import FOLD_VERSION
from db.search import search
from db.store.project import open_project, schema_revisions

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "projects"
FILES = sorted(FIXTURES.glob("schema-*.claimdesk"))
RELEASED = ("0001", "0002", "0003", "0004")

_FTS5_SHADOWS = ("data", "idx", "docsize", "config", "content")
_PUNCTUATION = string.punctuation + "،؛؟«»“”‘’…—–"


def fts_tables(conn: sqlite3.Connection) -> set[str]:
    return {
        name
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        if sql and sql.upper().startswith("CREATE VIRTUAL TABLE") and "USING FTS5" in sql.upper()
    }


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table but SQLite's own and the search index's."""
    index = fts_tables(conn)
    shadows = {f"{t}_{s}" for t in index for s in _FTS5_SHADOWS}
    names = [
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name not in index | shadows and not name.startswith("sqlite_")
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def contents(conn: sqlite3.Connection) -> dict[str, object]:
    """Everything in the file: its schema, page size and the rows of every stored table."""
    master = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    stored = [n for kind, n, _, sql in master if kind == "table" and "VIRTUAL" not in (sql or "")]
    rows = {n: sorted(conn.execute(f'SELECT * FROM "{n}"'), key=repr) for n in stored}
    return {"master": master, "page_size": conn.execute("PRAGMA page_size").fetchone(), **rows}


def revision_of(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def visible_text(text: str, hidden_spans: str) -> str:
    """The article text without its hidden spans (stored as ``start-end,start-end``)."""
    pieces, last = [], 0
    for span in filter(None, hidden_spans.split(",")):
        start, end = (int(x) for x in span.split("-"))
        pieces.append(text[last:start])
        last = end
    return " ".join([*pieces, text[last:]])


def longest_word(text: str) -> str:
    """The longest word of ``text`` as a reader sees it, harakat and joiners included."""
    words = [w.strip(_PUNCTUATION) for w in text.split()]
    words = [
        w
        for w in words
        if sum(unicodedata.category(c).startswith("L") for c in w) >= 4
        and all(unicodedata.category(c)[0] in "LM" or c == "\u200c" for c in w)
    ]
    assert words, f"no word to search for in {text[:60]!r}"
    return max(words, key=len)


def test_every_schema_has_a_fixture() -> None:
    """A new revision needs a file of its own here (make_fixture.py), to upgrade from later."""
    assert len(FILES) >= len(schema_revisions())
    revisions = set()
    for path in FILES:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)) as c:
            revisions.add(revision_of(c))
    assert revisions == set(schema_revisions()) >= set(RELEASED)


@pytest.mark.parametrize("fixture", FILES, ids=lambda p: p.name)
def test_released_file_upgrades_with_nothing_lost(tmp_path: Path, fixture: Path) -> None:
    pristine = shutil.copyfile(fixture, tmp_path / "pristine.claimdesk")
    path = shutil.copyfile(fixture, tmp_path / fixture.name)
    with closing(sqlite3.connect(pristine)) as conn:
        old_revision = revision_of(conn)
        before = counts(conn)
        old_index = fts_tables(conn)
        old_contents = contents(conn)
        info = set(conn.execute("SELECT key, value FROM project_info"))
        articles = conn.execute("SELECT id, text, hidden_spans FROM article").fetchall()
        notes = conn.execute(
            "SELECT coalesce(n.article_id, h.article_id), n.body FROM note n"
            " LEFT JOIN highlight h ON h.id = n.highlight_id"
        ).fetchall()
        quotes = conn.execute("SELECT article_id, exact FROM highlight").fetchall()
    head = schema_revisions()[-1]
    assert old_revision in schema_revisions() and articles and notes and quotes

    with open_project(path, backup_dir=tmp_path / "backups") as project:
        if old_revision == head:  # a fixture of the newest schema needs no upgrade
            assert project.backup_path is None
        else:
            # The backup is the file as it was (SQLite's backup API bumps the schema cookie,
            # so the bytes may differ; what it holds may not).
            assert project.backup_path is not None and project.backup_path.is_file()
            with closing(sqlite3.connect(project.backup_path)) as conn:
                assert revision_of(conn) == old_revision
                assert contents(conn) == old_contents

        with project.writer() as conn:
            assert revision_of(conn) == head
            after = counts(conn)
            index = fts_tables(conn)
            assert index and index >= old_index
            for fts in sorted(index):
                conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            # Migrations may record settings in project_info; nothing there may be lost, but a
            # revision that folds anew raises the fold version.
            now = set(conn.execute("SELECT key, value FROM project_info"))
            assert {(k, v) for k, v in info if k != "fold_version"} <= now
            assert ("fold_version", FOLD_VERSION) in now

        assert set(after) >= set(before)
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        assert {t: c for t, c in changed.items() if t != "project_info"} == {}

        with project.session() as s:
            for article_id, text, hidden in articles:
                word = longest_word(visible_text(text, hidden))
                hits = {h.article_id for h in search(s, word)}
                assert article_id in hits, f"article {article_id} not found by {word!r}"
            for source, what in (("note", notes), ("highlight", quotes)):
                for article_id, body in what:
                    word = longest_word(body)
                    found_in = {h.article_id: h.found_in for h in search(s, word)}
                    assert source in found_in.get(article_id, ()), f"{source} {word!r} not found"


def has_table(path: Path, table: str) -> bool:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)) as c:
        found = c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
        return found.fetchone() is not None


@pytest.mark.parametrize(
    "fixture", [f for f in FILES if has_table(f, "code_event")], ids=lambda p: p.name
)
def test_code_memos_and_the_audit_trail_read_after_upgrade(tmp_path: Path, fixture: Path) -> None:
    path = shutil.copyfile(fixture, tmp_path / fixture.name)
    with closing(sqlite3.connect(path)) as conn:
        events = conn.execute(
            "SELECT code_uid, action, coder, at FROM code_event ORDER BY id DESC"
        ).fetchall()
        memos = conn.execute(
            "SELECT uid, description, when_to_use, when_not, example FROM code"
        ).fetchall()
    assert {a for _, a, _, _ in events} >= {"create", "rename", "describe", "merge"}
    assert any(when for _, _, when, _, _ in memos)
    with open_project(path, backup_dir=tmp_path / "backups") as project, project.session() as s:
        assert [(e.code_uid, e.action, e.coder, e.at) for e in history(s)] == events
        read = {(c.uid, c.description, c.when_to_use, c.when_not, c.example) for c in all_codes(s)}
    assert read == set(memos)
