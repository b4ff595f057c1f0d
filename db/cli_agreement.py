"""``claimdesk agreement``: how far the coders of a project agree, per code and overall.

Prints a table by default, ``--json`` or ``--csv`` for scripts (the rows of
:class:`~db.agreement.report.AgreementReport`): the codes' rows, then the article variables'
(``--no-variables`` leaves them out, ``--variable`` chooses them). ``--xlsx FILE`` also writes
the report as a workbook, sheets "Codes", "Articles" (with ``--by-article``) and "Variables",
written to a temporary file beside it and renamed once complete, so a failure never leaves half
a file. Exit code 2 when a code, coder, article or variable asked for does not exist, or fewer
than two coders coded the articles.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from db.agreement.bootstrap import DRAWS, Interval
from db.agreement.report import VARIABLE, AgreementReport, AgreementRow, Cell, agreement
from db.agreement.units import SEGMENT, AgreementError
from db.store.project import Project


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser(
        "agreement",
        help="how far the coders agree: alpha, unitizing alpha, kappas, %% agreement, per code",
    )
    c.add_argument("--project", type=Path, required=True)
    c.add_argument("--code", action="append", help="only this code (name or path; repeatable)")
    c.add_argument("--coder", action="append", help="only this coder (repeatable)")
    c.add_argument("--article", type=int, action="append", help="only this article (repeatable)")
    how = c.add_mutually_exclusive_group()
    how.add_argument("--json", action="store_true", help="print one JSON object")
    how.add_argument("--csv", action="store_true", help="print the rows as CSV")
    c.add_argument("--by-article", action="store_true", help="also a row per code and article")
    c.add_argument(
        "--exact-codes",
        action="store_true",
        help="a code's highlights only, not those of the codes nested in it",
    )
    c.add_argument(
        "--unit",
        choices=("block", "segment"),
        default="block",
        help="units of alpha and the kappas: the article's paragraphs (blocks, the default) or "
        "runs of --segment-size characters",
    )
    c.add_argument("--segment-size", type=int, default=SEGMENT, metavar="N")
    c.add_argument("--draws", type=int, default=DRAWS, help="bootstrap draws (0: no intervals)")
    c.add_argument("--seed", type=int, default=0, help="seed of the bootstrap draws")
    c.add_argument(
        "--no-variables", action="store_true", help="leave out the article variables' rows"
    )
    c.add_argument(
        "--variable",
        nargs="+",
        action="extend",
        metavar="NAME",
        help="only these article variables (by name)",
    )
    c.add_argument("--xlsx", type=Path, metavar="FILE", help="also write the report as a workbook")


def cmd_agreement(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    if args.draws < 0 or args.segment_size < 1:
        err.write("--draws must be 0 or more and --segment-size 1 or more\n")
        return 2
    try:
        with project.session() as s:
            report = agreement(
                s,
                codes=args.code,
                coders=args.coder,
                articles=args.article,
                nested=not args.exact_codes,
                unit=args.unit,
                segment_size=args.segment_size,
                draws=args.draws,
                seed=args.seed,
                by_article=args.by_article,
                with_variables=not args.no_variables,
                variables=args.variable,
            )
    except AgreementError as exc:
        err.write(f"{exc}\n")
        return 2
    if args.xlsx is not None:
        try:
            write_xlsx(report, args.xlsx)
        except OSError as exc:
            err.write(f"cannot write {args.xlsx}: {exc.strerror or exc}\n")
            return 2
    if args.json:
        json.dump(report.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.csv:
        writer = csv.DictWriter(out, fieldnames=AgreementRow.COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(report.to_rows())
    else:
        out.write(table(report))
    return 0


def _number(x: float | None, digits: int = 3) -> str:
    if x is None:
        return ""
    return "n/a" if math.isnan(x) else f"{x:.{digits}f}"


def _interval(ci: Interval | None) -> str:
    if ci is None or math.isnan(ci.low):
        return ""
    return f"[{ci.low:.3f}, {ci.high:.3f}]"


#: The columns of the workbook's "Variables" sheet.
VARIABLE_COLUMNS = (
    "variable",
    "kind",
    "measure",
    "coders",
    "articles",
    "units",
    "alpha",
    "alpha_low",
    "alpha_high",
    "cohen_kappa",
    "cohen_low",
    "cohen_high",
    "percent_agreement",
    "note",
)
_CODE_COLUMNS = tuple(c for c in AgreementRow.COLUMNS if c not in ("measure", "note"))


def write_xlsx(report: AgreementReport, output: Path) -> None:
    """Write the report as a workbook: sheets "Codes", "Articles" (if any rows) and "Variables".

    Text cells are always text (never formulas); each sheet's header row is frozen. The file is
    written beside ``output`` and renamed over it once complete.
    """
    rows = report.to_rows()
    codes = [r for r in rows if r["level"] in ("code", "overall")]
    articles = [r for r in rows if r["level"] == "article"]
    found = [r for r in rows if r["level"] == VARIABLE]
    kinds = [v.kind for v in report.variables]
    for r, kind in zip(found, kinds, strict=True):
        r["variable"], r["kind"] = r["code"], kind
    book = Workbook(write_only=True)
    _sheet(book, "Codes", _CODE_COLUMNS, codes)
    if articles:
        _sheet(book, "Articles", _CODE_COLUMNS, articles)
    _sheet(book, "Variables", VARIABLE_COLUMNS, found)
    tmp = output.with_name(f".{output.name}.{uuid.uuid4().hex[:12]}.part")
    try:
        book.save(tmp)
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)


def _sheet(
    book: Workbook, title: str, columns: Sequence[str], rows: Sequence[dict[str, Cell]]
) -> None:
    ws = book.create_sheet(title)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Cell, font: Font | None = None) -> object:
        if not isinstance(value, str):
            return value
        if not value:
            return None
        text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if font is None and not text.startswith("=") and text not in ERROR_CODES:
            return text
        out = WriteOnlyCell(ws, text)
        out.data_type = "s"  # never a formula or an error value
        if font is not None:
            out.font = font
        return out

    ws.append([cell(c, bold) for c in columns])
    for r in rows:
        ws.append([cell(r.get(c)) for c in columns])


def table(report: AgreementReport) -> str:
    """The report as a text table, a line a row, with a line on how it was computed."""
    names = ", ".join(c or '""' for c in report.coders)
    units = "paragraphs (blocks)" if report.unit == "block" else "segments"
    lines = [f"{len(report.coders)} coders: {names}; units of alpha and kappa: {units}"]
    if report.draws:
        lines.append(
            f"[interval]: {report.confidence:.0%} bootstrap interval of alpha, "
            f"{report.draws} draws (seed {report.seed})"
        )
    header = (
        f"{'code':<28} {'articles':>8} {'units':>7} {'alpha':>7} {'[interval]':<16} "
        f"{'u-alpha':>7} {'Cohen':>7} {'Fleiss':>7} {'% agr':>6}"
    )
    lines += [header, "-" * len(header)]
    for r in report.rows:
        label = f"  article {r.article_id}" if r.level == "article" else r.code
        if r.level == "overall":
            lines.append("-" * len(header))
        lines.append(
            f"{label[:28]:<28} {r.articles:>8} {r.units:>7} {_number(r.alpha):>7} "
            f"{_interval(r.alpha_ci):<16} {_number(r.u_alpha):>7} {_number(r.cohen_kappa):>7} "
            f"{_number(r.fleiss_kappa):>7} {_number(r.percent_agreement, 1):>6}"
        )
    if report.variables:
        lines += ["", _VARIABLES_HEADER, "-" * len(_VARIABLES_HEADER)]
        for v in report.variables:
            lines.append(
                f"{v.variable[:28]:<28} {v.measure or '-':<8} {v.articles:>8} {v.units:>7} "
                f"{_number(v.alpha):>7} {_interval(v.alpha_ci):<16} "
                f"{_number(v.cohen_kappa):>7} {_number(v.percent_agreement, 1):>6}"
                + (f"  {v.note}" if v.note else "")
            )
    return "\n".join(lines) + "\n"


_VARIABLES_HEADER = (
    f"{'variable':<28} {'measure':<8} {'articles':>8} {'units':>7} {'alpha':>7} "
    f"{'[interval]':<16} {'Cohen':>7} {'% agr':>6}"
)
