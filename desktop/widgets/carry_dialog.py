"""Carry highlights to the copies: what would be placed where, and what could not be, first.

The researcher sees how many highlights go to how many copies (and how many were found only
approximately), and every one that could not be placed, with its copy and the reason, before
anything is written. Carrying is one undoable step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.support.text import plain_tip
from desktop.widgets.import_summary import counted

if TYPE_CHECKING:
    from db.articles.carry import CarryPlan


def carry_summary(plan: CarryPlan, copies: int) -> str:
    """What carrying would do, in a sentence or two."""
    placed = len(plan.placed)
    near = sum(1 for p in plan.placed if p.score < 100)
    into = len({p.article_id for p in plan.placed})
    parts = [f"{counted(placed, 'highlight')} will be placed in {counted(into, 'copy', 'copies')}"]
    if into < copies:
        parts[0] += f" of {copies:,}"
    if near:
        parts.append(f"{near:,} of them where the copy words the quote a little differently")
    text = ", ".join(parts) + "."
    if plan.already:
        text += f" {counted(plan.already, 'highlight')} already there will be left as they are."
    if plan.unplaced:
        text += f" {counted(len(plan.unplaced), 'highlight')} could not be placed (below)."
    return text


class CarryDialog(QDialog):
    def __init__(
        self, parent: QWidget, plan: CarryPlan, copies: int, titles: dict[int, str]
    ) -> None:
        """``titles``: how each copy is named (by article id)."""
        super().__init__(parent)
        self.setObjectName("carryHighlights")
        self.setWindowTitle("Carry highlights to the copies")
        lay = QVBoxLayout(self)
        head = QLabel(carry_summary(plan, copies), self)
        head.setWordWrap(True)
        lay.addWidget(head)
        self.unplaced = QTreeWidget(self)
        self.unplaced.setAccessibleName("Highlights that could not be placed")
        self.unplaced.setHeaderLabels(["Copy", "Quote", "Why"])
        self.unplaced.setRootIsDecorated(False)
        self.unplaced.setWordWrap(True)
        self.unplaced.setUniformRowHeights(False)
        for u in plan.unplaced:
            shown = [
                titles.get(u.article_id, str(u.article_id)),
                " ".join(u.exact.split()),
                u.reason,
            ]
            item = QTreeWidgetItem(self.unplaced, shown)
            for column, whole in enumerate(shown):
                item.setToolTip(column, plain_tip(whole))  # the whole quote, however narrow
        header = self.unplaced.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.unplaced.setColumnWidth(0, 190)
        self.unplaced.setVisible(bool(plan.unplaced))
        lay.addWidget(self.unplaced, 1)
        buttons = QDialogButtonBox(self)
        self.carry = buttons.addButton("Carry", QDialogButtonBox.ButtonRole.AcceptRole)
        self.carry.setEnabled(bool(plan.placed))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(680, 420 if plan.unplaced else 160)
