"""Folders as researchers have them: odd names, things that are not files, a disk that fills."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from db.cli import main
from db.imports import Importer, ImportFailed
from db.ingest import files, pipeline
from db.ingest.decode import DecodeError
from db.ingest.pipeline import PARALLEL_FROM
from db.store.project import open_project
from tests.conftest import ROOT

LATIN1_NAME = b"Caf\xe9-owners-protest.txt"  # as an old zip leaves it: not UTF-8


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def article(n: int) -> str:
    return f"Headline number {n} here\n\nThe body of article {n}, long enough to be one."


def write_articles(folder: Path, count: int, start: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        (folder / f"{i:05}.txt").write_text(article(i), encoding="utf-8")


# ---- File names that are not UTF-8


@pytest.mark.parametrize("count", [5, PARALLEL_FROM + 10])
def test_a_name_that_is_not_utf8_is_imported_with_its_bytes_escaped(
    tmp_path: Path, count: int
) -> None:
    folder = tmp_path / "from-zip"
    write_articles(folder, count)
    odd = os.path.join(os.fsencode(folder), LATIN1_NAME)
    with open(odd, "wb") as f:
        f.write("Caf\u00e9 owners protest\n\nThe caf\u00e9 closed after thirty years.".encode())
    with open_project(tmp_path / "p.claimdesk") as p:
        job = Importer(p, [folder], workers=2)
        steps = list(job.run())
        with p.session() as s:
            origins = set(
                s.connection().exec_driver_sql("SELECT origin_path FROM article").scalars()
            )
    assert job.report.failed == [] and job.report.imported == count + 1
    assert steps[-1].done == count + 1
    assert os.path.join(str(folder), "Caf\\xe9-owners-protest.txt") in origins
    code, out, _ = run("import", "--project", tmp_path / "q.claimdesk", folder)
    assert code == 0 and f"{count + 1} imported" in out


# ---- Things that are not regular files


def _timed_import(folder: Path, project: Path, seconds: int = 60) -> str:
    """Run ``claimdesk import`` in a process with bounded memory; its output."""
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)); "
    code = f"{limit}from db.cli import run; raise SystemExit(run())"
    done = subprocess.run(
        [sys.executable, "-c", code, "import", "--project", str(project), str(folder)],
        capture_output=True,
        text=True,
        timeout=seconds,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    return done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_pipes_devices_and_sockets_are_refused_each_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    write_articles(folder, 3)
    for name in ("pipe.txt", "pipe.qdpx", "pipe.json"):  # a .json is looked into to be taken
        os.mkfifo(folder / name)
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "random.html").symlink_to("/dev/urandom")
    (folder / "dangling.txt").symlink_to(folder / "nowhere")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.txt"))
        out = _timed_import(folder, tmp_path / "p.claimdesk")
    failed = {
        line.split(": ")[1].rsplit("/", 1)[1]: line
        for line in out.splitlines()
        if line.startswith("  failed: ")
    }
    assert "3 imported" in out
    names = {"pipe.txt", "pipe.qdpx", "zero.txt", "random.html", "dangling.txt", "sock.txt"}
    assert set(failed) == names
    assert "not a regular file (a named pipe)" in failed["pipe.txt"]
    assert "not a regular file (a named pipe)" in failed["pipe.qdpx"]
    assert "not a regular file (a device)" in failed["zero.txt"]
    assert "not a regular file (a device)" in failed["random.html"]
    assert "not a regular file (a socket)" in failed["sock.txt"]
    assert "No such file" in failed["dangling.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_claimdesk_parse_refuses_a_pipe_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    code = "from db.cli import run; raise SystemExit(run())"
    done = subprocess.run(
        [sys.executable, "-c", code, "parse", str(tmp_path / "pipe.txt")],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert done.returncode == 1 and "not a regular file (a named pipe)" in done.stderr


def test_no_read_goes_past_the_limit_whatever_the_size_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files in /proc, or one still being written, say a size that is not what they hold."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 2000)
    real_stat, real_fstat, real_open = os.stat, os.fstat, open
    read: list[int] = []

    def says_empty(stat: Callable[..., os.stat_result]) -> Callable[..., os.stat_result]:
        def lie(*args: Any, **kw: Any) -> os.stat_result:
            info = list(stat(*args, **kw))
            info[6] = 0  # st_size
            return os.stat_result(info)

        return lie

    class Counted(io.BufferedReader):
        def read(self, size: int | None = -1) -> bytes:
            data = super().read(size)
            read.append(len(data))
            return data

    monkeypatch.setattr(os, "stat", says_empty(real_stat))
    monkeypatch.setattr(os, "fstat", says_empty(real_fstat))
    counted = lambda fd, *_, **__: Counted(real_open(fd, "rb", buffering=0))  # noqa: E731
    monkeypatch.setattr(files, "open", counted, raising=False)
    with pytest.raises(DecodeError, match="too large"):
        files.read_file(str(big), 1000)
    assert sum(read) == 1001


# ---- Names and reasons that would forge report lines


def test_control_characters_in_names_cannot_forge_report_lines(tmp_path: Path) -> None:
    folder = tmp_path / "names"
    write_articles(folder, 2)
    (folder / "evil\n  failed: forged.txt: invented reason.txt").write_bytes(b"")
    (folder / "esc\x1b[2Kbell\x07.txt").write_bytes(b"\x00" * 50)
    (folder / "line\u2028sep.txt").write_text("Headline for this one\n\nA body of text here.")
    code, out, _ = run("import", "--project", tmp_path / "p.claimdesk", folder)
    lines = out.splitlines()
    assert code == 1 and lines[0].startswith("3 imported, 0 duplicate(s) skipped, 2 failed")
    assert len(lines) == 3 and all(line.startswith("  failed: ") for line in lines[1:])
    assert "evil\\n  failed: forged.txt" in out and "esc\\x1b[2Kbell\\x07.txt" in out
    assert "\x1b" not in out and "\x07" not in out
    code, _, err = run("parse", folder / "evil\n  failed: forged.txt: invented reason.txt")
    assert code == 1 and err.count("\n") == 1 and "evil\\n  failed" in err


# ---- A disk that fills


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (mounting needs root)."""
    if os.geteuid() != 0:
        pytest.skip("needs root, to mount a small tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], check=True)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def scratch_folders(folder: Path) -> list[Path]:
    return sorted(folder.glob("claimdesk-import-*"))


@pytest.mark.parametrize("full", ["project", "temp"])
def test_a_full_disk_stops_the_import_with_one_clear_error(
    small_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: str
) -> None:
    temp = small_disk / "tmp" if full == "temp" else tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(pipeline, "CHUNK", 100)
    folder = tmp_path / "articles"
    write_articles(folder, 100)  # a first chunk that fits, then chunks of 3 MB that do not
    for i in range(100, 600):
        (folder / f"{i:05}.txt").write_text(f"{article(i)} {os.urandom(8000).hex()}")
    project = (small_disk if full == "project" else tmp_path) / "p.claimdesk"
    with open_project(project) as p:
        job = Importer(p, [folder], workers=1)
        with pytest.raises(ImportFailed) as stopped:
            list(job.run())
        with p.session() as s:
            stored = s.connection().exec_driver_sql("SELECT count(*) FROM article").scalar()
    done = job.report.imported
    assert 0 < done < 600 and done % 100 == 0 and stored == done
    assert str(stopped.value) == (
        f"The disk is full: {done:,} files were imported before it filled; free some space and "
        "import again to add the rest."
    )
    assert stopped.value.report is job.report
    assert scratch_folders(temp) == []
    code, out, err = run("import", "--project", project, folder)
    assert code == 1 and out.startswith("0 imported, 100 duplicate(s) skipped, 0 failed")
    assert err == "The disk is full: 0 files were imported before it filled; free some space " \
        "and import again to add the rest.\n"  # fmt: skip
    assert scratch_folders(temp) == []
