"""The ``claimdesk`` command: a subcommand runs the command line; otherwise the window opens.

``claimdesk`` opens the last project, or on first run the sample project in the user's data
folder; ``claimdesk --project FILE`` opens (or creates) that file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.paths import default_project, resources_dir

_CLI = ("parse", "import", "articles", "show", "search")


def ensure_sample_project() -> Path:
    """Create the default project, seeded with the sample articles, if it does not exist yet."""
    from db.ingest.importer import Importer  # noqa: PLC0415 - keeps the window's start light
    from db.project import open_project  # noqa: PLC0415

    path = default_project()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open_project(path) as project:
            for _ in Importer(project, [resources_dir() / "samples"]).run():
                pass
    return path


def initial_project(requested: Path | None) -> Path:
    from desktop import settings  # noqa: PLC0415

    if requested:
        return requested
    last = settings.last_project()
    return last if last and last.exists() else ensure_sample_project()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in _CLI:
        from db.cli import run  # noqa: PLC0415

        return run(args)
    parser = argparse.ArgumentParser(
        prog="claimdesk",
        description="Read, highlight and annotate news articles. Subcommands "
        f"({', '.join(_CLI)}) run the command line; see claimdesk import --help.",
    )
    parser.add_argument("--project", type=Path, help="open (or create) this project file")
    opts = parser.parse_args(args)
    return run_window(opts.project)


def run_window(project: Path | None) -> int:
    from PySide6.QtCore import QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from desktop import style  # noqa: PLC0415
    from desktop.main_window import MainWindow  # noqa: PLC0415

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Claimdesk")
    app.setOrganizationName("Claimdesk")
    style.apply(app)  # type: ignore[arg-type]
    window = MainWindow()
    window.show()
    QTimer.singleShot(0, lambda: window.open_project(initial_project(project)))
    return app.exec()
