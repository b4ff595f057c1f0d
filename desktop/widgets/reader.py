"""The reader: an article's text with its structure styled and its highlights drawn.

Every shown block is copied verbatim from the canonical text and recorded in a
:class:`~desktop.widgets.offsets.TextMap`, so selections and highlights convert exactly between code
points (stored) and document positions (shown).

Lines keep a comfortable measure: never wider than :data:`MAX_CHARS` characters of the text's font,
and the reader asks the window's layout for room for :data:`MIN_CHARS` at the least. Highlights,
search matches and flashes are drawn as opaque colours with the text over them in an ink chosen
for contrast (:func:`~desktop.support.style.ink_on`), in light and dark palettes alike.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QStyle, QTextBrowser, QTextEdit, QWidget

from desktop.support.style import READING_FAMILY, UI_FAMILY, ink_on, is_dark, mix
from desktop.widgets.offsets import TextMap

if TYPE_CHECKING:
    from db.annotate.highlights import HighlightView
    from db.articles.detail import ArticleDetail

#: Kinds shown as the article, and how each is set: (size factor, bold, italic, grey, sans).
SHOWN = {
    "breadcrumb": (0.8, False, False, True, True),
    "headline": (1.75, True, False, False, True),
    "byline": (0.85, False, True, True, True),
    "dateline": (0.85, False, True, True, True),
    "standfirst": (1.12, False, True, False, False),
    "subheading": (1.2, True, False, False, True),
    "paragraph": (1.0, False, False, False, False),
    "comment": (0.9, False, False, True, False),
}
SET_ASIDE = {"boilerplate", "other", "caption"}
MIN_CHARS = 45  # the narrowest comfortable line, in average characters of the text's font
MAX_CHARS = 70  # the widest
_MARGIN = 24  # the document's own margin, around the text column
#: How strongly a code's colour shows under its text: (light, dark) palette, (plain, chosen).
_TINT = {False: (0.45, 0.9), True: (0.36, 0.85)}


class ReaderView(QTextBrowser):
    sig_highlight_clicked = Signal(int)
    """Emitted with the id of the highlight clicked (overlaps cycle on repeated clicks)."""
    sig_reflowed = Signal()
    """Emitted when the text is replaced or laid out anew (its lines may have moved)."""
    sig_menu_building = Signal(object, QPoint)
    """Emitted with the context menu being built and where it was asked for: add to it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setAccessibleName("Article text")
        self.setOpenLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.article: ArticleDetail | None = None
        self.map = TextMap("")
        self.point_size = 12.0
        self.show_set_aside = False
        self._highlights: list[HighlightView] = []
        self._selected: int | None = None
        self._flash: tuple[int, int] | None = None
        self._marks: list[tuple[int, int]] = []  # search matches, in code points
        self._mark = -1  # the current one
        self._gaps: dict[int, int] = {}  # room kept above blocks (by their start), in pixels
        self._beside = False  # something stands right of the reader: keep the text next to it
        self._flash_timer = QTimer(self, singleShot=True, interval=1400)
        self._flash_timer.timeout.connect(self._end_flash)

    # ---- Showing an article

    def show_article(self, article: ArticleDetail | None) -> None:
        self.article = article
        self._selected, self._flash = None, None
        self._marks, self._mark = [], -1
        self._gaps = {}
        self._render()
        self.verticalScrollBar().setValue(0)

    def show_structure(self, article: ArticleDetail) -> None:
        """Show the same article with its lines labelled anew, the line at the top kept there.

        The caret stays where it was in the text.
        """
        top = self.cp_at(QPoint(self.viewport().width() // 2, 0))
        was = self.y_of(top) if top is not None else None
        caret = self.map.to_cp(self.textCursor().position())
        self.article = article
        self._render()
        pos = self.map.to_doc(caret) if caret is not None else None
        if pos is not None:
            cur = self.textCursor()
            cur.setPosition(pos)
            self.setTextCursor(cur)
        now = self.y_of(top) if top is not None else None  # laid out down to there
        if was is not None and now is not None:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + now - was)

    def set_zoom(self, point_size: float) -> None:
        self.point_size = max(7.0, min(32.0, point_size))
        self.updateGeometry()  # the least width the text needs has changed
        self._rerender()

    def _rerender(self) -> None:
        value = self.verticalScrollBar().value()
        self._render()
        self.verticalScrollBar().setValue(value)

    def set_show_set_aside(self, show: bool) -> None:
        self.show_set_aside = show
        self._render()

    def _render(self) -> None:
        """Build the article in a fresh document, then show it.

        Qt lays out a document it is handed lazily, a screenful first; editing the shown one
        would lay it all out at once.
        """
        old, doc = self.document(), QTextDocument(self)
        ours = old.parent() is self  # Qt deletes its own first document itself
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(old.defaultFont())
        doc.setDocumentMargin(_MARGIN)
        self._fit_measure(doc)
        art = self.article
        self.map = TextMap(art.text if art else "")
        if art is not None:
            self._fill(QTextCursor(doc), art)
        self.setDocument(doc)
        if ours:
            old.deleteLater()
        doc.documentLayout().documentSizeChanged.connect(self.sig_reflowed)
        self.sig_reflowed.emit()
        self._draw()

    def _fill(self, cur: QTextCursor, art: ArticleDetail) -> None:
        cur.beginEditBlock()
        first = True
        if not any(b.kind == "headline" for b in art.blocks):
            self._block(cur, first, "headline")
            cur.insertText(art.title or "(untitled)")
            first = False
        for b in art.blocks:
            if b.kind in SHOWN or (self.show_set_aside and b.kind in SET_ASIDE):
                self._block(cur, first, b.kind, self._gaps.get(b.start, 0))
                self.map.add(cur.position(), b.start, b.end)
                cur.insertText(art.text[b.start : b.end])
                first = False
                if b.kind == "headline":
                    self._meta_line(cur, art)
        cur.endEditBlock()

    def _block(self, cur: QTextCursor, first: bool, kind: str, gap: int = 0) -> None:
        size, bold, italic, grey, sans = SHOWN.get(kind, (0.85, False, False, True, True))
        block = QTextBlockFormat()
        block.setLineHeight(145 if kind == "paragraph" else 120, 1)  # ProportionalHeight
        block.setBottomMargin(self.point_size * (0.9 if kind != "breadcrumb" else 0.4))
        block.setTopMargin(self._top_margin(kind) + gap)
        if kind in SET_ASIDE:
            block.setBackground(self.palette().color(QPalette.ColorRole.AlternateBase))
        chars = QTextCharFormat()
        chars.setFontFamilies([UI_FAMILY if sans else READING_FAMILY])
        chars.setFontPointSize(self.point_size * size)
        chars.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        chars.setFontItalic(italic)
        if grey or kind in SET_ASIDE:
            chars.setForeground(self.muted_ink())
        if kind == "breadcrumb":
            chars.setFontCapitalization(QFont.Capitalization.AllUppercase)
            chars.setFontLetterSpacing(108)
        if first:
            cur.setBlockFormat(block)
            cur.setBlockCharFormat(chars)
            cur.setCharFormat(chars)
        else:
            cur.insertBlock(block, chars)

    def _meta_line(self, cur: QTextCursor, art: ArticleDetail) -> None:
        crumbs = any(b.kind == "breadcrumb" for b in art.blocks)
        parts = [art.outlet, art.published, None if crumbs else " / ".join(art.section)]
        meta = "  ·  ".join(p for p in parts if p)
        if meta:
            self._block(cur, False, "dateline")
            cur.insertText(meta)

    def _top_margin(self, kind: str) -> float:
        return self.point_size * 0.8 if kind == "subheading" else 0.0

    def muted_ink(self) -> QColor:
        """Grey for bylines and set-aside text: softer than the text, still 4.5:1 on its ground."""
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        return mix(pal.color(QPalette.ColorRole.Text), base, 0.62)

    # ---- Measure

    def char_width(self) -> float:
        """The average character width of the text's font at the current size, in pixels."""
        font = QFont(READING_FAMILY)
        font.setPointSizeF(self.point_size)
        return QFontMetricsF(font).averageCharWidth()

    def width_for(self, chars: int) -> int:
        """The reader's width that gives a text column of ``chars`` average characters."""
        chrome = 2 * (_MARGIN + self.frameWidth())
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return ceil(chars * self.char_width()) + chrome + bar

    def minimumSizeHint(self) -> QSize:
        return QSize(self.width_for(MIN_CHARS), super().minimumSizeHint().height())

    def column(self) -> tuple[int, int]:
        """Where the text column is across the viewport: its left edge and its width."""
        frame = self.document().rootFrame().frameFormat()
        width = self.document().textWidth() - frame.leftMargin() - frame.rightMargin()
        return int(frame.leftMargin()), int(width)

    def set_beside(self, beside: bool) -> None:
        """Keep the text at the right edge, next to what stands beside the reader (captions)."""
        if beside != self._beside:
            self._beside = beside
            self._fit_measure()

    def _fit_measure(self, doc: QTextDocument | None = None) -> None:
        """Keep lines to :data:`MAX_CHARS` by widening the side margins of wide windows."""
        doc = doc or self.document()
        free = max(0.0, self.viewport().width() - 2 * _MARGIN - MAX_CHARS * self.char_width())
        left, right = (free, 0.0) if self._beside else (free / 2, free / 2)
        left, right = left + _MARGIN, right + _MARGIN  # these margins replace the document's
        frame = doc.rootFrame().frameFormat()
        if (frame.leftMargin(), frame.rightMargin()) != (left, right):
            frame.setLeftMargin(left)
            frame.setRightMargin(right)
            doc.rootFrame().setFrameFormat(frame)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self._fit_measure()

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        if e.type() == QEvent.Type.PaletteChange:
            self._rerender()  # greys, grounds and inks come from the palette

    # ---- Room above blocks (captions stand in it when the window is narrow)

    def set_gaps(self, gaps: dict[int, int]) -> None:
        """Keep ``gaps[cp]`` pixels free above the shown block that starts at code point ``cp``."""
        if gaps == self._gaps:
            return
        old, self._gaps = self._gaps, dict(gaps)
        changed = {cp for cp in gaps.keys() | old.keys() if gaps.get(cp) != old.get(cp)}
        art = self.article
        kinds = {b.start: b.kind for b in art.blocks} if art else {}
        cur = QTextCursor(self.document())
        for cp in sorted(changed):
            pos = self.map.to_doc(cp)
            if pos is None or cp not in kinds:
                continue
            cur.setPosition(pos)
            fmt = QTextBlockFormat()
            fmt.setTopMargin(self._top_margin(kinds[cp]) + gaps.get(cp, 0))
            cur.mergeBlockFormat(fmt)

    def block_top(self, cp: int) -> int | None:
        """The viewport y where the room above the block starting at ``cp`` begins."""
        y = self.y_of(cp)
        if y is None:
            return None
        return y - self._gaps.get(cp, 0)

    # ---- Highlights

    def set_highlights(self, items: list[HighlightView], selected: int | None = None) -> None:
        self._highlights = items
        self._selected = selected
        self._draw()

    def select_highlight(self, highlight_id: int | None, *, scroll: bool = False) -> None:
        self._selected = highlight_id
        self._draw()
        h = next((h for h in self._highlights if h.id == highlight_id), None)
        if h and scroll:
            self.scroll_to(h.start)

    def highlight_colors(self, color: str | None, chosen: bool) -> tuple[QColor, QColor]:
        """The ground and the ink a highlight of ``color`` is drawn in (chosen: stronger)."""
        plain, strong = _TINT[is_dark(self.palette())]
        return self._tinted(QColor(color or "#BBBBBB"), strong if chosen else plain)

    def _tinted(self, color: QColor, amount: float) -> tuple[QColor, QColor]:
        pal = self.palette()
        ground = mix(color, pal.color(QPalette.ColorRole.Base), amount)
        return ground, ink_on(ground, pal.color(QPalette.ColorRole.Text))

    def _format(self, ground: QColor, ink: QColor) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(ground)
        fmt.setForeground(ink)
        return fmt

    def _draw(self) -> None:
        extra: list[QTextEdit.ExtraSelection] = []
        # Longest first, so shorter highlights inside longer ones are drawn on top. Grounds are
        # opaque: the text over each is the ink chosen for it, whatever lies below.
        for h in sorted(self._highlights, key=lambda h: h.start - h.end):
            chosen = h.id == self._selected
            fmt = self._format(*self.highlight_colors(h.color, chosen))
            if chosen:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(fmt.foreground().color())
                fmt.setProperty(QTextFormat.Property.FontUnderline, True)
            extra += self._selection(h.start, h.end, fmt)
        found = self.palette().color(QPalette.ColorRole.Highlight)
        for n, (start, end) in enumerate(self._marks):
            fmt = self._format(*self._tinted(found, 0.6 if n == self._mark else 0.28))
            fmt.setProperty(QTextFormat.Property.OutlinePen, found)
            extra += self._selection(start, end, fmt)
        if self._flash:
            extra += self._selection(*self._flash, self._format(*self._tinted(found, 0.3)))
        self.setExtraSelections(extra)

    def _selection(
        self, start: int, end: int, fmt: QTextCharFormat
    ) -> list[QTextEdit.ExtraSelection]:
        a, b = self.map.to_doc(start), self.map.to_doc(end, end=True)
        if a is None or b is None or a >= b or b >= self.document().characterCount():
            return []
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(self.document())
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor, sel.format = cur, fmt
        return [sel]

    def cp_at(self, pos: QPoint) -> int | None:
        """The code point of the text under ``pos`` (viewport coordinates)."""
        return self.map.to_cp(self.cursorForPosition(pos).position())

    def highlights_at(self, cp: int) -> list[HighlightView]:
        """Highlights covering code point ``cp``, innermost first."""
        return sorted(
            (h for h in self._highlights if h.start <= cp < h.end), key=lambda h: h.end - h.start
        )

    def createStandardContextMenu(self, pos: QPoint | None = None) -> QMenu:
        """Qt's menu for the text, then what others add to it (:attr:`sig_menu_building`)."""
        at = self.cursorRect().center() if pos is None else pos
        menu = super().createStandardContextMenu(at)
        self.sig_menu_building.emit(menu, at)
        return menu

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        super().mouseReleaseEvent(e)
        if e.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        cp = self.cp_at(e.position().toPoint())
        hits = self.highlights_at(cp) if cp is not None else []
        if hits:
            ids = [h.id for h in hits]
            nxt = (
                ids[(ids.index(self._selected) + 1) % len(ids)] if self._selected in ids else ids[0]
            )
            self.sig_highlight_clicked.emit(nxt)

    # ---- Selection and scrolling in code points

    def selection_span(self) -> tuple[int, int] | None:
        """The selected text as ``(start, end)`` code points, trimmed of spaces, or None."""
        cur = self.textCursor()
        if not cur.hasSelection() or self.article is None:
            return None
        a, b = self.map.to_cp(cur.selectionStart()), self.map.to_cp(cur.selectionEnd())
        if a is None or b is None:
            return None
        text = self.article.text
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        return (a, b) if a < b else None

    def select_span(self, start: int, end: int) -> None:
        """Select ``[start, end)`` code points, as a user would with the mouse."""
        a, b = self.map.to_doc(start), self.map.to_doc(end, end=True)
        if a is None or b is None:
            return
        cur = QTextCursor(self.document())
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)

    def y_of(self, cp: int) -> int | None:
        """The viewport y of the line holding code point ``cp`` (None if it is not shown)."""
        pos = self.map.to_doc(cp)
        if pos is None or pos >= self.document().characterCount():
            return None
        cur = QTextCursor(self.document())
        cur.setPosition(pos)
        return self.cursorRect(cur).top()

    def block_end(self, cp: int) -> int:
        """Where the shown block starting at ``cp`` ends (for flashing a caption's place)."""
        art = self.article
        block = next((b for b in art.blocks if b.start == cp), None) if art else None
        return block.end if block else cp + 1

    def scroll_to(self, cp: int, *, flash_end: int | None = None) -> None:
        """Bring code point ``cp`` a third of the way down the view; flash up to ``flash_end``."""
        y = self.y_of(cp)
        if y is None:
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + y - self.viewport().height() // 3)
        if flash_end is not None:
            self._flash = (cp, flash_end)
            self._draw()
            self._flash_timer.start()

    # ---- Search matches

    def set_search_marks(self, spans: list[tuple[int, int]]) -> None:
        """Mark every search match (code point spans of the text); none is current yet."""
        self._marks, self._mark = sorted(spans), -1
        self._draw()

    def search_marks(self) -> list[tuple[int, int]]:
        return list(self._marks)

    def current_search_mark(self) -> int:
        """The index of the current match, or -1."""
        return self._mark

    def go_to_search_mark(self, forward: bool = True) -> bool:
        """Make the next (or previous) match current, wrapping, and bring it into view."""
        if not self._marks:
            return False
        step = 1 if forward else -1
        self._mark = (self._mark + step) % len(self._marks) if self._mark >= 0 else (
            0 if forward else len(self._marks) - 1
        )
        self.scroll_to(self._marks[self._mark][0])
        self._draw()
        return True

    def _end_flash(self) -> None:
        self._flash = None
        self._draw()
