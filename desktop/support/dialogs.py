"""Telling the user something without stopping the window: message boxes that do not block."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def tell(
    parent: QWidget, title: str, text: str, *, warning: bool = True, details: str = ""
) -> QMessageBox:
    """Show a message (window-modal, not blocking the event loop) and return its box."""
    box = QMessageBox(parent)
    box.setObjectName("message")
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
