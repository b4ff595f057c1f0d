"""Doing what a researcher does in the window, through Qt rather than our own offset code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from desktop.article_model import ID_ROLE
from desktop.main_window import MainWindow


def open_article(qtbot: QtBot, w: MainWindow, title_part: str) -> None:
    """Click the article whose title contains ``title_part`` in the list."""
    model = w.list_view.model()
    for row in range(model.rowCount()):
        if title_part in (model.index(row, 0).data() or ""):
            w.list_view.scrollTo(model.index(row, 0))
            rect = w.list_view.visualRect(model.index(row, 0))
            qtbot.mouseClick(w.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert w.ctl.article is not None and w.ctl.article.id == model.index(row, 0).data(
                ID_ROLE
            )
            return
    raise AssertionError(f"no article titled like {title_part!r}")


def select_text(w: MainWindow, phrase: str) -> None:
    """Select ``phrase`` in the reader as Qt finds it in the shown document."""
    found: QTextCursor = w.reader.document().find(phrase)
    assert not found.isNull(), phrase
    w.reader.setTextCursor(found)


def show_json(project: Path, article_id: int) -> dict[str, Any]:
    """What ``claimdesk show --json`` prints for an article (the command line sees the same)."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "show",
            "--project",
            str(project),
            str(article_id),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    ).stdout
    return json.loads(out)
