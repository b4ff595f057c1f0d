"""Looks: the system's light or dark scheme, text that reads on every highlight, icons that show.

Contrast is the WCAG 2 ratio, worked out here from the sRGB values and not by the app's own
functions; text needs 4.5:1, icons (graphics) 3:1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from db.annotate.codes import FALLBACK_COLOR, PALETTE
from db.annotate.highlights import HighlightView
from db.store.project import DEFAULT_CODEBOOK
from desktop.app import App
from desktop.support import settings, style
from tests.desktop.helpers import open_article

DEFAULTS = [color for _, color, _ in DEFAULT_CODEBOOK]
EXTREMES = [
    "#000000", "#FFFFFF", "#FFFF00", "#AA0000", "#0000FF", "#00FF00", "#FF00FF", "#00FFFF",
    "#808080", "#767676", "#1F3A5F", "#FDFD96", FALLBACK_COLOR,
]  # fmt: skip
R = QPalette.ColorRole


def luminance(c: QColor) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def over(top: QColor, ground: QColor) -> QColor:
    """``top`` as it shows on ``ground`` (a colour with alpha is blended into it)."""
    a = top.alpha() / 255
    return QColor(*(round(t * a + g * (1 - a)) for t, g in (
        (top.red(), ground.red()), (top.green(), ground.green()), (top.blue(), ground.blue())
    )))  # fmt: skip


def ratio(a: QColor, b: QColor) -> float:
    """The contrast of ``a`` drawn on ``b``."""
    la, lb = sorted((luminance(over(a, b)), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """Each test in the light and in the dark scheme, as the system would announce it."""
    chosen = Qt.ColorScheme.Dark if request.param == "dark" else Qt.ColorScheme.Light
    style.apply(qapp)  # as at start
    qapp.styleHints().colorSchemeChanged.emit(chosen)
    yield request.param
    settings.settings().remove("colorScheme")
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)


def _dark(qapp: QApplication) -> bool:
    return qapp.palette().color(R.Base).lightness() < 128


def test_the_palette_follows_the_system_scheme(scheme: str, qapp: QApplication) -> None:
    assert _dark(qapp) == (scheme == "dark")


def test_the_setting_overrides_the_system_scheme(scheme: str, qapp: QApplication) -> None:
    other = "light" if scheme == "dark" else "dark"
    settings.settings().setValue("colorScheme", other)
    style.apply(qapp)
    assert _dark(qapp) == (other == "dark")


@pytest.mark.parametrize(
    ("ground", "text"),
    [
        (R.Base, R.Text),
        (R.AlternateBase, R.Text),
        (R.Window, R.WindowText),
        (R.Button, R.ButtonText),
        (R.Highlight, R.HighlightedText),
        (R.Base, R.PlaceholderText),
        (R.AlternateBase, R.PlaceholderText),
        (R.ToolTipBase, R.ToolTipText),
    ],
)
def test_the_palettes_text_reads_on_its_grounds(
    scheme: str, qapp: QApplication, ground: QPalette.ColorRole, text: QPalette.ColorRole
) -> None:
    pal = qapp.palette()
    assert ratio(pal.color(text), pal.color(ground)) >= 4.5, (scheme, ground, text)


@pytest.fixture
def reader_with(qtbot: QtBot, window: App) -> App:
    open_article(qtbot, window, "UN urges Iran")
    window.w.resize(1500, 900)
    QApplication.processEvents()
    return window


def _highlight(hid: int, start: int, end: int, color: str) -> HighlightView:
    return HighlightView(
        hid, f"u{hid}", start, end, "", "", "", None, "code", color, "", "", "", "", ""
    )


def _span(app: App, phrase: str) -> tuple[int, int]:
    art = app.state.article
    assert art is not None
    start = art.text.index(phrase)
    return start, start + len(phrase)


@pytest.mark.parametrize("chosen", [False, True])
def test_text_over_every_code_colour_reads_in_both_schemes(
    scheme: str, reader_with: App, chosen: bool
) -> None:
    reader = reader_with.w.reader
    start, end = _span(reader_with, "The UN has called on Iran")
    failures = []
    for color in [*DEFAULTS, *PALETTE, *EXTREMES]:
        reader.set_highlights([_highlight(1, start, end, color)], 1 if chosen else None)
        (sel,) = reader.extraSelections()
        ground, ink = sel.format.background().color(), sel.format.foreground().color()
        assert ground.alpha() == 255 and ink.alpha() == 255  # what is drawn is what is measured
        if ratio(ink, ground) < 4.5:
            failures.append((color, ink.name(), ground.name(), round(ratio(ink, ground), 2)))
    assert not failures, failures


def _pixels(img: QImage, rect: QRect) -> list[QColor]:
    return [
        img.pixelColor(x, y)
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
    ]


@pytest.mark.parametrize(
    ("color", "chosen"),
    [("#F4D03F", True), ("#AA0000", True), ("#1F3A5F", True), ("#FFFFFF", True),
     ("#AA0000", False), ("#58D68D", False)],
)  # fmt: skip
def test_highlighted_text_as_drawn_stands_out_from_its_ground(
    scheme: str, reader_with: App, color: str, chosen: bool
) -> None:
    """On the screen's pixels: the ground is the commonest colour in the highlight, the ink the
    one farthest from it (a glyph's core, untouched by smoothing)."""
    reader = reader_with.w.reader
    start, end = _span(reader_with, "The UN has called on Iran")
    reader.set_highlights([_highlight(1, start, end, color)], 1 if chosen else None)
    QApplication.processEvents()
    a, b = QTextCursor(reader.document()), QTextCursor(reader.document())
    a.setPosition(reader.map.to_doc(start) or 0)
    b.setPosition(reader.map.to_doc(end, end=True) or 0)
    left, right = reader.cursorRect(a), reader.cursorRect(b)
    box = QRect(
        QPoint(left.right() + 2, left.top() + 2), QPoint(right.left() - 2, right.bottom() - 2)
    )
    pixels = _pixels(reader.viewport().grab().toImage(), box)
    ground = Counter(p.name() for p in pixels).most_common(1)[0][0]
    ink = max(pixels, key=lambda p: ratio(p, QColor(ground)))
    assert ratio(ink, QColor(ground)) >= 4.5, (scheme, color, ground, ink.name())


def test_bylines_and_set_aside_text_read_in_both_schemes(scheme: str, reader_with: App) -> None:
    reader = reader_with.w.reader
    grey = reader.muted_ink()
    pal = reader.palette()
    assert ratio(grey, pal.color(R.Base)) >= 4.5
    assert ratio(grey, pal.color(R.AlternateBase)) >= 4.5
    # and the reader's text took it: the breadcrumb line is drawn in it
    block = reader.document().begin()
    assert block.charFormat().foreground().color().name() == grey.name()


def _ink(img: QImage) -> QColor:
    """The colour an icon is drawn in: its most opaque pixels, averaged."""
    solid = [img.pixelColor(x, y) for y in range(img.height()) for x in range(img.width())]
    solid = [p for p in solid if p.alpha() > 220]
    assert solid
    n = len(solid)
    return QColor(
        sum(p.red() for p in solid) // n,
        sum(p.green() for p in solid) // n,
        sum(p.blue() for p in solid) // n,
    )


def test_icons_are_drawn_in_the_palettes_colours(
    qtbot: QtBot, window: App, qapp: QApplication
) -> None:
    w = window.w
    qtbot.waitUntil(lambda: not w.act.mark_claim.icon().isNull(), timeout=5000)
    codes_button = next(
        b for b in w.codes.findChildren(QToolButton) if b.property("icon_name") == "code-add"
    )
    seen = {}
    for name, chosen in (("light", Qt.ColorScheme.Light), ("dark", Qt.ColorScheme.Dark)):
        qapp.styleHints().colorSchemeChanged.emit(chosen)
        QApplication.processEvents()
        ground = w.palette().color(R.Window)
        for what, icon in (("toolbar", w.act.mark_claim.icon()), ("codebook", codes_button.icon())):
            ink = _ink(icon.pixmap(32, 32).toImage())
            assert ratio(ink, ground) >= 3, (name, what, ink.name(), ground.name())
            seen[name, what] = ink.name()
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert seen["light", "toolbar"] != seen["dark", "toolbar"]
    assert seen["light", "codebook"] != seen["dark", "codebook"]
