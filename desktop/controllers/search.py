"""The search box: as the researcher types, a search off the GUI thread; the newest one wins.

A search the researcher has typed past is cancelled (its query interrupted), so searches never
queue up behind each other.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from db import search
from desktop.core.ops import Op
from desktop.core.state import AppState
from desktop.views.main_window import MainWindow

SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 500


class SearchController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.running: Op[search.SearchHits] | None = None
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run)
        w.search_box.textChanged.connect(lambda _t: self.timer.start())
        state.sig_workspace_changed.connect(lambda _ws: w.search_box.clear())

    def run(self) -> None:
        ws = self.state.workspace
        if self.running is not None:
            self.running.cancel()  # superseded
            self.running = None
        if ws is None:
            return
        query = self.w.search_box.text()
        if not query.strip():
            self.state.set_filter(None)
            return

        def found(hits: search.SearchHits) -> None:
            self.running = None
            self.state.set_filter([h.article_id for h in hits])
            shown = f"{len(hits):,}" + ("+" if len(hits) >= SEARCH_LIMIT else "")
            self.w.status_label.setText(f"{shown} matching articles")
            if hits.ignored:
                self.state.say(
                    f"Only the first {search.MAX_TERMS} different words were searched "
                    f"({hits.ignored} left out).",
                    8000,
                )

        def failed(message: str) -> None:
            self.running = None
            self.state.say(f"Search failed: {message}")

        self.running = ws.read(
            lambda s: search.search(s, query, limit=SEARCH_LIMIT, snippets=False),
            found,
            on_failed=failed,
        )
