"""The variables sheet: one row per article per coder, the article's columns, then one per variable.

Shared by the CSV (here), the workbook's Variables sheet and the SPSS and Stata files
(:mod:`db.formats.stat_files`). Codes, numbers and yes/no (1 and 0) go out as numbers, dates as
the ISO 8601 text stored (a day, a month or a year), text as text; a value not coded is empty.
Without a coder, each article has a row for every coder who coded it (one with coder "" if
nobody did); with one, a row for every article in scope, that coder's values in it.
"""

from __future__ import annotations

import csv
from pathlib import Path

from db.annotate import variables
from db.annotate.variables import CATEGORICAL, SHEET_COLUMNS, SheetRow, VariableView
from db.formats.collect import FormatError, ProjectData
from db.formats.tables import Value, spreadsheet_safe
from db.store.models import VariableKind

#: The kinds whose values go out as numbers.
NUMBERS = CATEGORICAL | {VariableKind.NUMERIC.value, VariableKind.YESNO.value}


def sheet_of(
    data: ProjectData, coder: str | None = None
) -> tuple[list[VariableView], list[SheetRow]]:
    """The variables in their order, and the sheet's rows for the articles in scope.

    Raises:
        FormatError: ``coder`` coded nothing while others did (a misspelt name, most likely).
    """
    if coder is not None:
        known = variables.coders(data.s)
        if known and coder.strip() not in known:
            named = ", ".join(repr(c) if c else '"" (unnamed)' for c in known)
            raise FormatError(f"no values were coded by {coder!r}; the coders are {named}")
    return variables.all_variables(data.s), variables.sheet(
        data.s, coder=coder, article_ids=data.ids
    )


def sheet_columns(defined: list[VariableView]) -> list[str]:
    return [*SHEET_COLUMNS, *(x.name for x in defined)]


def number(stored: str) -> int | float:
    """A stored number as a number: integers as int, the rest as float."""
    try:
        return int(stored)
    except ValueError:
        return float(stored)


def row_cells(defined: list[VariableView], row: SheetRow) -> list[Value]:
    """The row's cells, in :func:`sheet_columns` order."""
    cells: list[Value] = [
        row.article_id, row.title or "", row.outlet or "", row.published or "", row.url or "",
        row.coder,
    ]  # fmt: skip
    for x in defined:
        stored = row.values.get(x.id)
        if stored is None:
            cells.append("")
        else:
            cells.append(number(stored) if x.kind in NUMBERS else stored)
    return cells


def write_variables_csv(
    data: ProjectData, output: Path, *, coder: str | None = None, safe: bool = False
) -> int:
    """Write the sheet (UTF-8 with a BOM, as the other CSV); returns the number of rows.

    With ``safe``, text a spreadsheet would run as a formula gets an apostrophe before it.
    """
    defined, rows = sheet_of(data, coder)
    with output.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(sheet_columns(defined))
        for row in rows:
            cells = row_cells(defined, row)
            out.writerow([spreadsheet_safe(c) for c in cells] if safe else cells)
    return len(rows)
