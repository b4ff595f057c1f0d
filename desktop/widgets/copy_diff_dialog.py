"""Where a copy differs from its story's source: passages cut, added and reworded, in order.

Passages both share are shown muted (or left out, to see only the differences); a passage the
copy cut is struck through on a red ground, one it added is on a green ground, and a reworded
one shows its words cut and added inline. The colours are mixed from the palette, so they read
in light and dark schemes alike.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.support.style import READING_FAMILY, is_dark, mix
from desktop.widgets.copies_bar import copy_label

if TYPE_CHECKING:
    from db.articles.copy_diff import Differences, Passage
    from db.articles.stories import Copy

_CUT, _ADDED = QColor("#d4463b"), QColor("#2e9d4f")


def summary(d: Differences) -> str:
    """The comparison in a sentence."""
    return (
        f"The copy keeps {d.shared():.0%} of the source's words: {_n(d.removed(), 'passage')} "
        f"cut, {_n(d.added(), 'passage')} added, {_n(d.changed(), 'passage')} reworded or cut."
    )


def _n(n: int, thing: str) -> str:
    return f"{n:,} {thing}{'' if n == 1 else 's'}"


class CopyDiffDialog(QDialog):
    def __init__(self, parent: QWidget, d: Differences, source: Copy, copy: Copy) -> None:
        super().__init__(parent)
        self.setObjectName("copyDiff")
        self.setWindowTitle("Where this copy differs from its source")
        self.differences = d
        lay = QVBoxLayout(self)
        heading = QLabel(
            f"<b>Source:</b> {escape(copy_label(source))}<br>"
            f"<b>This copy:</b> {escape(copy_label(copy))}<br>{escape(summary(d))}",
            self,
        )
        heading.setWordWrap(True)
        lay.addWidget(heading)
        self.only = QCheckBox("Show only the differences", self)
        self.only.toggled.connect(self._show)
        lay.addWidget(self.only)
        self.text = QTextBrowser(self)
        self.text.setAccessibleName("The copy compared with its source")
        self.text.setFont(QFont(READING_FAMILY, self.font().pointSize() + 1))
        self.text.document().setDefaultStyleSheet("p { margin-bottom: 0.6em; }")
        lay.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(720, 560)
        self._show()

    def _show(self) -> None:
        pal = self.palette()
        ground = pal.color(QPalette.ColorRole.Base)
        strength = 0.35 if is_dark(pal) else 0.22
        cut, added = (mix(c, ground, strength).name() for c in (_CUT, _ADDED))
        muted = pal.color(QPalette.ColorRole.PlaceholderText).name()
        shown = [
            p for p in self.differences.passages if p.kind != "same" or not self.only.isChecked()
        ]
        body = "".join(_passage(p, cut, added, muted) for p in shown)
        self.text.setHtml(body or "<p>The copy and its source have the same passages.</p>")


def _passage(p: Passage, cut: str, added: str, muted: str) -> str:
    if p.kind == "same":
        return f'<p style="color:{muted}">{escape(p.copy)}</p>'
    if p.kind == "removed":
        return f'<p style="background:{cut}"><s>{escape(p.source)}</s></p>'
    if p.kind == "added":
        return f'<p style="background:{added}">{escape(p.copy)}</p>'
    out: list[str] = []
    for n, w in enumerate(p.pieces):
        before = p.pieces[n - 1].text if n else ""
        if before and not before[-1].isspace() and not w.text[:1].isspace():
            out.append(" ")  # pieces are runs of words: a space between two runs
        if w.kind == "removed":
            out.append(f'<s style="background:{cut}">{escape(w.text)}</s>')
        elif w.kind == "added":
            out.append(f'<span style="background:{added}">{escape(w.text)}</span>')
        else:
            out.append(escape(w.text))
    return f"<p>{''.join(out)}</p>"
