"""The main window's layout: article list, reader with captions beside it, and the panels.

Layout only: what the window does comes from the controllers, which connect to its widgets,
actions and signals. This module is what paints first, so it imports only Qt and the widgets:
the project, its database and the icons arrive right after (see :mod:`desktop.app`).

How the window fits its screen, and gives the reader room first, is in
:mod:`desktop.views.fitting`.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.support import settings
from desktop.views.actions import Actions
from desktop.views.fitting import WindowFit
from desktop.widgets.captions import CaptionsPanel
from desktop.widgets.claims_panel import ClaimsPanel
from desktop.widgets.codes_panel import CodesPanel
from desktop.widgets.copies_bar import CopiesBar
from desktop.widgets.highlights_panel import HighlightsPanel
from desktop.widgets.notes_panel import NotesPanel
from desktop.widgets.reader import ReaderView
from desktop.widgets.variables_panel import VariablesPanel
from desktop.widgets.welcome import WelcomePanel


class MainWindow(QMainWindow):
    sig_files_dropped = Signal(list)
    """Emitted with the paths of files and folders dropped on the window."""
    sig_closing = Signal(object)
    """Emitted with the QCloseEvent before the window closes; a slot may ignore() it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Claimdesk")
        self.setAcceptDrops(True)
        self._icons_drawn = False
        self._build_widgets()
        self.fit = WindowFit(self)
        self.act = Actions(self)
        a = self.act
        a.next_uncoded.setIconText("Next uncoded")  # the button's words; the menu says more
        self.next_uncoded.setDefaultAction(a.next_uncoded)
        self.copies_bar = CopiesBar(
            [a.previous_copy, a.next_copy, a.compare_copy, a.carry_codes],
            ["Compare", "Carry highlights"],
            self.reading,
        )
        self._reading_layout.insertWidget(0, self.copies_bar)
        # Tab: the search, the set chooser, the list, then over a copy its bar, then the text.
        chain = [self.search_box, self.set_box, self.next_uncoded, self.list_view]
        chain += [*self.copies_bar.findChildren(QToolButton), self.reader]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.welcome = WelcomePanel([self.act.import_files, self.act.import_folder], self)
        self.pages.addWidget(self.welcome)
        self.act.quit.triggered.connect(self.close)
        self.act.zoom_in.triggered.connect(lambda: self.zoom(1))
        self.act.zoom_out.triggered.connect(lambda: self.zoom(-1))
        self.act.zoom_reset.triggered.connect(lambda: self.zoom(0))
        self.act.focus_search.triggered.connect(self.search_box.setFocus)
        self._build_menus()
        self._restore_layout()

    def draw_icons(self) -> None:
        """Draw the icons in the palette's colours (again when the palette changes)."""
        from desktop.support import icons  # QtAwesome takes a few tenths of a second to load

        for action, name in self.act.icons.items():
            action.setIcon(icons.get(name))
        self.codes.set_icons()
        self.claims.set_icons()
        self._icons_drawn = True

    def show_welcome(self, show: bool) -> None:
        """Show the welcome panel (an empty project) or the reader in the reader's place."""
        self.pages.setCurrentWidget(self.welcome if show else self.reading)

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
        self.list_view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)

        self.set_box = QComboBox(self)
        self.set_box.setObjectName("setBox")
        self.set_box.setAccessibleName("List the articles of")
        self.set_box.setToolTip("List every article, or only those of a sample or set")
        self.set_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.set_box.setMinimumContentsLength(8)
        self.next_uncoded = QToolButton(self)
        self.next_uncoded.setAccessibleName("Next uncoded article")
        self.next_uncoded.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.set_row = QWidget(self)
        row = QHBoxLayout(self.set_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.set_box, 1)
        row.addWidget(self.next_uncoded)
        self.set_row.hide()  # until the project has a set

        list_pane = QWidget(self)
        lay = QVBoxLayout(list_pane)
        lay.setContentsMargins(6, 6, 0, 6)
        lay.addWidget(self.search_box)
        lay.addWidget(self.set_row)
        lay.addWidget(self.list_view, 1)

        self.reader = ReaderView(self)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.captions = CaptionsPanel(self.reader, self)
        self.reading = QWidget(self)
        self.reading.setObjectName("readingPane")
        self._reading_layout = column = QVBoxLayout(self.reading)  # the copies bar goes on top
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        rl = QHBoxLayout()
        rl.setSpacing(0)
        rl.addWidget(self.reader, 1)
        rl.addWidget(self.captions)
        column.addLayout(rl, 1)
        self.pages = QStackedWidget(self)  # the reader, or the welcome panel of an empty project
        self.pages.addWidget(self.reading)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(list_pane)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([440, 760])
        self.setCentralWidget(self.splitter)

        self.highlights = HighlightsPanel(self)
        self.notes = NotesPanel(self)
        self.codes = CodesPanel(self)
        self.claims = ClaimsPanel(self)
        # The article's highlights and the project's claims share a panel, as two tabs.
        self.marks_tabs = QTabWidget(self)
        self.marks_tabs.setObjectName("marksTabs")
        self.marks_tabs.setDocumentMode(True)
        self.marks_tabs.setUsesScrollButtons(False)  # three tabs share a narrow panel: elided
        self.marks_tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.marks_tabs.setAccessibleName("Highlights in this article, or the claims")
        self.marks_tabs.addTab(self.highlights, "Article")
        self.marks_tabs.setTabToolTip(0, "The highlights in this article")
        self.marks_tabs.addTab(self.claims, "Claims")
        self.variables = VariablesPanel(self)
        self.marks_tabs.addTab(self.variables, "Variables")
        self.marks_tabs.setTabToolTip(
            2, "The coding sheet: this article's variables, as you code them"
        )
        self.docks = [
            self._dock("Codebook", "codesDock", self.codes),
            self._dock("Highlights", "highlightsDock", self.marks_tabs),
            self._dock("Note", "notesDock", self.notes),
        ]
        self.marks_tabs.currentChanged.connect(self._room_for_claims)
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName("Article count")
        self.statusBar().addPermanentWidget(self.status_label)

    def _room_for_claims(self, index: int) -> None:
        """Claims and variables need more height than one article's highlights: give them half."""
        dock = self.docks[1]
        if self.marks_tabs.widget(index) not in (self.claims, self.variables):
            return
        column = [d for d in self.docks if d.isVisible() and not d.isFloating()]
        total = sum(d.height() for d in column)
        if dock in column and dock.height() < total // 2:
            self.resizeDocks([dock], [total // 2], Qt.Orientation.Vertical)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(f"{title} panel")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [290], Qt.Orientation.Horizontal)
        return dock

    def _build_menus(self) -> None:
        a = self.act
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([a.new_project, a.open_project])
        self.recent_menu = file.addMenu("Recent projects")
        file.addSeparator()
        file.addActions([a.import_files, a.import_folder, a.merge_project, a.export])
        file.addSeparator()
        file.addAction(a.quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([a.undo, a.redo])
        edit.addSeparator()
        edit.addActions([a.mark_claim, a.pick_code, a.delete_highlight, a.link_claim])
        edit.addActions([a.article_note, a.project_notes])
        edit.addSeparator()
        edit.addActions([a.copy_quote, a.focus_search, a.find_next, a.find_previous])
        edit.addSeparator()
        edit.addAction(a.settings)
        article = bar.addMenu("&Article")
        article.addActions([a.edit_articles, a.delete_articles, a.show_source])
        article.addActions([a.next_uncoded, a.add_to_set, a.remove_from_set])
        article.addSeparator()
        article.addActions([a.next_article, a.previous_article])
        article.addSeparator()
        article.addActions([a.next_copy, a.previous_copy, a.compare_copy, a.carry_codes])
        article.addSeparator()
        article.addAction(a.compare_coders)
        view = bar.addMenu("&View")
        view.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
        view.addSeparator()
        view.addActions([a.show_set_aside, a.one_per_story])
        view.addSeparator()
        view.addAction(a.blind)
        self.coders_menu = view.addMenu("Codings &of")  # filled as it opens: the coders there
        view.addSeparator()
        view.addActions([a.next_pane, a.previous_pane, a.focus_reader])
        view.addSeparator()
        view.addActions([d.toggleViewAction() for d in self.docks])
        tools = bar.addMenu("&Tools")
        tools.addActions([a.sets, a.coding_sheet, a.agreement, a.check_project])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([a.shortcuts, a.about])
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([a.import_files, a.import_folder])
        toolbar.addSeparator()
        toolbar.addActions([a.mark_claim, a.pick_code, a.delete_highlight])
        toolbar.addSeparator()
        toolbar.addActions([a.undo, a.redo])

    # ---- View state

    def zoom(self, step: int) -> None:
        size = 12.0 if step == 0 else self.reader.point_size + step
        self.reader.set_zoom(size)
        self.captions.arrange()
        self.fit.later()
        settings.settings().setValue("readerPointSize", self.reader.point_size)

    def _restore_layout(self) -> None:
        s = settings.settings()
        if size := s.value("readerPointSize"):
            self.reader.point_size = float(str(size))
        geometry = s.value("geometry")
        if not (geometry and self.restoreGeometry(geometry)):
            self.fit.first_size()
        if state := s.value("windowState"):
            self.restoreState(state)
        if split := s.value("splitter"):
            self.splitter.restoreState(split)
        self.fit.started()

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self.fit.resized()

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        QTimer.singleShot(0, self.fit.fit_screen)  # the frame is known now
        self.fit.later()

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        palette = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if e.type() in palette and self._icons_drawn:
            self.draw_icons()

    # ---- Files dropped, closing

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if e.mimeData().hasUrls() and all(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        self.sig_files_dropped.emit([Path(u.toLocalFile()) for u in e.mimeData().urls()])
        e.acceptProposedAction()

    def closeEvent(self, e: QCloseEvent) -> None:
        e.accept()
        self.sig_closing.emit(e)
        if not e.isAccepted():  # something still needs the window (an unsaved note)
            return
        self.fit.before_saving()
        s = settings.settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        s.setValue("splitter", self.splitter.saveState())
        s.sync()
        super().closeEvent(e)
