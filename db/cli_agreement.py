"""``claimdesk agreement``: how far the coders of a project agree, per code and overall.

Prints a table by default, ``--json`` or ``--csv`` for scripts (the rows of
:class:`~db.agreement.report.AgreementReport`). Exit code 2 when a code, coder or article asked
for does not exist, or fewer than two coders coded the articles.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from pathlib import Path
from typing import TextIO

from db.agreement.bootstrap import DRAWS, Interval
from db.agreement.report import AgreementReport, AgreementRow, agreement
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
            )
    except AgreementError as exc:
        err.write(f"{exc}\n")
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
    return "\n".join(lines) + "\n"
