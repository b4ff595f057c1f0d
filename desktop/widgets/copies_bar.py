"""A slim bar over the reader when the article is one of a story's copies.

It says which copy this is, earliest first ("Copy 2 of 4"), and holds the ways between them:
the previous and next copy, a menu of every copy (outlet, date, title), and the comparison with
the story's source and the carrying of highlights, as the window's actions. An article without
copies hides the bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

if TYPE_CHECKING:  # the window paints before the database layer loads
    from db.articles.stories import Copy

SHOWN_IN_MENU = 40  # copies listed in the menu; a templated report may have thousands


def copy_label(c: Copy, *, title_first: bool = False) -> str:
    """How a copy is named in a list: outlet · date — title (or the title first)."""
    where = " · ".join(x for x in (c.outlet, c.published) if x) or "No outlet or date"
    title = c.title or "(untitled)"
    return f"{title} — {where}" if title_first else f"{where} — {title}"


class CopiesBar(QFrame):
    sig_open = Signal(int)
    """Emitted with the id of the copy chosen from the menu."""

    def __init__(
        self, actions: list[QAction], names: list[str], parent: QWidget | None = None
    ) -> None:
        """``actions``: previous copy, next copy, then the others, as buttons named ``names``.

        The bar never asks for more width than its buttons: the label gives way (its whole
        text is its tooltip), so the reader keeps its room on a small screen.
        """
        super().__init__(parent)
        self.setObjectName("copiesBar")
        self.setAccessibleName("Copies of this story")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 2, 4, 2)
        lay.setSpacing(4)
        self.label = QLabel(self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(0)
        self.label.installEventFilter(self)  # its text is elided to the width it is given
        lay.addWidget(self.label, 1)
        self.menu = QMenu(self)
        self.menu.triggered.connect(lambda a: self.sig_open.emit(int(a.data())))
        arrows = (Qt.ArrowType.LeftArrow, Qt.ArrowType.RightArrow)
        for i, action in enumerate(actions):
            button = QToolButton(self)
            button.setAutoRaise(True)
            if i < len(arrows):
                button.setDefaultAction(action)
                button.setArrowType(arrows[i])
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            else:  # a default action would put its own (long) text back on every change
                button.setText(names[i - len(arrows)])
                button.setToolTip(action.toolTip())
                button.setAccessibleName(action.text().replace("&", "").replace("…", ""))
                button.clicked.connect(action.trigger)
                action.enabledChanged.connect(button.setEnabled)
                button.setEnabled(action.isEnabled())
            lay.addWidget(button)
            if i == 1:  # after the arrows: every copy
                self.all_button = QToolButton(self)
                self.all_button.setText("All copies")
                self.all_button.setAccessibleName("All copies of this story")
                self.all_button.setMenu(self.menu)
                self.all_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                self.all_button.setAutoRaise(True)
                lay.addWidget(self.all_button)
        self.copies: list[Copy] = []
        self.said = ""  # the label's whole text, elided to the room it has
        self.hide()

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        if watched is self.label and e.type() == QEvent.Type.Resize:
            self._elide()
        return False

    def _elide(self) -> None:
        width = max(0, self.label.width())
        shown = self.label.fontMetrics().elidedText(self.said, Qt.TextElideMode.ElideRight, width)
        self.label.setText(shown)
        self.label.setAccessibleName(self.said)

    def show_story(self, copies: list[Copy], current: int) -> None:
        """Show the story of the article ``current`` (its copies earliest first); hide if alone."""
        self.copies = copies
        self.menu.clear()
        if len(copies) < 2:
            self.hide()
            return
        at = next((n for n, c in enumerate(copies) if c.id == current), 0)
        first = copies[0]
        where = ", ".join(x for x in (first.outlet, first.published) if x)
        earliest = ": the earliest" if at == 0 else f"; first: {where}" if where else ""
        self.said = f"Copy {at + 1} of {len(copies):,} of this story{earliest}."
        self.label.setToolTip(f"{self.said} The earliest: {copy_label(copies[0])}")
        self._elide()
        for c in copies[:SHOWN_IN_MENU]:
            item = self.menu.addAction(copy_label(c).replace("&", "&&"))  # no mnemonics
            item.setData(c.id)
            item.setCheckable(True)
            item.setChecked(c.id == current)
        if len(copies) > SHOWN_IN_MENU:
            more = self.menu.addAction(f"…and {len(copies) - SHOWN_IN_MENU:,} more")
            more.setEnabled(False)
        self.show()
