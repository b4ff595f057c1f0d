"""The main window's layout: article list, reader with captions beside it, and the panels.

This module is what paints first, so it imports only Qt and the widgets: the project, its
database and the icons arrive with :class:`desktop.controller.Controller` right after.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import settings
from desktop.captions import CaptionsPanel
from desktop.codes_panel import CodesPanel
from desktop.highlights_panel import HighlightsPanel
from desktop.notes_panel import NotesPanel
from desktop.reader import ReaderView

if TYPE_CHECKING:
    from desktop.controller import Controller

_MARK_KEY = "Meta+H" if sys.platform == "darwin" else "Ctrl+H"  # Cmd+H hides apps on macOS
Keys = list[str | QKeySequence.StandardKey]


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Claimdesk")
        self.setAcceptDrops(True)
        self.resize(1500, 900)
        self.ctl: Controller | None = None
        self.action_icons: dict[QAction, str] = {}
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._restore_layout()

    def start(self, project: Path | None) -> None:
        """Load the project side (the database, the project), then draw the icons."""
        # Imported here, after the first paint: SQLModel alone takes about half a second.
        from desktop.controller import Controller
        from desktop.main import initial_project

        self.ctl = Controller(self)
        self.ctl.open_project(initial_project(project))
        QTimer.singleShot(0, self.draw_icons)

    def draw_icons(self) -> None:
        from desktop import icons  # QtAwesome takes a few tenths of a second to load

        for action, name in self.action_icons.items():
            action.setIcon(icons.get(name))
        self.codes.set_icons()

    # ---- Building

    def _build_widgets(self) -> None:
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setAccessibleName("Search articles")
        self.search_box.setPlaceholderText("Search titles, text, captions, claims and notes")
        self.search_box.setClearButtonEnabled(True)

        self.list_view = QTableView(self)
        self.list_view.setObjectName("articleList")
        self.list_view.setAccessibleName("Articles")
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setShowGrid(False)
        self.list_view.setWordWrap(False)
        self.list_view.verticalHeader().hide()
        self.list_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.list_view.verticalHeader().setDefaultSectionSize(24)
        self.list_view.horizontalHeader().setSortIndicatorShown(True)
        self.list_view.horizontalHeader().setSectionsClickable(True)

        list_pane = QWidget(self)
        lay = QVBoxLayout(list_pane)
        lay.setContentsMargins(6, 6, 0, 6)
        lay.addWidget(self.search_box)
        lay.addWidget(self.list_view, 1)

        self.reader = ReaderView(self)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.captions = CaptionsPanel(self.reader, self)
        self.captions.setFixedWidth(240)
        reading = QWidget(self)
        rl = QHBoxLayout(reading)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        rl.addWidget(self.reader, 1)
        rl.addWidget(self.captions)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(list_pane)
        self.splitter.addWidget(reading)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([440, 760])
        self.setCentralWidget(self.splitter)

        self.highlights = HighlightsPanel(self)
        self.notes = NotesPanel(self)
        self.codes = CodesPanel(self)
        self.docks = [
            self._dock("Codebook", "codesDock", self.codes),
            self._dock("Highlights", "highlightsDock", self.highlights),
            self._dock("Note", "notesDock", self.notes),
        ]
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName("Article count")
        self.statusBar().addPermanentWidget(self.status_label)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(f"{title} panel")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [290], Qt.Orientation.Horizontal)
        return dock

    def _action(
        self, name: str, text: str, keys: Keys | None = None, icon: str = "", tip: str = ""
    ) -> QAction:
        act = QAction(text, self)
        act.setObjectName(name)
        act.setShortcuts([QKeySequence(k) for k in keys or []])
        if icon:
            self.action_icons[act] = icon
        act.setToolTip(tip or text.replace("…", "").replace("&", ""))
        act.setStatusTip(act.toolTip())
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        a = self._action
        self.actionNewProject = a("actionNewProject", "&New project…", [std.New], "new-project")
        self.actionOpenProject = a(
            "actionOpenProject", "&Open project…", [std.Open], "open-project"
        )
        self.actionImportFiles = a(
            "actionImportFiles", "&Import files…", ["Ctrl+I"], "import-files"
        )
        self.actionImportFolder = a(
            "actionImportFolder", "Import &folder…", ["Ctrl+Shift+I"], "import-folder"
        )
        self.actionExport = a(
            "actionExport",
            "&Export…",
            ["Ctrl+E"],
            "export",
            "Export to CSV, JSON, W3C, QDPX, reports",
        )
        self.actionQuit = a("actionQuit", "&Quit", [std.Quit])
        self.actionQuit.triggered.connect(self.close)
        self.actionUndo = a("actionUndo", "&Undo", [std.Undo], "undo")
        self.actionRedo = a("actionRedo", "&Redo", [std.Redo], "redo")
        self.actionUndo.setEnabled(False)
        self.actionRedo.setEnabled(False)
        self.actionMarkClaim = a(
            "actionMarkClaim",
            "&Mark claim",
            [_MARK_KEY],
            "mark",
            "Mark the selected text with the chosen code",
        )
        self.actionPickCode = a("actionPickCode", "&Pick code…", ["Ctrl+K"], "pick-code")
        self.actionDeleteHighlight = a(
            "actionDeleteHighlight", "&Delete highlight", [std.Delete], "delete"
        )
        self.actionArticleNote = a(
            "actionArticleNote", "Note on the &article", ["Ctrl+Shift+N"], "article-note"
        )
        self.actionZoomIn = a("actionZoomIn", "Zoom &in", [std.ZoomIn, "Ctrl+="], "zoom-in")
        self.actionZoomOut = a("actionZoomOut", "Zoom &out", [std.ZoomOut], "zoom-out")
        self.actionZoomReset = a("actionZoomReset", "&Actual size", ["Ctrl+0"])
        self.actionZoomIn.triggered.connect(lambda: self.zoom(1))
        self.actionZoomOut.triggered.connect(lambda: self.zoom(-1))
        self.actionZoomReset.triggered.connect(lambda: self.zoom(0))
        self.actionShowSetAside = a(
            "actionShowSetAside",
            "Show &set-aside text",
            ["Ctrl+Shift+B"],
            "set-aside",
            "Show boilerplate and other text set aside from the article",
        )
        self.actionShowSetAside.setCheckable(True)
        self.actionFocusSearch = a("actionFocusSearch", "Search", [std.Find])
        self.actionFocusSearch.triggered.connect(self.search_box.setFocus)
        self.code_actions = [a(f"actionCode{n}", f"Use code {n}", [str(n)]) for n in range(1, 10)]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.actionNewProject, self.actionOpenProject])
        self.recent_menu = file.addMenu("Recent projects")
        file.addSeparator()
        file.addActions([self.actionImportFiles, self.actionImportFolder, self.actionExport])
        file.addSeparator()
        file.addAction(self.actionQuit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.actionUndo, self.actionRedo])
        edit.addSeparator()
        edit.addActions([self.actionMarkClaim, self.actionPickCode, self.actionDeleteHighlight])
        edit.addAction(self.actionArticleNote)
        edit.addSeparator()
        edit.addAction(self.actionFocusSearch)
        view = bar.addMenu("&View")
        view.addActions([self.actionZoomIn, self.actionZoomOut, self.actionZoomReset])
        view.addSeparator()
        view.addAction(self.actionShowSetAside)
        view.addSeparator()
        view.addActions([d.toggleViewAction() for d in self.docks])
        tools = self.addToolBar("Main")
        tools.setObjectName("mainToolbar")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.addActions([self.actionImportFiles, self.actionImportFolder])
        tools.addSeparator()
        tools.addActions([self.actionMarkClaim, self.actionPickCode, self.actionDeleteHighlight])
        tools.addSeparator()
        tools.addActions([self.actionUndo, self.actionRedo])

    # ---- View state

    def zoom(self, step: int) -> None:
        size = 12.0 if step == 0 else self.reader.point_size + step
        self.reader.set_zoom(size)
        settings.settings().setValue("readerPointSize", self.reader.point_size)

    def _restore_layout(self) -> None:
        s = settings.settings()
        if geometry := s.value("geometry"):
            self.restoreGeometry(geometry)
        if state := s.value("windowState"):
            self.restoreState(state)
        if split := s.value("splitter"):
            self.splitter.restoreState(split)
        if size := s.value("readerPointSize"):
            self.reader.point_size = float(str(size))

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if e.mimeData().hasUrls() and all(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        if self.ctl:
            self.ctl.import_paths([Path(u.toLocalFile()) for u in e.mimeData().urls()])
        e.acceptProposedAction()

    def closeEvent(self, e: QCloseEvent) -> None:
        if self.ctl:
            self.ctl.shutdown()
        s = settings.settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        s.setValue("splitter", self.splitter.saveState())
        s.sync()
        super().closeEvent(e)
