"""The composition root: the application, the window, the shared state and the controllers.

The window paints first; the database layer (SQLModel, about half a second to load), the
controllers and the project come right after, then the icons.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop.support import style
from desktop.support.first_paint import after_first_paint
from desktop.views.main_window import MainWindow


class App(QObject):
    """The controllers of one window, meeting through one :class:`AppState`."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        # Imported here, after the first paint: the database layer is slow to load.
        from desktop.controllers.agreement import AgreementController
        from desktop.controllers.articles import ArticlesController
        from desktop.controllers.claims import ClaimsController
        from desktop.controllers.codebook import CodebookController
        from desktop.controllers.coders import CodersController
        from desktop.controllers.disagreements import DisagreementsController
        from desktop.controllers.export import ExportController
        from desktop.controllers.help import HelpController
        from desktop.controllers.history import HistoryController
        from desktop.controllers.importing import ImportController
        from desktop.controllers.keyboard import KeyboardController
        from desktop.controllers.layout import LayoutController
        from desktop.controllers.listing import ListController
        from desktop.controllers.maintenance import CheckController
        from desktop.controllers.marking import MarkingController
        from desktop.controllers.memos import MemosController
        from desktop.controllers.merging import MergeController
        from desktop.controllers.notes import NotesController
        from desktop.controllers.project import ProjectController
        from desktop.controllers.reading import ReadingController
        from desktop.controllers.search import SearchController
        from desktop.controllers.sets import SetsController
        from desktop.controllers.settings import SettingsController
        from desktop.controllers.stories import StoriesController
        from desktop.controllers.structure import StructureController
        from desktop.controllers.variables import VariablesController
        from desktop.core.state import AppState
        from desktop.support.dialogs import tell

        self.w = window
        self.state = state = AppState(self)
        self.project = ProjectController(window, state)
        self.listing = ListController(window, state)
        self.reading = ReadingController(window, state)
        self.search = SearchController(window, state)
        self.marking = MarkingController(window, state)
        self.notes = NotesController(window, state)
        self.memos = MemosController(window, state)
        self.claims = ClaimsController(window, state)
        self.codebook = CodebookController(window, state)
        self.history = HistoryController(window, state)
        self.importing = ImportController(window, state)
        self.export = ExportController(window, state)
        self.check = CheckController(window, state)
        self.layout = LayoutController(window, state)
        self.keyboard = KeyboardController(window, state)
        self.help = HelpController(window, state)
        self.articles = ArticlesController(window, state)
        self.structure = StructureController(window, state)
        self.stories = StoriesController(window, state)
        self.settings = SettingsController(window, state)
        self.coders = CodersController(window, state)
        self.merging = MergeController(window, state)
        self.variables = VariablesController(window, state)
        self.sets = SetsController(window, state)
        self.agreement = AgreementController(window, state)
        self.disagreements = DisagreementsController(window, state)
        state.sig_message.connect(lambda text, ms: window.statusBar().showMessage(text, ms))
        state.sig_workspace_changed.connect(
            lambda ws: ws and ws.sig_failed.connect(lambda m: tell(window, "Not saved", m))
        )
        window.sig_closing.connect(self._closing)

    def start(self, project: Path | None) -> None:
        from desktop.controllers.project import initial_project

        self.project.open(initial_project(project))
        QTimer.singleShot(0, self.w.draw_icons)

    def _closing(self, e: object) -> None:
        from PySide6.QtGui import QCloseEvent

        if isinstance(e, QCloseEvent) and e.isAccepted():
            self.state.set_workspace(None)  # what is being written goes in first


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Claimdesk")
    app.setOrganizationName("Claimdesk")
    style.apply(app)
    return app


def run_window(project: Path | None, *, quit_when_ready: bool = False) -> int:
    """Show the window on ``project`` (or the last one) and run until it closes."""
    qapp = make_app()
    window = MainWindow()
    holder: list[App] = []

    def start() -> None:
        if quit_when_ready:
            print("painted", flush=True)  # noqa: T201
        app = App(window)
        holder.append(app)
        if quit_when_ready:
            app.state.sig_workspace_changed.connect(lambda _ws: _when_listed(app))
        app.start(project)

    after_first_paint(window, start)
    window.show()
    return qapp.exec()


def _when_listed(app: App) -> None:
    """For start-up timing: once the list is shown (and its first article), say so and quit."""
    model = app.listing.model
    if model is None:
        return

    def ready() -> None:
        app.w.repaint()
        article = app.state.article
        print(f"ready {article.id if article else 0}", flush=True)  # noqa: T201
        QTimer.singleShot(0, app.w.close)

    model.sig_loaded.connect(ready)
