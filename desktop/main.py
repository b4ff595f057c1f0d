"""The ``claimdesk`` command: a subcommand runs the command line; otherwise the window opens.

``claimdesk`` opens the last project, or on first run the sample project in the user's data
folder; ``claimdesk --project FILE`` opens (or creates) that file.

Imports sit inside the functions on purpose: the command line never loads Qt, and the window
paints before the database layer (SQLModel, about half a second) is loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

_CLI = (
    "parse", "import", "articles", "show", "search", "export", "check", "structure-export",
    "claims", "stories", "merge", "agreement", "sample", "sets", "assign", "reliability-sample",
)  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in _CLI:
        from db.cli import run

        return run(args)
    parser = argparse.ArgumentParser(
        prog="claimdesk",
        description="Read, highlight and annotate news articles. Subcommands "
        f"({', '.join(_CLI)}) run the command line; see claimdesk import --help.",
    )
    parser.add_argument("--project", type=Path, help="open (or create) this project file")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="import the samples, mark a claim and note it in a temporary project, offscreen; "
        "exit 0 if all of it works",
    )
    # For tests and benchmarks: print when the window is painted and the project shown, then quit.
    parser.add_argument("--quit-when-ready", action="store_true", help=argparse.SUPPRESS)
    opts = parser.parse_args(args)
    if opts.self_test:
        from desktop.self_test import run_self_test

        return run_self_test()
    if reason := no_display():
        print(reason, file=sys.stderr)  # noqa: T201
        return 2
    from desktop.app import run_window

    return run_window(opts.project, quit_when_ready=opts.quit_when_ready)


def no_display() -> str | None:
    """Why the window cannot open here, said plainly (Qt itself would abort with a riddle)."""
    env = os.environ
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "Claimdesk's window needs a display, and there is none here (no DISPLAY or "
        "WAYLAND_DISPLAY). The command line works without one: see claimdesk --help, "
        "for instance claimdesk import --project FILE FOLDER."
    )
