"""A story's copies in the window: moving between them, comparing, carrying highlights.

The bar over the reader names the copy shown; the actions move to the previous and next copy,
compare a copy with its source, and carry the article's highlights to the other copies.

A project made before stories were kept has articles never compared: when it is opened, they
are compared in the background, on a connection of their own, a batch per transaction (edits
go on meanwhile), and the list learns of the stories found when the run ends.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QDialog

from db.articles import carry, copy_diff, stories
from db.articles.detail import ArticleDetail
from db.store.project import Project
from desktop.core.changes import ARTICLES, HIGHLIGHTS, Changes
from desktop.core.ops import Op, explain
from desktop.core.state import AppState
from desktop.core.story_steps import CarryHighlights
from desktop.core.workspace import Workspace
from desktop.support import settings
from desktop.views.main_window import MainWindow
from desktop.views.navigation import open_article
from desktop.widgets.carry_dialog import CarryDialog
from desktop.widgets.copies_bar import copy_label
from desktop.widgets.copy_diff_dialog import CopyDiffDialog


class _Stopped(Exception):  # noqa: N818 (not an error: the project is closing)
    pass


class CompareThread(QThread):
    """Places every article without a signature in its story (:func:`stories.compare_unsigned`)."""

    sig_progress = Signal(int, int)
    sig_ended = Signal(int, str)
    """Emitted with how many articles were compared and, if the run failed, why."""

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._stop = False
        self.done = 0

    def stop(self) -> None:
        self._stop = True

    def _progress(self, done: int, total: int) -> None:
        self.done = done
        self.sig_progress.emit(done, total)
        if self._stop:
            raise _Stopped

    def run(self) -> None:
        why = ""
        try:
            with self.project.writer() as conn:
                stories.compare_unsigned(conn, self._progress)
        except _Stopped:
            pass
        except Exception as exc:  # told in words, never left hanging
            why = explain(exc)
        self.sig_ended.emit(self.done, why)


class StoriesController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.copies: list[stories.Copy] = []
        self._reading: Op[list[stories.Copy]] | None = None
        self.comparing: CompareThread | None = None
        self.carrying = False  # an offer to carry highlights is being read or shown
        a = w.act
        a.next_copy.triggered.connect(lambda: self._step(1))
        a.previous_copy.triggered.connect(lambda: self._step(-1))
        a.compare_copy.triggered.connect(self.compare)
        a.carry_codes.triggered.connect(self.offer_carry)
        w.copies_bar.sig_open.connect(self._open)
        state.sig_article_changed.connect(self._article)
        state.sig_highlights_changed.connect(self._enable)
        state.sig_workspace_changed.connect(self._opened)
        state.sig_workspace_closing.connect(lambda _ws: self._stop_comparing())
        self._enable()

    # ---- The article's story

    def _opened(self, ws: Workspace | None) -> None:
        if ws is None:
            return
        ws.sig_changed.connect(self._changed)
        if not ws.read_only:
            ws.read(stories.unsigned_count, lambda n: self._compare_unsigned(ws, n))

    def _changed(self, changes: Changes) -> None:
        if changes.touches(ARTICLES):  # an import may have brought copies of the shown one
            self._article(self.state.article)

    def _article(self, art: ArticleDetail | None) -> None:
        ws = self.state.workspace
        if self._reading is not None:
            self._reading.cancel()
            self._reading = None
        if ws is None or art is None:
            self._show([], 0)
            return
        aid = art.id
        self._reading = ws.read(lambda s: stories.story_of(s, aid), lambda c: self._show(c, aid))

    def _show(self, copies: list[stories.Copy], current: int) -> None:
        art = self.state.article
        if current and (art is None or art.id != current):
            return  # read for an article no longer shown (one chosen after it is on its way)
        self._reading = None
        self.copies = copies
        self.w.copies_bar.show_story(copies, current)
        self._enable()

    def _at(self) -> int | None:
        art = self.state.article
        ids = [c.id for c in self.copies]
        return ids.index(art.id) if art is not None and art.id in ids else None

    def _enable(self) -> None:
        a, at = self.w.act, self._at()
        many = at is not None and len(self.copies) > 1
        a.previous_copy.setEnabled(many and at != 0)
        a.next_copy.setEnabled(many and at != len(self.copies) - 1)
        a.compare_copy.setEnabled(many)
        art, ws = self.state.article, self.state.workspace
        marked = art is not None and bool(art.highlights)
        a.carry_codes.setEnabled(many and marked and ws is not None and not ws.read_only)

    def _step(self, by: int) -> None:
        at = self._at()
        if at is not None and 0 <= at + by < len(self.copies):
            self._open(self.copies[at + by].id)

    def _open(self, article_id: int) -> None:
        ws = self.state.workspace
        if ws is not None:
            open_article(self.w, self.state, ws, article_id)

    # ---- Comparing a copy with its source

    def compare(self) -> None:
        """Show where this copy differs from the story's source (the source: from the next copy)."""
        ws, at = self.state.workspace, self._at()
        if ws is None or at is None or len(self.copies) < 2:
            return
        source, copy = (self.copies[0], self.copies[at]) if at else self.copies[:2]

        def shown(d: copy_diff.Differences) -> None:
            CopyDiffDialog(self.w, d, source, copy).exec()

        ws.read(lambda s: copy_diff.compare_articles(s, source.id, copy.id), shown)

    # ---- Carrying highlights to the copies

    def offer_carry(self) -> None:
        """Offer to put the article's highlights on the story's other copies (one undo step)."""
        ws, art = self.state.workspace, self.state.article
        if ws is None or art is None or len(self.copies) < 2:
            return
        if self.carrying:
            return  # one offer at a time: a second would carry the same highlights again
        self.carrying = True
        aid, others = art.id, len(self.copies) - 1
        titles = {c.id: copy_label(c, title_first=True) for c in self.copies}
        ws.read(
            lambda s: carry.plan(s, aid),
            lambda p: self._offer(ws, p, others, titles),
            on_failed=lambda m: self._not_carried(f"Could not carry the highlights: {m}"),
        )

    def _not_carried(self, message: str) -> None:
        self.carrying = False
        self.state.say(message)

    def _offer(
        self, ws: Workspace, plan: carry.CarryPlan, copies: int, titles: dict[int, str]
    ) -> None:
        dialog = CarryDialog(self.w, plan, copies, titles)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.carrying = False
        if not accepted or not plan.placed:
            return
        n, into = len(plan.placed), len({p.article_id for p in plan.placed})

        def done(_: object) -> None:
            self.state.say(
                f"Carried {n:,} highlight{'' if n == 1 else 's'} to {into:,} "
                f"cop{'y' if into == 1 else 'ies'}; Undo takes them all back."
            )

        ws.do(CarryHighlights(plan, settings.coder()), done)

    # ---- Stories for a project made before they were kept

    def _compare_unsigned(self, ws: Workspace, unsigned: int) -> None:
        if not unsigned or self.comparing is not None or ws is not self.state.workspace:
            return
        self.comparing = thread = CompareThread(ws.project, self)
        bar = self.w.statusBar()  # a message there (an upgrade's backup) is left standing

        def ended(done: int, why: str) -> None:
            self.comparing = None
            thread.deleteLater()
            if why:
                self.state.say(f"Copies of stories could not all be found: {why}", 0)
            elif ws is self.state.workspace:
                ws.notify(Changes.of(ARTICLES, HIGHLIGHTS))
                found = f"Copies found: {done:,} articles compared with each other."
                standing = bar.currentMessage()  # an upgrade's notice of its backup, say
                self.state.say(
                    f"{standing}  {found}" if standing else found, 0 if standing else 6000
                )

        thread.sig_ended.connect(ended)
        thread.start()

    def _stop_comparing(self) -> None:
        """Before the project closes: stop after the batch being written (it stays)."""
        if self.comparing is not None:
            self.comparing.stop()
            self.comparing.wait()
