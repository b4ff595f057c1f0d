"""The ``claimdesk`` command line: parse, import, articles, show, search, export, check, claims.

``structure-export`` writes the lines of the articles whose structure the researcher corrected,
each with its kind, as a training set for parsers.

Its output is stable so that scripts can call it. Exit codes: 0 success, 1 some files failed
(import), an article was not found, or a check found problems it could not repair; 2 misuse
(bad arguments) or a project file that cannot be used (not a project, damaged, unreadable).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import DBAPIError

from db import cli_agreement, cli_claims, cli_merge, cli_samples
from db.articles import detail, listing, stories, structure
from db.cli_export import run_export
from db.formats.collect import Scope
from db.formats.export import FORMATS
from db.imports import Importer, ImportFailed
from db.ingest.decode import DecodeError
from db.ingest.files import one_line, shown_path
from db.ingest.pipeline import read_article
from db.maintenance import check, ensure_current_index
from db.search import MAX_TERMS, SearchError, SearchTimeout, search
from db.store.project import Project, ProjectError, describe_error, open_project

COMMANDS = (
    "parse", "import", "articles", "show", "search", "export", "check", "structure-export",
    "claims", "stories", "merge", "agreement", *cli_samples.COMMANDS,
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="claimdesk", description="Claimdesk: claims in the news.")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("parse", help="parse one file and print its structure; stores nothing")
    c.add_argument("path", type=Path)
    c.add_argument("--json", action="store_true", help="print one JSON object")
    c = sub.add_parser("import", help="import files and folders into a project")
    c.add_argument("--project", type=Path, required=True)
    c.add_argument("paths", type=Path, nargs="+")
    c.add_argument("--workers", type=int, default=None, help="parsing processes")
    for name, helptext in (
        ("articles", "list the articles"),
        ("show", "show one article"),
        ("search", "search the project"),
    ):
        c = sub.add_parser(name, help=helptext)
        c.add_argument("--project", type=Path, required=True)
        c.add_argument("--json", action="store_true")
        if name == "show":
            c.add_argument("id", type=int)
        if name == "search":
            c.add_argument("query")
            c.add_argument("--limit", type=int, default=50)
    c = sub.add_parser("export", help="export highlights, notes and articles")
    c.add_argument("--project", type=Path, required=True)
    c.add_argument("--format", required=True, choices=list(FORMATS))
    c.add_argument("--output", type=Path, required=True)
    c.add_argument("--article", type=int, action="append", help="only this article (repeatable)")
    c.add_argument("--code", action="append", help="only highlights with this code or inside it")
    c.add_argument("--one-per-story", action="store_true", help=cli_claims.ONE_PER_STORY)
    c.add_argument(
        "--scope",
        choices=("highlights", "articles"),
        default="highlights",
        help="csv: one row per highlight (default) or per article, with its note",
    )
    c.add_argument(
        "--spreadsheet-safe",
        action="store_true",
        help="csv: put an apostrophe before text starting with = + - @, a tab or a carriage "
        "return, so that a spreadsheet does not run it as a formula",
    )
    c.add_argument(
        "--unique-code-names",
        action="store_true",
        help="qdpx: write a code name used by more than one code with its parent's path, "
        "'Claim (Economy)', since QualCoder keeps one code of each name",
    )
    c.add_argument(
        "--positions",
        choices=("code-points", "utf16"),
        default="code-points",
        help="qdpx: count positions in code points (the standard, QualCoder, MAXQDA) or in "
        "UTF-16 units (as NVivo reads them; they differ after an emoji)",
    )
    c.add_argument(
        "--coder",
        help="variables-csv, sav, dta, xlsx: only this coder's values, a row per article "
        "(default: a row per article per coder, with a coder column)",
    )
    cli_claims.add_parser(sub)
    cli_agreement.add_parser(sub)
    cli_merge.add_parser(sub)
    cli_samples.add_parser(sub)
    c = sub.add_parser("check", help="back up the project, check it and repair its index")
    c.add_argument("--project", type=Path, required=True)
    c = sub.add_parser(
        "structure-export",
        help="write every line of the articles whose structure was corrected, labelled, as TSV",
    )
    c.add_argument("--project", type=Path, required=True)
    c.add_argument("--out", type=Path, required=True, help="the .tsv file to write")
    c = sub.add_parser(
        "stories",
        help="place the articles not yet compared (from before stories) in their stories, and "
        "count the stories",
    )
    c.add_argument("--project", type=Path, required=True)
    c.add_argument("--json", action="store_true")
    return p


def cmd_stories(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    with project.writer() as conn:
        placed = stories.compare_unsigned(conn, lambda d, t: _progress(d, t, err))
        (articles, count, grouped, copies) = conn.execute(
            "SELECT sum(n), count(*), count(*) FILTER (WHERE n > 1), "
            "coalesce(sum(n) FILTER (WHERE n > 1), 0) FROM "
            "(SELECT count(*) AS n FROM article GROUP BY coalesce(story, id))"
        ).fetchone()
    found = {
        "compared_now": placed,
        "articles": articles or 0,
        "stories": count,
        "stories_with_copies": grouped,
        "articles_in_them": copies,
    }
    if args.json:
        _print_json(found, out)
    else:
        out.write(
            f"{placed} article(s) compared now; {found['articles']} articles make {count} "
            f"stories, {grouped} of them with copies ({copies} articles)\n"
        )
    return 0


def _print_json(obj: Any, out: TextIO) -> None:
    json.dump(obj, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _progress(done: int, total: int, err: TextIO) -> None:
    width = 30
    filled = width * done // max(total, 1)
    err.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        err.write("\n")
    err.flush()


def cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        art = read_article(args.path)
    except DecodeError as exc:
        err.write(f"{one_line(shown_path(str(args.path)))}: {one_line(str(exc))}\n")
        return 1
    if args.json:
        _print_json(art.to_json(), out)
    else:
        out.write(f"{art.title or '(no title)'}\n")
        for b in art.blocks:
            out.write(f"{b.kind:<12} {art.block_text(b)[:100]}\n")
    return 0


def cmd_import(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        err.write(
            "".join(f"{one_line(shown_path(str(p)))}: no such file or folder\n" for p in missing)
        )
        return 2
    job = Importer(project, args.paths, workers=args.workers)
    tty = err.isatty()
    stopped = None
    try:
        for step in job.run():
            if tty and (step.done % 50 == 0 or step.done == step.total):
                _progress(step.done, step.total, err)
    except ImportFailed as exc:
        stopped = exc
    rep = job.report
    out.write(f"{rep.summary()}\n")
    for path, reason in rep.failed:  # one line each, whatever the names hold
        out.write(f"  failed: {one_line(path)}: {one_line(reason)}\n")
    for path, message in rep.warnings:
        out.write(f"  warning: {one_line(path)}: {one_line(message)}\n")
    if stopped is not None:
        err.write(f"{one_line(str(stopped))}\n")
    return 1 if rep.failed or stopped is not None else 0


def cmd_articles(args: argparse.Namespace, project: Project, out: TextIO) -> int:
    page = 500  # rows read a page of ids at a time, as the window reads them
    with project.session() as s:
        ids = listing.ordered_ids(s)
        shown = []
        for at in range(0, len(ids), page):
            found = listing.rows(s, ids[at : at + page])
            shown += [found[i] for i in ids[at : at + page]]
    if args.json:
        _print_json([r.__dict__ for r in shown], out)
    else:
        for r in shown:
            out.write(f"{r.id:>7}  {' / '.join(r.section)[:24]:<24}  {r.title or '(no title)'}\n")
    return 0


def cmd_show(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    with project.session() as s:
        art = detail.get(s, args.id)
    if art is None:
        err.write(f"no article {args.id}\n")
        return 1
    if args.json:
        _print_json(art.to_json(), out)
        return 0
    out.write(f"{art.title or '(no title)'}\n{' / '.join(art.section)}\n\n")
    for b in art.blocks:
        if b.kind not in ("boilerplate", "other", "breadcrumb", "headline"):
            out.write(f"{art.text[b.start : b.end]}\n\n")
    return 0


def cmd_search(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    query: str = args.query
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 arrive as lone surrogates
        err.write("Part of the query is not UTF-8 text; only the rest was searched.\n")
    try:
        with project.session() as s:
            hits = search(s, query, limit=args.limit, prefix=False)
    except SearchError as exc:
        err.write(f"{exc}\n")
        return 1 if isinstance(exc, SearchTimeout) else 2
    if hits.ignored:
        err.write(
            f"Only the first {MAX_TERMS} different words were searched; "
            f"{hits.ignored} more were left out.\n"
        )
    if args.json:
        _print_json(
            [
                {
                    "article_id": h.article_id,
                    "title": h.title,
                    "score": h.score,
                    "found_in": list(h.found_in),
                    "snippet": h.marked("[", "]"),
                }
                for h in hits
            ],
            out,
        )
    else:
        for h in hits:  # two lines a hit: the snippet's own line breaks become spaces
            snippet = " ".join(h.marked("[", "]").split())
            out.write(f"{h.article_id:>7}  {h.title or '(no title)'}\n         {snippet}\n")
    return 0


def cmd_export(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    return run_export(
        project,
        args.format,
        args.output,
        out,
        err,
        scope=Scope(
            article_ids=args.article, code_names=args.code, one_per_story=args.one_per_story
        ),
        per="highlight" if args.scope == "highlights" else "article",
        spreadsheet_safe=args.spreadsheet_safe,
        unique_code_names=args.unique_code_names,
        utf16_positions=args.positions == "utf16",
        coder=args.coder,
    )


def cmd_structure_export(
    args: argparse.Namespace, project: Project, out: TextIO, err: TextIO
) -> int:
    """The labelled lines, written beside the output and moved into place once complete."""
    target: Path = args.out
    part = target.with_name(f".{target.name}.part")
    try:
        with project.session() as s, part.open("w", encoding="utf-8", newline="") as f:
            n = structure.write_tsv(s, f)
        part.replace(target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        err.write(f"{target}: {exc.strerror or exc}\n")
        return 1
    out.write(f"{n:,} labelled line{'s' if n != 1 else ''} written to {target}\n")
    return 0


def cmd_check(project: Project, out: TextIO) -> int:
    report = check(project)
    out.write(report.summary() + "\n")
    return 0 if report.ok else 1


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code."""
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    if args.command == "parse":
        return cmd_parse(args, out, err)
    try:
        project = open_project(args.project, create=args.command == "import")
    except ProjectError as exc:
        err.write(f"{one_line(str(exc))}\n")
        return 2
    commands: dict[str, Callable[[], int]] = {
        "import": lambda: cmd_import(args, project, out, err),
        "articles": lambda: cmd_articles(args, project, out),
        "show": lambda: cmd_show(args, project, out, err),
        "search": lambda: cmd_search(args, project, out, err),
        "export": lambda: cmd_export(args, project, out, err),
        "check": lambda: cmd_check(project, out),
        "structure-export": lambda: cmd_structure_export(args, project, out, err),
        "claims": lambda: cli_claims.cmd_claims(args, project, out, err),
        "stories": lambda: cmd_stories(args, project, out, err),
        "agreement": lambda: cli_agreement.cmd_agreement(args, project, out, err),
        "merge": lambda: cli_merge.cmd_merge(args, project, out, err),
        **dict.fromkeys(
            cli_samples.COMMANDS, lambda: cli_samples.cmd_samples(args, project, out, err)
        ),
    }
    with project:
        if project.backup_path:
            err.write(
                f"The project was upgraded; a copy of the old file is at {project.backup_path}\n"
            )
        if ensure_current_index(project):
            err.write("The search index was made by another version of Claimdesk; rebuilt.\n")
        try:
            return commands[args.command]()
        except (ProjectError, sqlite3.Error, DBAPIError) as exc:  # the file failed under us
            message = str(exc) if isinstance(exc, ProjectError) else describe_error(exc)
            err.write(f"{project.path.name}: {one_line(message)}\n")
            return 2


def run(argv: Sequence[str] | None = None) -> int:
    """:func:`main`, ending quietly when the reader of the output goes away (``| head``)."""
    try:
        return main(argv)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
