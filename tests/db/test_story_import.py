"""Imports place articles in stories (db.articles.stories), across imports and upgrades."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from db.articles.stories import compare_unsigned, stories_count, story_of
from db.cli import main
from db.imports import Importer
from db.ingest import pipeline
from db.store.project import Project, open_project
from tests.db.test_stories import BACKGROUND, CUT, MARKET_A, MARKET_B, OTHER_EVENT, REWRITE, WIRE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "projects"


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (folder / name).write_text(f"{name.removesuffix('.txt').title()}\n\n{body}\n", "utf-8")
    return folder


def run(p: Project, *paths: Path, workers: int = 1) -> list[int]:
    job = Importer(p, [str(x) for x in paths], workers=workers)
    for _ in job.run():
        pass
    return job.report.article_ids


def stories(p: Project) -> dict[str, int]:
    """Each article's file name and story, from the project file itself."""
    with p.session() as s:
        rows = s.connection().exec_driver_sql("SELECT origin_path, story FROM article").all()
    return {Path(path).name: story for path, story in rows}


def test_copies_share_a_story_and_others_stand_alone(project: Project, tmp_path: Path) -> None:
    files = {
        "wire.txt": WIRE,
        "other.txt": OTHER_EVENT,
        "cut.txt": CUT,
        "market-a.txt": MARKET_A,
        "rewrite.txt": REWRITE,
        "background.txt": BACKGROUND,
        "market-b.txt": MARKET_B,
    }
    run(project, write(tmp_path / "in", files))
    got = stories(project)
    assert got["cut.txt"] == got["rewrite.txt"] == got["wire.txt"]
    alone = ("other.txt", "market-a.txt", "background.txt", "market-b.txt")
    assert len({got[n] for n in alone} | {got["wire.txt"]}) == 5
    with project.session() as s:
        assert stories_count(s) == 5
        ids: dict[str, int] = dict(
            s.connection().exec_driver_sql("SELECT origin_path, id FROM article").all()
        )
        copies = {Path(ids_path).name for ids_path, i in ids.items() if i in
                  {c.id for c in story_of(s, got["wire.txt"])}}  # fmt: skip
        assert copies == {"wire.txt", "cut.txt", "rewrite.txt"}
        assert len(story_of(s, got["other.txt"])) == 1


def test_a_later_import_joins_the_stories_there_are(project: Project, tmp_path: Path) -> None:
    run(project, write(tmp_path / "a", {"wire.txt": WIRE, "other.txt": OTHER_EVENT}))
    run(project, write(tmp_path / "b", {"cut.txt": CUT}))
    got = stories(project)
    assert got["cut.txt"] == got["wire.txt"] != got["other.txt"]


def test_parallel_import_places_copies_across_chunks(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 2)  # wire and cut land in different chunks
    files = {"a-wire.txt": WIRE, "b-other.txt": OTHER_EVENT, "c-cut.txt": CUT}
    run(project, write(tmp_path / "in", files), workers=2)
    got = stories(project)
    assert got["c-cut.txt"] == got["a-wire.txt"] != got["b-other.txt"]


def test_a_copy_of_two_stories_merges_them(project: Project, tmp_path: Path) -> None:
    run(project, write(tmp_path / "a", {"cut.txt": CUT, "rewrite.txt": REWRITE}))
    with closing(sqlite3.connect(project.path)) as conn:  # as if placed apart before
        conn.execute("UPDATE article SET story = id")
        conn.commit()
    assert len(set(stories(project).values())) == 2
    run(project, write(tmp_path / "b", {"wire.txt": WIRE}))
    got = stories(project)
    assert got["cut.txt"] == got["rewrite.txt"] == got["wire.txt"] == min(got.values())


def test_an_upgraded_project_places_its_articles_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "old.claimdesk"
    shutil.copy(FIXTURES / "schema-0010.claimdesk", path)
    with open_project(path) as p:
        ids = run(p, write(tmp_path / "in", {"wire.txt": WIRE, "cut.txt": CUT}))
        with closing(sqlite3.connect(p.path)) as conn:
            (before,) = conn.execute("SELECT count(*) FROM article WHERE story IS NULL").fetchone()
            assert before >= 5  # the old articles: not compared yet
        out, err = io.StringIO(), io.StringIO()
        assert main(["stories", "--project", str(path), "--json"], out, err) == 0
        said = json.loads(out.getvalue())
        assert said["compared_now"] == before and said["stories_with_copies"] == 1
        assert said["articles"] == said["stories"] + 1 and said["articles_in_them"] == 2
        with closing(sqlite3.connect(p.path)) as conn:
            assert compare_unsigned(conn) == 0
            rows = conn.execute("SELECT count(*) FROM article WHERE story IS NULL").fetchone()
            assert rows == (0,)
        got = stories(p)
        assert got["wire.txt"] == got["cut.txt"] == min(ids)


def test_articles_json_gives_each_article_its_story(project: Project, tmp_path: Path) -> None:
    run(
        project,
        write(tmp_path / "in", {"wire.txt": WIRE, "cut.txt": CUT, "other.txt": OTHER_EVENT}),
    )
    out = io.StringIO()
    assert main(["articles", "--project", str(project.path), "--json"], out=out) == 0
    listed = sorted((a["id"], a["story"], a["copies"]) for a in json.loads(out.getvalue()))
    (cut, cut_story, two), (other, other_story, one), (_, wire_story, also_two) = listed
    assert cut_story == wire_story == cut and two == also_two == 2  # files go in name order
    assert other_story == other and one == 1


def test_comparing_goes_on_past_articles_deleted_meanwhile(project: Project) -> None:
    from db.ingest.parse_text import parse_text
    from db.ingest.rows import store_articles

    with project.session() as s:
        texts = [
            f"Headline {i}\n\nReport {i}: {' '.join(['word'] * (i % 7))} ended." for i in range(620)
        ]
        ids = store_articles(s, [(parse_text(t), None) for t in texts])
    with closing(sqlite3.connect(project.path)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        with conn:
            conn.execute("DELETE FROM article_signature")
            conn.execute("UPDATE article SET story = NULL")

        def delete_one_later(done: int, total: int) -> None:
            if done == 500:  # between two batches: the next one has lost an article
                with conn:
                    conn.execute("DELETE FROM article WHERE id = ?", (ids[-1],))

        assert compare_unsigned(conn, delete_one_later) == len(ids) - 1
        left = conn.execute("SELECT count(*) FROM article WHERE story IS NULL").fetchone()
    assert left == (0,)


def test_an_import_meets_old_articles_compared_while_it_runs(
    project: Project, tmp_path: Path
) -> None:
    from db.articles.stories import StoryFiler, signature_of

    (wire,) = run(project, write(tmp_path / "old", {"wire.txt": WIRE}))
    with (
        closing(sqlite3.connect(project.path)) as conn,
        closing(sqlite3.connect(project.path)) as other,
    ):
        with conn:
            conn.execute("DELETE FROM article_signature")  # as in a project made before stories
            conn.execute("UPDATE article SET story = NULL")
        importing = StoryFiler()  # an import, its signatures read before the comparison
        assert importing.place(conn, [(wire + 10, signature_of(OTHER_EVENT))]) == [wire + 10]
        assert compare_unsigned(other) == 1  # meanwhile, the old article is signed
        # The import's next article is a cut of the old one: it joins its story.
        assert importing.place(conn, [(wire + 11, signature_of(CUT))]) == [wire]
