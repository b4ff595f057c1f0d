"""The codebook: codes with their colours and nesting; the chosen code is the one used to mark."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.support.icons import swatch
from desktop.support.text import plain_tip

if TYPE_CHECKING:
    from db.annotate.codes import CodeView

_ID = Qt.ItemDataRole.UserRole + 1


class CodesPanel(QWidget):
    sig_add = Signal(object)
    """Emitted with the parent id (or None) under which a new code is wanted."""
    sig_edit = Signal(int, dict)
    """Emitted with a code id and the fields a researcher changed."""
    sig_delete = Signal(int)
    """Emitted with the id of the code to delete."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codesPanel")
        self.setAccessibleName("Codebook")
        self.codes: list[CodeView] = []
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("codesTree")
        self.tree.setAccessibleName("Codes")
        self.tree.setHeaderHidden(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemChanged.connect(self._renamed)
        self.tree.currentItemChanged.connect(self._show_description)
        self.description = QLineEdit(self)
        self.description.setPlaceholderText("Description of the chosen code")
        self.description.setAccessibleName("Code description")
        self.description.editingFinished.connect(self._described)
        buttons = QHBoxLayout()
        for icon, tip, slot in (
            ("code-add", "Add a code", lambda: self.sig_add.emit(None)),
            (
                "code-child",
                "Add a code inside the chosen one",
                lambda: self.sig_add.emit(self.current_id()),
            ),
            ("color", "Change the chosen code's colour", self.pick_color),
            ("delete", "Delete the chosen code", self._delete),
        ):
            b = QToolButton(self)
            b.setProperty("icon_name", icon)
            b.setText(tip.split()[0])  # until the icons are drawn
            b.setToolTip(tip)
            b.setAccessibleName(tip)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(buttons)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.description)

    def set_icons(self) -> None:
        from desktop.support import icons

        for b in self.findChildren(QToolButton):
            if name := b.property("icon_name"):
                b.setIcon(icons.get(name))
                b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def set_codes(self, codes: list[CodeView]) -> None:
        current = self.current_id()
        self.codes = codes
        self.tree.blockSignals(True)
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for n, c in enumerate(codes, start=1):
            parent = items.get(c.parent_id) if c.parent_id else None
            item = QTreeWidgetItem(parent or self.tree)
            item.setText(0, c.name)
            item.setIcon(0, swatch(c.color, 14))
            item.setData(0, _ID, c.id)
            hint = f"Key {n}: " if n <= 9 else ""
            item.setToolTip(0, plain_tip(hint + (c.description or c.name)))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            items[c.id] = item
        self.tree.expandAll()
        self.tree.blockSignals(False)
        chosen = items.get(current or -1) or (items[codes[0].id] if codes else None)
        if chosen:
            self.tree.setCurrentItem(chosen)

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, _ID)) if item else None

    def choose(self, code_id: int) -> None:
        for item in self._items():
            if item.data(0, _ID) == code_id:
                self.tree.setCurrentItem(item)

    def code(self, code_id: int | None) -> CodeView | None:
        return next((c for c in self.codes if c.id == code_id), None)

    def code_at(self, index: int) -> CodeView | None:
        """The code at ``index`` in codebook order (number keys 1–9 pick them)."""
        return self.codes[index] if 0 <= index < len(self.codes) else None

    def nesting(self, code_id: int) -> int:
        depth, c = 0, self.code(code_id)
        while c and c.parent_id:
            depth, c = depth + 1, self.code(c.parent_id)
        return depth

    def _within(self, code_id: int) -> set[int]:
        """``code_id`` and every code nested in it."""
        inside, grown = {code_id}, True
        while grown:
            more = {c.id for c in self.codes if c.parent_id in inside} - inside
            inside |= more
            grown = bool(more)
        return inside

    def pick_color(self) -> None:
        c = self.code(self.current_id())
        if c is None:
            return
        color = QColorDialog.getColor(QColor(c.color), self, f"Colour of {c.name}")
        if color.isValid():
            self.sig_edit.emit(c.id, {"color": color.name().upper()})

    def _items(self) -> list[QTreeWidgetItem]:
        flags = Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive
        return self.tree.findItems("*", flags)

    def _renamed(self, item: QTreeWidgetItem, _column: int) -> None:
        c = self.code(int(item.data(0, _ID)))
        name = item.text(0).strip()
        if c and name and name != c.name:
            self.sig_edit.emit(c.id, {"name": name})

    def _show_description(self, item: QTreeWidgetItem | None) -> None:
        c = self.code(int(item.data(0, _ID))) if item else None
        self.description.setText(c.description if c else "")
        self.description.setCursorPosition(0)

    def _described(self) -> None:
        c = self.code(self.current_id())
        if c and self.description.text() != c.description:
            self.sig_edit.emit(c.id, {"description": self.description.text()})

    def _rename(self) -> None:
        if item := self.tree.currentItem():
            self.tree.editItem(item, 0)

    def _delete(self) -> None:
        if (code_id := self.current_id()) is not None:
            self.sig_delete.emit(code_id)

    def _menu(self, pos: QPoint) -> None:
        c = self.code(self.current_id())
        menu = QMenu(self)
        menu.addAction("Add code", lambda: self.sig_add.emit(None))
        if c:
            menu.addAction("Add code inside", lambda: self.sig_add.emit(c.id))
            menu.addAction("Rename", self._rename)
            menu.addAction("Colour…", self.pick_color)
            nest = menu.addMenu("Move inside")
            nest.addAction("(top level)", lambda: self.sig_edit.emit(c.id, {"parent_id": None}))
            inside = self._within(c.id)  # a code cannot go inside itself
            for other in self.codes:
                if other.id not in inside:
                    nest.addAction(
                        other.name, partial(self.sig_edit.emit, c.id, {"parent_id": other.id})
                    )
            menu.addAction("Delete", self._delete)
        menu.exec(self.tree.viewport().mapToGlobal(pos))


def ask_name(parent: QWidget, title: str) -> str | None:
    name, ok = QInputDialog.getText(parent, title, "Name of the code:")
    return name.strip() if ok and name.strip() else None
