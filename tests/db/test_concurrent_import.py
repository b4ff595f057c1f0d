"""Imports in processes that die, and two imports into one project at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from db.imports import Importer, ImportFailed
from db.ingest import pipeline
from db.ingest.pipeline import PARALLEL_FROM
from db.store.project import open_project
from tests.conftest import ROOT

# An import in a process of its own, in small chunks so that it takes a while: it prints its
# workers' ids once it is under way, then its report as JSON. argv: project, temp dir, folders.
IMPORTER = """
import json, multiprocessing, sys, tempfile, time
tempfile.tempdir = sys.argv[2]
from db.ingest import pipeline
pipeline.CHUNK = 50
if "--no-kernel-help" in sys.argv:  # leave it to the watching thread alone
    from db.ingest import workers
    workers._die_with_parent = lambda: None
from db.imports import Importer
from db.store.project import open_project
slow = "--slow" in sys.argv
with open_project(sys.argv[1]) as p:
    job = Importer(p, [a for a in sys.argv[3:] if not a.startswith("--")], workers=2)
    for step in job.run():
        if step.done == 100:
            print("workers", *[c.pid for c in multiprocessing.active_children()], flush=True)
        if slow:
            time.sleep(0.01)
r = job.report
print(json.dumps({"imported": r.imported, "duplicates": r.duplicates, "failed": r.failed}))
"""


def start(project: Path, temp: Path, *args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(project), str(temp), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def write_articles(folder: Path, numbers: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        (folder / f"{i:05}.txt").write_text(
            f"Headline number {i} here\n\nThe body of article {i}, long enough to be one.\n"
        )


def running(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see processes")
@pytest.mark.parametrize("ending", ["kernel", "watching thread"])
def test_a_killed_import_takes_its_workers_along_and_the_next_removes_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    folder, temp = tmp_path / "articles", tmp_path / "tmp"
    write_articles(folder, range(1000))
    temp.mkdir()
    project = tmp_path / "p.claimdesk"
    flags = ["--slow"] + (["--no-kernel-help"] if ending == "watching thread" else [])
    importer = start(project, temp, folder, *flags)
    assert importer.stdout is not None
    line = importer.stdout.readline()
    assert line.startswith("workers "), importer.stderr.read() if importer.stderr else line
    pids = [int(p) for p in line.split()[1:]]
    assert len(pids) == 2 and all(running(p) for p in pids)
    left = [p.name for p in temp.iterdir()]
    assert len(left) == 1 and left[0].startswith(f"claimdesk-import-{importer.pid}-")
    importer.send_signal(signal.SIGKILL)
    importer.wait(10)
    deadline = time.monotonic() + 5
    while any(running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(p) for p in pids), "the workers outlived their importer"
    assert [p.name for p in temp.iterdir()] == left  # nobody cleaned up after a kill

    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    with open_project(project) as p:
        again = Importer(p, [folder], workers=2)
        for _ in again.run():
            pass
        with p.session() as s:
            stored = s.connection().exec_driver_sql("SELECT count(*) FROM article").scalar()
    assert list(temp.iterdir()) == []
    assert again.report.failed == [] and stored == 1000
    assert again.report.imported + again.report.duplicates == 1000


def test_scratch_folders_of_live_imports_are_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = temp / f"claimdesk-import-{sleeper.pid}-abcd1234"
        live.mkdir()
        dead = temp / "claimdesk-import-999999999-abcd1234"  # above any pid
        dead.mkdir()
        old = temp / "claimdesk-import-k3j4h5g6"  # named before folders carried an owner
        old.mkdir()
        os.utime(old, (time.time() - 7 * 3600,) * 2)
        fresh = temp / "claimdesk-import-q1w2e3r4"
        fresh.mkdir()
        folder = tmp_path / "articles"
        write_articles(folder, range(3))
        monkeypatch.setattr(tempfile, "tempdir", str(temp))
        with open_project(tmp_path / "p.claimdesk") as p:
            for _ in Importer(p, [folder]).run():
                pass
        assert sorted(p.name for p in temp.iterdir()) == sorted([live.name, fresh.name])
    finally:
        sleeper.kill()
        sleeper.wait()


def test_two_imports_into_one_project_both_finish_and_store_each_text_once(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_articles(first, range(0, 800))
    write_articles(second, range(400, 1200))  # 400 texts in both folders
    project, temp = tmp_path / "p.claimdesk", tmp_path / "tmp"
    temp.mkdir()
    with open_project(project):
        pass  # created before either starts
    a, b = start(project, temp, first), start(project, temp, second)
    results = []
    for proc in (a, b):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "UNIQUE" not in err and "locked" not in err
        results.append(json.loads(out.splitlines()[-1]))
    assert [r["failed"] for r in results] == [[], []]
    assert sum(r["imported"] for r in results) == 1200
    assert sum(r["duplicates"] for r in results) == 400
    with open_project(project) as p, p.session() as s:
        conn = s.connection()
        rows = conn.exec_driver_sql("SELECT count(*), count(DISTINCT text_sha256) FROM article")
        assert rows.one() == (1200, 1200)
        blocks = conn.exec_driver_sql(
            "SELECT count(*) FROM block b JOIN article a ON a.id = b.article_id"
            ' WHERE b."end" > length(a.text) OR b.start < 0'
        ).scalar()
        assert blocks == 0
        hits = conn.exec_driver_sql(
            "SELECT count(*) FROM article_fts WHERE article_fts MATCH 'article'"
        ).scalar()
        assert hits == 1200


def _crash(job: object) -> None:
    """A parser that takes its process down, as a crash in a C library would."""
    os._exit(3)


@pytest.mark.parametrize("how", ["finished", "cancelled", "left", "crashed"])
def test_the_scratch_folder_goes_however_the_import_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    folder, temp = tmp_path / "articles", tmp_path / "tmp"
    write_articles(folder, range(PARALLEL_FROM + 100))
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(pipeline, "CHUNK", 100)
    if how == "crashed":
        monkeypatch.setattr(pipeline, "_parse_chunk", _crash)
    with open_project(tmp_path / "p.claimdesk") as p:
        job = Importer(p, [folder], workers=2)
        steps = job.run()
        if how == "crashed":
            with pytest.raises(ImportFailed, match="A parsing process stopped unexpectedly"):
                list(steps)
        else:
            for step in steps:
                assert len(list(temp.iterdir())) == 1  # under way
                if step.done == 150 and how == "cancelled":
                    job.cancel()
                if step.done == 150 and how == "left":
                    break  # the caller stops listening
            steps.close()
    assert list(temp.iterdir()) == []
    expected = {"finished": PARALLEL_FROM + 100, "cancelled": 150, "left": 100, "crashed": 0}
    assert job.report.imported == expected[how]
