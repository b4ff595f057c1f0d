"""Article ▸ Compare the coders: each coder's codings as a stripe, and where they disagree.

One stripe a coder runs the length of the article, each highlight painted where it lies in the
code's colour, the stretches in disagreement marked beneath. The list names each disagreement
(who coded what, and the words); choosing one shows it in the reader, Next and Previous step
through them, and Accept makes the chosen coder's version the reconciled one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.agreement.disagreements import GOLD

if TYPE_CHECKING:
    from db.agreement.disagreements import Coding, Disagreement

_ROW, _GAP, _NAME = 16, 6, 110  # a stripe's height, the room between, the names' column
_CUT = QColor("#d4463b")


class Stripes(QWidget):
    """The coders' stripes along the article, with its disagreements marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Each coder's highlights along the article")
        self.coders: list[str] = []
        self.items: list[Coding] = []
        self.marks: list[Disagreement] = []
        self.length = 1

    def show_codings(
        self, coders: list[str], items: list[Coding], marks: list[Disagreement], length: int
    ) -> None:
        self.coders, self.items, self.marks, self.length = coders, items, marks, max(1, length)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, (len(self.coders) + 1) * (_ROW + _GAP))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        width = max(1, self.width() - _NAME - 4)

        def x(at: int) -> float:
            return _NAME + width * at / self.length

        for row, coder in enumerate(self.coders):
            top = row * (_ROW + _GAP)
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.drawText(QRectF(0, top, _NAME - 6, _ROW), Qt.AlignmentFlag.AlignVCenter, coder)
            p.fillRect(QRectF(_NAME, top, width, _ROW), pal.color(QPalette.ColorRole.AlternateBase))
            for c in (c for c in self.items if c.coder == coder):
                color = QColor(c.color or "#888888")
                p.fillRect(QRectF(x(c.start), top, max(2.0, x(c.end) - x(c.start)), _ROW), color)
        top = len(self.coders) * (_ROW + _GAP)
        for d in self.marks:
            p.fillRect(QRectF(x(d.start), top, max(2.0, x(d.end) - x(d.start)), _ROW / 2), _CUT)
        p.end()


def describe(d: Disagreement, article_text: str) -> str:
    """``Ann: Claim · Bea: none — «the words»``."""
    who = " · ".join(f"{c}: {', '.join(sorted(v)) or 'none'}" for c, v in d.codes.items())
    return f"{who} — «{d.quote(article_text)}»"


class DisagreementDialog(QDialog):
    sig_show = Signal(int, int)
    """Emitted with the span of the disagreement chosen, to show it in the reader."""
    sig_accept = Signal(str, int, int)
    """Emitted with the coder whose version is accepted over the span."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("disagreementDialog")
        self.setWindowTitle("Compare the coders")
        lay = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.stripes = Stripes(self)
        lay.addWidget(self.stripes)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Where the coders disagree")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._chosen)
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.previous = QPushButton("&Previous", self)
        self.next = QPushButton("&Next", self)
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.coder = QComboBox(self)
        self.coder.setAccessibleName("Whose version to accept")
        self.accept_button = QPushButton("&Accept this version", self)
        self.accept_button.clicked.connect(self._accept)
        for w in (self.previous, self.next):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(QLabel("Coder:", self))
        row.addWidget(self.coder)
        row.addWidget(self.accept_button)
        lay.addLayout(row)
        self.marks: list[Disagreement] = []
        self.resize(640, 420)

    def show_article(
        self, title: str, article_text: str, items: list[Coding], marks: list[Disagreement]
    ) -> None:
        """The article's codings and disagreements (the chosen one kept where it can be)."""
        at = self.list.currentRow()
        coders = sorted({c.coder for c in items})
        self.marks = marks
        self.stripes.show_codings(coders, items, marks, len(article_text))
        n = len(marks)
        self.summary.setText(
            f"{title}: {n:,} stretch{'es' * (n != 1)} where the coders disagree."
            if n
            else f"{title}: the coders agree everywhere they coded."
        )
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([describe(d, article_text) for d in marks])
        self.list.blockSignals(False)
        chosen = self.coder.currentText()
        self.coder.clear()
        self.coder.addItems([c for c in coders if c != GOLD])
        self.coder.setCurrentIndex(max(0, self.coder.findText(chosen)))
        for w in (self.previous, self.next, self.accept_button, self.coder):
            w.setEnabled(bool(marks))
        if marks:
            self.list.setCurrentRow(min(max(at, 0), n - 1))

    def step(self, by: int) -> None:
        """Go to the next (or previous) disagreement, round the article."""
        if self.marks:
            self.list.setCurrentRow((self.list.currentRow() + by) % len(self.marks))

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.marks):
            self.sig_show.emit(self.marks[row].start, self.marks[row].end)

    def _accept(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.marks) and self.coder.currentText():
            d = self.marks[row]
            self.sig_accept.emit(self.coder.currentText(), d.start, d.end)
