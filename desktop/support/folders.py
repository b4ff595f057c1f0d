"""The folder each kind of file dialog starts in: the last one used for it, else Documents."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from desktop.support import settings


def start_folder(kind: str) -> Path:
    """Where a dialog of ``kind`` ("import", "open", "new", "export") should open."""
    last = settings.settings().value(f"folders/{kind}", "")
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def remember_folder(kind: str, chosen: Path) -> None:
    """Remember the folder of ``chosen`` (a file or a folder) for the next dialog of ``kind``."""
    folder = chosen if chosen.is_dir() else chosen.parent
    settings.settings().setValue(f"folders/{kind}", str(folder))
