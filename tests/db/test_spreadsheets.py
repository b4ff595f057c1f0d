"""Spreadsheets: XLSX cells typed as they are (text never a formula), CSV exact or spreadsheet-safe."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.utils import get_column_letter

from db.annotate import codes, highlights, notes
from db.cli import main
from db.formats.export import export
from db.formats.xlsx import CELL_LIMIT, WIDTHS, cell_text
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project

#: Quotes a spreadsheet would take for formulas or error values, each a line of the article.
FORMULAS = ["=SUM(A1:A2)", "+1 vote", "-5% in a year", "@minister said", "#N/A"]
HOSTILE_NOTE = '\tindented =HYPERLINK("http://tracker.example")'
LONG = "A long quote of many words. " * 4
NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
FORMULAS_TITLE, PLAIN_TITLE = (
    "Spreadsheet formulas reach the ministry",
    "A plain article on the budget",
)
URLS = {FORMULAS_TITLE: "https://www.example.org/news/1", PLAIN_TITLE: None}
OUTLETS = {FORMULAS_TITLE: None, PLAIN_TITLE: "Tehran Times"}


@pytest.fixture
def sheet_project(project: Project) -> Project:
    """Two articles: one of formula-like lines, highlighted, with a URL and no outlet."""
    with project.session() as s:
        first = f"{FORMULAS_TITLE}\n\n" + "\n\n".join([*FORMULAS, LONG]) + "\n"
        second = f"{PLAIN_TITLE}\n\nThe minister spoke on Monday.\n"
        ids = store_articles(s, [(parse_text(first), None), (parse_text(second), None)])
        conn = s.connection()
        for aid, title in zip(ids, URLS, strict=True):
            conn.exec_driver_sql(
                "UPDATE article SET url = ?, outlet = ?, byline = ? WHERE id = ?",
                (URLS[title], OUTLETS[title], f"By {title}", aid),
            )
        text = conn.exec_driver_sql("SELECT text FROM article WHERE id = ?", (ids[0],))
        body = text.scalar_one()
        claim = codes.add(s, "=Claim", color="#AA3300", description="-counted")
        codes.update(s, claim, when_to_use="+1 when quoted", example="@minister")
        for i, quote in enumerate([*FORMULAS, LONG.strip()]):
            at = body.index(quote)
            coder = "R. Analyst" if i % 2 else ""
            h = highlights.add(
                s, article_id=ids[0], start=at, end=at + len(quote), code_id=claim, coder=coder
            )
        notes.save(s, HOSTILE_NOTE, highlight_id=h)
        notes.save(s, "=1+1 on the article", article_id=ids[1])
    return project


def stored(project: Project, sql: str) -> list[dict[str, object]]:
    with project.session() as s:
        return [dict(r._mapping) for r in s.connection().exec_driver_sql(sql)]


def sheet_rows(path: Path, name: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)[name]
    header, *rows = ws.iter_rows(values_only=True)
    return [dict(zip(map(str, header), r, strict=True)) for r in rows]


def sheet_xml(path: Path, index: int) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(f"xl/worksheets/sheet{index}.xml"))


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), out=out, err=err), out.getvalue() + err.getvalue()


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_xlsx_holds_highlights_articles_and_codes(sheet_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "claims.xlsx"
    code, said = run(
        "export", "--project", str(sheet_project.path), "--format", "xlsx", "--output", str(out)
    )
    want = stored(sheet_project, 'SELECT * FROM highlight ORDER BY start, "end", id')
    assert code == 0 and said.startswith(f"{len(want)} highlights written")
    sheets = ["Highlights", "Articles", "Codes", "Claims", "Variables"]
    assert openpyxl.load_workbook(out).sheetnames == sheets
    rows = sheet_rows(out, "Highlights")
    got = [(r["article_id"], r["start"], r["end"], r["quote"], r["coder"] or "") for r in rows]
    assert got == [(h["article_id"], h["start"], h["end"], h["exact"], h["coder"]) for h in want]
    assert {r["code"] for r in rows} == {"=Claim"} and rows[-1]["note"] == HOSTILE_NOTE
    articles = sheet_rows(out, "Articles")
    meta = stored(sheet_project, "SELECT id, title, outlet, byline, url FROM article ORDER BY id")
    assert [
        (a["article_id"], a["title"], a["outlet"], a["byline"], a["url"]) for a in articles
    ] == [tuple(m.values()) for m in meta]
    assert [a["highlights"] for a in articles] == [len(want), 0]
    assert articles[1]["note"] == "=1+1 on the article"
    claim = [c for c in sheet_rows(out, "Codes") if c["code"] == "=Claim"]
    assert claim == [
        {
            "code": "=Claim",
            "color": "#AA3300",
            "description": "-counted",
            "when_to_use": "+1 when quoted",
            "when_not": None,
            "example": "@minister",
            "highlights": len(want),
        }
    ]


def test_xlsx_text_is_never_a_formula_and_numbers_are_numbers(
    sheet_project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "claims.xlsx"
    export(sheet_project, "xlsx", out)
    for index in (1, 2, 3):
        root = sheet_xml(out, index)
        assert root.findall(".//x:f", NS) == []
        for c in root.iterfind(".//x:c", NS):
            text = c.findtext("x:is/x:t", namespaces=NS)
            assert c.get("t") == ("inlineStr" if text is not None else "n"), etree.tostring(c)
    quotes = {
        c.findtext("x:is/x:t", namespaces=NS) for c in sheet_xml(out, 1).iterfind(".//x:c", NS)
    }
    assert set(FORMULAS) <= quotes and HOSTILE_NOTE in quotes
    ws = openpyxl.load_workbook(out)["Highlights"]
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert {row[k].data_type for k in ("article_id", "start", "end")} == {"n"}
    assert {row[k].data_type for k in ("quote", "code", "title")} == {"s"}


def test_xlsx_sheets_have_a_frozen_header_a_filter_and_bounded_widths(
    sheet_project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "claims.xlsx"
    export(sheet_project, "xlsx", out)
    wb = openpyxl.load_workbook(out)
    low, high = WIDTHS
    for index, ws in enumerate(wb.worksheets, 1):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == ws.dimensions  # the header and every row
        widths = [c.get("width") for c in sheet_xml(out, index).iterfind(".//x:col", NS)]
        assert len(widths) == ws.max_column and all(low < float(w) <= high + 1 for w in widths)
    header = [c.value for c in wb["Highlights"][1]]
    quote = wb["Highlights"].column_dimensions[get_column_letter(header.index("quote") + 1)].width
    assert quote == high + 1  # the long quote would be wider


def test_cells_hold_what_xml_and_spreadsheets_can() -> None:
    assert cell_text("a\x00b\x0cc\td\ne") == "a\ufffdb\ufffdc\td\ne"
    wide = "😀" * CELL_LIMIT  # two UTF-16 units each
    cut = cell_text(wide)
    assert cut.endswith("…") and wide.startswith(cut[:-1])
    assert len(cut.encode("utf-16-le")) // 2 == CELL_LIMIT  # full, and no more
    assert cell_text("x" * CELL_LIMIT) == "x" * CELL_LIMIT


def test_csv_keeps_text_exactly_unless_asked_to_be_spreadsheet_safe(
    sheet_project: Project, tmp_path: Path
) -> None:
    exact, safe = tmp_path / "exact.csv", tmp_path / "safe.csv"
    export(sheet_project, "csv", exact)
    args = ("export", "--project", str(sheet_project.path), "--format", "csv")
    assert run(*args, "--output", str(safe), "--spreadsheet-safe")[0] == 0
    plain, guarded = read_csv(exact), read_csv(safe)
    want = stored(sheet_project, 'SELECT exact FROM highlight ORDER BY start, "end", id')
    assert [r["quote"] for r in plain] == [h["exact"] for h in want]
    for before, after in zip(plain, guarded, strict=True):
        for column, value in before.items():
            risky = value[:1] in ("=", "+", "-", "@", "\t", "\r")
            assert after[column] == (f"'{value}" if risky else value), column
    assert {r["note"] for r in guarded} >= {"'" + HOSTILE_NOTE}


def test_outlet_is_as_recorded_and_site_is_the_urls_host(
    sheet_project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "articles.csv"
    export(sheet_project, "csv", out, per="article")
    rows = {r["title"]: r for r in read_csv(out)}
    assert {t: (r["outlet"], r["site"]) for t, r in rows.items()} == {
        FORMULAS_TITLE: ("", "example.org"),
        PLAIN_TITLE: ("Tehran Times", ""),
    }
    assert {t: r["byline"] for t, r in rows.items()} == {t: f"By {t}" for t in URLS}


def test_the_coder_goes_out_as_stored(sheet_project: Project, tmp_path: Path) -> None:
    csv_out, xlsx_out = tmp_path / "c.csv", tmp_path / "c.xlsx"
    export(sheet_project, "csv", csv_out)
    export(sheet_project, "xlsx", xlsx_out)
    want = [
        h["coder"]
        for h in stored(sheet_project, 'SELECT coder FROM highlight ORDER BY start, "end", id')
    ]
    assert {"", "R. Analyst"} == set(want)
    assert [r["coder"] for r in read_csv(csv_out)] == want
    assert [r["coder"] or "" for r in sheet_rows(xlsx_out, "Highlights")] == want


def test_an_empty_project_makes_a_workbook_of_headers(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    assert export(project, "xlsx", out).count == 0
    assert sheet_rows(out, "Highlights") == [] and sheet_rows(out, "Articles") == []
