"""Photo captions in the margin, each level with the place in the text where the photo stood."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop.widgets.reader import ReaderView

if TYPE_CHECKING:
    from db.articles.detail import CaptionView

_GAP = 8


class CaptionCard(QFrame):
    sig_activated = Signal(object)
    """Emitted with the card's caption when it is clicked or activated from the keyboard."""

    def __init__(self, caption: CaptionView, parent: QWidget) -> None:
        super().__init__(parent)
        self.caption = caption
        self.setObjectName("captionCard")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(f"Photo caption: {caption.text}")
        self.setAccessibleDescription(f"Credit: {caption.credit}" if caption.credit else "")
        self.setToolTip("Show where this photo stood in the text")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 8, 6)
        lay.setSpacing(3)
        text = QLabel(caption.text, self)
        text.setTextFormat(Qt.TextFormat.PlainText)  # the article's words, never markup
        text.setWordWrap(True)
        lay.addWidget(text)
        if caption.credit:
            credit = QLabel(caption.credit, self)
            credit.setTextFormat(Qt.TextFormat.PlainText)
            credit.setObjectName("captionCredit")
            credit.setWordWrap(True)
            lay.addWidget(credit)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if e.button() == Qt.MouseButton.LeftButton:
            self.sig_activated.emit(self.caption)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.sig_activated.emit(self.caption)
        else:
            super().keyPressEvent(e)


class CaptionsPanel(QWidget):
    """A margin beside the reader; cards follow the text as it scrolls and reflows."""

    sig_caption_activated = Signal(object)
    """Emitted with the :class:`CaptionView` a researcher clicked."""

    def __init__(self, reader: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captionsPanel")
        self.setAccessibleName("Photo captions")
        self.setMinimumWidth(180)
        self.reader = reader
        self.cards: list[CaptionCard] = []
        reader.verticalScrollBar().valueChanged.connect(self.place)
        reader.sig_reflowed.connect(self.place)

    def set_captions(self, captions: list[CaptionView]) -> None:
        for card in self.cards:
            card.hide()  # deleteLater waits for the event loop; the old cards must go now
            card.deleteLater()
        self.cards = []
        for cap in captions:
            card = CaptionCard(cap, self)
            card.sig_activated.connect(self.sig_caption_activated)
            self.cards.append(card)
        self.place()

    def place(self) -> None:
        """Put each card level with its anchor, pushing down cards that would overlap."""
        offset = self.mapFromGlobal(self.reader.viewport().mapToGlobal(QPoint(0, 0))).y()
        width = self.width() - 12
        floor = -(10**9)
        # Anchors below the view wait until it scrolls to them: finding their place now would
        # make Qt lay out the whole text at once, which takes long in very long articles.
        last = self.reader.cursorForPosition(self.reader.viewport().rect().bottomRight()).position()
        for card in self.cards:
            pos = self.reader.map.to_doc(card.caption.anchor)
            y = self.reader.y_of(card.caption.anchor) if pos is not None and pos <= last else None
            if y is None:
                card.hide()
                continue
            height = max(card.heightForWidth(width), card.minimumSizeHint().height())
            top = max(y + offset, floor)
            card.setGeometry(6, top, width, height)
            card.show()
            floor = top + height + _GAP

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self.place()
