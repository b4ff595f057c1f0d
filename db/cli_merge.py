"""``claimdesk merge``: another coder's copy of the project brought into this one."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from db.formats.collect import FormatError
from db.formats.merge import merge_project
from db.store.project import Project


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser(
        "merge",
        help="bring other coders' copies of the project in: their articles, codings and notes, "
        "nothing twice, conflicts reported",
    )
    c.add_argument("--project", type=Path, required=True, help="the project to merge into")
    c.add_argument("others", type=Path, nargs="+", help="the other coders' project files")
    c.add_argument("--json", action="store_true")


def cmd_merge(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    """Merge each file in turn; exit 2 if one could not be merged (the others still are)."""
    code, reports = 0, []
    for other in args.others:
        try:
            report = merge_project(project, other)
        except FormatError as exc:
            err.write(f"{exc}\n")
            code = 2
            continue
        reports.append({"file": str(other), **asdict(report)})
        if not args.json:
            out.write(f"{other.name}: {report.summary()}\n")
            out.writelines(f"  conflict: {c}\n" for c in report.conflicts)
    if args.json:
        out.write(json.dumps(reports, ensure_ascii=False) + "\n")
    return code
