"""The article's highlights: quote, code and note preview; choosing one shows it in the text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.support.icons import swatch
from desktop.support.text import plain_tip, quoted

if TYPE_CHECKING:
    from db.annotate.highlights import HighlightView


_ID = Qt.ItemDataRole.UserRole + 1


class HighlightsPanel(QListWidget):
    sig_highlight_chosen = Signal(int)
    """Emitted with the id of the highlight a researcher chose in the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightsPanel")
        self.setAccessibleName("Highlights in this article")
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setAlternatingRowColors(True)
        self.currentItemChanged.connect(self._chosen)

    def minimumSizeHint(self) -> QSize:
        # It shares a panel with the claims, under their tabs: together no taller than it was.
        return QSize(70, 44)

    def set_highlights(self, items: list[HighlightView], selected: int | None) -> None:
        self.blockSignals(True)
        self.clear()
        several = len({h.coder for h in items}) > 1  # then each says whose it is
        for h in items:
            lines = [quoted(h.exact, 140), h.code or "(no code)"]
            if several:
                lines[1] += f"  ·  {h.coder or '(no name)'}"
            if h.note:
                lines[1] += f"  ·  ✎ {' '.join(h.note.split())[:60]}"
            item = QListWidgetItem(swatch(h.color), "\n".join(lines))
            item.setData(_ID, h.id)
            item.setToolTip(plain_tip(h.note or h.exact))
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"{h.code or 'Uncoded'} highlight: {h.exact}"
                + (f". Note: {h.note}" if h.note else ""),
            )
            self.addItem(item)
            if h.id == selected:
                self.setCurrentItem(item)
        self.blockSignals(False)

    def select(self, highlight_id: int | None) -> None:
        self.blockSignals(True)
        self.setCurrentRow(-1)
        for i in range(self.count()):
            if self.item(i).data(_ID) == highlight_id:
                self.setCurrentRow(i)
        self.blockSignals(False)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.sig_highlight_chosen.emit(int(item.data(_ID)))
