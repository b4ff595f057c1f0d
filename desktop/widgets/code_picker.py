"""Pick code: a small popup of the codes with their keys; type to narrow them, then use one.

A digit uses the code with that key at once; Return uses the highlighted code (Up and Down move
it); Esc, or a click elsewhere, closes the popup (as Qt closes any popup) and uses none. Typing
matches code names whatever their case and accents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.support.icons import swatch

if TYPE_CHECKING:
    from db.annotate.codes import CodeView

_ID = Qt.ItemDataRole.UserRole + 1
_MOVES = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
_ROWS_SHOWN = 12


def fold(text: str) -> str:
    """``text`` for matching: case and accents (any combining mark) set aside."""
    apart = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in apart if not unicodedata.combining(ch)).casefold()


class CodePicker(QFrame):
    sig_picked = Signal(int)
    """Emitted with the id of the code chosen, once the popup has closed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("codePicker")
        self.setAccessibleName("Pick code")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("codePickerFilter")
        self.filter.setAccessibleName("Find a code")
        self.filter.setPlaceholderText("Type a code's name, or its key")
        self.filter.textChanged.connect(self._narrow)
        self.filter.installEventFilter(self)
        self.list = QTreeWidget(self)
        self.list.setObjectName("codePickerList")
        self.list.setAccessibleName("Codes")
        self.list.setColumnCount(2)
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the filter
        self.list.setUniformRowHeights(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemClicked.connect(self._pick_item)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addWidget(self.filter)
        lay.addWidget(self.list)
        self.setFixedWidth(280)
        self._keys: dict[int, int] = {}  # key -> code id

    def pop_up(self, codes: Sequence[CodeView], current: int | None, at: QPoint) -> None:
        """Show ``codes`` (in codebook order) below ``at`` (global), ``current`` highlighted."""
        self.list.clear()
        self._keys = {c.key: c.id for c in codes if c.key is not None}
        depth: dict[int, int] = {}
        for c in codes:
            depth[c.id] = depth.get(c.parent_id, -1) + 1 if c.parent_id else 0
            item = QTreeWidgetItem(self.list)
            item.setText(0, "    " * depth[c.id] + c.name)
            item.setIcon(0, swatch(c.color))
            item.setText(1, str(c.key) if c.key is not None else "")
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(0, _ID, c.id)
            item.setData(0, Qt.ItemDataRole.UserRole, fold(c.name))
            key = f", key {c.key}" if c.key is not None else ""
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, c.name + key)
            if c.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and (rows := self._rows()):
            self.list.setCurrentItem(rows[0])
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        row = self.list.sizeHintForRow(0) if codes else 20
        self.list.setFixedHeight(row * min(max(len(codes), 1), _ROWS_SHOWN) + 6)
        self.adjustSize()
        self.move(self._on_screen(at))
        self.show()
        self.filter.setFocus(Qt.FocusReason.PopupFocusReason)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(0, _ID)) if item is not None and not item.isHidden() else None

    def shown_ids(self) -> list[int]:
        """The codes the filter lets through, in order."""
        return [int(item.data(0, _ID)) for item in self._rows() if not item.isHidden()]

    def _rows(self) -> list[QTreeWidgetItem]:
        rows = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item for item in rows if item is not None]

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        if watched is self.filter and isinstance(e, QKeyEvent) and e.type() == QEvent.Type.KeyPress:
            return self._key(e)
        return super().eventFilter(watched, e)

    def _key(self, e: QKeyEvent) -> bool:
        key, text = Qt.Key(e.key()), e.text()
        if key in _MOVES:
            QGuiApplication.sendEvent(self.list, e)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if (code_id := self.current_id()) is not None:
                self._pick(code_id)
            return True
        if len(text) == 1 and text in "123456789":
            if (code_id := self._keys.get(int(text))) is not None:
                self._pick(code_id)
            return True  # a key no code has does nothing
        return False

    def _narrow(self, typed: str) -> None:
        wanted = fold(typed.strip())
        first: QTreeWidgetItem | None = None
        for item in self._rows():
            item.setHidden(wanted not in str(item.data(0, Qt.ItemDataRole.UserRole)))
            if first is None and not item.isHidden():
                first = item
        current = self.list.currentItem()
        if current is None or current.isHidden():
            if first is not None:
                self.list.setCurrentItem(first)
            else:  # nothing matches: Return uses nothing
                self.list.setCurrentIndex(QModelIndex())

    def _pick_item(self, item: QTreeWidgetItem) -> None:
        self._pick(int(item.data(0, _ID)))

    def _pick(self, code_id: int) -> None:
        self.close()
        self.sig_picked.emit(code_id)

    def _on_screen(self, at: QPoint) -> QPoint:
        screen = QGuiApplication.screenAt(at) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        x = min(max(at.x(), room.left()), room.right() - self.width())
        y = at.y() if at.y() + self.height() <= room.bottom() else at.y() - self.height() - 24
        return QPoint(x, max(y, room.top()))
