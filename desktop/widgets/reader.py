"""The reader: an article's text with its structure styled and its highlights drawn.

Every shown block is copied verbatim from the canonical text and recorded in a
:class:`~desktop.widgets.offsets.TextMap`, so selections and highlights convert exactly between code
points (stored) and document positions (shown).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from desktop.support.style import READING_FAMILY, UI_FAMILY
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
_MEASURE = 46  # comfortable line length, in multiples of the font size (about 70 characters)


class ReaderView(QTextBrowser):
    sig_highlight_clicked = Signal(int)
    """Emitted with the id of the highlight clicked (overlaps cycle on repeated clicks)."""
    sig_reflowed = Signal()
    """Emitted when the text is replaced or laid out anew (its lines may have moved)."""

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
        self._flash_timer = QTimer(self, singleShot=True, interval=1400)
        self._flash_timer.timeout.connect(self._end_flash)

    # ---- Showing an article

    def show_article(self, article: ArticleDetail | None) -> None:
        self.article = article
        self._selected, self._flash = None, None
        self._marks, self._mark = [], -1
        self._render()
        self.verticalScrollBar().setValue(0)

    def set_zoom(self, point_size: float) -> None:
        self.point_size = max(7.0, min(32.0, point_size))
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
        doc.setDocumentMargin(24)
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
                self._block(cur, first, b.kind)
                self.map.add(cur.position(), b.start, b.end)
                cur.insertText(art.text[b.start : b.end])
                first = False
                if b.kind == "headline":
                    self._meta_line(cur, art)
        cur.endEditBlock()

    def _block(self, cur: QTextCursor, first: bool, kind: str) -> None:
        size, bold, italic, grey, sans = SHOWN.get(kind, (0.85, False, False, True, True))
        block = QTextBlockFormat()
        block.setLineHeight(145 if kind == "paragraph" else 120, 1)  # ProportionalHeight
        block.setBottomMargin(self.point_size * (0.9 if kind != "breadcrumb" else 0.4))
        if kind == "subheading":
            block.setTopMargin(self.point_size * 0.8)
        if kind in SET_ASIDE:
            block.setBackground(self.palette().color(QPalette.ColorRole.AlternateBase))
        chars = QTextCharFormat()
        chars.setFontFamilies([UI_FAMILY if sans else READING_FAMILY])
        chars.setFontPointSize(self.point_size * size)
        chars.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        chars.setFontItalic(italic)
        if grey or kind in SET_ASIDE:
            chars.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
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

    def _fit_measure(self, doc: QTextDocument | None = None) -> None:
        """Keep lines to a comfortable length by widening the side margins of wide windows."""
        doc = doc or self.document()
        width = self.viewport().width()
        measure = self.point_size * _MEASURE * 1.35
        side = max(24.0, (width - measure) / 2)
        frame = doc.rootFrame().frameFormat()
        frame.setLeftMargin(side)
        frame.setRightMargin(side)
        doc.rootFrame().setFrameFormat(frame)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self._fit_measure()

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

    def _draw(self) -> None:
        extra: list[QTextEdit.ExtraSelection] = []
        # Longest first, so shorter highlights inside longer ones are drawn on top.
        for h in sorted(self._highlights, key=lambda h: h.start - h.end):
            fmt = QTextCharFormat()
            color = QColor(h.color or "#BBBBBB")
            color.setAlpha(230 if h.id == self._selected else 105)
            fmt.setBackground(color)
            if h.id == self._selected:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(color.darker(220))
                fmt.setProperty(QTextFormat.Property.FontUnderline, True)
            extra += self._selection(h.start, h.end, fmt)
        for n, (start, end) in enumerate(self._marks):
            fmt = QTextCharFormat()
            found = self.palette().color(QPalette.ColorRole.Highlight)
            found.setAlpha(140 if n == self._mark else 60)
            fmt.setBackground(found)
            fmt.setProperty(QTextFormat.Property.OutlinePen, found.darker(150))
            extra += self._selection(start, end, fmt)
        if self._flash:
            fmt = QTextCharFormat()
            fmt.setBackground(self.palette().color(QPalette.ColorRole.Highlight).lighter(160))
            extra += self._selection(*self._flash, fmt)
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
