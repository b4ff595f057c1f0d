"""Exports: every format from a project with the seeds, emoji, Arabic and overlapping claims."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from db.annotate import codes, highlights, notes
from db.articles.detail import get
from db.cli import main
from db.formats.collect import FormatError, Scope
from db.formats.exchange import import_exchange
from db.formats.export import COMPANIONS, export
from db.imports import Importer
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project, open_project
from tests.conftest import REFI_QDA_XSD, SAMPLES

MIXED = (
    "Crowds 😀 cheer as the minister speaks\n\n"
    "Supporters 👨‍👩‍👧 waved flags 🇮🇷 and chanted كَتَبَ الوزير before the speech.\n\n"
    "The ministry می‌خواهم said unemployment fell by 40% in a single year.\n"
)
SCRIPT_NOTE = 'Looks off <script>alert("x")</script> & "quoted"'


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), out=out, err=err), out.getvalue(), err.getvalue()


@pytest.fixture
def coded(project: Project) -> Project:
    """The two seeds and a mixed-script article, with overlapping, nested-coded claims."""
    for _ in Importer(project, [SAMPLES]).run():
        pass
    with project.session() as s:
        mixed = store_articles(s, [(parse_text(MIXED), "mixed.txt")])[0]
        book = {c.name: c.id for c in codes.all_codes(s)}
        economy = codes.add(
            s, "Economy", color="#AA3300", description="Jobs & prices", parent_id=book["Claim"]
        )
        codes.add(s, "Jobs <new>", color="#0055AA", description="Nested twice", parent_id=economy)
        ids = [
            int(i)
            for i in s.connection().exec_driver_sql("SELECT id FROM article ORDER BY id").scalars()
        ]
        for aid in ids:
            body = get(s, aid).text  # type: ignore[union-attr]
            first = body.index(" the ") + 1
            a = highlights.add(
                s,
                article_id=aid,
                start=first,
                end=first + 40,
                code_id=book["Claim"],
                coder="R. Analyst",
            )
            b = highlights.add(
                s, article_id=aid, start=first + 10, end=first + 60, code_id=economy, coder=""
            )
            notes.save(s, SCRIPT_NOTE, highlight_id=a)
            notes.save(s, "ملاحظة بالعربية على هذا الادعاء", highlight_id=b, fmt="text/markdown")
            notes.save(s, f"Article note {aid}", article_id=aid)
        start = MIXED.index("كَتَبَ")
        highlights.add(s, article_id=mixed, start=start, end=start + 13, code_id=book["Quote"])
        start = MIXED.index("👨")
        highlights.add(s, article_id=mixed, start=start, end=MIXED.index("flags") + 5)
    return project


def refi_qda_schema() -> etree.XMLSchema:
    """The REFI-QDA project schema shipped with the tests (a missing file fails the test)."""
    return etree.XMLSchema(etree.parse(str(REFI_QDA_XSD)))


def codebook(project: Project) -> list[tuple[str, str, str]]:
    """Each code as (path in the codebook, colour, description), in codebook order."""
    with project.session() as s:
        book = codes.all_codes(s)
        return [(codes.path(book, c.id), c.color, c.description) for c in book]


def all_highlights(project: Project) -> list[tuple[object, ...]]:
    with project.session() as s:
        ids = [
            int(i)
            for i in s.connection().exec_driver_sql("SELECT id FROM article ORDER BY id").scalars()
        ]
        book = codes.all_codes(s)
        articles = [a for a in (get(s, aid) for aid in ids) if a is not None]
        return [
            (a.title, h.start, h.end, h.exact, codes.path(book, h.code_id), h.note, h.coder)
            for a in articles
            for h in a.highlights
        ]


def test_csv_has_one_row_per_highlight_and_reads_back(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    code, said, _ = run(
        "export", "--project", str(coded.path), "--format", "csv", "--output", str(out)
    )
    assert code == 0 and "rows written" in said
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    got = [
        (r["title"], int(r["start"]), int(r["end"]), r["quote"], r["code"], r["note"], r["coder"])
        for r in rows
    ]
    assert sorted(got, key=repr) == sorted(all_highlights(coded), key=repr)
    assert any(r["code"] == "Claim/Economy" for r in rows) and any(
        "كَتَبَ" in r["quote"] for r in rows
    )


def test_csv_per_article_carries_article_notes(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    export(coded, "csv", out, per="article")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == 3 and rows[0]["note"] == f"Article note {rows[0]['article_id']}"
    assert [int(r["highlights"]) for r in rows] == [2, 2, 4]


def test_json_round_trips_to_an_identical_project(coded: Project, tmp_path: Path) -> None:
    first = tmp_path / "project.json"
    assert (
        run("export", "--project", str(coded.path), "--format", "json", "--output", str(first))[0]
        == 0
    )
    copy = tmp_path / "copy.claimdesk"
    code, said, _ = run("import", "--project", str(copy), str(first))
    assert code == 0 and "3 imported" in said
    second = tmp_path / "again.json"
    assert (
        run("export", "--project", str(copy), "--format", "json", "--output", str(second))[0] == 0
    )
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    a.pop("exported"), b.pop("exported")
    assert a == b
    with open_project(copy) as p:
        assert all_highlights(p) == all_highlights(coded)
    assert run("import", "--project", str(copy), str(first))[1].startswith(
        "0 imported, 3 duplicate"
    )


def test_w3c_selectors_reanchor_to_the_same_characters(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "annotations.jsonld"
    export(coded, "w3c", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (
        doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
        and doc["type"] == "AnnotationCollection"
    )
    items = doc["first"]["items"]
    assert doc["total"] == len(items) == len(all_highlights(coded))
    with coded.session() as s:
        texts = {
            (a.url or f"urn:uuid:{a.uid}"): a.text
            for a in (get(s, i) for i in range(1, 4))
            if a is not None
        }
    for item in items:
        quote, position = item["target"]["selector"]
        text = texts[item["target"]["source"]]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text.find(quote["prefix"] + quote["exact"] + quote["suffix"]) == position[
            "start"
        ] - len(quote["prefix"])
        assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
    comments = [b for i in items for b in i.get("body", []) if b["purpose"] == "commenting"]
    assert {b["textDirection"] for b in comments} == {"ltr", "rtl"}
    assert {b["value"] for i in items for b in i.get("body", []) if b["purpose"] == "tagging"} >= {
        "Claim",
        "Claim/Economy",
        "Quote",
    }


def test_qdpx_validates_and_its_selections_cut_the_quotes(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "project.qdpx"
    export(coded, "qdpx", out)
    with zipfile.ZipFile(out) as z:
        qde = etree.fromstring(z.read("project.qde"))
        sources = {n: z.read(n) for n in z.namelist() if n.startswith("sources/")}
    schema = refi_qda_schema()
    assert schema.validate(qde), schema.error_log
    ns = {"q": "urn:QDA-XML:project:1.0"}
    quotes = {h[3] for h in all_highlights(coded)}
    cut = 0
    for src in qde.iterfind("q:Sources/q:TextSource", ns):
        raw = sources[f"sources/{src.get('guid')}.txt"]
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        text = raw.decode("utf-8")
        for sel in src.iterfind("q:PlainTextSelection", ns):
            assert text[int(sel.get("startPosition")) : int(sel.get("endPosition"))] in quotes
            cut += 1
    assert cut == len(all_highlights(coded)) == 8


def test_qdpx_reads_back_with_codes_and_notes(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "project.qdpx"
    export(coded, "qdpx", out)
    with open_project(tmp_path / "from-qdpx.claimdesk") as p:
        assert import_exchange(p, out) == (3, 0)
        assert all_highlights(p) == all_highlights(coded)
        assert codebook(p) == codebook(coded)
        assert ("Claim/Economy/Jobs <new>", "#0055AA", "Nested twice") in codebook(p)
        with p.session() as s:
            assert notes.body(s, article_id=1).startswith("Article note")


def test_reports_group_claims_and_html_is_inert(coded: Project, tmp_path: Path) -> None:
    page, md = tmp_path / "report.html", tmp_path / "report.md"
    export(coded, "html", page)
    export(coded, "md", md)
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert " src=" not in html and "href" not in html and "@import" not in html
    assert html.count("<article>") == 3 and "Claim/Economy (1)" in html
    text = md.read_text(encoding="utf-8")
    assert "### Claim (1)" in text and "> " in text and "UN urges Iran" in text


def test_scope_by_article_and_code(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "one.csv"
    code, _, _ = run("export", "--project", str(coded.path), "--format", "csv", "--output", str(out),
                     "--article", "3", "--code", "Quote")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert code == 0 and [(r["article_id"], r["code"]) for r in rows] == [("3", "Quote")]
    export(coded, "csv", out, scope=Scope(code_names=["Claim"]))  # nested codes come along
    codes_out = {
        r["code"] for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    }
    assert codes_out == {"Claim", "Claim/Economy"}


def test_a_failed_export_leaves_the_old_file_alone(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "keep.csv"
    out.write_text("precious")
    code, _, err = run(
        "export",
        "--project",
        str(coded.path),
        "--format",
        "csv",
        "--output",
        str(out),
        "--code",
        "Nope",
    )
    assert code == 2 and "no code named Nope" in err and out.read_text() == "precious"
    with pytest.raises(FormatError, match="no article with id 99"):
        export(coded, "md", out, scope=Scope(article_ids=[99]))
    assert out.read_text() == "precious" and list(tmp_path.glob(".keep*")) == []


def article_count(path: Path) -> int:
    with open_project(path, create=False) as p, p.session() as s:
        return int(s.connection().exec_driver_sql("SELECT count(*) FROM article").scalar_one())


def other_spelling(project: Path, tmp_path: Path, how: str, end: str) -> Path:
    """A path naming the project file, or the file SQLite keeps beside it at ``end``, anew."""
    name = project.name + end
    link = tmp_path / "claims.csv"
    if how == "dotted":
        (tmp_path / "sub").mkdir()
        return tmp_path / "sub" / ".." / name
    if how == "relative":
        return Path(os.path.relpath(project.with_name(name)))
    if how == "symlink":
        link.symlink_to(project.with_name(name))
        return link
    if how == "hardlink":
        os.link(project, link)
        return link
    return project.with_name(name)


@pytest.mark.parametrize(
    ("how", "end"),
    [
        *((how, "") for how in ("as given", "dotted", "relative", "symlink", "hardlink")),
        *(("as given", end) for end in COMPANIONS),
        ("dotted", "-journal"),  # a file that does not exist, spelled another way
        ("symlink", "-journal"),
    ],
)
def test_an_export_onto_the_project_is_refused(
    coded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, end: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with coded.writer() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
    before, articles = coded.path.read_bytes(), article_count(coded.path)
    target = other_spelling(coded.path, tmp_path, how, end)
    code, said, err = run(
        "export", "--project", str(coded.path), "--format", "csv", "--output", str(target)
    )
    assert code == 2 and said == "" and "would destroy the project" in err
    assert coded.path.read_bytes() == before and article_count(coded.path) == articles
    if how == "symlink":  # the link itself was left alone too
        assert target.is_symlink()
        assert target.resolve() == coded.path.with_name(coded.path.name + end).resolve()


def test_an_export_onto_another_database_is_refused(coded: Project, tmp_path: Path) -> None:
    other = tmp_path / "other.claimdesk"
    open_project(other).close()
    before = other.read_bytes()
    for fmt in ("csv", "md"):
        code, _, err = run(
            "export", "--project", str(coded.path), "--format", fmt, "--output", str(other)
        )
        assert code == 2 and "is an SQLite database" in err and other.read_bytes() == before
    with pytest.raises(FormatError, match="would destroy the project"):
        export(coded, "json", coded.path)


def hostile(path: Path, members: dict[str, bytes], *, stored: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"project.qde": b"<Project/>", "../../x": b"boo"}, "leaves its folder"),
        ({"project.qde": b"<Project/>", "/etc/x": b"boo"}, "leaves its folder"),
        (
            {"project.qde": b"<Project/>", "sources/big.txt": b"\0" * (40 << 20)},
            "expands to far more",
        ),
        ({"notes.txt": b"hello"}, "holds no project.qde"),
    ],
)
def test_hostile_qdpx_is_refused(
    project: Project, tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    bad = hostile(tmp_path / "bad.qdpx", members)
    code, said, _ = run("import", "--project", str(project.path), str(bad))
    assert code == 1 and message in said
    with project.session() as s:
        assert s.connection().exec_driver_sql("SELECT count(*) FROM article").scalar() == 0


def test_not_a_zip_and_entity_tricks_are_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "plain.qdpx").write_text("not a zip")
    with pytest.raises(FormatError, match="not a zip archive"):
        import_exchange(project, tmp_path / "plain.qdpx")
    xxe = b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>' \
          b'<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'  # fmt: skip
    bad = hostile(tmp_path / "xxe.qdpx", {"project.qde": xxe})
    with pytest.raises(FormatError, match="external entity") as refused:
        import_exchange(project, bad)
    assert "root:" not in str(refused.value)  # the file was never read


def test_an_empty_project_exports_valid_files(project: Project, tmp_path: Path) -> None:
    for fmt, name in (
        ("qdpx", "e.qdpx"),
        ("json", "e.json"),
        ("w3c", "e.jsonld"),
        ("csv", "e.csv"),
    ):
        export(project, fmt, tmp_path / name)
    with zipfile.ZipFile(tmp_path / "e.qdpx") as z:
        qde = etree.fromstring(z.read("project.qde"))
    schema = refi_qda_schema()
    assert schema.validate(qde), schema.error_log
    assert json.loads((tmp_path / "e.json").read_text())["articles"] == []
    assert json.loads((tmp_path / "e.jsonld").read_text())["total"] == 0


def test_exported_files_get_the_usual_permissions(coded: Project, tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    out = tmp_path / "claims.csv"
    export(coded, "csv", out)
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777
