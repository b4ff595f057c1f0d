"""Fonts, stylesheet, the light and dark palettes and the application icon (``resources/``).

The window follows the system's colour scheme (light or dark), live; ``colorScheme`` in the
settings (``light`` or ``dark``) overrides it. Colours drawn under text are checked for contrast
here too: :func:`ink_on` picks the text colour for a background by the WCAG contrast ratio.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from desktop.support import settings
from desktop.support.paths import resources_dir

UI_FAMILY = "DejaVu Sans"
READING_FAMILY = "DejaVu Serif"
#: WCAG 2 AA for body text: the least contrast between text and what it is drawn on.
TEXT_CONTRAST = 4.5

_R = QPalette.ColorRole
_G = QPalette.ColorGroup
#: The dark palette: (role, active colour, disabled colour or None for the same).
_DARK = (
    (_R.Window, "#2B2D31", None),
    (_R.WindowText, "#E3E3E3", "#7D8086"),
    (_R.Base, "#1F2124", "#26282C"),
    (_R.AlternateBase, "#27292D", None),
    (_R.ToolTipBase, "#3A3D42", None),
    (_R.ToolTipText, "#F0F0F0", None),
    (_R.PlaceholderText, "#9A9DA2", "#6F7278"),
    (_R.Text, "#E6E6E6", "#7D8086"),
    (_R.Button, "#35383D", None),
    (_R.ButtonText, "#E3E3E3", "#7D8086"),
    (_R.BrightText, "#FF6B6B", None),
    (_R.Light, "#4A4D53", None),
    (_R.Midlight, "#3D4045", None),
    (_R.Mid, "#2F3236", None),
    (_R.Dark, "#18191B", None),
    (_R.Shadow, "#000000", None),
    (_R.Highlight, "#3B6EA8", "#3D4045"),
    (_R.HighlightedText, "#FFFFFF", "#9A9DA2"),
    (_R.Link, "#8AB4F8", None),
    (_R.LinkVisited, "#C58AF9", None),
)
#: The light palette's changes to the style's own, each for 4.5:1 or more: white on the blue of
#: chosen rows (Fusion's is 3.7:1), and grey text (credits, hints) on white and on alternate rows.
_LIGHT = (
    (_R.Highlight, "#2866A8"),
    (_R.HighlightedText, "#FFFFFF"),
    (_R.PlaceholderText, "#5F6368"),
)


def apply(app: QApplication) -> None:
    """Register the bundled fonts (so text renders on machines without them), then style."""
    res = resources_dir()
    for font in sorted((res / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))
    app.setFont(QFont(UI_FAMILY, 10))
    app.setWindowIcon(QIcon(str(res / "icons" / "claimdesk.svg")))
    if not app.property("claimdeskFollowsScheme"):  # once per application
        app.setProperty("claimdeskFollowsScheme", True)
        app.styleHints().colorSchemeChanged.connect(lambda scheme: use_scheme(app, scheme))
    use_scheme(app, app.styleHints().colorScheme())


def use_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Take the light or dark palette for ``scheme`` (the setting, if any, wins), then restyle."""
    chosen = settings.color_scheme() or scheme
    if sys.platform != "darwin":  # macOS draws its own controls in the system's scheme
        app.setPalette(dark_palette() if chosen == Qt.ColorScheme.Dark else light_palette(app))
    # Style sheet colours written as palette(...) are read when a widget is polished.
    app.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))


def light_palette(app: QApplication) -> QPalette:
    pal = app.style().standardPalette()
    for group in (_G.Active, _G.Inactive):
        for role, color in _LIGHT:
            pal.setColor(group, role, QColor(color))
    return pal


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, color, disabled in _DARK:
        pal.setColor(role, QColor(color))
        pal.setColor(_G.Disabled, role, QColor(disabled or color))
    return pal


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (the application's) draws light text on dark ground."""
    pal = palette or QGuiApplication.palette()
    return pal.color(_R.Base).lightnessF() < 0.5


# ---- Contrast (WCAG 2)


def luminance(color: QColor) -> float:
    """The relative luminance of an opaque sRGB colour."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two opaque colours, from 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def mix(color: QColor, ground: QColor, amount: float) -> QColor:
    """``color`` laid over ``ground`` at ``amount`` (0: ground, 1: color), as one opaque colour."""
    return QColor.fromRgbF(
        *(c * amount + g * (1 - amount) for c, g in (
            (color.redF(), ground.redF()),
            (color.greenF(), ground.greenF()),
            (color.blueF(), ground.blueF()),
        ))
    )  # fmt: skip


def ink_on(ground: QColor, preferred: QColor) -> QColor:
    """``preferred`` if it can be read on ``ground``, else black or white, whichever reads better.

    One of black and white always stands at 4.58:1 or more against an opaque colour.
    """
    if contrast(preferred, ground) >= TEXT_CONTRAST:
        return QColor(preferred)
    black, white = QColor("#000000"), QColor("#FFFFFF")
    return black if contrast(black, ground) >= contrast(white, ground) else white
