"""Projects: open, create, the recent ones; the window's title; read-only and upgraded files.

Opening may upgrade an old file (a copy is kept first), which takes a while for a large one, so
it runs off the GUI thread behind a dialog; a file that cannot be opened is refused in words and
the open project stays open.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from db.imports import Importer
from db.maintenance import ensure_current_index
from db.store.project import SUFFIX, Project, open_project
from desktop.core.ops import PROGRESS_AFTER_MS, in_background
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.support import settings
from desktop.support.dialogs import tell
from desktop.support.folders import remember_folder, start_folder
from desktop.support.paths import default_project, resources_dir
from desktop.views.main_window import MainWindow


def ensure_sample_project() -> Path:
    """Create the default project, seeded with the sample articles, if it does not exist yet."""
    path = default_project()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open_project(path) as project:
            for _ in Importer(project, [resources_dir() / "samples"]).run():
                pass
    return path


def initial_project(requested: Path | None) -> Path:
    """The project to open at start: the one asked for, the last one, or the sample project."""
    if requested:
        return requested
    last = settings.last_project()
    return last if last and last.exists() else ensure_sample_project()


def _open_and_index(path: Path) -> Project:
    """Open ``path`` and make sure its search index is this version's (off the GUI thread)."""
    project = open_project(path)
    try:
        ensure_current_index(project)
    except BaseException:
        project.close()
        raise
    return project


class ProjectController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.opening: Path | None = None
        a = w.act
        a.new_project.triggered.connect(self.new_project)
        a.open_project.triggered.connect(self.choose_project)
        w.recent_menu.aboutToShow.connect(self._fill_recent)
        state.sig_workspace_changed.connect(self._shown)

    def open(self, path: Path, *, empty_ok: bool = False) -> None:
        """Open ``path`` (creating it when new) off the GUI thread; on failure say why.

        An existing empty file is made a project only once the researcher says so.
        """
        if self.opening is not None:
            return
        if not empty_ok and path.is_file() and path.stat().st_size == 0:
            self._ask_empty(path)
            return
        self.opening = path
        dialog = QProgressDialog(f"Opening {path.name}…", "", 0, 0, self.w)
        dialog.setWindowTitle("Opening")
        dialog.setCancelButton(None)  # an upgrade is not stopped halfway: it is all or nothing
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)  # it shows itself only if opening is slow

        def done() -> None:
            self.opening = None
            dialog.close()
            dialog.deleteLater()

        def opened(project: Project) -> None:
            done()
            self.state.set_workspace(Workspace(project, self.w))

        def failed(message: str) -> None:
            done()
            tell(self.w, "Cannot open project", message)

        in_background(lambda: _open_and_index(path), opened, failed)

    def _ask_empty(self, path: Path) -> None:
        box = tell(
            self.w,
            "Empty file",
            f"{path.name} is an empty file, not a project yet. Make it a new Claimdesk project?",
            warning=False,
        )
        make = box.addButton("Make it a project", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        make.clicked.connect(lambda: self.open(path, empty_ok=True))

    def _shown(self, ws: Workspace | None) -> None:
        if ws is None:
            self.w.setWindowTitle("Claimdesk")
            return
        settings.remember_project(ws.path)
        suffix = " (read-only)" if ws.read_only else ""
        self.w.setWindowTitle(f"{ws.path.stem}{suffix} — Claimdesk")
        self.w.setWindowFilePath(str(ws.path))
        for action in self.w.act.editing():
            action.setEnabled(not ws.read_only)
        if ws.read_only:
            self.state.say(
                "This project file cannot be changed (it, or its folder, is read-only); "
                "it can be read, searched and exported.",
                0,
            )
        elif ws.project.backup_path:
            self.state.say(
                f"Upgraded to this version; the old file was kept as {ws.project.backup_path}", 0
            )

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.w,
            "New project",
            str(start_folder("project") / f"Untitled{SUFFIX}"),
            f"Claimdesk projects (*{SUFFIX})",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not name:
            return
        path = Path(name) if name.endswith(SUFFIX) else Path(name + SUFFIX)
        remember_folder("project", path)
        if path.exists():  # never overwrite research data: open what is there
            tell(self.w, "New project", f"{path.name} already exists; it is opened as it is.",
                 warning=False)  # fmt: skip
        self.open(path)

    def choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.w, "Open project", str(start_folder("project")), f"Claimdesk projects (*{SUFFIX})"
        )
        if name:
            remember_folder("project", Path(name))
            self.open(Path(name))

    def _fill_recent(self) -> None:
        menu = self.w.recent_menu
        menu.clear()
        for path in settings.recent_projects():
            act = menu.addAction(path.name, partial(self.open, path))
            act.setToolTip(str(path))
            act.setEnabled(path.exists())
        if menu.isEmpty():
            menu.addAction("(none yet)").setEnabled(False)
