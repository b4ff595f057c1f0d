"""The title cell of a search result: the title, and under it where the article matched.

The second line is a keyword-in-context snippet with the matched words in bold. If the words
before the first match would push it out of a narrow cell, the line is moved along, so a match
is always in sight.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from db.search import MARK_END, MARK_START

Index = QModelIndex | QPersistentModelIndex
#: At most this share of the cell's width goes to the words before the first match.
LEAD_SHARE = 0.3
_PAD = 4


def pieces(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """``snippet`` without its marks, and where its matches are in that (start, length)."""
    plain, found = "", []
    for n, part in enumerate(snippet.split(MARK_START)):
        inside, _, after = part.partition(MARK_END) if n else ("", "", part)
        if inside:
            found.append((len(plain), len(inside)))
        plain += inside + after
    return plain, found


def row_height(font: QFont) -> int:
    """The height of a row holding a title and its snippet."""
    return 2 * QFontMetrics(font).height() + 2 * _PAD


class SnippetDelegate(QStyledItemDelegate):
    """Paints a title cell as two lines while its row has a snippet, as usual otherwise.

    The snippet is the cell's ``role`` data: a string, or None for a row without one.
    """

    def __init__(self, role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.role = role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        snippet = index.data(self.role)
        if snippet is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        rect = rect.adjusted(_PAD, 0, -_PAD, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        font = QFont(opt.font)
        line = QFontMetrics(font).height()
        top = QRect(rect.left(), rect.center().y() - line, rect.width(), line)
        below = top.translated(0, line)
        painter.save()
        painter.setClipRect(rect)
        painter.setPen(opt.palette.color(group))
        painter.setFont(font)
        fm = QFontMetrics(font)
        painter.drawText(
            top,
            Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(title, Qt.TextElideMode.ElideRight, top.width()),
        )
        if not selected:  # a little quieter than the title, still well above contrast
            painter.setPen(
                _mix(opt.palette.color(group), opt.palette.color(QPalette.ColorRole.Base))
            )
        self.draw_snippet(painter, below, font, snippet)
        painter.restore()

    def draw_snippet(self, painter: QPainter, rect: QRect, font: QFont, snippet: str) -> None:
        """Draw ``snippet`` in one line of ``rect``, its matches bold, the first one in sight.

        The line is laid out as a whole (right-to-left text too) and moved along so that at
        most :data:`LEAD_SHARE` of the width comes before the first match.
        """
        plain, found = pieces(snippet)
        layout = QTextLayout(plain, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        layout.setTextOption(option)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        ranges = []
        for start, length in found:
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = start, length, bold
            ranges.append(r)
        layout.setFormats(ranges)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1e6)
        layout.endLayout()
        width = line.naturalTextWidth()
        first = _x(line, found[0][0] if found else 0)
        room = rect.width() * LEAD_SHARE
        if _x(line, 0) > _x(line, len(plain)):  # right to left
            left = rect.right() - width + max(0.0, width - first - room)
        else:
            left = rect.left() - max(0.0, first - room)
        top = rect.top() + (rect.height() - line.height()) / 2
        layout.draw(painter, QPointF(left, top))


def _x(line: QTextLine, cursor: int) -> float:
    """Where in ``line`` the cursor before character ``cursor`` stands."""
    x: Any = line.cursorToX(cursor)  # (x, cursor) in PySide6
    return float(x[0] if isinstance(x, tuple) else x)


def _mix(ink: QColor, ground: QColor, amount: float = 0.25) -> QColor:
    """``ink`` moved ``amount`` of the way towards ``ground``."""
    return QColor.fromRgbF(
        ink.redF() + (ground.redF() - ink.redF()) * amount,
        ink.greenF() + (ground.greenF() - ink.greenF()) * amount,
        ink.blueF() + (ground.blueF() - ink.blueF()) * amount,
    )
