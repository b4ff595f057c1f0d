"""``claimdesk sample``, ``sets``, ``assign`` and ``reliability-sample``: sets of articles to code.

A refused draw or assignment (a taken name, a sample larger than its population, an unknown
set) is said in one line on stderr and exits 1; the project is left as it was.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from db.articles import samples
from db.store.project import Project

COMMANDS = ("sample", "sets", "assign", "reliability-sample")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser("sample", help="draw a random sample of articles and save it as a set")
    c.add_argument("--project", type=Path, required=True)
    c.add_argument("--name", required=True, help="the name of the new set")
    size = c.add_mutually_exclusive_group(required=True)
    size.add_argument("--n", type=int, help="the number of articles to draw")
    size.add_argument("--fraction", type=float, help="the part of the population to draw, 0-1")
    c.add_argument(
        "--stratify",
        help="outlet, month, section (its first part) or variable:NAME; strata are given "
        "shares in proportion to their sizes (largest remainder)",
    )
    c.add_argument("--coder", default="", help="variable:NAME: whose values (default: unnamed)")
    c.add_argument("--seed", type=int, help="the seed of the draw (default: a random one, kept)")
    c.add_argument(
        "--one-per-story", action="store_true", help="only the first article of each story"
    )
    c.add_argument("--from", dest="from_set", help="draw from this set, not all articles")
    c = sub.add_parser("sets", help="list the sets: size, how drawn, coders and their progress")
    c.add_argument("--project", type=Path, required=True)
    c.add_argument("--json", action="store_true")
    c = sub.add_parser("assign", help="give a set to coders")
    c.add_argument("--project", type=Path, required=True)
    c.add_argument("set", help="the set's name")
    c.add_argument("coders", nargs="+")
    c = sub.add_parser(
        "reliability-sample",
        help="draw the articles a reliability test needs (Krippendorff's minimum for alpha)",
    )
    c.add_argument("--project", type=Path, required=True)
    c.add_argument("--name", required=True)
    c.add_argument("--alpha-min", type=float, default=0.8, help="smallest acceptable alpha")
    c.add_argument("--p", type=float, default=0.05, help="significance level")
    c.add_argument(
        "--pc",
        type=float,
        default=0.5,
        help="probability of the least frequent value (1/k for k equally frequent values)",
    )
    c.add_argument("--seed", type=int)
    c.add_argument("--from", dest="from_set", help="draw from this set, not all articles")


def cmd_samples(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    """Run one of :data:`COMMANDS`."""
    try:
        if args.command == "sets":
            return _sets(args, project, out)
        with project.session() as s:
            if args.command == "sample":
                set_id = samples.draw_sample(
                    s,
                    args.name,
                    n=args.n,
                    fraction=args.fraction,
                    stratify=args.stratify,
                    seed=args.seed,
                    one_per_story=args.one_per_story,
                    from_set=args.from_set,
                    coder=args.coder,
                )
            elif args.command == "reliability-sample":
                set_id = samples.draw_reliability_sample(
                    s,
                    args.name,
                    alpha_min=args.alpha_min,
                    p=args.p,
                    p_c=args.pc,
                    seed=args.seed,
                    from_set=args.from_set,
                )
            else:
                view = samples.find(s, args.set)
                if view is None:
                    raise samples.SampleError(f"no set named {args.set!r}")
                new = samples.assign(s, view.id, args.coders)
                out.write(f"{view.name}: assigned to {', '.join(new) or 'no one new'}\n")
                return 0
            view = samples.get(s, set_id)
    except samples.SampleError as exc:
        err.write(f"{exc}\n")
        return 1
    m = view.method
    out.write(f"{view.name}: {view.size} of {m['population']} articles, seed {m['seed']}\n")
    return 0


def _sets(args: argparse.Namespace, project: Project, out: TextIO) -> int:
    with project.session() as s:
        found = [(view, samples.progress(s, view.id)) for view in samples.all_sets(s)]
    if args.json:
        rows = [
            {**asdict(view), "progress": [{**asdict(p), "share": p.share} for p in done]}
            for view, done in found
        ]
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    for view, done in found:
        how = json.dumps(view.method, ensure_ascii=False) if view.method else "by hand"
        out.write(f"{view.name}  {view.kind}  {view.size} articles  {how}\n")
        for p in done:
            out.write(f"  {p.coder}: {p.coded}/{p.size} ({p.share:.0%})\n")
    return 0
