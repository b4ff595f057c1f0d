"""The reading room: article list, reader with captions beside it, highlights, notes, codebook."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QItemSelection, QPoint, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db import articles, codes, notes, search
from db.articles import ArticleDetail, HighlightView
from db.ingest.importer import ImportReport
from db.project import SUFFIX, ProjectError
from desktop import icons, settings
from desktop.article_model import ArticleTableModel
from desktop.captions import CaptionsPanel
from desktop.codes_panel import CodesPanel, ask_name
from desktop.commands import (
    AddCodeCommand,
    DeleteCodeCommand,
    DeleteHighlightCommand,
    EditCodeCommand,
    MarkCommand,
    NoteCommand,
    RecodeCommand,
)
from desktop.highlights_panel import HighlightsPanel, swatch
from desktop.importing import run_import
from desktop.notes_panel import NotesPanel
from desktop.ops import ImportThread, Task
from desktop.reader import ReaderView
from desktop.workspace import Changes, Workspace

SEARCH_DELAY_MS = 250
_MARK_KEY = "Meta+H" if sys.platform == "darwin" else "Ctrl+H"  # Cmd+H hides apps on macOS


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Claimdesk")
        self.setAcceptDrops(True)
        self.resize(1500, 900)
        self.ws: Workspace | None = None
        self.model: ArticleTableModel | None = None
        self.article: ArticleDetail | None = None
        self.selected_highlight: int | None = None
        self.import_thread: ImportThread | None = None
        self._search_gen = 0
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._restore_layout()

    # ---- Building

    def _build_widgets(self) -> None:
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setAccessibleName("Search articles")
        self.search_box.setPlaceholderText("Search titles, text, captions, claims and notes")
        self.search_box.setClearButtonEnabled(True)
        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._run_search)
        self.search_box.textChanged.connect(lambda _t: self.search_timer.start())

        self.list_view = QTableView(self)
        self.list_view.setObjectName("articleList")
        self.list_view.setAccessibleName("Articles")
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setSortingEnabled(False)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setShowGrid(False)
        self.list_view.setWordWrap(False)
        self.list_view.verticalHeader().hide()
        self.list_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.list_view.verticalHeader().setDefaultSectionSize(24)
        self.list_view.horizontalHeader().setSortIndicatorShown(True)
        self.list_view.horizontalHeader().setSectionsClickable(True)
        self.list_view.horizontalHeader().sortIndicatorChanged.connect(self._sort)

        list_pane = QWidget(self)
        lay = QVBoxLayout(list_pane)
        lay.setContentsMargins(6, 6, 0, 6)
        lay.addWidget(self.search_box)
        lay.addWidget(self.list_view, 1)

        self.reader = ReaderView(self)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(self._reader_menu)
        self.reader.sig_highlight_clicked.connect(self.choose_highlight)
        self.captions = CaptionsPanel(self.reader, self)
        self.captions.setFixedWidth(240)
        self.captions.sig_caption_activated.connect(
            lambda c: self.reader.scroll_to(c.anchor, flash_end=self._anchor_end(c.anchor))
        )
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
        self.highlights.sig_highlight_chosen.connect(
            lambda h: self.choose_highlight(h, scroll=True)
        )
        self.notes = NotesPanel(self._save_note, self)
        self.codes = CodesPanel(self)
        self.codes.sig_add.connect(self.add_code)
        self.codes.sig_edit.connect(self._edit_code)
        self.codes.sig_delete.connect(self._delete_code)
        self.docks = [
            self._dock("Codebook", "codesDock", self.codes),
            self._dock("Highlights", "highlightsDock", self.highlights),
            self._dock("Note", "notesDock", self.notes),
        ]
        self.status_label = QLabel(self)
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
        self,
        name: str,
        text: str,
        slot: Callable[..., object],
        keys: Sequence[str | QKeySequence.StandardKey] = (),
        icon: str | None = None,
        tip: str = "",
    ) -> QAction:
        act = QAction(text, self)
        act.setObjectName(name)
        if keys:
            act.setShortcuts([QKeySequence(k) for k in keys])
        if icon:
            act.setIcon(icons.get(icon))
        act.setToolTip(tip or text.replace("…", "").replace("&", ""))
        act.setStatusTip(act.toolTip())
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        a = self._action
        self.actionNewProject = a(
            "actionNewProject", "&New project…", self.new_project, [std.New], "new-project"
        )
        self.actionOpenProject = a(
            "actionOpenProject", "&Open project…", self.choose_project, [std.Open], "open-project"
        )
        self.actionImportFiles = a(
            "actionImportFiles", "&Import files…", self.import_files, ["Ctrl+I"], "import-files"
        )
        self.actionImportFolder = a(
            "actionImportFolder",
            "Import &folder…",
            self.import_folder,
            ["Ctrl+Shift+I"],
            "import-folder",
        )
        self.actionExport = a(
            "actionExport", "&Export…", lambda: None, [], "export", "Export (coming soon)"
        )
        self.actionExport.setEnabled(False)
        self.actionQuit = a("actionQuit", "&Quit", self.close, [std.Quit])
        self.actionUndo = a("actionUndo", "&Undo", self.undo, [std.Undo], "undo")
        self.actionRedo = a("actionRedo", "&Redo", self.redo, [std.Redo], "redo")
        self.actionMarkClaim = a(
            "actionMarkClaim",
            "&Mark claim",
            self.mark_claim,
            [_MARK_KEY],
            "mark",
            "Mark the selected text with the chosen code",
        )
        self.actionPickCode = a(
            "actionPickCode", "&Pick code…", self.pick_code, ["Ctrl+K"], "pick-code"
        )
        self.actionDeleteHighlight = a(
            "actionDeleteHighlight",
            "&Delete highlight",
            self.delete_highlight,
            [std.Delete],
            "delete",
        )
        self.actionArticleNote = a(
            "actionArticleNote",
            "Note on the &article",
            lambda: self.choose_highlight(None),
            ["Ctrl+Shift+N"],
            "article-note",
        )
        self.actionZoomIn = a(
            "actionZoomIn", "Zoom &in", lambda: self.zoom(1), [std.ZoomIn, "Ctrl+="], "zoom-in"
        )
        self.actionZoomOut = a(
            "actionZoomOut", "Zoom &out", lambda: self.zoom(-1), [std.ZoomOut], "zoom-out"
        )
        self.actionZoomReset = a(
            "actionZoomReset", "&Actual size", lambda: self.zoom(0), ["Ctrl+0"]
        )
        self.actionShowSetAside = a(
            "actionShowSetAside",
            "Show &set-aside text",
            self._toggle_set_aside,
            ["Ctrl+Shift+B"],
            "set-aside",
            "Show boilerplate and other text set aside from the article",
        )
        self.actionShowSetAside.setCheckable(True)
        self.actionFocusSearch = a(
            "actionFocusSearch", "Search", self.search_box.setFocus, [std.Find]
        )
        self.code_actions = [
            a(
                f"actionCode{n}",
                f"Use code {n}",
                lambda _c=False, n=n: self.use_code(n - 1),
                [str(n)],
            )
            for n in range(1, 10)
        ]
        self.undo_actions_enabled(False, False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.actionNewProject, self.actionOpenProject])
        self.recent_menu = file.addMenu("Recent projects")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
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

    # ---- Projects

    def open_project(self, path: Path) -> bool:
        """Open ``path`` (creating it when new); on failure say why and keep what is open."""
        try:
            ws = Workspace(path)
        except ProjectError as exc:
            QMessageBox.critical(self, "Cannot open project", str(exc))
            return False
        self.close_project()
        self.ws = ws
        ws.sig_changed.connect(self._changed)
        ws.undo_stack.canUndoChanged.connect(lambda _b: self._sync_undo())
        ws.undo_stack.canRedoChanged.connect(lambda _b: self._sync_undo())
        ws.undo_stack.indexChanged.connect(lambda _i: self._sync_undo())
        self.model = ArticleTableModel(ws)
        self.list_view.setModel(self.model)
        header = self.list_view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # import order until a click
        header.blockSignals(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 120), (2, 86), (3, 50), (4, 46)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.list_view.selectionModel().selectionChanged.connect(self._list_selection)
        self.codes.set_codes(ws.read(codes.all_codes))
        settings.remember_project(ws.path)
        self.setWindowTitle(f"{ws.path.stem} — Claimdesk")
        self.setWindowFilePath(str(ws.path))
        self._sync_undo()
        self._count_status()
        if ws.project.backup_path:
            self.statusBar().showMessage(
                f"Upgraded; the old file was kept as {ws.project.backup_path.name}"
            )
        if self.model.rowCount():
            self.list_view.selectRow(0)
        else:
            self.show_article(None)
        return True

    def close_project(self) -> None:
        self.notes.save_now()
        if self.ws is not None:
            self.list_view.setModel(None)
            self.ws.close()
            self.ws, self.model = None, None
            self.show_article(None)

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "New project",
            str(Path.home() / f"Untitled{SUFFIX}"),
            f"Claimdesk projects (*{SUFFIX})",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not name:
            return
        path = Path(name).with_suffix(SUFFIX) if not name.endswith(SUFFIX) else Path(name)
        if path.exists():
            QMessageBox.information(
                self, "New project", f"{path.name} already exists; it is opened as it is."
            )
        self.open_project(path)

    def choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open project", "", f"Claimdesk projects (*{SUFFIX})"
        )
        if name:
            self.open_project(Path(name))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in settings.recent_projects():
            act = self.recent_menu.addAction(path.name, partial(self.open_project, path))
            act.setToolTip(str(path))
            act.setEnabled(path.exists())
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    # ---- Importing

    def import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Import articles",
            "",
            "Articles (*.txt *.text *.html *.htm *.xhtml *.md);;All files (*)",
        )
        if names:
            self.import_paths([Path(n) for n in names])

    def import_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if name:
            self.import_paths([Path(name)])

    def import_paths(self, paths: list[Path]) -> None:
        if self.ws is None or not paths:
            return
        if self.import_thread is not None:
            self.statusBar().showMessage("An import is already running.", 4000)
            return
        self.notes.save_now()
        self.import_thread = run_import(self, self.ws.project, paths, self._imported)

    def _imported(self, report: ImportReport) -> None:
        self.import_thread = None
        if self.model is None:
            return
        self.model.reload()
        self._count_status()
        if report.article_ids and (row := self.model.row_of(report.article_ids[0])) is not None:
            self.list_view.selectRow(row)

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if e.mimeData().hasUrls() and all(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        self.import_paths([Path(u.toLocalFile()) for u in e.mimeData().urls()])
        e.acceptProposedAction()

    # ---- The list and search

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        if self.model:
            self.model.sort(column, order)

    def _run_search(self) -> None:
        if self.ws is None or self.model is None:
            return
        query = self.search_box.text()
        self._search_gen += 1
        gen, project = self._search_gen, self.ws.project
        if not query.strip():
            self.model.set_filter(None)
            self._count_status()
            return

        def work() -> list[search.SearchHit]:
            with project.session() as s:
                return search.search(s, query, limit=500)

        Task(work, lambda hits: self._searched(gen, hits), self._search_failed).start()

    def _searched(self, gen: int, hits: list[search.SearchHit]) -> None:
        if gen != self._search_gen or self.model is None:
            return  # a newer search is on its way
        self.model.set_filter([h.article_id for h in hits])
        shown = f"{len(hits):,}" + ("+" if len(hits) >= 500 else "")
        self.status_label.setText(f"{shown} matching articles")
        if hits:
            self.list_view.selectRow(0)

    def _search_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"Search failed: {message}", 6000)

    def _count_status(self) -> None:
        n = self.model.total() if self.model else 0
        self.status_label.setText(f"{n:,} articles")

    def _list_selection(self, selected: QItemSelection, _old: QItemSelection) -> None:
        if self.model is None or not selected.indexes():
            return
        aid = self.model.article_id(selected.indexes()[0].row())
        if aid is not None and (self.article is None or aid != self.article.id):
            self.show_article(aid)

    # ---- The article

    def show_article(self, article_id: int | None) -> None:
        self.notes.save_now()
        detail = (
            self.ws.read(lambda s: articles.get(s, article_id)) if self.ws and article_id else None
        )
        self.article = detail
        self.selected_highlight = None
        self.reader.show_article(detail)
        self.captions.set_captions(detail.captions if detail else [])
        self._show_highlights()
        self._load_note()

    def _show_highlights(self) -> None:
        items = self.article.highlights if self.article else []
        self.reader.set_highlights(items, self.selected_highlight)
        self.highlights.set_highlights(items, self.selected_highlight)

    def _reload_highlights(self) -> None:
        if self.ws is None or self.article is None:
            return
        aid = self.article.id
        items = self.ws.read(lambda s: articles.highlights_of(s, aid))
        self.article = _with_highlights(self.article, items)
        if self.selected_highlight not in {h.id for h in items}:
            self.selected_highlight = None
            self._load_note()
        self._show_highlights()

    def choose_highlight(self, highlight_id: int | None, scroll: bool = False) -> None:
        """Make ``highlight_id`` the chosen highlight (None: the article itself)."""
        self.notes.save_now()
        self.selected_highlight = highlight_id
        self.reader.select_highlight(highlight_id, scroll=scroll)
        self.highlights.select(highlight_id)
        self._load_note()

    def _chosen(self) -> HighlightView | None:
        if self.article is None:
            return None
        return next((h for h in self.article.highlights if h.id == self.selected_highlight), None)

    def _anchor_end(self, cp: int) -> int:
        art = self.article
        block = next((b for b in art.blocks if b.start == cp), None) if art else None
        return block.end if block else cp + 1

    # ---- Marking and coding

    def mark_claim(self, code_id: int | None = None) -> None:
        if self.ws is None or self.article is None:
            return
        span = self.reader.selection_span()
        if span is None:
            self.statusBar().showMessage("Select some text of the article to mark it.", 4000)
            return
        code_id = (
            code_id
            if isinstance(code_id, int) and not isinstance(code_id, bool)
            else self.codes.current_id()
        )
        cmd = MarkCommand(self.ws, self.article.id, *span, code_id)
        self.ws.undo_stack.push(cmd)
        self.reader.moveCursor(self.reader.textCursor().MoveOperation.Start)
        self.choose_highlight(cmd.highlight_id)

    def use_code(self, index: int) -> None:
        """Number keys: choose code ``index``.

        The selected text is marked with it, or else the chosen highlight is re-coded.
        """
        if self.ws is None or not 0 <= index < len(self.codes.codes):
            return
        self._apply_code(self.codes.codes[index].id)

    def _apply_code(self, code_id: int) -> None:
        assert self.ws is not None
        self.codes.choose(code_id)
        if self.reader.selection_span() is not None:
            self.mark_claim(code_id)
        elif (h := self._chosen()) is not None and h.code_id != code_id and self.article:
            self.ws.undo_stack.push(RecodeCommand(self.ws, self.article.id, h.id, code_id))

    def pick_code(self) -> None:
        """A quick picker at the text: the codes with their keys."""
        if self.ws is None:
            return
        menu = QMenu(self)
        for n, c in enumerate(self.codes.codes, start=1):
            act = menu.addAction(swatch(c.color), f"{'  ' * self._depth(c.id)}{c.name}")
            if n <= 9:
                act.setShortcut(QKeySequence(str(n)))
            act.triggered.connect(lambda _c=False, cid=c.id: self._apply_code(cid))
        cur = self.reader.cursorRect()
        menu.exec(self.reader.viewport().mapToGlobal(QPoint(cur.left(), cur.bottom() + 4)))

    def _depth(self, code_id: int) -> int:
        depth, c = 0, self.codes.code(code_id)
        while c and c.parent_id:
            depth, c = depth + 1, self.codes.code(c.parent_id)
        return depth

    def delete_highlight(self) -> None:
        if self.ws and self.article and self.selected_highlight is not None:
            hid = self.selected_highlight
            self.choose_highlight(None)
            self.ws.undo_stack.push(DeleteHighlightCommand(self.ws, self.article.id, hid))

    def _reader_menu(self, pos: QPoint) -> None:
        menu = self.reader.createStandardContextMenu(pos)
        menu.addSeparator()
        menu.addActions([self.actionMarkClaim, self.actionPickCode])
        cp = self.reader.map.to_cp(self.reader.cursorForPosition(pos).position())
        here = self.reader.highlights_at(cp) if cp is not None else []
        for h in here:
            quote = " ".join(h.exact.split())
            label = f"Choose “{quote[:40]}{'…' if len(quote) > 40 else ''}” ({h.code or 'no code'})"
            menu.addAction(swatch(h.color), label, lambda hid=h.id: self.choose_highlight(hid))
        if self.selected_highlight is not None:
            menu.addAction(self.actionDeleteHighlight)
        menu.exec(self.reader.viewport().mapToGlobal(pos))

    # ---- Codebook

    def add_code(self, parent_id: int | None) -> None:
        if self.ws and (name := ask_name(self, "Add code")):
            parent = self.codes.code(parent_id)
            color = parent.color if parent else "#85C1E9"
            self.ws.undo_stack.push(AddCodeCommand(self.ws, name, color, parent_id))

    def _edit_code(self, code_id: int, fields: dict) -> None:  # type: ignore[type-arg]
        if self.ws:
            try:
                self.ws.undo_stack.push(EditCodeCommand(self.ws, code_id, **fields))
            except ValueError as exc:
                QMessageBox.warning(self, "Codebook", str(exc))

    def _delete_code(self, code_id: int) -> None:
        if self.ws:
            self.ws.undo_stack.push(DeleteCodeCommand(self.ws, code_id))

    # ---- Notes

    def _load_note(self) -> None:
        if self.ws is None or self.article is None:
            self.notes.load("No article open", "")
            self.notes.set_enabled(False)
            return
        h = self._chosen()
        aid, hid = (None, h.id) if h else (self.article.id, None)
        note = self.ws.read(lambda s: notes.get(s, article_id=aid, highlight_id=hid))
        if h:
            quote = " ".join(h.exact.split())
            label = f"Note on “{quote[:60]}{'…' if len(quote) > 60 else ''}”"
        else:
            label = f"Note on the article “{self.article.title or '(untitled)'}”"
        self.notes.load(label, note.body if note else "", note.format if note else "text/plain")

    def _save_note(self, text: str, fmt: str) -> None:
        if self.ws is None or self.article is None:
            raise RuntimeError("no article is open")
        h = self._chosen()
        target = (None, h.id) if h else (self.article.id, None)
        aid, hid = target
        old = self.ws.read(lambda s: notes.body(s, article_id=aid, highlight_id=hid))
        self.ws.undo_stack.push(NoteCommand(self.ws, target, self.article.id, old, text, fmt))

    # ---- Changes, undo, zoom, layout

    def _changed(self, changes: Changes) -> None:
        if self.ws is None:
            return
        if changes.codes:
            self.codes.set_codes(self.ws.read(codes.all_codes))
        if self.article and (changes.codes or changes.article_id == self.article.id):
            self._reload_highlights()
            if changes.notes and not self.notes.pending():
                h = self._chosen()
                aid, hid = (None, h.id) if h else (self.article.id, None)
                body = self.ws.read(lambda s: notes.body(s, article_id=aid, highlight_id=hid))
                self.notes.show_text(body)
        if self.model and changes.article_id:
            self.model.refresh(changes.article_id)

    def undo(self) -> None:
        if self.ws:
            self.notes.save_now()
            self.ws.undo_stack.undo()

    def redo(self) -> None:
        if self.ws:
            self.ws.undo_stack.redo()

    def _sync_undo(self) -> None:
        stack = self.ws.undo_stack if self.ws else None
        self.undo_actions_enabled(bool(stack and stack.canUndo()), bool(stack and stack.canRedo()))
        if stack:
            self.actionUndo.setText(f"&Undo {stack.undoText()}".strip())
            self.actionRedo.setText(f"&Redo {stack.redoText()}".strip())

    def undo_actions_enabled(self, undo: bool, redo: bool) -> None:
        self.actionUndo.setEnabled(undo)
        self.actionRedo.setEnabled(redo)

    def zoom(self, step: int) -> None:
        size = 12.0 if step == 0 else self.reader.point_size + step
        self.reader.set_zoom(size)
        settings.settings().setValue("readerPointSize", self.reader.point_size)

    def _toggle_set_aside(self, show: bool) -> None:
        self.reader.set_show_set_aside(show)
        self.captions.place()
        self._show_highlights()

    def _restore_layout(self) -> None:
        s = settings.settings()
        if geometry := s.value("geometry"):
            self.restoreGeometry(geometry)
        if state := s.value("windowState"):
            self.restoreState(state)
        if split := s.value("splitter"):
            self.splitter.restoreState(split)
        size = s.value("readerPointSize")
        if size:
            self.reader.point_size = float(size)

    def closeEvent(self, e: QCloseEvent) -> None:
        self.notes.save_now()
        if self.import_thread is not None:
            self.import_thread.cancel()
            self.import_thread.wait()
        s = settings.settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        s.setValue("splitter", self.splitter.saveState())
        s.sync()
        self.close_project()
        super().closeEvent(e)


def _with_highlights(article: ArticleDetail, items: list[HighlightView]) -> ArticleDetail:
    return replace(article, highlights=items)
