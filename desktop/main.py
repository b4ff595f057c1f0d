"""The ``claimdesk`` command: a subcommand runs the command line; none opens the sample project."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from db.cli import COMMANDS, run
from db.ingest.importer import Importer
from db.project import open_project
from desktop.paths import default_project, resources_dir


def ensure_sample_project() -> str:
    """Create the default project, seeded with the sample articles, if it does not exist yet."""
    path = default_project()
    if not path.exists():
        with open_project(path) as project:
            for _ in Importer(project, [resources_dir() / "samples"]).run():
                pass
    return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help")):
        return run(args)
    project = ensure_sample_project()
    print(f"Sample project: {project}\n")  # noqa: T201
    run(["articles", "--project", project])
    print("\nThe reading window is on its way; meanwhile, the command line:")  # noqa: T201
    return _help()


def _help() -> int:
    try:
        return run(["--help"])
    except SystemExit as exc:
        return int(exc.code or 0)
