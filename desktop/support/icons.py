"""One registry of semantic icon names, drawn by QtAwesome (imported on first use); swatches."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QIcon, QPixmap

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
}


@cache
def get(name: str) -> QIcon:
    import qtawesome

    icon: QIcon = qtawesome.icon(NAMES[name], color="#3A4A5E")
    return icon


def swatch(color: str | None, size: int = 12) -> QIcon:
    """A square of a code's colour."""
    pix = QPixmap(size, size)
    pix.fill(QColor(color or "#BBBBBB"))
    return QIcon(pix)
