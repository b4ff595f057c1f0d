"""REFI-QDA both ways: positions read as their producer counts them, and nothing lost in between.

Archives written here follow the structure other producers write (NVivo counts UTF-16 units,
QualCoder's "MAXQDA line endings" writes CRLF but counts a line end once); every expected quote
is cut from the source text by the producer's own counting, computed here independently.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from db.annotate import codes, highlights, memos, notes
from db.articles.detail import get
from db.articles.edit import set_details
from db.formats.exchange import import_exchange
from db.formats.export import export
from db.formats.qdpx_read import load_qdpx
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project, open_project
from tests.db.test_export import refi_qda_schema

NS = "urn:QDA-XML:project:1.0"
G = "{%08X-0000-4000-8000-000000000000}"  # GUIDs numbered for reading


def utf16_span(text: str, quote: str) -> tuple[int, int]:
    """Where ``quote`` lies in ``text``, in UTF-16 units, as NVivo writes it."""
    start = len(text[: text.index(quote)].encode("utf-16-le")) // 2
    return start, start + len(quote.encode("utf-16-le")) // 2


def archive(
    path: Path,
    origin: str | None,
    texts: list[str],
    selections: list[list[tuple[int, int, str]]],
    extra: str = "",
    encoding: str = "utf-8",
) -> Path:
    """A .qdpx of ``texts`` and their (start, end, name) selections, each coded with one code."""
    sources = []
    assert len(texts) == len(selections)
    for n, sels in enumerate(selections, start=1):
        items = "".join(
            f'<PlainTextSelection guid="{G % (100 * n + m)}" name="{name}" startPosition="{a}"'
            f' endPosition="{b}"><Coding guid="{G % (1000 * n + m)}"><CodeRef targetGUID="{G % 1}"/>'
            "</Coding></PlainTextSelection>"
            for m, (a, b, name) in enumerate(sels, start=1)
        )
        sources.append(
            f'<TextSource guid="{G % (10 + n)}" name="Source {n}" '
            f'plainTextPath="internal://{n}.txt">{items}</TextSource>'
        )
    attr = f' origin="{origin}"' if origin else ""
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="p"{attr}>'
        f'<CodeBook><Codes><Code guid="{G % 1}" name="Claim" isCodable="true"/></Codes></CodeBook>'
        f"<Sources>{''.join(sources)}</Sources>{extra}</Project>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        for n, text in enumerate(texts, start=1):
            z.writestr(f"sources/{n}.txt", text.encode(encoding))
    return path


def quotes(path: Path) -> list[str]:
    inc = load_qdpx(path)
    return [a.article.text[h.start : h.end] for a in inc.articles for h in a.highlights]


EMOJI = "Protesters 😀 gathered 🇮🇷 outside.\nThe minister 👨‍👩‍👧 said prices fell by half."
WORDS = ["gathered", "outside", "minister", "prices fell by half"]


@pytest.mark.parametrize("origin", ["NVivo 12.6.0.959 (Windows)", "NVivo for Mac 12.7", None])
def test_nvivo_positions_count_utf16_units(tmp_path: Path, origin: str | None) -> None:
    # A code-point reading cuts these short or shifted once an emoji is before them.
    sels = [[(*utf16_span(EMOJI, w), w) for w in WORDS]]
    path = archive(tmp_path / "nvivo.qdpx", origin, [EMOJI], sels)
    assert quotes(path) == WORDS
    said = " ".join(load_qdpx(path).warnings)
    assert "UTF-16" in said


def test_without_an_origin_the_reading_that_fits_the_boundaries_wins(tmp_path: Path) -> None:
    # No names to compare with: only where the cuts fall tells UTF-16 from code points.
    sels = [[(*utf16_span(EMOJI, w), "") for w in WORDS]]
    assert quotes(archive(tmp_path / "bare.qdpx", None, [EMOJI], sels)) == WORDS
    points = [[(EMOJI.index(w), EMOJI.index(w) + len(w), "") for w in WORDS]]
    path = archive(tmp_path / "points.qdpx", None, [EMOJI], points)
    assert quotes(path) == WORDS
    assert not load_qdpx(path).warnings


def test_quotes_in_the_names_outweigh_what_the_producer_counts(tmp_path: Path) -> None:
    # QualCoder counts UTF-16 units, but passes on another tool's code points unchanged: its
    # selections' names, their quotes, tell which reading is right.
    points = [[(EMOJI.index(w), EMOJI.index(w) + len(w), w) for w in WORDS]]
    path = archive(tmp_path / "qc.qdpx", "QualCoder 4.0 Beta", [EMOJI], points)
    assert quotes(path) == WORDS
    assert not load_qdpx(path).warnings


def test_crlf_written_but_line_ends_counted_once(tmp_path: Path) -> None:
    # QualCoder's "MAXQDA line endings": the file has CRLF, positions count the LF text.
    lf = "First line here.\nSecond line says more.\nThird line: the claim itself.\n"
    words = ["Second line", "the claim itself", "Third"]
    sels = [[(lf.index(w), lf.index(w) + len(w), w) for w in words]]
    path = archive(tmp_path / "maxqda.qdpx", "QualCoder 3.6", [lf.replace("\n", "\r\n")], sels)
    assert quotes(path) == words
    assert "line ends counted as one" in " ".join(load_qdpx(path).warnings)


def test_crlf_counted_where_the_producer_counts_it(tmp_path: Path) -> None:
    crlf = "First line here.\r\nSecond line says more.\r\nThird line: the claim itself.\r\n"
    words = ["Second line", "the claim itself", "Third"]
    sels = [[(crlf.index(w), crlf.index(w) + len(w), w) for w in words]]
    assert quotes(archive(tmp_path / "crlf.qdpx", None, [crlf], sels)) == words


def test_nfd_text_bom_and_controls_keep_each_coding_on_its_characters(tmp_path: Path) -> None:
    # The import composes "e" + U+0301 and drops a form feed: positions move with them. A BOM
    # is not text: the producer counts from the character after it.
    raw = "\ufeffCafe\u0301 owners said\x0c prices rose. Re\u0301sume\u0301 of the claim."
    words = ["owners said", "prices rose", "Re\u0301sume\u0301 of the claim"]
    sels = [[(raw.index(w) - 1, raw.index(w) - 1 + len(w), "") for w in words]]
    got = quotes(archive(tmp_path / "nfd.qdpx", "QualCoder 3.6", [raw], sels))
    assert got == ["owners said", "prices rose", "Résumé of the claim"]


NOTES = f"""<Notes>
<Note guid="{G % 900}" name="Journal: week 1" creationDateTime="2026-01-05T10:00:00Z">
<PlainTextContent>Started coding the wire copy.</PlainTextContent></Note>
<Note guid="{G % 901}" name="Project memo"><PlainTextContent>Aim: follow one claim.</PlainTextContent></Note>
<Note guid="{G % 902}" name="Annotation"><PlainTextContent>Check this figure.</PlainTextContent></Note>
<Note guid="{G % 903}" name="Source memo"><PlainTextContent>Found on the front page.</PlainTextContent></Note>
</Notes><NoteRef targetGUID="{G % 901}"/>"""


def test_positioned_notes_journals_and_source_memos_arrive(tmp_path: Path) -> None:
    text = "The minister said prices fell by half. Critics disagreed."
    path = archive(tmp_path / "notes.qdpx", "QualCoder 3.6", [text], [[(4, 12, "minister")]])
    with zipfile.ZipFile(path, "a") as z:  # add an uncoded selection with a note, a source memo
        qde = etree.fromstring(z.read("project.qde"))
    src = qde.find(f"{{{NS}}}Sources/{{{NS}}}TextSource")
    assert src is not None
    note = etree.SubElement(
        src,
        f"{{{NS}}}PlainTextSelection",
        guid=G % 77,
        startPosition=str(text.index("prices")),
        endPosition=str(text.index(" Critics")),
    )
    etree.SubElement(note, f"{{{NS}}}NoteRef", targetGUID=G % 902)
    etree.SubElement(src, f"{{{NS}}}NoteRef", targetGUID=G % 903)
    qde.extend(etree.fromstring(f'<x xmlns="{NS}">{NOTES}</x>'))
    rebuilt = tmp_path / "notes2.qdpx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(rebuilt, "w") as z:
        z.writestr("project.qde", etree.tostring(qde))
        z.writestr("sources/1.txt", old.read("sources/1.txt"))
    assert refi_qda_schema().validate(qde), refi_qda_schema().error_log
    with open_project(tmp_path / "in.claimdesk") as p:
        import_exchange(p, rebuilt)
        with p.session() as s:
            art = get(s, 1)
            assert art is not None
            marked = {h.exact: h.note for h in art.highlights}
            assert marked == {"minister": "", "prices fell by half.": "Check this figure."}
            assert notes.body(s, article_id=1) == "Found on the front page."
            kept = {(m.title, m.body) for m in memos.all_memos(s)}
        assert kept == {
            ("Journal: week 1", "Started coding the wire copy."),
            ("Project memo", "Aim: follow one claim."),
        }
        import_exchange(p, rebuilt)  # the same file again adds no memo twice
        with p.session() as s:
            assert len(memos.all_memos(s)) == 2


@pytest.fixture
def described(project: Project) -> Project:
    """An article with every detail, notes in both formats, and two project memos."""
    text = "Minister says prices fell\n\nThe minister said prices fell by half this year.\n"
    with project.session() as s:
        (aid,) = store_articles(s, [(parse_text(text), "a.txt")])
        set_details(
            s,
            [aid],
            {
                "outlet": "Tehran Times",
                "section": ["Politics", "Economy"],
                "byline": "A. Writer",
                "published": "2017-03-04",
                "url": "https://example.org/a",
            },
        )
        code = codes.add(s, "Claim", color="#AA3300")
        start = text.index("prices")
        h = highlights.add(s, article_id=aid, start=start, end=start + 11, code_id=code)
        notes.save(s, "**Key** point", highlight_id=h, fmt="text/markdown")
        notes.save(s, "# Why\nWire copy.", article_id=aid, fmt="text/markdown")
        memos.save(s, "Journal", "Day one.")
        memos.save(s, "Project memo", "*Aims*", fmt="text/markdown")
    return project


def _state(p: Project) -> tuple[object, ...]:
    with p.session() as s:
        art = get(s, 1)
        assert art is not None
        row = (
            s.connection()
            .exec_driver_sql("SELECT outlet, section, byline, published, url FROM article")
            .one()
        )
        note_rows = (
            s.connection().exec_driver_sql("SELECT uid, body, format FROM note ORDER BY uid").all()
        )
        memo_rows = [(m.uid, m.title, m.body, m.format) for m in memos.all_memos(s)]
    return tuple(row), sorted(map(tuple, note_rows)), sorted(memo_rows)


def _note_guids(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        qde = etree.fromstring(z.read("project.qde"))
    return sorted(n.get("guid") or "" for n in qde.iter(f"{{{NS}}}Note"))


def test_round_trip_keeps_metadata_note_formats_and_memos(
    described: Project, tmp_path: Path
) -> None:
    first = tmp_path / "first.qdpx"
    export(described, "qdpx", first)
    with zipfile.ZipFile(first) as z:
        qde = etree.fromstring(z.read("project.qde"))
    assert refi_qda_schema().validate(qde), refi_qda_schema().error_log
    # Project notes are notes with a text file of their own, as QualCoder reads journals.
    with zipfile.ZipFile(first) as z:
        journals = {
            n.get("name"): z.read("sources/" + (n.get("plainTextPath") or "")[11:]).decode()
            for n in qde.iter(f"{{{NS}}}Note")
            if n.get("plainTextPath")
        }
    assert journals == {"Journal": "Day one.", "Project memo": "*Aims*"}
    names = {v.get("name") for v in qde.iter(f"{{{NS}}}Variable")}
    assert {"Outlet", "Section", "Byline", "Published", "URL"} <= names
    with open_project(tmp_path / "back.claimdesk") as p:
        import_exchange(p, first)
        assert _state(p) == _state(described)
        second = tmp_path / "second.qdpx"
        export(p, "qdpx", second)
    assert _note_guids(second) == _note_guids(first) != []


def test_the_json_export_carries_project_notes(described: Project, tmp_path: Path) -> None:
    out = tmp_path / "project.json"
    export(described, "json", out)
    with open_project(tmp_path / "back.claimdesk") as p:
        import_exchange(p, out)
        assert _state(p) == _state(described)
        with p.session() as s:
            assert len(memos.all_memos(s)) == 2


def _code_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        qde = etree.fromstring(z.read("project.qde"))
    return [c.get("name") or "" for c in qde.iter(f"{{{NS}}}Code")]


def test_repeated_code_names_are_said_and_can_be_made_unique(
    described: Project, tmp_path: Path
) -> None:
    from db.formats.collect import ProjectData
    from db.formats.qdpx import write_qdpx

    with described.session() as s:
        topics = codes.add(s, "Topics", color="#101010")
        economy = codes.add(s, "Economy", color="#112233", parent_id=topics)
        politics = codes.add(s, "Politics", color="#445566")
        codes.add(s, "Figures", color="#778899", parent_id=economy)
        codes.add(s, "Figures", color="#998877", parent_id=politics)
    plain, unique = tmp_path / "plain.qdpx", tmp_path / "unique.qdpx"
    warned: list[str] = []
    with described.session() as s:
        write_qdpx(ProjectData(s), plain, name="p", warnings=warned)
    assert len(warned) == 1 and "Topics/Economy/Figures, Politics/Figures" in warned[0]
    assert "Claim: Claim, Claim" in warned[0]  # the default codebook's and one of the file's
    assert _code_names(plain).count("Figures") == 2
    quiet: list[str] = []
    with described.session() as s:
        write_qdpx(ProjectData(s), unique, name="p", unique_names=True, warnings=quiet)
    names = _code_names(unique)
    assert not quiet and len(set(names)) == len(names)
    assert {"Figures (Topics/Economy)", "Figures (Politics)", "Claim (2)"} <= set(names)
    with open_project(tmp_path / "back.claimdesk") as p:  # and back: the names as they were
        import_exchange(p, unique)
        with p.session() as s:
            book2 = codes.all_codes(s)
            paths = sorted(codes.path(book2, c.id) for c in book2)
    assert "Topics/Economy/Figures" in paths and "Politics/Figures" in paths


def test_an_export_for_nvivo_counts_utf16_units_and_reads_back(tmp_path: Path) -> None:
    from db.formats.collect import ProjectData
    from db.formats.qdpx import write_qdpx

    with open_project(tmp_path / "emoji.claimdesk") as p:
        with p.session() as s:
            (aid,) = store_articles(s, [(parse_text(EMOJI), "emoji.txt")])
            text = get(s, aid).text  # type: ignore[union-attr]
            for w in WORDS:
                highlights.add(s, article_id=aid, start=text.index(w), end=text.index(w) + len(w))
        out = tmp_path / "nvivo.qdpx"
        with p.session() as s:
            write_qdpx(ProjectData(s), out, name="p", utf16=True)
    with zipfile.ZipFile(out) as z:
        qde = etree.fromstring(z.read("project.qde"))
        (member,) = [n for n in z.namelist() if n.startswith("sources/")]
        written = z.read(member).decode()
    spans = [
        (int(sel.get("startPosition") or 0), int(sel.get("endPosition") or 0))
        for sel in qde.iter(f"{{{NS}}}PlainTextSelection")
    ]
    assert sorted(spans) == sorted(utf16_span(written, w) for w in WORDS)
    assert sorted(quotes(out)) == sorted(WORDS)  # and Claimdesk reads it back right


def test_the_command_line_warns_of_repeated_names_and_writes_them_unique(
    described: Project, tmp_path: Path
) -> None:
    from tests.db.test_export import run

    with described.session() as s:
        codes.add(s, "Claim", color="#101010", parent_id=codes.add(s, "Topics", color="#202020"))
    out = tmp_path / "p.qdpx"
    code, said, warned = run(
        "export", "--project", str(described.path), "--format", "qdpx", "--output", str(out)
    )
    assert code == 0 and "warning:" in warned and "QualCoder keeps one code of each name" in warned
    code, said, warned = run(
        "export", "--project", str(described.path), "--format", "qdpx", "--output", str(out),
        "--unique-code-names", "--positions", "utf16",
    )  # fmt: skip
    assert code == 0 and warned == "" and "coded selections" in said
    assert "Claim (Topics)" in _code_names(out)
