"""Every command meets a bad project file with a message and exit code 2, never a traceback,
and leaves the file as it was."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from db.cli import main
from db.store.project import open_project
from tests.conftest import ROOT, SAMPLES


def not_a_project(path: Path) -> None:
    path.write_text("Just some notes, not a project.\n")


def another_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t(x)")
        conn.commit()


def no_schema_row(path: Path) -> None:
    open_project(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DELETE FROM alembic_version")
        conn.commit()


def from_a_newer_claimdesk(path: Path) -> None:
    open_project(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()


def damaged(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xfe" * 9000)


def a_folder(path: Path) -> None:
    path.mkdir()


BAD: dict[str, Callable[[Path], None]] = {
    "not a project": not_a_project,
    "another database": another_database,
    "no schema row": no_schema_row,
    "from a newer Claimdesk": from_a_newer_claimdesk,
    "damaged": damaged,
    "a folder": a_folder,
}
COMMANDS = {
    "articles": ["articles"],
    "show": ["show", "1"],
    "search": ["search", "ballots"],
    "export": ["export", "--format", "csv", "--output", "{out}"],
    "check": ["check"],
    "stories": ["stories"],
    "import": ["import", str(SAMPLES)],
}


def snapshot(path: Path) -> object:
    if path.is_dir():
        return sorted(p.name for p in path.iterdir())
    return path.read_bytes()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", BAD)
def test_a_bad_project_file_gets_a_message_and_exit_code_2(
    tmp_path: Path, kind: str, command: str
) -> None:
    path = tmp_path / "p.claimdesk"
    BAD[kind](path)
    before = snapshot(path)
    args = [a.replace("{out}", str(tmp_path / "out.csv")) for a in COMMANDS[command]]
    out, err = io.StringIO(), io.StringIO()
    code = main([args[0], "--project", str(path), *args[1:]], out, err)
    assert code == 2, (out.getvalue(), err.getvalue())
    said = err.getvalue()
    assert said.strip() and "Traceback" not in said and len(said.strip().splitlines()) == 1
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.claimdesk"]  # nothing beside it


def test_from_a_shell_too_the_message_is_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "p.claimdesk"
    damaged(path)
    done = subprocess.run(
        [sys.executable, "-m", "db", "articles", "--project", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "p.claimdesk" in done.stderr and len(done.stderr.strip().splitlines()) == 1
