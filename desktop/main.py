"""The ``claimdesk`` command: a subcommand runs the command line; otherwise the window opens.

``claimdesk`` opens the last project, or on first run the sample project in the user's data
folder; ``claimdesk --project FILE`` opens (or creates) that file.

Imports sit inside the functions on purpose: the command line never loads Qt, and the window
paints before the database layer (SQLModel, about half a second) is loaded.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.paths import default_project, resources_dir

_CLI = ("parse", "import", "articles", "show", "search", "export", "check")


def ensure_sample_project() -> Path:
    """Create the default project, seeded with the sample articles, if it does not exist yet."""
    from db.imports import Importer
    from db.store.project import open_project

    path = default_project()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open_project(path) as project:
            for _ in Importer(project, [resources_dir() / "samples"]).run():
                pass
    return path


def initial_project(requested: Path | None) -> Path:
    from desktop import settings  # QSettings: only once Qt is up

    if requested:
        return requested
    last = settings.last_project()
    return last if last and last.exists() else ensure_sample_project()


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
    return run_window(opts.project, quit_when_ready=opts.quit_when_ready)


def run_window(project: Path | None, *, quit_when_ready: bool = False) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop import style
    from desktop.first_paint import after_first_paint
    from desktop.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Claimdesk")
    app.setOrganizationName("Claimdesk")
    style.apply(app)  # type: ignore[arg-type]
    window = MainWindow()

    def start() -> None:
        if quit_when_ready:
            print("painted", flush=True)  # noqa: T201
        window.start(project)
        if quit_when_ready:
            window.repaint()
            ctl = window.ctl
            print(f"ready {ctl.article.id if ctl and ctl.article else 0}", flush=True)  # noqa: T201
            QTimer.singleShot(0, window.close)

    after_first_paint(window, start)
    window.show()
    return app.exec()
