"""``claimdesk claims list|show|export``: the claim catalogue for scripts (``--json``)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from sqlmodel import Session

from db.annotate import claims
from db.cli_export import run_export
from db.formats.collect import Scope
from db.store.project import Project

FORMAT_OF = {"claimreview": "claimreview", "csv": "claims-csv"}  # the export's format names
ONE_PER_STORY = "of a story's copies, only the first; a claim's mentions count one a story"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser("claims", help="list, show or export the claims")
    how = c.add_subparsers(dest="action", required=True)
    for name, helptext in (("list", "list the claims"), ("show", "show one claim")):
        a = how.add_parser(name, help=helptext)
        a.add_argument("--project", type=Path, required=True)
        a.add_argument("--json", action="store_true")
        if name == "show":
            a.add_argument("id", type=int)
        else:
            a.add_argument("--status", choices=claims.STATUSES)
    a = how.add_parser("export", help="the claims as ClaimReview JSON-LD or a CSV sheet")
    a.add_argument("--project", type=Path, required=True)
    a.add_argument("--format", choices=list(FORMAT_OF), default="claimreview")
    a.add_argument("--output", type=Path, required=True)
    a.add_argument("--reviewer", default="", help="claimreview: who reviewed the claims (author)")
    a.add_argument("--one-per-story", action="store_true", help=ONE_PER_STORY)


def cmd_claims(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    with project.session() as s:
        if args.action == "list":
            found = claims.all_claims(s, status=args.status)
            if args.json:
                out.write(json.dumps([asdict(c) for c in found], ensure_ascii=False) + "\n")
            for c in found if not args.json else ():
                verdict = c.verdict or c.status
                reach = f"{c.mentions:>4} in {c.stories:>3} stories, {c.outlets:>3} outlets"
                out.write(f"{c.id:>6}  {reach}  {verdict:<12} {c.wording}\n")
            return 0
        if args.action == "show":
            return _show(s, args, out, err)
    fmt = FORMAT_OF[args.format]
    scope = Scope(one_per_story=args.one_per_story)
    return run_export(project, fmt, args.output, out, err, review_author=args.reviewer, scope=scope)


def _show(s: Session, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    view = next((c for c in claims.all_claims(s) if c.id == args.id), None)
    if view is None:
        err.write(f"no claim with id {args.id}\n")
        return 1
    mentions = claims.mentions(s, args.id)
    if args.json:
        out.write(
            json.dumps(
                {**asdict(view), "mentions": [asdict(m) for m in mentions]}, ensure_ascii=False
            )
            + "\n"
        )
        return 0
    out.write(f"{view.wording}\n{view.claimant or 'no claimant'} · {view.verdict or view.status}\n")
    for m in mentions:
        out.write(f"  [{m.article_id}] {m.where()}\n      {m.kwic()}\n")
    return 0
