"""Importing folders and the command line that scripts rely on."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from db.cli import main
from db.imports import Importer
from db.ingest.pipeline import PARALLEL_FROM
from db.store.project import open_project
from tests.conftest import SAMPLES

KINDS = {
    "headline",
    "breadcrumb",
    "byline",
    "dateline",
    "standfirst",
    "caption",
    "subheading",
    "paragraph",
    "boilerplate",
    "comment",
    "other",
}


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """A folder with good articles, a duplicate, and files that are not articles."""
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    for p in SAMPLES.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    shutil.copy(next(SAMPLES.glob("*.txt")), folder / "sub" / "copy.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(256))
    (folder / "cp1252.txt").write_bytes(
        "Caf\u00e9 owners protest\n\nThe caf\u00e9 closed.".encode("cp1252")
    )
    (folder / "notes.docx").write_bytes(b"PK\x03\x04ignored: not an article suffix")
    return folder


def test_folder_import_reports_duplicates_and_failures_and_goes_on(
    messy: Path, tmp_path: Path
) -> None:
    with open_project(tmp_path / "p.claimdesk") as p:
        job = Importer(p, [messy])
        steps = list(job.run())
        rep = job.report
    assert steps[-1].done == steps[-1].total == 6
    assert (rep.imported, rep.duplicates) == (3, 1)
    reasons = dict((Path(f).name, why) for f, why in rep.failed)
    assert set(reasons) == {"empty.txt", "photo.txt"}
    assert "empty" in reasons["empty.txt"] and "PNG" in reasons["photo.txt"]


def test_importing_twice_adds_nothing_and_says_so(tmp_path: Path) -> None:
    project = tmp_path / "p.claimdesk"
    assert run("import", "--project", project, SAMPLES)[0] == 0
    code, out, _ = run("import", "--project", project, SAMPLES)
    assert code == 0
    assert "0 imported, 2 duplicate(s) skipped, 0 failed" in out
    assert len(json.loads(run("articles", "--project", project, "--json")[1])) == 2


def test_import_exit_codes(messy: Path, tmp_path: Path) -> None:
    project = tmp_path / "p.claimdesk"
    code, out, _ = run("import", "--project", project, messy)
    assert code == 1 and "failed: " in out and "photo.txt" in out
    assert run("import", "--project", project, tmp_path / "nowhere")[0] == 2
    with pytest.raises(SystemExit) as exc:
        run("import")
    assert exc.value.code == 2


def test_import_refuses_a_file_that_is_not_a_project(tmp_path: Path) -> None:
    target = tmp_path / "thesis.docx"
    target.write_bytes(b"my thesis, not a project")
    code, _, err = run("import", "--project", target, SAMPLES)
    assert code == 2 and "not a Claimdesk project" in err
    assert target.read_bytes() == b"my thesis, not a project"


def test_parse_json_shape() -> None:
    code, out, _ = run("parse", next(SAMPLES.glob("000_*.txt")), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"title", "section", "byline", "published", "blocks", "warnings"}
    assert data["section"] == ["News", "Syria", "News"]
    assert all(set(b) == {"kind", "text"} and b["kind"] in KINDS for b in data["blocks"])
    assert [b["kind"] for b in data["blocks"]][:3] == ["breadcrumb", "headline", "caption"]


def test_parse_reports_unreadable_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    code, _, err = run("parse", bad, "--json")
    assert code == 1 and "empty" in err


def test_show_and_search_json(tmp_path: Path) -> None:
    project = tmp_path / "p.claimdesk"
    run("import", "--project", project, SAMPLES)
    listing = json.loads(run("articles", "--project", project, "--json")[1])
    first = next(a for a in listing if a["section"] == ["News", "Syria", "News"])
    shown = json.loads(run("show", "--project", project, first["id"], "--json")[1])
    assert shown["title"] == first["title"]
    assert len(shown["captions"]) == 2 and shown["highlights"] == []
    for block in shown["blocks"]:
        assert shown["text"][block["start"] : block["end"]] == block["text"]
    hits = json.loads(run("search", "--project", project, "Astana", "--json")[1])
    assert [h["article_id"] for h in hits] != [] and "[Astana]" in hits[0]["snippet"]
    assert run("show", "--project", project, "999")[0] == 1


def test_html_page_import(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><title>Budget row | Example News</title>"
        "<meta name='author' content='Jane Roe'>"
        "<meta property='article:published_time' content='2025-03-01T08:00:00Z'>"
        "<script>document.write('INJECTED')</script></head><body><article>"
        "<h1>Budget row deepens</h1><p>The minister said unemployment fell by 40% in a single "
        "year, a figure not found in the report.</p><h2>Critics respond</h2><p>Opposition "
        "members said the claim was misleading and asked for the full data.</p></article>"
        "</body></html>",
        encoding="utf-8",
    )
    data = json.loads(run("parse", page, "--json")[1])
    assert data["title"] == "Budget row deepens"
    assert data["byline"] == "Jane Roe" and data["published"] == "2025-03-01"
    texts = [b["text"] for b in data["blocks"]]
    assert "Critics respond" in texts and not any("INJECTED" in t for t in texts)
    assert sum(b["kind"] == "headline" for b in data["blocks"]) == 1


def test_a_cancelled_import_keeps_each_article_it_reported_and_the_rest_follow(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(PARALLEL_FROM + 200):  # enough for the worker processes
        (folder / f"{i:03}.txt").write_text(f"Headline {i}\n\nThe body of article number {i}.")
    with open_project(tmp_path / "p.claimdesk") as project:
        job = Importer(project, [folder], workers=2)
        for progress in job.run():
            if progress.done == 10:
                job.cancel()
        assert job.report.cancelled and job.report.imported == 10
        again = Importer(project, [folder], workers=2)
        list(again.run())
        assert (again.report.imported, again.report.duplicates) == (PARALLEL_FROM + 190, 10)
