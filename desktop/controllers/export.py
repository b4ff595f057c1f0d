"""File ▸ Export…: the dialog, then the export off the GUI thread.

The target file is replaced only once the export is complete, and never the project itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from db.annotate import highlights
from db.formats.collect import Scope
from db.formats.export import ExportResult, export
from desktop.core.ops import in_background
from desktop.core.state import AppState
from desktop.support import settings
from desktop.support.dialogs import tell
from desktop.support.folders import remember_folder, start_folder
from desktop.support.paths import data_dir
from desktop.views.main_window import MainWindow
from desktop.widgets.export_dialog import ExportDialog


def export_folder(project: Path) -> Path:
    """Where an export of ``project`` is proposed.

    Beside the project, unless it lives in the app's data folder (the sample project does),
    which researchers do not look in: then the last folder exported to, or Documents.
    """
    inside = project.resolve().is_relative_to(data_dir().resolve())
    return start_folder("export") if inside else project.parent


def open_folder(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class ExportController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.running = 0
        w.act.export.triggered.connect(self.ask)

    def ask(self) -> None:
        """Ask for format, scope and file, then export."""
        ws = self.state.workspace
        if ws is None:
            return
        self.w.notes.save_now()
        art, code = self.state.article, self.w.codes.code(self.w.codes.current_id())
        none: list[str] = []
        coders = ws.read_now(highlights.coders, none)
        members = self.state.within_ids
        dialog = ExportDialog(
            self.w, ws.path, art.title if art else None, code.name if code else None,
            export_folder(ws.path), coders, self.state.within_name,
        )  # fmt: skip
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        remember_folder("export", Path(dialog.output.text()))
        fmt, per = dialog.choice()
        ids = None
        if art and dialog.only_article.isChecked():
            ids = [art.id]
        elif members is not None and dialog.only_set.isChecked():
            ids = members
        scope = Scope(
            article_ids=ids,
            code_names=[code.name] if code and dialog.only_code.isChecked() else None,
            one_per_story=dialog.one_per_story.isChecked(),
        )
        self.run(fmt, Path(dialog.output.text()), scope, per, dialog.options(), dialog.coder())

    def run(
        self,
        fmt: str,
        output: Path,
        scope: Scope,
        per: str = "highlight",
        options: dict[str, bool] | None = None,
        coder: str | None = None,
    ) -> None:
        """Export off the GUI thread; ``options`` are :func:`export`'s flags for the format."""
        ws = self.state.workspace
        if ws is None:
            return
        project = ws.project
        self.running += 1
        self.state.say(f"Exporting to {output.name}…", 0)

        def done(result: ExportResult) -> None:
            self.running -= 1
            self.state.say(result.summary(), 10000)
            said = "\n\n".join([result.summary() + ".", *result.warnings])
            box = tell(self.w, "Export finished", said, warning=bool(result.warnings))
            show = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
            show.clicked.connect(lambda: open_folder(result.output))
            box.addButton(QMessageBox.StandardButton.Ok)

        def failed(message: str) -> None:
            self.running -= 1
            self.state.say("")
            tell(self.w, "Export failed", f"Nothing was written to {output}.\n\n{message}")

        ws.ops.wait_idle()  # what was just written goes out too
        flags = options or {}
        author = settings.coder()  # the reviewer a ClaimReview names
        in_background(
            lambda: export(
                project,
                fmt,
                output,
                scope=scope,
                per=per,
                spreadsheet_safe=flags.get("spreadsheet_safe", False),
                unique_code_names=flags.get("unique_code_names", False),
                utf16_positions=flags.get("utf16_positions", False),
                review_author=author,
                coder=coder,
            ),
            done,
            failed,
        )
