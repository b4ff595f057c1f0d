"""The title cell of a search result: the title, and under it where the article matched.

The second line is a keyword-in-context snippet with the matched words in bold. If the words
before the first match would push it out of a narrow cell, the first of them are left out
("…"), so a match is always in sight; a line too long for the cell ends at a word ("…").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
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

        What does not fit is left out at whole words, with "…" where it was (see :func:`cut`);
        right-to-left text is laid out, cut and aligned from the right.
        """
        plain, found = pieces(snippet)
        line, _kept = _laid_out(plain, found, font)  # measured whole (its layout kept), then cut
        width = line.naturalTextWidth()
        rtl = _x(line, 0) > _x(line, len(plain))

        def along(i: int) -> float:  # how far into the line, in reading order, character i is
            x = _x(line, i)
            return width - x if rtl else x

        a, b = cut(plain, found, along, rect.width(), QFontMetricsF(font).horizontalAdvance("…"))
        lead, tail = ("…" if a > 0 else ""), ("…" if b < len(plain) else "")
        shown = [
            (max(s, a) - a + len(lead), min(s + n, b) - max(s, a))
            for s, n in found
            if s < b and s + n > a
        ]
        part, layout = _laid_out(lead + plain[a:b] + tail, shown, font)
        left = rect.right() - part.naturalTextWidth() if rtl else rect.left()
        top = rect.top() + (rect.height() - part.height()) / 2
        layout.draw(painter, QPointF(left, top))


def cut(
    plain: str,
    found: list[tuple[int, int]],
    along: Callable[[int], float],
    width: float,
    ellipsis: float,
) -> tuple[int, int]:
    """The part of ``plain`` to show in ``width``: [a, b), cut at whole words where it can be.

    ``along(i)`` is how far into the line character ``i`` stands. Unless all of it fits, the
    words before the first match take at most :data:`LEAD_SHARE` of the width; "…"
    (``ellipsis`` wide) stands for what is left out at either end.
    """
    if along(len(plain)) <= width:
        return 0, len(plain)
    first = found[0][0] if found else 0
    a, room = 0, width * LEAD_SHARE
    if along(first) > room:
        least = along(first) - room + ellipsis
        a = next((i for i in _word_starts(plain) if least <= along(i) and i <= first), first)
    avail = width - (ellipsis if a else 0)
    if along(len(plain)) - along(a) <= avail:
        return a, len(plain)
    avail -= ellipsis
    ends = [j for j in _word_ends(plain) if a < j and along(j) - along(a) <= avail]
    if not ends:  # not one whole word fits: as many characters as do
        ends = [j for j in range(a + 1, len(plain)) if along(j) - along(a) <= avail] or [a + 1]
    return a, max(ends)


def _word_starts(text: str) -> list[int]:
    return [i for i in range(1, len(text)) if text[i - 1].isspace() and not text[i].isspace()]


def _word_ends(text: str) -> list[int]:
    return [j for j in range(1, len(text)) if text[j].isspace() and not text[j - 1].isspace()]


def _laid_out(
    text: str, bold_runs: list[tuple[int, int]], font: QFont
) -> tuple[QTextLine, QTextLayout]:
    """``text`` laid out in one line, ``bold_runs`` (start, length) in bold."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    bold = QTextCharFormat()
    bold.setFontWeight(QFont.Weight.Bold)
    ranges = []
    for start, length in bold_runs:
        r = QTextLayout.FormatRange()
        r.start, r.length, r.format = start, length, bold
        ranges.append(r)
    layout.setFormats(ranges)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1e6)
    layout.endLayout()
    return line, layout


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
