"""Code memos out and back: the REFI-QDA codebook (.qdc), the project archive (.qdpx), JSON."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from db.annotate import codes, highlights
from db.annotate.code_history import describe, history
from db.formats.code_memo import memo_text, read_memo
from db.formats.collect import FormatError
from db.formats.exchange import import_exchange
from db.formats.export import export
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project, open_project
from tests.conftest import FIXTURES
from tests.db.test_export import run

CODEBOOK_XSD = FIXTURES / "refi-qda" / "refi-qda-codebook-1.0.xsd"
NS = {"c": "urn:QDA-XML:codebook:1.0"}
MEMO = {
    "description": "A statement of fact that can be checked.\n\nNot an opinion.",
    "when_to_use": "A figure, a date or an event\nsaid to have happened.",
    "when_not": "Predictions; “Example:” inside a field stays in it.",
    "example": "Unemployment fell to 12.5% — «الأرقام»",
}


@pytest.fixture
def memoed(project: Project) -> Project:
    """The default codebook, a code nested two deep, and memos full, partial and empty."""
    with project.session() as s:
        book = {c.name: c.id for c in codes.all_codes(s)}
        codes.update(s, book["Claim"], **MEMO)
        codes.update(s, book["Quote"], example="“We will win,” she said.")
        economy = codes.add(s, "Economy", color="#AA3300", parent_id=book["Claim"])
        codes.add(s, "Prices <&>", color="#0055AA", description="Nested twice", parent_id=economy)
    return project


def memos(project: Project) -> list[tuple[str, str, str, str, str, str, str]]:
    with project.session() as s:
        book = codes.all_codes(s)
        return [
            (c.uid, codes.path(book, c.id), c.color, c.description, c.when_to_use, c.when_not,
             c.example)
            for c in book
        ]  # fmt: skip


def test_the_memo_layout_reads_back_field_by_field() -> None:
    class Code:
        description, when_to_use, when_not, example = MEMO.values()

    text = memo_text(Code())
    assert text.startswith(MEMO["description"] + "\n\nWhen to use: A figure")
    assert "\nWhen not to use: Predictions" in text and "\nExample: Unemployment" in text
    assert read_memo(text) == MEMO


def test_a_description_from_another_tool_is_all_definition() -> None:
    text = "Example: of a code whose definition starts with a label.\nSecond line."
    assert read_memo("Plain words.\nWhen to use: not after a blank line") == {
        "description": "Plain words.\nWhen to use: not after a blank line",
        "when_to_use": "",
        "when_not": "",
        "example": "",
    }
    assert read_memo(text)["example"].startswith("of a code")  # a label at the start counts
    assert read_memo("")["description"] == ""


def test_the_codebook_export_is_valid_and_carries_nesting_colours_and_memos(
    memoed: Project, tmp_path: Path
) -> None:
    out = tmp_path / "book.qdc"
    result = export(memoed, "qdc", out)
    tree = etree.parse(str(out))
    etree.XMLSchema(etree.parse(str(CODEBOOK_XSD))).assertValid(tree)
    assert result.count == len(memos(memoed)) == 7
    claim = tree.find("c:Codes/c:Code[@name='Claim']", NS)
    assert claim is not None and claim.get("isCodable") == "true"
    assert read_memo(claim.findtext("c:Description", namespaces=NS) or "") == MEMO
    nested = claim.find("c:Code[@name='Economy']/c:Code", NS)
    assert nested is not None and nested.get("name") == "Prices <&>"
    assert nested.get("color") == "#0055AA"
    statistic = tree.find("c:Codes/c:Code[@name='Statistic']", NS)
    assert statistic is not None and statistic.findtext("c:Description", namespaces=NS)


def test_a_codebook_read_into_a_new_project_has_the_same_codes_and_memos(
    memoed: Project, tmp_path: Path
) -> None:
    out = tmp_path / "book.qdc"
    export(memoed, "qdc", out)
    with open_project(tmp_path / "other.claimdesk") as other:
        import_exchange(other, out)
        assert memos(other) == memos(memoed)
        import_exchange(other, out)  # the same codebook again adds nothing
        assert memos(other) == memos(memoed)


def test_the_project_archive_and_json_carry_the_memos_too(memoed: Project, tmp_path: Path) -> None:
    for fmt in ("qdpx", "json"):
        out = tmp_path / f"p.{fmt}"
        export(memoed, fmt, out)
        with open_project(tmp_path / f"from-{fmt}.claimdesk") as other:
            import_exchange(other, out)
            assert memos(other) == memos(memoed), fmt


def test_a_codebook_as_another_tool_writes_it_is_read(project: Project, tmp_path: Path) -> None:
    """A category that codes nothing, a code in it, a braced GUID, a description unlabelled."""
    out = tmp_path / "other.qdc"
    out.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder 3.6"><Codes>'
        '<Code guid="{6B1F3C2A-0D9E-4A57-9C61-2E8B4F0A7D15}" name="Frames" isCodable="false">'
        "<Description>Ways a story is told</Description>"
        '<Code guid="0F2E6D1C-7A3B-4C5D-8E9F-1A2B3C4D5E6F" name="Conflict" isCodable="true"'
        ' color="#C0392B"><Description>Two sides.\n\nExample: a row in parliament</Description>'
        "</Code></Code></Codes></CodeBook>",
        encoding="utf-8",
    )
    import_exchange(project, out)
    got = {m[1]: m[2:] for m in memos(project)}
    assert got["Frames"][1:] == ("Ways a story is told", "", "", "")
    assert got["Frames/Conflict"] == ("#C0392B", "Two sides.", "", "", "a row in parliament")
    (uid,) = [m[0] for m in memos(project) if m[1] == "Frames"]
    assert uid == "6b1f3c2a-0d9e-4a57-9c61-2e8b4f0a7d15"
    with project.session() as s:  # in the codebook's history, the defaults it replaced too
        names = {c.uid: c.name for c in codes.all_codes(s)}
        said = {(e.name, describe(e, names)) for e in history(s)}
    assert {("Frames", "Imported"), ("Conflict", "Imported inside “Frames”")} <= said
    assert ("Claim", "Deleted") in said


def test_a_file_that_is_not_a_codebook_is_refused(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.qdc"
    bad.write_text('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>', encoding="utf-8")
    with pytest.raises(FormatError, match="not a REFI-QDA codebook"):
        import_exchange(project, bad)
    bad.write_text("<CodeBook", encoding="utf-8")
    with pytest.raises(FormatError, match="not well-formed"):
        import_exchange(project, bad)


def test_the_command_line_exports_the_codebook(memoed: Project, tmp_path: Path) -> None:
    out = tmp_path / "cli.qdc"
    code, said, _ = run("export", "--project", str(memoed.path), "--format", "qdc",
                        "--output", str(out))  # fmt: skip
    assert code == 0 and said.startswith("7 codes written to")
    etree.XMLSchema(etree.parse(str(CODEBOOK_XSD))).assertValid(etree.parse(str(out)))


def test_reports_end_with_the_memos_of_the_codes_they_show(memoed: Project, tmp_path: Path) -> None:
    with memoed.session() as s:
        (aid,) = store_articles(s, [(parse_text("Prices fell\n\nPrices fell by half.\n"), None)])
        claim = {c.name: c.id for c in codes.all_codes(s)}["Claim"]
        highlights.add(s, article_id=aid, start=0, end=11, code_id=claim)
    md, page = (tmp_path / "r.md", tmp_path / "r.html")
    export(memoed, "md", md)
    export(memoed, "html", page)
    text = md.read_text(encoding="utf-8")
    book = text[text.index("\n## Codebook\n") :]
    assert "**Claim**" in book and "*When not to use:* Predictions" in book
    assert "Quote" not in book  # not shown in the report, so not in its codebook
    doc = lxml.html.fromstring(page.read_text(encoding="utf-8"))
    (section,) = doc.iter("section")
    assert [dt.text_content() for dt in section.iter("dt")] == ["Claim"]
    fields = [dd.text_content() for dd in section.iter("dd")]
    assert fields == [
        f"Definition: {MEMO['description']}",
        f"When to use: {MEMO['when_to_use']}",
        f"When not to use: {MEMO['when_not']}",
        f"Example: {MEMO['example']}",
    ]
