"""XLSX for Excel and LibreOffice: the sheets Highlights, Articles, Codes, Claims and Variables.

Written in openpyxl's write-only mode, so a large project streams out in little memory. Every
text is a string cell, whatever it starts with: a quote beginning with ``=`` stays text, never
a formula (nor an error value, as ``#N/A`` would be). Ids, offsets and counts are numbers; dates
stay ISO 8601 text as stored; an empty text is a blank cell. Each sheet has its header row
frozen and an autofilter; columns are as wide as their longest line in the first rows (a
streamed sheet's widths go out before its rows), within bounds.

XML cannot hold control characters other than tab and line ends: each becomes U+FFFD. A text
longer than a cell holds (32,767 UTF-16 units) is cut and ends in "…".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from db.formats.claims_sheet import claim_table
from db.formats.collect import ProjectData, generator
from db.formats.tables import (
    ARTICLE_COLUMNS,
    HIGHLIGHT_COLUMNS,
    Value,
    article_row,
    highlight_rows,
)
from db.formats.variables_sheet import row_cells, sheet_columns, sheet_of

CODE_COLUMNS = ("code", "color", "description", "when_to_use", "when_not", "example", "highlights")
CELL_LIMIT = 32_767
MEASURED_ROWS = 500
WIDTHS = (6, 60)  # in characters


def cell_text(text: str) -> str:
    """``text`` as a cell can hold it (see the module's description)."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    if len(text) <= CELL_LIMIT // 2 or len(text.encode("utf-16-le")) <= 2 * CELL_LIMIT:
        return text
    units = accumulate(2 if ord(ch) > 0xFFFF else 1 for ch in text)
    return text[: next(i for i, n in enumerate(units) if n >= CELL_LIMIT)] + "…"


def _width(value: Value) -> int:
    return max(map(len, str(value).split("\n")))


class _Sheet:
    """A streamed sheet: rows held back until the widths are measured, then written as they come."""

    def __init__(self, book: Workbook, title: str, columns: Sequence[str]) -> None:
        # Its column_dimensions and auto_filter are set up at run time, unknown to the stubs.
        self.ws: WriteOnlyWorksheet = book.create_sheet(title)
        self.columns = columns
        self.held: list[Sequence[Value]] | None = []
        self.widths = [len(c) for c in columns]
        self.rows = 0

    def add(self, row: Sequence[Value]) -> None:
        self.rows += 1
        if self.held is None:
            self.ws.append([self._cell(v) for v in row])
            return
        self.held.append(row)
        self.widths = [max(w, _width(v)) for w, v in zip(self.widths, row, strict=True)]
        if len(self.held) >= MEASURED_ROWS:
            self._start()

    def _start(self) -> None:
        low, high = WIDTHS
        for i, width in enumerate(self.widths, 1):
            column = self.ws.column_dimensions[get_column_letter(i)]  # type: ignore[attr-defined]
            column.width = min(max(width, low), high) + 1
        self.ws.freeze_panes = "A2"
        bold = Font(bold=True)
        self.ws.append([self._cell(c, bold) for c in self.columns])
        held, self.held = self.held or [], None
        for row in held:
            self.ws.append([self._cell(v) for v in row])

    def _cell(self, value: Value, font: Font | None = None) -> Value | Cell | None:
        if not isinstance(value, str):
            return value
        if not value:
            return None  # a blank cell, not an empty text
        text = cell_text(value)
        if font is None and not text.startswith("=") and text not in ERROR_CODES:
            return text  # a string cell: openpyxl reads no other text as anything else
        cell = WriteOnlyCell(self.ws, text)
        cell.data_type = "s"  # openpyxl would take "=..." for a formula and "#N/A" for an error
        if font is not None:
            cell.font = font
        return cell

    def close(self) -> None:
        if self.held is not None:
            self._start()
        last = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"  # type: ignore[attr-defined]


def write_xlsx(data: ProjectData, output: Path, *, coder: str | None = None) -> int:
    """Write the workbook; returns the number of highlights.

    Highlights: one row per highlight in scope (HIGHLIGHT_COLUMNS). Articles: every article in
    scope with its metadata, the number of its highlights and its note (ARTICLE_COLUMNS). Codes:
    the codebook in scope, each code's full path, colour, memo (its definition, when to use
    it, when not, an example) and highlights. Claims:
    one row per claim, its mentions counted per outlet (see :mod:`db.formats.claims_sheet`).
    Variables: the coding sheet, a row per article per coder (only ``coder``'s, if given), its
    codes and numbers as numbers (see :mod:`db.formats.variables_sheet`).
    """
    book = Workbook(write_only=True)
    book.properties.creator = generator()
    highlights = _Sheet(book, "Highlights", HIGHLIGHT_COLUMNS)
    articles = _Sheet(book, "Articles", ARTICLE_COLUMNS)
    codes = _Sheet(book, "Codes", CODE_COLUMNS)
    counts: Counter[int | None] = Counter()
    for art in data.articles():
        articles.add(article_row(art))
        for row in highlight_rows(data, art):
            highlights.add(row)
        counts.update(h["code_id"] for h in art.highlights)
    for c in data.codes:
        if data.allowed is None or c.id in data.allowed:
            memo = [c.description, c.when_to_use, c.when_not, c.example]
            codes.add([data.code_path(c.id), c.color, *memo, counts[c.id]])
    columns, rows = claim_table(data)
    claim_sheet = _Sheet(book, "Claims", columns)
    for row in rows:
        claim_sheet.add(row)
    defined, coded = sheet_of(data, coder)
    variable_sheet = _Sheet(book, "Variables", sheet_columns(defined))
    for sheet_row in coded:
        variable_sheet.add(row_cells(defined, sheet_row))
    for sheet in (highlights, articles, codes, claim_sheet, variable_sheet):
        sheet.close()
    book.save(output)
    return highlights.rows
