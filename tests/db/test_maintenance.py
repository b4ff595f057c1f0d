"""Check project: a copy first, then SQLite's checks and the index's; the index is repaired."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from pathlib import Path

from db.annotate import highlights, notes
from db.cli import main
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.maintenance import check
from db.search import search
from db.store.project import Project, open_project


def _filled(path: Path) -> Project:
    p = open_project(path)
    with p.session() as s:
        (aid,) = store_articles(
            s, [(parse_text("Ballots\\n\\nThe ministry counted ballots."), None)]
        )
        hid = highlights.add(s, article_id=aid, start=9, end=20)
        notes.save(s, "seventeen districts", highlight_id=hid)
    return p


def test_a_sound_project_is_reported_sound_after_a_backup(tmp_path: Path) -> None:
    with _filled(tmp_path / "p.claimdesk") as p:
        report = check(p, backup_dir=tmp_path / "copies")
    assert report.ok and report.problems == [] and report.fixed == []
    assert report.backup is not None and report.backup.parent == tmp_path / "copies"
    with closing(sqlite3.connect(report.backup)) as copy:
        assert copy.execute("SELECT count(*) FROM note").fetchone() == (1,)
    assert "No problems found" in report.summary()


def test_a_broken_index_is_found_rebuilt_and_searchable_again(tmp_path: Path) -> None:
    with _filled(tmp_path / "p.claimdesk") as p:
        with closing(sqlite3.connect(p.path)) as conn:  # lose the note's index entries
            conn.execute("DELETE FROM note_fts_idx")
            conn.execute("DELETE FROM note_fts_data WHERE id > 10")
            conn.commit()
        report = check(p, backup_dir=tmp_path)
        assert report.ok and len(report.problems) == 1 and "note" in report.problems[0]
        assert report.fixed and "rebuilt" in report.fixed[0]
        with p.session() as s:
            assert [h.found_in for h in search(s, "seventeen")] == [("note",)]
        assert check(p, backup_dir=tmp_path).problems == []


def test_an_index_of_another_folding_version_is_rebuilt(tmp_path: Path) -> None:
    with _filled(tmp_path / "p.claimdesk") as p:
        with closing(sqlite3.connect(p.path)) as conn:
            conn.execute("UPDATE project_info SET value = '0' WHERE key = 'fold_version'")
            conn.commit()
        report = check(p, backup_dir=tmp_path)
        assert "another version" in report.problems[0] and report.ok
        with closing(sqlite3.connect(p.path)) as conn:
            row = conn.execute("SELECT value FROM project_info WHERE key = 'fold_version'")
            assert row.fetchone() != ("0",)


def test_rows_pointing_nowhere_are_reported(tmp_path: Path) -> None:
    with _filled(tmp_path / "p.claimdesk") as p:
        with closing(sqlite3.connect(p.path)) as conn:  # a tool without foreign keys on
            conn.execute("UPDATE highlight SET code_id = 999")
            conn.commit()
        report = check(p, backup_dir=tmp_path)
    assert not report.ok and "highlight" in report.problems[0]
    assert "could not be repaired" in report.summary()


def test_the_command_line_checks_and_says_so(tmp_path: Path) -> None:
    _filled(tmp_path / "p.claimdesk").close()
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", "--project", str(tmp_path / "p.claimdesk")], out, err) == 0
    assert "No problems found" in out.getvalue() and "copy of the project" in out.getvalue()


def test_opening_rebuilds_an_index_of_another_folding_version(tmp_path: Path) -> None:
    path = tmp_path / "p.claimdesk"
    _filled(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE project_info SET value = '0' WHERE key = 'fold_version'")
        conn.execute("DELETE FROM note_fts_idx")  # as if folded otherwise: nothing found
        conn.commit()
    out, err = io.StringIO(), io.StringIO()
    assert main(["search", "--project", str(path), "seventeen"], out, err) == 0
    assert "rebuilt" in err.getvalue() and "[seventeen] districts" in out.getvalue()
    err = io.StringIO()
    assert main(["search", "--project", str(path), "seventeen"], io.StringIO(), err) == 0
    assert "rebuilt" not in err.getvalue()  # once
