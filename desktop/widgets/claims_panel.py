"""The Claims panel: the catalogue, filtered, and the chosen claim's mentions in context."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.support.text import quoted

if TYPE_CHECKING:
    from db.annotate.claims import ClaimView, MentionView

_ID = Qt.ItemDataRole.UserRole + 1
_HIGHLIGHT = Qt.ItemDataRole.UserRole + 2
STATUSES = (
    ("All", None),
    ("Open", "open"),
    ("Checking", "checking"),
    ("Checked", "checked"),
)
CONTEXT = 40  # characters of context either side of a mention


def summary(c: ClaimView) -> str:
    """The line under a claim's wording: who, the verdict, its reach, when first seen."""
    parts = [c.claimant or "no claimant", c.verdict or c.status]
    parts.append(f"{c.mentions} mention{'s' * (c.mentions != 1)}")
    if c.stories < c.mentions:  # copies of one story among them
        parts[-1] += f" in {c.stories} stor{'y' if c.stories == 1 else 'ies'}"
    if c.outlets:
        parts.append(f"{c.outlets} outlet{'s' * (c.outlets != 1)}")
    if c.first_seen:
        parts.append(f"first {c.first_seen}")
    return " · ".join(parts)


class ClaimsPanel(QWidget):
    sig_filter = Signal(str, object)  # words, status (None: all)
    sig_claim_chosen = Signal(object)  # a claim's id, or None
    sig_new = Signal()
    sig_edit = Signal(int)
    sig_find = Signal(int)
    sig_open_mention = Signal(int, int)  # article id, highlight id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimsPanel")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter claims")
        self.filter.setAccessibleName("Filter claims by wording or claimant")
        self.filter.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Show claims of status")
        for label, value in STATUSES:
            self.status.addItem(label, value)
        self.status.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.claims = QListWidget(self)
        self.claims.setAccessibleName("Claims")
        self.claims.setWordWrap(True)
        self.claims.setAlternatingRowColors(True)
        self.new_button = self._tool("claim-new", "New claim from the chosen highlight's quote")
        self.edit_button = self._tool("claim-edit", "Edit the chosen claim")
        self.find_button = self._tool(
            "claim-find", "Find other mentions: passages across the corpus that may state it"
        )
        self.mentions_label = QLabel("Mentions", self)
        self.mentions = QListWidget(self)
        self.mentions.setAccessibleName("Mentions of the chosen claim")
        self.mentions.setWordWrap(True)
        tools = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.find_button):
            tools.addWidget(b)
        tools.addStretch(1)
        tools.addWidget(self.status)
        upper = QWidget(self)
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.setSpacing(3)
        ul.addLayout(tools)
        ul.addWidget(self.filter)
        ul.addWidget(self.claims, 1)
        lower = QWidget(self)
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.mentions_label)
        ll.addWidget(self.mentions, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(upper)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self.filter.textChanged.connect(self._filtered)
        self.status.currentIndexChanged.connect(self._filtered)
        self.claims.currentItemChanged.connect(lambda item, _old: self._chosen(item))
        self.new_button.clicked.connect(self.sig_new.emit)
        self.edit_button.clicked.connect(lambda: self._with_claim(self.sig_edit.emit))
        self.find_button.clicked.connect(lambda: self._with_claim(self.sig_find.emit))
        self.mentions.itemActivated.connect(self._open)
        self._chosen(None)

    def _tool(self, icon: str, tip: str) -> QToolButton:
        b = QToolButton(self)
        b.setProperty("icon_name", icon)
        b.setText(tip.split()[0])  # until the icons are drawn
        b.setToolTip(tip)
        b.setAccessibleName(tip)
        return b

    def set_icons(self) -> None:
        from desktop.support import icons

        for b in (self.new_button, self.edit_button, self.find_button):
            b.setIcon(icons.get(str(b.property("icon_name"))))
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def sizeHint(self) -> QSize:
        return QSize(256, 192)  # as the Highlights panel it shares a place with

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 40)  # a short window folds the panels into tabs sooner otherwise

    def chosen(self) -> int | None:
        item = self.claims.currentItem()
        return int(item.data(_ID)) if item else None

    def set_claims(self, items: list[ClaimView], chosen: int | None = None) -> None:
        """Show ``items``, keeping ``chosen`` (or the claim chosen now) chosen."""
        keep = chosen if chosen is not None else self.chosen()
        self.claims.blockSignals(True)
        self.claims.clear()
        for c in items:
            item = QListWidgetItem(f"{quoted(c.wording, 160)}\n{summary(c)}")
            item.setData(_ID, c.id)
            item.setToolTip(c.wording)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Claim: {c.wording}. {summary(c)}")
            self.claims.addItem(item)
            if c.id == keep:
                self.claims.setCurrentItem(item)
        self.claims.blockSignals(False)
        self._chosen(self.claims.currentItem())

    def set_mentions(self, items: list[MentionView]) -> None:
        self.mentions.clear()
        self.mentions_label.setText(
            f"Mentions ({len(items)}), earliest first" if items else "Mentions"
        )
        for m in items:
            item = QListWidgetItem(f"{m.kwic(CONTEXT)}\n{m.where()}")
            item.setData(_ID, m.article_id)
            item.setData(_HIGHLIGHT, m.highlight_id)
            item.setToolTip("Open the article at this mention (Enter or double-click)")
            self.mentions.addItem(item)

    def _filtered(self) -> None:
        self.sig_filter.emit(self.filter.text(), self.status.currentData())

    def _chosen(self, item: QListWidgetItem | None) -> None:
        for b in (self.edit_button, self.find_button):
            b.setEnabled(item is not None)
        self.sig_claim_chosen.emit(int(item.data(_ID)) if item else None)

    def _with_claim(self, emit: Callable[[int], object]) -> None:
        if (cid := self.chosen()) is not None:
            emit(cid)

    def _open(self, item: QListWidgetItem) -> None:
        self.sig_open_mention.emit(int(item.data(_ID)), int(item.data(_HIGHLIGHT)))
