"""Photo captions: beside the text, level with the place where the photo stood, or in it.

Beside the text when there is room for both: the text keeps :data:`BESIDE_CHARS` characters a
line and the captions a margin of :data:`MARGIN` pixels. Otherwise each caption moves into the
text, in a space kept free above the paragraph it stood beside, which is where the photo stood:
the text keeps its measure, and the captions stay in reading order instead of behind a fold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.widgets.reader import MAX_CHARS, ReaderView

if TYPE_CHECKING:
    from db.articles.detail import CaptionView

_GAP = 8
MARGIN = 230
"""The width of the margin the captions take beside the text."""
BESIDE_CHARS = 56
"""The least line length, in characters, that the text keeps with the captions beside it."""
_HYSTERESIS = 12  # pixels: a window resized by a hair does not move the captions to and fro


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

    def height_at(self, width: int) -> int:
        return max(self.heightForWidth(width), self.minimumSizeHint().height())

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if e.button() == Qt.MouseButton.LeftButton:
            self.sig_activated.emit(self.caption)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.sig_activated.emit(self.caption)
        else:
            super().keyPressEvent(e)


class CaptionsPanel(QWidget):
    """The captions of the shown article: a margin beside the reader, or cards in its text.

    The margin takes no room when the article has no captions, or when they are in the text.
    """

    sig_caption_activated = Signal(object)
    """Emitted with the :class:`CaptionView` a researcher clicked."""

    def __init__(self, reader: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captionsPanel")
        self.setAccessibleName("Photo captions")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.reader = reader
        self._width = MARGIN  # the margin, and half of what the text cannot use on wide windows
        self.cards: list[CaptionCard] = []
        self.inline = False
        """Whether the captions stand in the text rather than beside it."""
        reader.verticalScrollBar().valueChanged.connect(self.place)
        reader.sig_reflowed.connect(self.place)
        reader.installEventFilter(self)
        self.hide()  # until there are captions

    def sizeHint(self) -> QSize:
        return QSize(self._width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)  # the margin gives way before the text does

    def set_captions(self, captions: list[CaptionView]) -> None:
        for card in self.cards:
            card.hide()  # deleteLater waits for the event loop; the old cards must go now
            card.deleteLater()
        self.cards = []
        for cap in captions:
            card = CaptionCard(cap, self._host())
            card.sig_activated.connect(self.sig_caption_activated)
            self.cards.append(card)
        self.arrange()

    # ---- Beside or in the text

    def _room(self) -> int:
        """The width the reader and the margin share."""
        return self.reader.width() + (self.width() if not self.isHidden() else 0)

    def _fits_beside(self) -> bool:
        need = self.reader.width_for(BESIDE_CHARS) + MARGIN
        return self._room() >= need + (0 if not self.inline else _HYSTERESIS)

    def _host(self) -> QWidget:
        return self.reader.viewport() if self.inline else self

    def arrange(self) -> None:
        """Choose beside or in the text for the room there is, then place the cards."""
        inline = bool(self.cards) and not self._fits_beside()
        if inline != self.inline:
            self.inline = inline
            for card in self.cards:
                card.setParent(self._host())
        beside = bool(self.cards) and not inline
        # Text and captions stand together in the middle: the room the text cannot use (it
        # keeps to its measure) goes half to its left, half to the captions' right.
        spare = self._room() - MARGIN - self.reader.width_for(MAX_CHARS)
        width = MARGIN + max(0, spare) // 2
        if width != self._width:
            self._width = width
            self.updateGeometry()
        self.setVisible(beside)
        self.reader.set_beside(beside)
        self.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.reader and event.type() == QEvent.Type.Resize:
            self.arrange()
        return False

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self.place()

    # ---- Placing the cards

    def place(self) -> None:
        """Put each card at its anchor, pushing down cards that would overlap."""
        if self.inline:
            self._place_in_text()
        else:
            self.reader.set_gaps({})
            self._place_beside()

    def _visible_until(self, below: int = 0) -> int:
        """The last document position in view, or ``below`` pixels under it.

        Anchors further down wait until the text scrolls to them: finding their place now would
        make Qt lay out the whole text at once, which takes long in very long articles.
        """
        corner = self.reader.viewport().rect().bottomRight() + QPoint(0, below)
        return self.reader.cursorForPosition(corner).position()

    def _place_beside(self) -> None:
        offset = self.mapFromGlobal(self.reader.viewport().mapToGlobal(QPoint(0, 0))).y()
        width = min(self.width(), MARGIN) - 12
        floor = -(10**9)
        last = self._visible_until()
        for card in self.cards:
            pos = self.reader.map.to_doc(card.caption.anchor)
            y = self.reader.y_of(card.caption.anchor) if pos is not None and pos <= last else None
            if y is None:
                card.hide()
                continue
            height = card.height_at(width)
            top = max(y + offset, floor)
            card.setGeometry(6, top, width, height)
            card.show()
            floor = top + height + _GAP

    def _place_in_text(self) -> None:
        """Each card in the room kept above its anchor; cards of one anchor one under another."""
        left, width = self.reader.column()
        gap = round(self.reader.point_size * 0.9)
        heights = [card.height_at(width) for card in self.cards]
        gaps: dict[int, int] = {}
        for card, height in zip(self.cards, heights, strict=True):
            gaps[card.caption.anchor] = gaps.get(card.caption.anchor, gap) + height + gap
        self.reader.set_gaps(gaps)
        last = self._visible_until(max(gaps.values(), default=0))
        below: dict[int, int] = {}  # where the next card of an anchor goes
        for card, height in zip(self.cards, heights, strict=True):
            anchor = card.caption.anchor
            pos = self.reader.map.to_doc(anchor)
            top = self.reader.block_top(anchor) if pos is not None and pos <= last else None
            if top is None:
                card.hide()
                continue
            y = below.get(anchor, top + gap)
            card.setGeometry(left, y, width, height)
            card.show()
            below[anchor] = y + height + gap
