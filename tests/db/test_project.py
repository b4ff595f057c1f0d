"""The project file: created at the newest schema, upgraded after a backup, foreign files refused."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import db.store.models  # noqa: F401  (the tables, on SQLModel.metadata)
import db.store.project as project_module
from db.imports import Importer
from db.search import search
from db.store.project import ProjectError, create_project, open_project, schema_revisions
from tests.conftest import SAMPLES


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_project_is_at_head_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new.claimdesk"
    with open_project(path) as p, p.session() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        rev = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert rev == schema_revisions()[-1]


def test_every_connection_commits_durably(tmp_path: Path) -> None:
    """What the window shows as saved survives a power cut: synchronous=FULL on every connection."""
    with open_project(tmp_path / "p.claimdesk") as p:
        for _ in range(3):  # connections kept for reuse keep it too
            with p.session() as s:
                assert s.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 2
        with p.writer() as conn:
            assert conn.execute("PRAGMA synchronous").fetchone() == (2,)


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    with open_project(tmp_path / "m.claimdesk") as p, p.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    search_index = [d for d in diff if d[0] == "remove_table" and "_fts" in d[1].name]
    assert len(search_index) == 20  # four FTS5 tables with their shadow tables
    rest = [d for d in diff if d not in search_index]
    # Reflection reads an index on "title COLLATE NOCASE" as one on "title": such an index is
    # reported removed and added again under its own name. It must be in both, and in the file.
    removed = {d[1].name for d in rest if d[0] == "remove_index"}
    added = {d[1].name for d in rest if d[0] == "add_index"}
    assert removed == added == {"ix_article_title_nocase", "ix_article_section_nocase"}
    assert [d for d in rest if d[0] not in ("remove_index", "add_index")] == []


def test_older_project_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.claimdesk"
    create_project(path, revision=schema_revisions()[0])  # a file from the first release
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO article(uid, title, section, text, text_sha256, hidden_spans, imported_at)"
            " VALUES ('u1', 'Old article', '[]', 'The ministry counted seventeen ballots.', 'h1',"
            " '', '2020-01-01T00:00:00Z')"
        )
    backups = tmp_path / "backups"
    with open_project(path, backup_dir=backups) as p:
        assert p.backup_path is not None and p.backup_path.parent == backups
        with sqlite3.connect(p.backup_path) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert old.execute("SELECT title FROM article").fetchall() == [("Old article",)]
        with p.session() as s:
            assert [h.title for h in search(s, "seventeen")] == ["Old article"]


def test_a_file_that_is_not_a_project_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "notes.claimdesk"
    other.write_text("my precious notes\n")
    before = digest(other)
    with pytest.raises(ProjectError, match="not a Claimdesk project"):
        open_project(other)
    assert digest(other) == before


def test_another_sqlite_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t(x)")
    before = digest(other)
    with pytest.raises(ProjectError, match="not a Claimdesk project"):
        open_project(other)
    assert digest(other) == before


def test_a_newer_project_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "future.claimdesk"
    open_project(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = digest(path)
    with pytest.raises(ProjectError, match="newer version"):
        open_project(path)
    assert digest(path) == before


def test_a_damaged_project_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "damaged.claimdesk"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(ProjectError, match=r"damaged|could not be read"):
        open_project(path)


def test_missing_project_is_not_created_when_not_asked(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no project file"):
        open_project(tmp_path / "absent.claimdesk", create=False)
    assert not (tmp_path / "absent.claimdesk").exists()


def test_fts_index_stays_consistent_through_updates_and_deletes(tmp_path: Path) -> None:
    from db.index.fts import integrity_statements

    with open_project(tmp_path / "i.claimdesk") as p:
        list(Importer(p, [SAMPLES]).run())
        with p.session() as s:
            conn = s.connection()
            conn.exec_driver_sql("UPDATE article SET title = 'Renamed' WHERE id = 1")
            conn.exec_driver_sql("DELETE FROM article WHERE id = 2")
        with p.session() as s:
            for sql in integrity_statements():
                s.connection().exec_driver_sql(sql)  # raises if the index disagrees
            assert [h.article_id for h in search(s, "Renamed")] == [1]
            assert search(s, "Astana") == []


def test_revisions_from_file_names_match_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option(
        "script_location", str(Path(project_module.__file__).with_name("migrations"))
    )
    walked = [r.revision for r in reversed(list(ScriptDirectory.from_config(cfg).walk_revisions()))]
    assert schema_revisions() == walked and len(walked) >= 3
