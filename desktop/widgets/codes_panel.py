"""The codebook: codes with their colours, keys and nesting; the chosen code is used to mark.

Codes are nested by dragging one onto another, and taken out to the top level by dropping it on
the empty space below them or between two top-level codes. The description, several lines, is
saved when it loses focus; the whole memo (definition, when to use, when not, an example) is
edited in its own dialog and shown as the code's tooltip. The context menu also merges a code
into another and shows the codebook's history.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QDragMoveEvent, QDropEvent, QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.formats.code_memo import memo_text
from desktop.support.icons import swatch
from desktop.support.text import plain_tip

if TYPE_CHECKING:
    from db.annotate.codes import CodeView

_ID = Qt.ItemDataRole.UserRole + 1


class CodeTree(QTreeWidget):
    """The codes as a tree; a code dropped on another is nested in it."""

    sig_dropped = Signal(int, object)
    """Emitted with the id of the code dropped and the id of its new parent (None: top level)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def dragMoveEvent(self, e: QDragMoveEvent) -> None:
        super().dragMoveEvent(e)
        if e.source() is self:  # into its own nested codes too: the drop says why not
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        """Nest the dragged code where it is dropped; the codebook is then shown as stored."""
        dragged = self.currentItem()
        e.setDropAction(Qt.DropAction.IgnoreAction)  # the tree is rebuilt once it is written
        e.accept()
        if dragged is None:
            return
        pos = e.position().toPoint()
        target = self.itemAt(pos)
        if target is None:
            parent: QTreeWidgetItem | None = None
        else:
            rect = self.visualItemRect(target)
            edge = max(2, min(rect.height() // 4, 8))
            between = pos.y() < rect.top() + edge or pos.y() > rect.bottom() - edge
            parent = target.parent() if between else target
        if parent is dragged:
            return  # dropped back where it was
        self.sig_dropped.emit(
            int(dragged.data(0, _ID)), int(parent.data(0, _ID)) if parent is not None else None
        )


class Description(QPlainTextEdit):
    """A code's description, a few lines; left (focus out), it asks to be saved."""

    sig_left = Signal()
    """Emitted when the editor loses focus."""

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        self.sig_left.emit()


class CodesPanel(QWidget):
    sig_add = Signal(object)
    """Emitted with the parent id (or None) under which a new code is wanted."""
    sig_edit = Signal(int, dict)
    """Emitted with a code id and the fields a researcher changed."""
    sig_delete = Signal(int)
    """Emitted with the id of the code to delete."""
    sig_memo = Signal(int)
    """Emitted with the id of the code whose memo is to be edited."""
    sig_merge = Signal(int)
    """Emitted with the id of the code to merge into another."""
    sig_history = Signal(object)
    """Emitted with the id of the code whose history is asked for (None: the whole codebook)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codesPanel")
        self.setAccessibleName("Codebook")
        self.codes: list[CodeView] = []
        self.tree = CodeTree(self)
        self.tree.setObjectName("codesTree")
        self.tree.setAccessibleName("Codes")
        self.tree.setColumnCount(2)  # the name, the key
        self.tree.setHeaderHidden(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemChanged.connect(self._renamed)
        self.tree.currentItemChanged.connect(self._show_description)
        self.tree.sig_dropped.connect(self._dropped)
        self.description = Description(self)
        self.description.setObjectName("codeDescription")
        self.description.setPlaceholderText("Description of the chosen code")
        self.description.setAccessibleName("Code description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.description.sig_left.connect(lambda: self._described(self.current_id()))
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
        memo = QToolButton(self)  # beside the definition it completes
        memo.setObjectName("codeMemoButton")
        memo.setProperty("icon_name", "article-note")
        memo.setText("Memo")
        memo.setToolTip("Edit the chosen code's memo: definition, when to use, when not, example")
        memo.setAccessibleName("Edit the chosen code's memo")
        memo.clicked.connect(self._memo)
        described = QHBoxLayout()
        described.addWidget(self.description, 1)
        described.addWidget(memo, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(buttons)
        lay.addWidget(self.tree, 1)
        lay.addLayout(described)

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
        for c in codes:
            parent = items.get(c.parent_id) if c.parent_id else None
            item = QTreeWidgetItem(parent or self.tree)
            item.setText(0, c.name)
            item.setIcon(0, swatch(c.color, 14))
            item.setData(0, _ID, c.id)
            hint = f"Key {c.key}: " if c.key is not None else ""
            item.setToolTip(0, plain_tip(hint + (memo_text(c) or c.name)))
            if c.key is not None:
                item.setText(1, str(c.key))
                item.setToolTip(1, f"Key {c.key} marks with {c.name}")
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{c.name}, key {c.key}")
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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

    def code_with_key(self, key: int) -> CodeView | None:
        """The code that number key ``key`` (1–9) marks with."""
        return next((c for c in self.codes if c.key == key), None)

    def nesting(self, code_id: int) -> int:
        depth, c = 0, self.code(code_id)
        while c and c.parent_id:
            depth, c = depth + 1, self.code(c.parent_id)
        return depth

    def within(self, code_id: int) -> set[int]:
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

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        c = self.code(int(item.data(0, _ID)))
        name = item.text(0).strip()
        if column == 0 and c and name and name != c.name:
            self.sig_edit.emit(c.id, {"name": name})

    def _show_description(
        self, item: QTreeWidgetItem | None, previous: QTreeWidgetItem | None = None
    ) -> None:
        if previous is not None:  # what was typed for the code left goes in first
            self._described(int(previous.data(0, _ID)))
        c = self.code(int(item.data(0, _ID))) if item else None
        self.description.setPlainText(c.description if c else "")

    def _described(self, code_id: int | None) -> None:
        c = self.code(code_id)
        text = self.description.toPlainText()
        if c and text != c.description:
            self.sig_edit.emit(c.id, {"description": text})

    def _dropped(self, code_id: int, parent_id: int | None) -> None:
        c = self.code(code_id)
        if c is not None and c.parent_id != parent_id:
            self.sig_edit.emit(code_id, {"parent_id": parent_id})

    def _rename(self) -> None:
        if item := self.tree.currentItem():
            self.tree.editItem(item, 0)

    def _delete(self) -> None:
        if (code_id := self.current_id()) is not None:
            self.sig_delete.emit(code_id)

    def _memo(self) -> None:
        if (code_id := self.current_id()) is not None:
            self._described(code_id)  # what was typed in the description goes in first
            self.sig_memo.emit(code_id)

    def _menu(self, pos: QPoint) -> None:
        self.context_menu().exec(self.tree.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        """The menu for the chosen code, and for the whole codebook."""
        c = self.code(self.current_id())
        menu = QMenu(self)
        menu.addAction("Add code", lambda: self.sig_add.emit(None))
        if c:
            menu.addAction("Add code inside", lambda: self.sig_add.emit(c.id))
            menu.addAction("Rename", self._rename)
            menu.addAction("Colour…", self.pick_color)
            nest = menu.addMenu("Move inside")
            nest.addAction("(top level)", lambda: self.sig_edit.emit(c.id, {"parent_id": None}))
            inside = self.within(c.id)  # a code cannot go inside itself
            for other in self.codes:
                if other.id not in inside:
                    nest.addAction(
                        other.name, partial(self.sig_edit.emit, c.id, {"parent_id": other.id})
                    )
            menu.addAction("Code memo…", self._memo)
            merge = menu.addAction("Merge into…", lambda: self.sig_merge.emit(c.id))
            merge.setEnabled(len(self.codes) > len(self.within(c.id)))
            menu.addAction("History…", lambda: self.sig_history.emit(c.id))
            menu.addAction("Delete", self._delete)
        menu.addSeparator()
        menu.addAction("Codebook history…", lambda: self.sig_history.emit(None))
        return menu


def confirm_delete(
    parent: QWidget, name: str, held: int, nested: int, on_yes: Callable[[], None]
) -> QMessageBox:
    """Ask (without blocking) whether to delete a code in use; ``on_yes`` runs if so."""
    box = QMessageBox(parent)
    box.setObjectName("message")
    box.setWindowTitle("Delete code")
    box.setIcon(QMessageBox.Icon.Question)
    within = f" and the {_count(nested, 'code')} nested in it" if nested else ""
    holds = "hold" if nested else "holds"
    box.setText(f"Delete the code “{name}”{within}?")
    box.setInformativeText(
        f"“{name}”{within} {holds} {_count(held, 'highlight')}: {_count(held, 'coding')} "
        "will be lost. The highlights stay in their articles, without a code. Undo puts the "
        "codes back and codes their highlights again."
    )
    delete = box.addButton("Delete", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    delete.setObjectName("deleteCode")

    def clicked(button: object) -> None:
        if button is delete:
            on_yes()

    box.buttonClicked.connect(clicked)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def ask_name(parent: QWidget, title: str) -> str | None:
    name, ok = QInputDialog.getText(parent, title, "Name of the code:")
    return name.strip() if ok and name.strip() else None
