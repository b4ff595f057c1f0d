"""A search's results in the list: later pages of ranked ids, and a snippet for each row shown.

The list starts with the first page a search found (:class:`db.search.Found`, which counts every
match). Later pages are read as the list is scrolled to its end, and snippets a few dozen rows at
a time as rows are painted: both off the GUI thread, so nothing here grows with the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from db import search
from desktop.core.ops import Op
from desktop.core.workspace import Workspace

#: Rows whose snippets are read together, and how many such reads may wait at once.
SNIPPET_PAGE, _WAITING = 40, 3
#: Snippets kept; past this many they are forgotten (and read again if shown again).
_KEPT = 4000
#: What a snippet from somewhere other than the text or the title begins with.
_FROM = {"caption": "Caption: ", "highlight": "Claim: ", "note": "Note: "}


class SearchResults(QObject):
    sig_page = Signal(list)
    """Emitted with the ids of the next ranked page, once read."""
    sig_snippets = Signal(list)
    """Emitted with the ids whose snippets have arrived."""
    sig_failed = Signal(str)
    """Emitted with what went wrong when a page or snippets could not be read."""

    def __init__(self, ws: Workspace, found: search.Found, page: int) -> None:
        super().__init__()
        self.ws, self.found, self.page = ws, found, page
        self.total = found.total  # every matching article
        self.fetched = len(found)  # ranked ids read so far
        self.matching: set[int] | None = None  # every match, once a list order asked for them
        self._next: Op[list[int]] | None = None
        self._snippets: dict[int, str] = {}
        self._asked: set[int] = set()
        self._reads: list[tuple[Op[Any], list[int]]] = []  # snippet reads under way, oldest first

    # ---- Pages

    def has_more(self) -> bool:
        return self.fetched < self.total

    def fetch_more(self) -> None:
        """Read the next ranked page (once; :attr:`sig_page` brings it)."""
        if self._next is not None or not self.has_more():
            return
        f, offset, limit = self.found, self.fetched, self.page
        self._next = self.ws.read(
            lambda s: search.ranked_ids(
                s, f.user_text, offset=offset, limit=limit, prefix=f.prefix
            ),
            self._paged,
            on_failed=self._failed,
        )

    def _paged(self, ids: list[int]) -> None:
        if not shiboken6.isValid(self):  # its list went while the page was read
            return
        self._next = None
        self.fetched += len(ids)
        if len(ids) < self.page:  # articles went since the count: there are no more
            self.total = self.fetched
        self.sig_page.emit(ids)

    # ---- Snippets

    def snippet(self, article_id: int, around: Sequence[int]) -> str:
        """The article's snippet, marks and all ("" until read); asks for those ``around`` it."""
        if article_id in self._snippets:
            return self._snippets[article_id]
        if article_id not in self._asked:
            self._ask([i for i in around if i not in self._asked and i not in self._snippets])
        return ""

    def _ask(self, ids: list[int]) -> None:
        if len(self._reads) >= _WAITING:  # scrolled past: the oldest is no longer wanted
            op, dropped = self._reads.pop(0)
            op.cancel()
            self._asked.difference_update(dropped)
        if len(self._snippets) > _KEPT:
            self._snippets.clear()
        self._asked.update(ids)
        f = self.found
        entry: list[tuple[Op[Any], list[int]]] = []

        def arrived(got: dict[int, search.Context]) -> None:
            if not shiboken6.isValid(self):  # its list went while the snippets were read
                return
            if entry and entry[0] in self._reads:
                self._reads.remove(entry[0])
            for aid in ids:
                ctx = got.get(aid)
                self._snippets[aid] = _FROM.get(ctx.source, "") + ctx.snippet if ctx else ""
            self.sig_snippets.emit(ids)

        op = self.ws.read(
            lambda s: search.contexts(s, f.user_text, ids, prefix=f.prefix),
            arrived,
            on_failed=self._failed,
        )
        entry.append((op, ids))
        self._reads.append(entry[0])

    def _failed(self, message: str) -> None:
        if not shiboken6.isValid(self):
            return
        self._next = None
        self.sig_failed.emit(message)

    def close(self) -> None:
        """Stop every read under way: the search is no longer shown."""
        for op in [self._next, *(op for op, _ in self._reads)]:
            if op is not None:
                op.cancel()
        self._next, self._reads = None, []
