"""One registry of semantic icon names, drawn by QtAwesome (imported on first use); swatches.

Icons are drawn in the application palette's colours, so they read on a light or a dark window;
ask again after the palette changes.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

from desktop.support.style import mix

NAMES = {
    "mark": "mdi6.marker",
    "delete": "mdi6.trash-can-outline",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "import-files": "mdi6.file-import-outline",
    "import-folder": "mdi6.folder-download-outline",
    "new-project": "mdi6.file-plus-outline",
    "open-project": "mdi6.folder-open-outline",
    "export": "mdi6.export",
    "search": "mdi6.magnify",
    "code-add": "mdi6.tag-plus-outline",
    "code-child": "mdi6.file-tree-outline",
    "color": "mdi6.palette-outline",
    "pick-code": "mdi6.tag-outline",
    "zoom-in": "mdi6.magnify-plus-outline",
    "zoom-out": "mdi6.magnify-minus-outline",
    "article-note": "mdi6.note-text-outline",
    "set-aside": "mdi6.eye-off-outline",
    "check": "mdi6.database-check-outline",
    "edit-details": "mdi6.file-document-edit-outline",
    "delete-articles": "mdi6.file-remove-outline",
    "show-file": "mdi6.folder-search-outline",
    "copy": "mdi6.content-copy",
    "claim-new": "mdi6.comment-plus-outline",
    "claim-edit": "mdi6.comment-edit-outline",
    "claim-find": "mdi6.text-search",
}


def get(name: str) -> QIcon:
    """The icon called ``name``, in the current palette's colours."""
    return _drawn(name, *inks())


def inks(palette: QPalette | None = None) -> tuple[str, str]:
    """The colours icons are drawn in on ``palette``'s window: enabled and disabled."""
    pal = palette or QGuiApplication.palette()
    ground = pal.color(QPalette.ColorRole.Window)
    ink = mix(pal.color(QPalette.ColorRole.WindowText), ground, 0.85)  # a shade softer than text
    off = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    return ink.name(), mix(off, ground, 0.8).name()


@cache
def _drawn(name: str, color: str, disabled: str) -> QIcon:
    import qtawesome

    icon: QIcon = qtawesome.icon(NAMES[name], color=color, color_disabled=disabled)
    return icon


def swatch(color: str | None, size: int = 12) -> QIcon:
    """A square of a code's colour, edged so that dark and light colours show on any window."""
    pix = QPixmap(size, size)
    pix.fill(QColor(color or "#BBBBBB"))
    painter = QPainter(pix)
    painter.setPen(QColor(128, 128, 128, 170))  # grey reads on light and dark ground alike
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    icon = QIcon(pix)
    icon.addPixmap(pix, QIcon.Mode.Selected)  # the code's own colour in a chosen row, untinted
    return icon
