"""What an import reports beyond counts: the duplicates with the article each repeats, chunks
as they are committed, an outlet for the run, and a cancel that does not wait for parsing."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from db.imports import Duplicate, Importer
from db.ingest import pipeline
from db.ingest.pipeline import PARALLEL_FROM, chunks
from db.store.project import Project


def write(folder: Path, numbers: range, prefix: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        (folder / f"{prefix}{i:05}.txt").write_text(
            f"Headline number {i} here\n\nThe body of article {i}, long enough to be one.\n"
        )


def outlets(project: Project) -> dict[str, str | None]:
    with project.session() as s:
        rows = s.connection().execute(text("SELECT title, outlet FROM article")).all()
    return {title: outlet for title, outlet in rows}


def test_duplicates_are_listed_with_the_article_that_holds_their_text(
    project: Project, tmp_path: Path
) -> None:
    write(tmp_path / "first", range(3))
    first = Importer(project, [tmp_path / "first"])
    list(first.run())
    # Given two files the project holds and one that repeats a file of the same import
    write(tmp_path / "second", range(1, 5))
    (tmp_path / "second" / "again.txt").write_text((tmp_path / "second" / "00004.txt").read_text())
    job = Importer(project, [tmp_path / "second"])
    list(job.run())
    # Then each is named with the article it duplicates, by id and title
    ids = dict(zip(range(3), first.report.article_ids, strict=True))
    fourth = job.report.article_ids[1]
    assert (job.report.imported, job.report.duplicates) == (2, 3)
    assert sorted(job.report.duplicate_files, key=lambda d: d.path) == [
        Duplicate(str(tmp_path / "second" / "00001.txt"), ids[1], "Headline number 1 here"),
        Duplicate(str(tmp_path / "second" / "00002.txt"), ids[2], "Headline number 2 here"),
        Duplicate(str(tmp_path / "second" / "again.txt"), fourth, "Headline number 4 here"),
    ]


def test_every_chunk_is_reported_once_committed(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 10)
    write(tmp_path / "a", range(75))
    job = Importer(project, [tmp_path / "a"], workers=1)
    seen: list[tuple[int, int]] = []
    for step in job.run():
        if step.committed:
            with project.session() as s:
                stored = s.connection().execute(text("SELECT count(*) FROM article")).scalar()
            seen.append((step.done, stored or 0))
    # chunks of 10, 20, 40, then the 5 left: each visible to others as it is reported
    assert seen == [(10, 10), (30, 30), (70, 70), (75, 75)]
    assert [len(c) for c in chunks([str(i) for i in range(75)])] == [10, 20, 40, 5]


def test_an_outlet_for_the_run_fills_only_articles_that_name_none(
    project: Project, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    write(folder, range(2))
    (folder / "page.html").write_text(
        "<!doctype html><html><head><title>Port strike ends</title>"
        '<meta property="og:site_name" content="The Harbour Post"></head><body>'
        "<article><h1>Port strike ends</h1><p>Dock workers went back to work on Monday after a "
        "week of talks with the port authority, which agreed to most of their demands.</p>"
        "<p>Ships that had waited offshore began to unload in the afternoon.</p></article>"
        "</body></html>"
    )
    list(Importer(project, [folder], outlet="  Tehran Times ").run())
    write(tmp_path / "later", range(5, 6))
    list(Importer(project, [tmp_path / "later"], outlet="   ").run())  # blank: none
    assert outlets(project) == {
        "Headline number 0 here": "Tehran Times",
        "Headline number 1 here": "Tehran Times",
        "Port strike ends": "The Harbour Post",
        "Headline number 5 here": None,
    }


_read = pipeline._read_safely


def _slow_read(path: str) -> tuple[str, object]:
    time.sleep(0.01)
    return _read(path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers forked, as on Linux")
def test_a_cancel_while_chunks_are_parsed_stops_at_once(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 100)
    monkeypatch.setattr(pipeline, "_read_safely", _slow_read)  # the forked workers' too
    write(tmp_path / "many", range(PARALLEL_FROM + 300))  # chunks of 100, 200, 400
    job = Importer(project, [tmp_path / "many"], workers=2)
    steps = job.run()
    assert next(s for s in steps if s.committed).done == 100
    # When the import is cancelled while its next chunks are still being parsed (2 s, 4 s)
    job.cancel()
    started = time.monotonic()
    list(steps)
    # Then it ends at once, keeping the chunk committed and nothing of the chunks being parsed
    assert time.monotonic() - started < 1.0
    assert job.report.cancelled
    with project.session() as s:
        stored = s.connection().execute(text("SELECT count(*) FROM article")).scalar()
    assert stored == job.report.imported == len(job.report.article_ids) == 100
