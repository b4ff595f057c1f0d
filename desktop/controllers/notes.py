"""Notes: on the chosen highlight, or on the article; saved as typed, never lost when saving fails.

A note whose save failed is kept here, as a draft, and saved again every few seconds until it
is in the file; it is what the editor shows when its article or highlight is chosen again. The
window does not close on drafts without saying so.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QCloseEvent

from db.annotate import notes
from desktop.core.changes import NOTES, Changes
from desktop.core.commands import EditNote
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.support import settings
from desktop.support.dialogs import tell
from desktop.support.text import quoted
from desktop.views.main_window import MainWindow

RETRY_MS = 5000
Target = tuple[int | None, int | None]  # (article id, None) or (None, highlight id)
Key = tuple[Target, int]  # and the article it belongs to


@dataclass
class Draft:
    article_id: int
    text: str
    fmt: str
    reason: str


class NotesController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.drafts: dict[Target, Draft] = {}
        self._warned = False  # the window was kept open once because of drafts
        self.retry = QTimer(self, interval=RETRY_MS)
        self.retry.timeout.connect(self._retry)
        w.notes.sig_save_requested.connect(self.save)
        state.sig_article_changed.connect(lambda _a: self.load())
        state.sig_highlight_chosen.connect(lambda _h: self.load())
        state.sig_workspace_closing.connect(self._closing)
        state.sig_workspace_changed.connect(self._opened)
        w.sig_closing.connect(self._window_closing)

    def _opened(self, ws: Workspace | None) -> None:
        self.drafts.clear()
        if ws is not None:
            ws.sig_changed.connect(self._changed)
        self.load()

    def target(self) -> Target:
        h = self.state.chosen()
        art = self.state.article
        return (None, h.id) if h else (art.id if art else None, None)

    def load(self) -> None:
        """Show the note of what is chosen: its draft if its save failed, else what is stored."""
        ws, art, panel = self.state.workspace, self.state.article, self.w.notes
        if ws is None or art is None:
            panel.load("No article open", "")
            panel.set_enabled(False)
            return
        aid, hid = target = self.target()
        h = self.state.chosen()
        title = art.title or "(untitled)"
        label = f"Note on {quoted(h.exact, 60)}" if h else f"Note on the article “{title}”"
        key = (target, art.id)
        if (draft := self.drafts.get(target)) is not None:
            panel.load(label, draft.text, draft.fmt, key=key, unsaved=draft.reason)
        else:
            note = ws.read_now(lambda s: notes.get(s, article_id=aid, highlight_id=hid), None)
            body, fmt = (note.body, note.format) if note else ("", "text/plain")
            panel.load(label, body, fmt, key=key)
        panel.editor.setReadOnly(ws.read_only)

    def save(self, key: Key | None, text: str, fmt: str) -> None:
        """Save what the editor held for note ``key``."""
        if key is not None:
            target, article_id = key
            self._save(target, article_id, text, fmt)

    def _save(self, target: Target, article_id: int, text: str, fmt: str) -> None:
        ws = self.state.workspace
        if ws is None:
            return
        step = EditNote(article_id, target, text, fmt, settings.coder())

        def saved(_: object) -> None:
            draft = self.drafts.get(target)
            if draft is not None and draft.text == text and draft.fmt == fmt:
                del self.drafts[target]
            self.w.notes.mark_saved((target, article_id), text)
            self._sync_retry()

        def failed(reason: str) -> None:
            if target not in self.drafts or self.drafts[target].text == text:
                self.drafts[target] = Draft(article_id, text, fmt, reason)
            if self.w.notes.key == (target, article_id):
                self.w.notes.mark_failed((target, article_id), reason)
            else:
                self.state.say(f"A note could not be saved ({reason}); trying again.", 0)
            self._sync_retry()

        ws.do(step, saved, failed)

    def _retry(self) -> None:
        for target, draft in list(self.drafts.items()):
            if self.w.notes.key != (target, draft.article_id):  # the editor retries its own
                self._save(target, draft.article_id, draft.text, draft.fmt)

    def _sync_retry(self) -> None:
        if self.drafts and not self.retry.isActive():
            self.retry.start()
        elif not self.drafts:
            self.retry.stop()
            self._warned = False

    def _changed(self, changes: Changes) -> None:
        """An undo or redo changed a note: show it, unless the researcher is typing one."""
        art = self.state.article
        ws = self.state.workspace
        if ws is None or art is None or not changes.touches(NOTES) or not changes.about(art.id):
            return
        if self.w.notes.pending() or self.target() in self.drafts:
            return
        aid, hid = self.target()
        body = ws.read_now(lambda s: notes.body(s, article_id=aid, highlight_id=hid), None)
        if body is None:
            return
        self.w.notes.show_text(body)

    def _closing(self, ws: Workspace) -> None:
        """The project is closing: what the editor holds goes in before it does."""
        self.w.notes.save_now()
        ws.ops.wait_idle()

    def _window_closing(self, e: QCloseEvent) -> None:
        ws = self.state.workspace
        if ws is None:
            return
        self.w.notes.save_now()
        ws.ops.wait_idle()
        if self.drafts and not self._warned:
            self._warned = True
            e.ignore()
            reason = next(iter(self.drafts.values())).reason
            tell(
                self.w,
                "Notes not saved",
                f"{len(self.drafts)} note(s) could not be saved: {reason}\n\n"
                "The window stays open and keeps trying. Close it again to leave without them.",
            )
