"""What the window does with a project: open, import, search, read, mark, code, annotate, undo.

Created right after the window's first paint (see :meth:`MainWindow.start`), it owns the open
:class:`Workspace` and connects the window's actions and panels to it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QItemSelection, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QHeaderView, QMenu, QMessageBox

from db import search
from db.annotate import codes, notes
from db.annotate.highlights import HighlightView, highlights_of
from db.articles import detail as article_detail
from db.articles.detail import ArticleDetail
from db.formats.collect import Scope
from db.formats.export import export
from db.imports import ImportReport
from db.store.project import SUFFIX, ProjectError
from desktop import settings
from desktop.article_model import ArticleTableModel
from desktop.codes_panel import ask_name
from desktop.commands import (
    AddCodeCommand,
    DeleteCodeCommand,
    DeleteHighlightCommand,
    EditCodeCommand,
    MarkCommand,
    NoteCommand,
    RecodeCommand,
)
from desktop.export_dialog import ExportDialog
from desktop.highlights_panel import quoted, swatch
from desktop.importing import run_import
from desktop.main_window import MainWindow
from desktop.ops import ImportThread, Task
from desktop.workspace import Changes, Workspace

SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 500


class Controller(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = w = window
        self.ws: Workspace | None = None
        self.model: ArticleTableModel | None = None
        self.article: ArticleDetail | None = None
        self.selected_highlight: int | None = None
        self.import_thread: ImportThread | None = None
        self._search_gen = 0
        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._run_search)
        w.search_box.textChanged.connect(lambda _t: self.search_timer.start())
        w.list_view.horizontalHeader().sortIndicatorChanged.connect(self._sort)
        w.reader.customContextMenuRequested.connect(self._reader_menu)
        w.reader.sig_highlight_clicked.connect(self.choose_highlight)
        w.captions.sig_caption_activated.connect(
            lambda c: w.reader.scroll_to(c.anchor, flash_end=self._anchor_end(c.anchor))
        )
        w.highlights.sig_highlight_chosen.connect(lambda h: self.choose_highlight(h, scroll=True))
        w.notes.saver = self._save_note
        w.codes.sig_add.connect(self.add_code)
        w.codes.sig_edit.connect(self._edit_code)
        w.codes.sig_delete.connect(self._delete_code)
        w.recent_menu.aboutToShow.connect(self._fill_recent)
        for action, slot in (
            (w.actionNewProject, self.new_project),
            (w.actionOpenProject, self.choose_project),
            (w.actionImportFiles, self.import_files),
            (w.actionImportFolder, self.import_folder),
            (w.actionUndo, self.undo),
            (w.actionRedo, self.redo),
            (w.actionMarkClaim, self.mark_claim),
            (w.actionPickCode, self.pick_code),
            (w.actionDeleteHighlight, self.delete_highlight),
            (w.actionArticleNote, lambda: self.choose_highlight(None)),
            (w.actionShowSetAside, self._toggle_set_aside),
            (w.actionExport, self.export),
        ):
            action.triggered.connect(slot)
        for n, action in enumerate(w.code_actions):
            action.triggered.connect(partial(self.use_code, n))

    # ---- Projects

    def open_project(self, path: Path) -> bool:
        """Open ``path`` (creating it when new); on failure say why and keep what is open."""
        try:
            ws = Workspace(path)
        except ProjectError as exc:
            QMessageBox.critical(self.w, "Cannot open project", str(exc))
            return False
        self.close_project()
        self.ws = ws
        ws.sig_changed.connect(self._changed)
        ws.undo_stack.indexChanged.connect(lambda _i: self._sync_undo())
        ws.undo_stack.cleanChanged.connect(lambda _c: self._sync_undo())
        self.model = ArticleTableModel(ws)
        view = self.w.list_view
        view.setModel(self.model)
        header = view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # import order until a click
        header.blockSignals(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 120), (2, 86), (3, 50), (4, 46)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        view.selectionModel().selectionChanged.connect(self._list_selection)
        self.w.codes.set_codes(ws.read(codes.all_codes))
        settings.remember_project(ws.path)
        self.w.setWindowTitle(f"{ws.path.stem} — Claimdesk")
        self.w.setWindowFilePath(str(ws.path))
        self._sync_undo()
        self._count_status()
        if ws.project.backup_path:
            self.w.statusBar().showMessage(
                f"Upgraded; the old file was kept as {ws.project.backup_path.name}"
            )
        if self.model.rowCount():
            view.selectRow(0)
        else:
            self.show_article(None)
        return True

    def close_project(self) -> None:
        self.w.notes.save_now()
        if self.ws is not None:
            self.w.list_view.setModel(None)
            self.ws.close()
            self.ws, self.model = None, None
            self.show_article(None)

    def shutdown(self) -> None:
        """The window is closing: finish the note, stop an import, close the project."""
        self.w.notes.save_now()
        if self.import_thread is not None:
            self.import_thread.cancel()
            self.import_thread.wait()
        self.close_project()

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.w,
            "New project",
            str(Path.home() / f"Untitled{SUFFIX}"),
            f"Claimdesk projects (*{SUFFIX})",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not name:
            return
        path = Path(name) if name.endswith(SUFFIX) else Path(name + SUFFIX)
        if path.exists():  # never overwrite research data: open what is there
            QMessageBox.information(
                self.w, "New project", f"{path.name} already exists; it is opened as it is."
            )
        self.open_project(path)

    def choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.w, "Open project", "", f"Claimdesk projects (*{SUFFIX})"
        )
        if name:
            self.open_project(Path(name))

    def _fill_recent(self) -> None:
        menu = self.w.recent_menu
        menu.clear()
        for path in settings.recent_projects():
            act = menu.addAction(path.name, partial(self.open_project, path))
            act.setToolTip(str(path))
            act.setEnabled(path.exists())
        if menu.isEmpty():
            menu.addAction("(none yet)").setEnabled(False)

    # ---- Importing

    def import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.w,
            "Import articles",
            "",
            "Articles and projects (*.txt *.text *.html *.htm *.xhtml *.md *.json *.qdpx)"
            ";;All files (*)",
        )
        if names:
            self.import_paths([Path(n) for n in names])

    def import_folder(self) -> None:
        if name := QFileDialog.getExistingDirectory(self.w, "Import a folder of articles"):
            self.import_paths([Path(name)])

    def import_paths(self, paths: list[Path]) -> None:
        if self.ws is None or not paths:
            return
        if self.import_thread is not None:
            self.w.statusBar().showMessage("An import is already running.", 4000)
            return
        self.w.notes.save_now()
        self.import_thread = run_import(self.w, self.ws.project, paths, self._imported)

    def _imported(self, report: ImportReport) -> None:
        self.import_thread = None
        if self.model is None or self.ws is None:
            return
        self.w.codes.set_codes(self.ws.read(codes.all_codes))  # a project file brings its own
        self.model.reload()
        self._count_status()
        if report.article_ids and (row := self.model.row_of(report.article_ids[0])) is not None:
            self.w.list_view.selectRow(row)

    # ---- Exporting

    def export(self) -> None:
        """Ask for format, scope and file, then export off the UI thread."""
        if self.ws is None:
            return
        self.w.notes.save_now()
        art, code = self.article, self.w.codes.code(self.w.codes.current_id())
        dialog = ExportDialog(
            self.w, self.ws.path, art.title if art else None, code.name if code else None
        )
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        fmt, per = dialog.choice()
        scope = Scope(
            article_ids=[art.id] if art and dialog.only_article.isChecked() else None,
            code_names=[code.name] if code and dialog.only_code.isChecked() else None,
        )
        self.run_export(fmt, Path(dialog.output.text()), scope, per)

    def run_export(self, fmt: str, output: Path, scope: Scope, per: str = "highlight") -> Task:
        assert self.ws is not None
        project = self.ws.project
        self.w.statusBar().showMessage(f"Exporting to {output.name}…")

        def failed(message: str) -> None:
            self.w.statusBar().clearMessage()
            QMessageBox.warning(
                self.w, "Export failed", f"Nothing was written to {output}.\n\n{message}"
            )

        return Task(
            lambda: export(project, fmt, output, scope=scope, per=per),
            lambda result: self.w.statusBar().showMessage(result.summary(), 10000),
            failed,
        ).start()

    # ---- The list and search

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        if self.model:
            self.model.sort(column, order)

    def _run_search(self) -> None:
        if self.ws is None or self.model is None:
            return
        query = self.w.search_box.text()
        self._search_gen += 1
        gen, project = self._search_gen, self.ws.project
        if not query.strip():
            self.model.set_filter(None)
            self._count_status()
            return

        def work() -> list[search.SearchHit]:
            with project.session() as s:
                return search.search(s, query, limit=SEARCH_LIMIT)

        Task(work, lambda hits: self._searched(gen, hits), self._search_failed).start()

    def _searched(self, gen: int, hits: list[search.SearchHit]) -> None:
        if gen != self._search_gen or self.model is None:
            return  # a newer search is on its way
        self.model.set_filter([h.article_id for h in hits])
        shown = f"{len(hits):,}" + ("+" if len(hits) >= SEARCH_LIMIT else "")
        self.w.status_label.setText(f"{shown} matching articles")
        if hits:
            self.w.list_view.selectRow(0)

    def _search_failed(self, message: str) -> None:
        self.w.statusBar().showMessage(f"Search failed: {message}", 6000)

    def _count_status(self) -> None:
        n = self.model.total() if self.model else 0
        self.w.status_label.setText(f"{n:,} articles")

    def _list_selection(self, selected: QItemSelection, _old: QItemSelection) -> None:
        if self.model is None or not selected.indexes():
            return
        aid = self.model.article_id(selected.indexes()[0].row())
        if aid is not None and (self.article is None or aid != self.article.id):
            self.show_article(aid)

    # ---- The article

    def show_article(self, article_id: int | None) -> None:
        self.w.notes.save_now()
        ws = self.ws
        detail = ws.read(lambda s: article_detail.get(s, article_id)) if ws and article_id else None
        self.article = detail
        self.selected_highlight = None
        self.w.reader.show_article(detail)
        self.w.captions.set_captions(detail.captions if detail else [])
        self._show_highlights()
        self._load_note()

    def _show_highlights(self) -> None:
        items = self.article.highlights if self.article else []
        self.w.reader.set_highlights(items, self.selected_highlight)
        self.w.highlights.set_highlights(items, self.selected_highlight)

    def _reload_highlights(self) -> None:
        if self.ws is None or self.article is None:
            return
        aid = self.article.id
        items = self.ws.read(lambda s: highlights_of(s, aid))
        self.article = replace(self.article, highlights=items)
        if self.selected_highlight is not None and self.selected_highlight not in {
            h.id for h in items
        }:  # the chosen highlight is gone (undone, deleted): back to the article's note
            self.selected_highlight = None
            self._load_note()
        self._show_highlights()

    def choose_highlight(self, highlight_id: int | None, scroll: bool = False) -> None:
        """Make ``highlight_id`` the chosen highlight (None: the article itself)."""
        self.w.notes.save_now()
        self.selected_highlight = highlight_id
        self.w.reader.select_highlight(highlight_id, scroll=scroll)
        self.w.highlights.select(highlight_id)
        self._load_note()

    def chosen(self) -> HighlightView | None:
        if self.article is None:
            return None
        return next((h for h in self.article.highlights if h.id == self.selected_highlight), None)

    def _anchor_end(self, cp: int) -> int:
        art = self.article
        block = next((b for b in art.blocks if b.start == cp), None) if art else None
        return block.end if block else cp + 1

    def _toggle_set_aside(self, show: bool) -> None:
        self.w.reader.set_show_set_aside(show)
        self.w.captions.place()
        self._show_highlights()

    # ---- Marking and coding

    def mark_claim(self, code_id: int | None = None) -> None:
        """Highlight the selected text with ``code_id``, by default the code chosen."""
        if self.ws is None or self.article is None:
            return
        span = self.w.reader.selection_span()
        if span is None:
            self.w.statusBar().showMessage("Select some text of the article to mark it.", 4000)
            return
        if not isinstance(code_id, int) or isinstance(code_id, bool):  # triggered(bool)
            code_id = self.w.codes.current_id()
        cmd = MarkCommand(self.ws, self.article.id, *span, code_id)
        self.ws.undo_stack.push(cmd)
        self.w.reader.moveCursor(self.w.reader.textCursor().MoveOperation.Start)
        self.choose_highlight(cmd.highlight_id)

    def use_code(self, index: int) -> None:
        """Number keys: choose code ``index``.

        The selected text is marked with it, or else the chosen highlight is re-coded.
        """
        if self.ws is not None and 0 <= index < len(self.w.codes.codes):
            self._apply_code(self.w.codes.codes[index].id)

    def _apply_code(self, code_id: int) -> None:
        assert self.ws is not None
        self.w.codes.choose(code_id)
        if self.w.reader.selection_span() is not None:
            self.mark_claim(code_id)
        elif (h := self.chosen()) is not None and h.code_id != code_id and self.article:
            self.ws.undo_stack.push(RecodeCommand(self.ws, self.article.id, h.id, code_id))

    def pick_code(self) -> None:
        """A quick picker at the text: the codes with their keys."""
        if self.ws is None:
            return
        menu = QMenu(self.w)
        for n, c in enumerate(self.w.codes.codes, start=1):
            act = menu.addAction(swatch(c.color), "    " * self._depth(c.id) + c.name)
            if n <= 9:
                act.setShortcut(QKeySequence(str(n)))
            act.triggered.connect(partial(self._apply_code, c.id))
        cur = self.w.reader.cursorRect()
        menu.exec(self.w.reader.viewport().mapToGlobal(QPoint(cur.left(), cur.bottom() + 4)))

    def _depth(self, code_id: int) -> int:
        depth, c = 0, self.w.codes.code(code_id)
        while c and c.parent_id:
            depth, c = depth + 1, self.w.codes.code(c.parent_id)
        return depth

    def delete_highlight(self) -> None:
        if self.ws and self.article and self.selected_highlight is not None:
            hid = self.selected_highlight
            self.choose_highlight(None)
            self.ws.undo_stack.push(DeleteHighlightCommand(self.ws, self.article.id, hid))

    def _reader_menu(self, pos: QPoint) -> None:
        reader = self.w.reader
        menu = reader.createStandardContextMenu(pos)
        menu.addSeparator()
        menu.addActions([self.w.actionMarkClaim, self.w.actionPickCode])
        cp = reader.map.to_cp(reader.cursorForPosition(pos).position())
        for h in reader.highlights_at(cp) if cp is not None else []:
            label = f"Choose {quoted(h.exact, 40)} ({h.code or 'no code'})"
            menu.addAction(swatch(h.color), label, partial(self.choose_highlight, h.id))
        if self.selected_highlight is not None:
            menu.addAction(self.w.actionDeleteHighlight)
        menu.exec(reader.viewport().mapToGlobal(pos))

    # ---- Codebook

    def add_code(self, parent_id: int | None) -> None:
        if self.ws and (name := ask_name(self.w, "Add code")):
            parent = self.w.codes.code(parent_id)
            color = parent.color if parent else "#85C1E9"
            self.ws.undo_stack.push(AddCodeCommand(self.ws, name, color, parent_id))

    def _edit_code(self, code_id: int, fields: dict[str, object]) -> None:
        if self.ws:
            try:
                self.ws.undo_stack.push(EditCodeCommand(self.ws, code_id, **fields))
            except ValueError as exc:
                QMessageBox.warning(self.w, "Codebook", str(exc))

    def _delete_code(self, code_id: int) -> None:
        if self.ws:
            self.ws.undo_stack.push(DeleteCodeCommand(self.ws, code_id))

    # ---- Notes

    def _note_target(self) -> tuple[int | None, int | None]:
        h = self.chosen()
        return (None, h.id) if h else (self.article.id if self.article else None, None)

    def _load_note(self) -> None:
        if self.ws is None or self.article is None:
            self.w.notes.load("No article open", "")
            self.w.notes.set_enabled(False)
            return
        aid, hid = self._note_target()
        note = self.ws.read(lambda s: notes.get(s, article_id=aid, highlight_id=hid))
        h = self.chosen()
        title = self.article.title or "(untitled)"
        label = f"Note on {quoted(h.exact, 60)}" if h else f"Note on the article “{title}”"
        self.w.notes.load(label, note.body if note else "", note.format if note else "text/plain")

    def _save_note(self, text: str, fmt: str) -> None:
        if self.ws is None or self.article is None:
            raise RuntimeError("no article is open")
        target = aid, hid = self._note_target()
        old = self.ws.read(lambda s: notes.body(s, article_id=aid, highlight_id=hid))
        self.ws.undo_stack.push(NoteCommand(self.ws, target, self.article.id, old, text, fmt))

    # ---- Changes and undo

    def _changed(self, changes: Changes) -> None:
        if self.ws is None:
            return
        if changes.codes:
            self.w.codes.set_codes(self.ws.read(codes.all_codes))
        if self.article and (changes.codes or changes.article_id == self.article.id):
            self._reload_highlights()
            if changes.notes and not self.w.notes.pending():
                aid, hid = self._note_target()
                body = self.ws.read(lambda s: notes.body(s, article_id=aid, highlight_id=hid))
                self.w.notes.show_text(body)
        if self.model and changes.article_id:
            self.model.refresh(changes.article_id)

    def undo(self) -> None:
        if self.ws:
            self.w.notes.save_now()
            self.ws.undo_stack.undo()

    def redo(self) -> None:
        if self.ws:
            self.ws.undo_stack.redo()

    def _sync_undo(self) -> None:
        stack = self.ws.undo_stack if self.ws else None
        for action, can, text in (
            (self.w.actionUndo, stack and stack.canUndo(), stack and stack.undoText()),
            (self.w.actionRedo, stack and stack.canRedo(), stack and stack.redoText()),
        ):
            action.setEnabled(bool(can))
            verb = "&Undo" if action is self.w.actionUndo else "&Redo"
            action.setText(f"{verb} {text or ''}".strip())
