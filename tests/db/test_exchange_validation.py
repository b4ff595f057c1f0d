"""Exchange files from elsewhere: each one is checked whole and imports all or nothing.

A hostile corpus is made by mutating one valid export (Claimdesk JSON and REFI-QDA): every
malformed file must fail alone, with a reason, leaving the project as it was, while a good file
in the same folder still imports.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import struct
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from db.annotate import codes, highlights, notes
from db.cli import main
from db.formats.export import export
from db.imports import Importer
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project, open_project
from tests.conftest import SAMPLES

NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
BASELINE_UID = "0b0b0b0b-0000-4000-8000-000000000001"
BASELINE_TEXT = "Baseline headline here\n\nA baseline article already in the project, as a body."
TABLES = ("article", "block", "caption", "code", "highlight", "note")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the seeds, a nested code, coded highlights and notes of both formats."""
    folder = tmp_path_factory.mktemp("source")
    with open_project(folder / "source.claimdesk") as p:
        for _ in Importer(p, [SAMPLES]).run():
            pass
        with p.session() as s:
            book = {c.name: c.id for c in codes.all_codes(s)}
            economy = codes.add(s, "Economy", color="#AA3300", parent_id=book["Claim"])
            ids = [
                int(i) for i in s.connection().exec_driver_sql("SELECT id FROM article").scalars()
            ]
            for aid in ids:
                body = (
                    s.connection()
                    .exec_driver_sql("SELECT text FROM article WHERE id = ?", (aid,))
                    .scalar()
                )
                first = str(body).index(" the ") + 1
                a = highlights.add(
                    s, article_id=aid, start=first, end=first + 40, code_id=economy, coder="R."
                )
                highlights.add(s, article_id=aid, start=first + 5, end=first + 30)
                notes.save(s, "A note on the claim", highlight_id=a, fmt="text/markdown")
                notes.save(s, f"Article note {aid}", article_id=aid)
        export(p, "json", folder / "good.json")
        export(p, "qdpx", folder / "good.qdpx")
    return folder


@pytest.fixture
def target(tmp_path: Path) -> Project:
    """A project holding one article of its own, with a known uid."""
    p = open_project(tmp_path / "target.claimdesk")
    with p.session() as s:
        (aid,) = store_articles(s, [(parse_text(BASELINE_TEXT), "baseline.txt")])
        s.connection().exec_driver_sql(
            "UPDATE article SET uid = ? WHERE id = ?", (BASELINE_UID, aid)
        )
    return p


def state(p: Project) -> dict[str, Any]:
    """Everything an import could change: row counts, and the codebook."""
    with p.session() as s:
        conn = s.connection()
        counts = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in TABLES}
        book = [(c.uid, c.name, c.color, c.parent_id) for c in codes.all_codes(s)]
    return {"counts": counts, "codes": book}


def import_one(p: Project, path: Path) -> Importer:
    job = Importer(p, [path])
    for _ in job.run():
        pass
    return job


# ---- Claimdesk JSON


def _first_highlight(doc: dict[str, Any]) -> dict[str, Any]:
    return next(h for a in doc["articles"] for h in a["highlights"])


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A mutation setting ``doc[path...] = value``; a path step "H" is the first highlight."""

    def mutate(doc: dict[str, Any]) -> dict[str, Any]:
        node: Any = doc
        for step in path[:-1]:
            node = _first_highlight(doc) if step == "H" else node[step]
        node[path[-1]] = value
        return doc

    return mutate


def _dup_article_uid(doc: dict[str, Any]) -> dict[str, Any]:
    doc["articles"][1]["uid"] = doc["articles"][0]["uid"]
    return doc


def _dup_highlight_uid(doc: dict[str, Any]) -> dict[str, Any]:
    hs = doc["articles"][0]["highlights"]
    hs[1]["uid"] = hs[0]["uid"]
    return doc


def _dup_note_uid(doc: dict[str, Any]) -> dict[str, Any]:
    a = doc["articles"][0]
    a["note"]["uid"] = next(h["note"]["uid"] for h in a["highlights"] if h["note"])
    return doc


def _dup_code_uid(doc: dict[str, Any]) -> dict[str, Any]:
    doc["codes"][1]["uid"] = doc["codes"][0]["uid"]
    return doc


def _blank_highlight(doc: dict[str, Any]) -> dict[str, Any]:
    a = doc["articles"][0]
    gap = a["text"].index("\n\n")
    h = a["highlights"][0]
    h["start"], h["end"], h["exact"] = gap, gap + 2, "\n\n"
    return doc


def _crlf_text(doc: dict[str, Any]) -> dict[str, Any]:
    doc["articles"][0]["text"] = doc["articles"][0]["text"].replace("\n", "\r\n")
    return doc


def _uid_of_baseline(doc: dict[str, Any]) -> dict[str, Any]:
    doc["articles"][0]["uid"] = BASELINE_UID  # the target holds another text under it
    return doc


def _unknown_code(doc: dict[str, Any]) -> dict[str, Any]:
    _first_highlight(doc)["code"] = str(uuid.uuid4())
    return doc


def _unknown_parent(doc: dict[str, Any]) -> dict[str, Any]:
    doc["codes"][-1]["parent"] = str(uuid.uuid4())
    return doc


def _child_before_parent(doc: dict[str, Any]) -> dict[str, Any]:
    child = next(i for i, c in enumerate(doc["codes"]) if c["parent"])
    doc["codes"].insert(0, doc["codes"].pop(child))  # Economy, nested in Claim, comes first
    return doc


JSON_MUTATIONS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "article uid not a uuid": _set(("articles", 0, "uid"), "not-a-uuid"),
    "article uid a number": _set(("articles", 0, "uid"), 12345),
    "duplicate article uid": _dup_article_uid,
    "duplicate highlight uid": _dup_highlight_uid,
    "duplicate note uid": _dup_note_uid,
    "code uid invalid": _set(("codes", 0, "uid"), "{zzz}"),
    "duplicate code uid": _dup_code_uid,
    "highlight uid invalid": _set(("H", "uid"), "<script>"),
    "highlight end at 10^9": _set(("H", "end"), 10**9),
    "highlight start negative": _set(("H", "start"), -5),
    "highlight start a string": _set(("H", "start"), "5"),
    "highlight start a float": _set(("H", "start"), 5.0),
    "highlight start true": _set(("H", "start"), True),
    "quote does not match span": _set(("H", "exact"), "something else entirely"),
    "highlight over spaces only": _blank_highlight,
    "highlight of an unknown code": _unknown_code,
    "block beyond the text": _set(("articles", 0, "blocks", 0, "end"), 10**9),
    "block of no kind": _set(("articles", 0, "blocks", 0, "kind"), "banner"),
    "caption beyond the text": _set(("articles", 0, "captions", 0, "end"), 10**9),
    "caption anchor beyond the text": _set(("articles", 0, "captions", 0, "anchor"), 10**9),
    "hidden spans unreadable": _set(("articles", 0, "hidden_spans"), "x-y,z"),
    "hidden spans do not match blocks": _set(("articles", 0, "hidden_spans"), "0-5"),
    "note format html": _set(("articles", 0, "note", "format"), "text/html"),
    "highlight note format unknown": _set(
        ("H", "note"),
        {
            "uid": str(uuid.uuid4()),
            "body": "x",
            "format": "application/x-evil",
            "lang": None,
            "created": "",
            "modified": "",
        },
    ),
    "note body a list": _set(("articles", 0, "note", "body"), ["x"]),
    "text missing": lambda d: (d["articles"][0].pop("text"), d)[1],
    "text a number": _set(("articles", 0, "text"), 42),
    "text not canonical": _crlf_text,
    "section not strings": _set(("articles", 0, "section"), [1, 2]),
    "article not an object": _set(("articles", 0), "article"),
    "articles not a list": _set(("articles",), {"0": {}}),
    "codes entry not an object": _set(("codes", 0), None),
    "code parent unknown": _unknown_parent,
    "child code before its parent": _child_before_parent,
    "version a string": _set(("version",), "2"),
    "version missing": lambda d: (d.pop("version"), d)[1],
    "article uid already in the project": _uid_of_baseline,
    "truncated file": lambda d: json.dumps(d)[:-40].encode(),
    "nested past any depth": lambda d: (
        '{"format": "claimdesk-project", "version": 1, "codes": '
        + "[" * 100_000
        + "]" * 100_000
        + "}"
    ).encode(),
}


def _write_json(path: Path, value: Any) -> Path:
    path.write_bytes(value if isinstance(value, bytes) else json.dumps(value).encode())
    return path


def malformed_json(source: Path, folder: Path, names: list[str] | None = None) -> dict[str, Path]:
    """The mutations ``names`` (all by default) of the good export, written into ``folder``."""
    good = json.loads((source / "good.json").read_text(encoding="utf-8"))
    folder.mkdir(exist_ok=True)
    return {
        name: _write_json(folder / f"bad-{n:02}.json", mutate(copy.deepcopy(good)))
        for n, (name, mutate) in enumerate(JSON_MUTATIONS.items())
        if names is None or name in names
    }


def test_the_json_corpus_is_large_enough() -> None:
    assert len(JSON_MUTATIONS) >= 22


@pytest.mark.parametrize("name", list(JSON_MUTATIONS))
def test_a_malformed_json_export_fails_alone_and_stores_nothing(
    source: Path, target: Project, tmp_path: Path, name: str
) -> None:
    bad = malformed_json(source, tmp_path / "bad", [name])[name]
    before = state(target)
    job = import_one(target, bad)
    assert [Path(p).name for p, _ in job.report.failed] == [bad.name], name
    reason = job.report.failed[0][1]
    assert bad.name in reason and "Error" not in reason, reason  # a reason, not a traceback
    assert state(target) == before, name


def test_a_folder_of_malformed_json_still_imports_its_good_file(
    source: Path, target: Project, tmp_path: Path
) -> None:
    folder = tmp_path / "folder"
    bad = malformed_json(source, folder)
    (folder / "zz-good.json").write_bytes((source / "good.json").read_bytes())
    job = import_one(target, folder)
    failed = {Path(p).name for p, _ in job.report.failed}
    assert failed == {p.name for p in bad.values()}
    assert all(reason for _, reason in job.report.failed)
    good = json.loads((source / "good.json").read_text(encoding="utf-8"))
    n_highlights = sum(len(a["highlights"]) for a in good["articles"])
    assert (job.report.imported, job.report.duplicates) == (len(good["articles"]), 0)
    counts = state(target)["counts"]
    assert counts["article"] == len(good["articles"]) + 1
    assert counts["highlight"] == n_highlights


def test_a_copied_sha_does_not_make_a_new_article_a_duplicate(
    source: Path, target: Project, tmp_path: Path
) -> None:
    doc = json.loads((source / "good.json").read_text(encoding="utf-8"))
    with target.session() as s:
        held = s.connection().exec_driver_sql("SELECT text_sha256 FROM article").scalar()
    for a in doc["articles"]:
        a["text_sha256"] = held  # claims to be the baseline article
    job = import_one(target, _write_json(tmp_path / "copied.json", doc))
    assert (job.report.imported, job.report.duplicates, job.report.failed) == (2, 0, [])
    with target.session() as s:
        rows = s.connection().exec_driver_sql("SELECT text, text_sha256 FROM article").all()

    assert all(hashlib.sha256(t.encode()).hexdigest() == sha for t, sha in rows)


def test_colours_that_are_not_colours_get_the_fallback_with_a_warning(
    source: Path, target: Project, tmp_path: Path
) -> None:
    doc = json.loads((source / "good.json").read_text(encoding="utf-8"))
    doc["codes"][0]["color"] = "red; background: url(x)"
    doc["codes"][1]["color"] = "#abc"
    job = import_one(target, _write_json(tmp_path / "colours.json", doc))
    assert job.report.failed == [] and job.report.imported == 2
    with target.session() as s:
        colour = {c.name: c.color for c in codes.all_codes(s)}
    assert colour[doc["codes"][0]["name"]] == codes.FALLBACK_COLOR
    assert colour[doc["codes"][1]["name"]] == "#AABBCC"
    assert any("not a colour" in w for _, w in job.report.warnings)


def test_a_valid_export_imports_whole(source: Path, target: Project) -> None:
    job = import_one(target, source / "good.json")
    assert job.report.failed == [] and job.report.imported == 2
    with target.session() as s:
        conn = s.connection()
        quotes = conn.exec_driver_sql(
            'SELECT h.exact = substr(a.text, h.start + 1, h."end" - h.start) FROM highlight h'
            " JOIN article a ON a.id = h.article_id"
        ).scalars()
        assert all(quotes)
        assert conn.exec_driver_sql("SELECT count(*) FROM note").scalar() == 4


# ---- REFI-QDA


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _xml(edit: Callable[[etree._Element], object]) -> Callable[[dict[str, bytes]], bytes]:
    """A mutation of project.qde's tree."""

    def mutate(members: dict[str, bytes]) -> bytes:
        root = etree.fromstring(members["project.qde"])
        edit(root)
        members["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        return _zip(members)

    return mutate


def _raw_qde(data: bytes) -> Callable[[dict[str, bytes]], bytes]:
    def mutate(members: dict[str, bytes]) -> bytes:
        members["project.qde"] = data
        return _zip(members)

    return mutate


def _qde_bytes(edit: Callable[[bytes], bytes]) -> Callable[[dict[str, bytes]], bytes]:
    def mutate(members: dict[str, bytes]) -> bytes:
        members["project.qde"] = edit(members["project.qde"])
        return _zip(members)

    return mutate


def _sources(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(Q + "TextSource"))


def _codes(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(Q + "Code"))


def _selections(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(Q + "PlainTextSelection"))


def _second_source_same_guid(root: etree._Element) -> None:
    a, b = _sources(root)[:2]
    b.set("guid", a.get("guid", ""))


def _unsupported_method(members: dict[str, bytes]) -> bytes:
    data = bytearray(_zip(members, zipfile.ZIP_STORED))
    for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):  # local and central headers
        i = data.find(sig)
        while i >= 0:
            struct.pack_into("<H", data, i + at, 99)
            i = data.find(sig, i + 4)
    return bytes(data)


def _corrupt_data(members: dict[str, bytes]) -> bytes:
    data = bytearray(_zip(members))
    i = data.find(b"PK\x03\x04")
    for j in range(i + 60, i + 120):
        data[j] ^= 0x5A
    return bytes(data)


def _deep(members: dict[str, bytes]) -> bytes:
    members["project.qde"] = (
        f'<Project xmlns="{NS}">'.encode() + b"<a>" * 300_000 + b"</a>" * 300_000 + b"</Project>"
    )
    return _zip(members)


def _bomb(members: dict[str, bytes]) -> bytes:
    members["sources/zeros.txt"] = b"\0" * (40 << 20)
    return _zip(members)


def _set_attr(
    pick: Callable[[etree._Element], list[etree._Element]], n: int, attr: str, value: str | None
) -> Callable[[dict[str, bytes]], bytes]:
    def edit(root: etree._Element) -> None:
        node = pick(root)[n]
        if value is None:
            del node.attrib[attr]
        else:
            node.set(attr, value)

    return _xml(edit)


def _same(pick: Callable[[etree._Element], list[etree._Element]], a: int, b: int) -> Any:
    return _xml(lambda r: pick(r)[b].set("guid", pick(r)[a].get("guid", "")))


def _nested_same_guid(root: etree._Element) -> None:
    parent = next(c for c in _codes(root) if c.find(Q + "Code") is not None)
    child = parent.find(Q + "Code")
    assert child is not None
    child.set("guid", parent.get("guid", ""))


def _selection_of_held_uid(holder: str) -> Callable[[dict[str, bytes]], bytes]:
    return _set_attr(_selections, 0, "guid", holder)


QDPX_MUTATIONS: dict[str, Callable[[dict[str, bytes]], bytes]] = {
    "source guid not a uuid": _set_attr(_sources, 0, "guid", "not-a-guid"),
    "source guid missing": _set_attr(_sources, 0, "guid", None),
    "two sources with one guid": _xml(_second_source_same_guid),
    "code guid not a uuid": _set_attr(_codes, 0, "guid", "12345"),
    "code guid missing": _set_attr(_codes, 1, "guid", None),
    "two codes with one guid": _same(_codes, 0, 1),
    "a code nested in itself": _xml(_nested_same_guid),
    "selection guid not a uuid": _set_attr(_selections, 0, "guid", "x" * 50),
    "two selections with one guid": _same(_selections, 0, 1),
    "one guid in two sources' selections": _same(_selections, 0, 2),
    "source guid of another text in the project": _set_attr(_sources, 0, "guid", BASELINE_UID),
    "truncated project.qde": _qde_bytes(lambda b: b[: len(b) // 2]),
    "empty project.qde": _raw_qde(b""),
    "root is not a Project": _qde_bytes(
        lambda b: b.replace(b"<Project", b"<Projekt", 1).replace(b"</Project>", b"</Projekt>")
    ),
    "root outside the namespace": _qde_bytes(lambda b: b.replace(NS.encode(), b"urn:other")),
    "external entity": _raw_qde(
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM '
        b'"file:///etc/passwd">]><Project xmlns="' + NS.encode() + b'" name="&x;"/>'
    ),
    "undefined entity": _qde_bytes(lambda b: b.replace(b'name="', b'name="&nope;', 1)),
    "unknown encoding declared": _qde_bytes(lambda b: b.replace(b"UTF-8", b"x-no-such", 1)),
    "nested past any depth": _deep,
    "not a zip": lambda m: b"PK but not really a zip archive at all",
    "truncated zip": lambda m: _zip(m)[: len(_zip(m)) // 2],
    "corrupted member data": _corrupt_data,
    "unsupported compression": _unsupported_method,
    "path leaving the folder": lambda m: _zip({**m, "../../evil.txt": b"x"}),
    "absolute path": lambda m: _zip({**m, "/etc/evil": b"x"}),
    "drive path": lambda m: _zip({**m, "C:/evil.txt": b"x"}),
    "no project.qde": lambda m: _zip({k: v for k, v in m.items() if k != "project.qde"}),
    "expands far past its size": _bomb,
}


HELD = "selection guid of a highlight in the project"


def malformed_qdpx(
    source: Path, folder: Path, names: list[str], held_highlight: str = ""
) -> dict[str, Path]:
    """The mutations ``names`` of the good archive, written into ``folder``."""
    folder.mkdir(exist_ok=True)
    mutations = {**QDPX_MUTATIONS, HELD: _selection_of_held_uid(held_highlight)}
    out = {}
    for n, (name, mutate) in enumerate(mutations.items()):
        if name not in names:
            continue
        path = folder / f"bad-{n:02}.qdpx"
        path.write_bytes(mutate(_members(source / "good.qdpx")))
        out[name] = path
    return out


def _held_highlight(p: Project) -> str:
    with p.session() as s:
        (aid,) = store_articles(
            s, [(parse_text("Another headline here\n\nSome other body."), None)]
        )
        hid = highlights.add(s, article_id=aid, start=0, end=7)
        return str(s.connection().exec_driver_sql(
            "SELECT uid FROM highlight WHERE id = ?", (hid,)
        ).scalar())  # fmt: skip


def test_the_qdpx_corpus_is_large_enough() -> None:
    assert len(QDPX_MUTATIONS) + 1 >= 24


@pytest.mark.parametrize("name", [*QDPX_MUTATIONS, HELD])
def test_a_malformed_qdpx_fails_alone_and_stores_nothing(
    source: Path, target: Project, tmp_path: Path, name: str
) -> None:
    held = _held_highlight(target)
    bad = malformed_qdpx(source, tmp_path / "bad", [name], held)[name]
    before = state(target)
    job = import_one(target, bad)
    assert [Path(p).name for p, _ in job.report.failed] == [bad.name], name
    reason = job.report.failed[0][1]
    assert reason and "Error" not in reason and "could not be imported (" not in reason, reason
    assert state(target) == before, name


def test_a_folder_of_malformed_qdpx_still_imports_its_good_file(
    source: Path, target: Project, tmp_path: Path
) -> None:
    folder = tmp_path / "folder"
    bad = malformed_qdpx(source, folder, list(QDPX_MUTATIONS))
    (folder / "zz-good.qdpx").write_bytes((source / "good.qdpx").read_bytes())
    job = import_one(target, folder)
    failed = {Path(p).name for p, _ in job.report.failed}
    assert failed == {p.name for p in bad.values()}
    assert all(reason for _, reason in job.report.failed)
    assert (job.report.imported, job.report.duplicates) == (2, 0)
    with target.session() as s:
        n = s.connection().exec_driver_sql("SELECT count(*) FROM highlight").scalar()
    assert n == len(_selections(etree.fromstring(_members(source / "good.qdpx")["project.qde"])))


# ---- What a .qdpx leaves out, and text it must keep


def _qdpx_with(
    source: Path, path: Path, edit: Callable[[etree._Element, dict[str, bytes]], None]
) -> Path:
    members = _members(source / "good.qdpx")
    root = etree.fromstring(members["project.qde"])
    edit(root, members)
    members["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    path.write_bytes(_zip(members))
    return path


def test_missing_sources_and_bad_positions_are_reported_as_warnings(
    source: Path, target: Project, tmp_path: Path
) -> None:
    def edit(root: etree._Element, members: dict[str, bytes]) -> None:
        first, second = _sources(root)[:2]
        del members[f"sources/{first.get('guid')}.txt"]
        sels = second.findall(Q + "PlainTextSelection")
        sels[0].set("startPosition", "ten")
        sels[1].set("endPosition", str(10**9))

    path = _qdpx_with(source, tmp_path / "gaps.qdpx", edit)
    code, out, _ = run("import", "--project", target.path, path)
    warnings = [line for line in out.splitlines() if line.startswith("  warning: ")]
    assert code == 0 and "1 imported" in out
    assert len(warnings) == 3 and all("gaps.qdpx: " in w for w in warnings)
    assert sum("not in the archive" in w for w in warnings) == 1
    assert sum("positions" in w and "left out" in w for w in warnings) == 2


def test_text_after_an_entity_in_plain_text_content_is_kept(
    target: Project, tmp_path: Path
) -> None:
    sid, sel = str(uuid.uuid4()).upper(), str(uuid.uuid4()).upper()
    qde = (
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE Project [<!ENTITY org "ACME">]>'
        f'<Project xmlns="{NS}" name="x"><Sources><TextSource guid="{sid}" name="Entity">'
        "<PlainTextContent>The &org; report said exports rose. Critics disagreed.\n"
        "A second paragraph follows the first.</PlainTextContent>"
        f'<PlainTextSelection guid="{sel}" startPosition="4" endPosition="10"/>'
        "</TextSource></Sources></Project>"
    ).encode()
    path = tmp_path / "entity.qdpx"
    path.write_bytes(_zip({"project.qde": qde}))
    job = import_one(target, path)
    assert job.report.failed == [] and job.report.imported == 1
    with target.session() as s:
        text = (
            s.connection()
            .exec_driver_sql("SELECT text FROM article WHERE title = 'Entity'")
            .scalar()
        )
        exact = s.connection().exec_driver_sql("SELECT exact FROM highlight").scalar()
    assert text == (
        "The &org; report said exports rose. Critics disagreed.\n"
        "A second paragraph follows the first."
    )
    assert exact == "&org; "


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "cp1252"])
def test_sources_in_other_encodings_are_read_with_their_positions(
    target: Project, tmp_path: Path, encoding: str
) -> None:
    body = "Café owners protest\r\n\r\nThe café closed after thirty years, owners said.\r\n"
    sid, sel = str(uuid.uuid4()).upper(), str(uuid.uuid4()).upper()
    start = body.index("thirty")
    qde = (
        f'<?xml version="1.0" encoding="UTF-8"?><Project xmlns="{NS}" name="x"><Sources>'
        f'<TextSource guid="{sid}" name="Cafe" plainTextPath="internal://{sid}.txt">'
        f'<PlainTextSelection guid="{sel}" startPosition="{start}" endPosition="{start + 12}"/>'
        "</TextSource></Sources></Project>"
    ).encode()
    path = tmp_path / "encoded.qdpx"
    path.write_bytes(_zip({"project.qde": qde, f"sources/{sid}.txt": body.encode(encoding)}))
    job = import_one(target, path)
    assert job.report.failed == [] and job.report.imported == 1
    with target.session() as s:
        exact = s.connection().exec_driver_sql("SELECT exact FROM highlight").scalar()
    assert exact == "thirty years"


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()
