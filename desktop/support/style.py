"""Fonts, stylesheet and the application icon, all bundled in ``resources/``."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from desktop.support.paths import resources_dir

UI_FAMILY = "DejaVu Sans"
READING_FAMILY = "DejaVu Serif"


def apply(app: QApplication) -> None:
    """Register the bundled fonts (so text renders on machines without them), then style."""
    res = resources_dir()
    for font in sorted((res / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))
    app.setFont(QFont(UI_FAMILY, 10))
    app.setWindowIcon(QIcon(str(res / "icons" / "claimdesk.svg")))
    app.setStyleSheet((res / "style.qss").read_text(encoding="utf-8"))
