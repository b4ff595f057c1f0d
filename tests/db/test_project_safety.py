"""Project files survive kills, full disks and odd permissions; refusals say why and leave nothing.

Kills land at spread-out moments of an upgrade and of a creation; after each one the file is
either the old one, whole, or the finished one, and the next open works.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from db.store import legacy
from db.store.project import ProjectError, create_project, open_project, schema_revisions
from tests.conftest import ROOT

HEAD = schema_revisions()[-1]
KILLS = 24  # moments over each of an upgrade and a creation, two more after each: 52 kills
MIDWAY = 15  # kills that must land in the middle of the work, over at most ROUNDS rounds
ROUNDS = 3  # each timed anew: a machine busy elsewhere may make one round's kills land late
N = 800  # articles in the old project
OLD = "0004"  # the revision before 0005 rebuilds every table: the longest upgrade there is


def revision(path: Path) -> str | None:
    with closing(sqlite3.connect(path)) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def article_count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT count(*) FROM article").fetchone()[0])


@pytest.fixture(scope="module")
def old_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project at revision OLD with 800 articles: its upgrade takes a while."""
    path = tmp_path_factory.mktemp("old") / "old.claimdesk"
    create_project(path, revision=OLD)
    with closing(sqlite3.connect(path)) as conn:
        legacy.register(conn)
        body = "The ministry counted seventeen ballots in the northern districts. " * 40
        conn.executemany(
            "INSERT INTO article(uid, title, section, text, text_sha256, hidden_spans,"
            " imported_at) VALUES (?, ?, '[]', ?, ?, '0-12', '2020-01-01T00:00:00Z')",
            [(f"u{i}", f"Article {i}", f"{i} {body}", f"h{i}") for i in range(N)],
        )
        conn.commit()
    return path


_FORK = multiprocessing.get_context("fork") if sys.platform != "win32" else None
kills = pytest.mark.skipif(_FORK is None, reason="processes are killed with SIGKILL")


def _open(path: Path) -> None:
    open_project(path, backup_dir=path.parent / "backups").close()


def _timed(path: Path) -> float:
    assert _FORK is not None
    t = time.perf_counter()
    proc = _FORK.Process(target=_open, args=(path,))
    proc.start()
    proc.join()
    assert proc.exitcode == 0
    return time.perf_counter() - t


def delays(full: float) -> list[float]:
    """KILLS moments spread over a run that took ``full`` seconds, then two after its end.

    The last two land after the work is done even on a machine slower now than when timed.
    """
    return [full * (n + 0.5) / KILLS for n in range(KILLS)] + [full * 1.5, full * 3]


def _kill_at(path: Path, delay: float) -> None:
    """Open (create or upgrade) ``path`` in a forked process, killed ``delay`` seconds in."""
    assert _FORK is not None
    proc = _FORK.Process(target=_open, args=(path,))
    proc.start()
    time.sleep(delay)
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()


@kills
def test_a_killed_upgrade_leaves_the_old_file_or_the_new_one(
    old_project: Path, tmp_path: Path
) -> None:
    seen: list[str | None] = []
    for attempt in range(ROUNDS):  # until enough kills have landed mid-way
        runs = []
        for n in range(3):  # the quickest of three: a moment of load elsewhere must not stretch it
            (tmp_path / f"trial{attempt}-{n}").mkdir()
            trial = tmp_path / f"trial{attempt}-{n}" / "trial.claimdesk"
            shutil.copy(old_project, trial)
            runs.append(_timed(trial))
        for n, delay in enumerate(delays(min(runs))):
            (tmp_path / f"k{attempt}-{n}").mkdir()
            path = tmp_path / f"k{attempt}-{n}" / "kill.claimdesk"
            shutil.copy(old_project, path)
            _kill_at(path, delay)
            rev = revision(path)
            seen.append(rev)
            assert rev in (OLD, HEAD)
            assert article_count(path) == N
            with closing(sqlite3.connect(path)) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            backups = path.parent / "backups"
            with open_project(path, backup_dir=backups) as p, p.session() as s:
                from db.search import search

                assert len(search(s, "seventeen ballots", limit=5000)) == N
            assert revision(path) == HEAD
            # however the kill fell, one whole copy of the old file, and nothing else, is kept
            (copy,) = backups.iterdir()
            assert revision(copy) == OLD and article_count(copy) == N
        if HEAD in seen and seen.count(OLD) >= MIDWAY:
            break
    assert set(seen) == {OLD, HEAD}, "the kills should land both before and after the commit"
    assert seen.count(OLD) >= MIDWAY  # in the middle of the upgrade


@kills
def test_a_killed_creation_leaves_no_file_or_a_whole_project(tmp_path: Path) -> None:
    outcomes: list[bool] = []
    for attempt in range(ROUNDS):  # until enough kills have landed mid-way
        # The quickest of three: a moment of load elsewhere must not stretch it.
        full = min(_timed(tmp_path / f"timing{attempt}-{n}.claimdesk") for n in range(3))
        for n, delay in enumerate(delays(full)):
            folder = tmp_path / f"k{attempt}-{n}"
            folder.mkdir()
            path = folder / "new.claimdesk"
            _kill_at(path, delay)
            outcomes.append(path.exists())
            if path.exists():
                assert revision(path) == HEAD
            with open_project(path) as p, p.session() as s:
                assert s.connection().exec_driver_sql("SELECT count(*) FROM code").scalar() == 5
            leftovers = [f.name for f in folder.iterdir() if f.name != "new.claimdesk"]
            assert leftovers == []
        if True in outcomes and outcomes.count(False) >= MIDWAY:
            break
    assert set(outcomes) == {True, False}, "the kills should land both before and after the link"
    assert outcomes.count(False) >= MIDWAY  # in the middle of the creation


@kills
def test_processes_creating_one_file_all_open_it(tmp_path: Path) -> None:
    assert _FORK is not None
    path = tmp_path / "shared.claimdesk"
    procs = [_FORK.Process(target=_open, args=(path,)) for _ in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    assert [proc.exitcode for proc in procs] == [0, 0, 0, 0]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT count(*) FROM code").fetchone() == (5,)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["shared.claimdesk"]


def test_threads_creating_one_file_get_one_project(tmp_path: Path) -> None:
    path = tmp_path / "t.claimdesk"
    errors: list[BaseException] = []

    def make() -> None:
        try:
            open_project(path).close()
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=make) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert revision(path) == HEAD


# ---- Files that cannot be opened as they are


def _companions(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", None),  # an empty file is taken as a new project
        (b"hello, this is text", "not a Claimdesk project"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "could not be opened"),
    ],
)
def test_files_that_are_not_projects_are_refused_untouched(
    tmp_path: Path, content: bytes, said: str | None
) -> None:
    path = tmp_path / "x.claimdesk"
    path.write_bytes(content)
    if said is None:
        open_project(path).close()
        assert revision(path) == HEAD
        return
    with pytest.raises(ProjectError, match=said):
        open_project(path)
    assert path.read_bytes() == content
    assert _companions(path) == []


def test_another_sqlite_database_is_refused_with_nothing_left_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE t(x)")
        conn.commit()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="not a Claimdesk project"):
        open_project(path)
    assert path.read_bytes() == before and _companions(path) == []


def test_a_project_without_a_schema_row_is_called_damaged(tmp_path: Path) -> None:
    path = tmp_path / "p.claimdesk"
    open_project(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DELETE FROM alembic_version")
        conn.commit()
    with pytest.raises(ProjectError, match="damaged"):
        open_project(path)


def test_damaged_pages_are_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "p.claimdesk"
    open_project(path).close()
    data = bytearray(path.read_bytes())
    page = 8192
    for at in range(2 * page, len(data), page):  # every page but the first: the tables' pages
        data[at : at + 64] = b"\xde\xad" * 32
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectError) as refused:
        open_project(path)
    assert "damaged" in str(refused.value) or "could not be opened" in str(refused.value)


def test_an_unreadable_file_is_refused_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.claimdesk"
    open_project(path).close()
    real = Path.open

    def denied(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:  # as for a file of mode 000 (which root could read all the same)
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(ProjectError, match="permissions"):
        open_project(path)


def _read_only_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "p.claimdesk"
    with open_project(path) as p, p.session() as s:
        s.connection().exec_driver_sql(
            "INSERT INTO article(uid, title, section, text, text_sha256, hidden_spans,"
            " imported_at) VALUES ('u', 'Seventeen ballots', '[]', 'Seventeen ballots.', 'h',"
            " '', 'now')"
        )
    return path


def test_a_project_that_cannot_be_written_opens_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _read_only_folder(tmp_path)
    real = os.access
    # Root may write anything; a user may not write this folder or file.
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    before = path.read_bytes()
    with open_project(path) as p:
        assert p.read_only
        from db.search import search

        with p.session() as s:
            assert [h.title for h in search(s, "seventeen")] == ["Seventeen ballots"]
        with pytest.raises(ProjectError, match="read-only"), p.writer():
            pass
    assert path.read_bytes() == before and _companions(path) == []


def test_an_old_read_only_project_is_not_upgraded_and_says_how(
    old_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.claimdesk"
    shutil.copy(old_project, path)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    with pytest.raises(ProjectError, match="Copy it to a folder"):
        open_project(path)
    assert revision(path) == OLD


def test_a_full_disk_during_an_upgrade_keeps_the_old_file_and_says_where_the_copy_is(
    old_project: Path, tmp_path: Path
) -> None:
    path = tmp_path / "old.claimdesk"
    shutil.copy(old_project, path)
    # A page limit makes SQLite report the disk full, as a full disk would.
    code = (
        "import sys, sqlite3; from pathlib import Path\n"
        "import db.store.connect as c\n"
        "real = c._configure\n"
        "def small(conn, *, read_only): real(conn, read_only=read_only);"
        " conn.execute('PRAGMA max_page_count = ' + str(conn.execute('PRAGMA page_count')"
        ".fetchone()[0] + 20))\n"
        "c._configure = small\n"
        "from db.store.project import open_project, ProjectError\n"
        "try:\n    open_project(Path(sys.argv[1]), backup_dir=Path(sys.argv[2]))\n"
        "except ProjectError as e:\n    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), str(tmp_path / "b")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "could not be upgraded" in out and "full" in out and str(tmp_path / "b") in out
    assert revision(path) == OLD and article_count(path) == N
