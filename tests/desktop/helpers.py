"""Doing what a researcher does in the window, through Qt rather than our own offset code."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from desktop.app import App
from desktop.models.article_model import ID_ROLE

T = TypeVar("T")


def settle(qtbot: QtBot, app: App, timeout: int = 20000) -> None:
    """Wait until every write asked for is in the file and every import has ended."""
    ws = app.state.workspace

    def idle() -> bool:
        model = app.listing.model
        return (
            (ws is None or ws.ops.pending() == 0)
            and app.importing.running is None
            and (model is None or model._loading is None)
        )

    qtbot.waitUntil(idle, timeout=timeout)


def read(app: App, fn: Callable[[Session], T]) -> T:
    """Read the open project directly, as another program would."""
    ws = app.state.workspace
    assert ws is not None
    with ws.project.session() as s:
        return fn(s)


def open_article(qtbot: QtBot, app: App, title_part: str) -> None:
    """Click the article whose title contains ``title_part`` in the list."""
    w = app.w
    model = w.list_view.model()
    for row in range(model.rowCount()):
        if title_part in (model.index(row, 0).data() or ""):
            w.list_view.scrollTo(model.index(row, 0))
            rect = w.list_view.visualRect(model.index(row, 0))
            qtbot.mouseClick(w.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            art = app.state.article
            assert art is not None and art.id == model.index(row, 0).data(ID_ROLE)
            return
    raise AssertionError(f"no article titled like {title_part!r}")


def select_text(app: App, phrase: str) -> None:
    """Select ``phrase`` in the reader as Qt finds it in the shown document."""
    found: QTextCursor = app.w.reader.document().find(phrase)
    assert not found.isNull(), phrase
    app.w.reader.setTextCursor(found)


def mark(qtbot: QtBot, app: App, phrase: str, code: str | None = None) -> int:
    """Select ``phrase`` and mark it (with ``code``); returns the new highlight's id."""
    select_text(app, phrase)
    if code is not None:
        app.w.codes.choose(next(c.id for c in app.w.codes.codes if c.name == code))
    before = app.state.highlight_id
    app.w.act.mark_claim.trigger()
    qtbot.waitUntil(lambda: app.state.highlight_id not in (None, before), timeout=5000)
    assert app.state.highlight_id is not None
    return app.state.highlight_id


def write_note(qtbot: QtBot, app: App, text: str) -> None:
    app.w.notes.editor.setFocus()
    qtbot.keyClicks(app.w.notes.editor, text)
    qtbot.waitUntil(lambda: app.w.notes.status.text().startswith("Saved"), timeout=5000)


def messages(app: App, title: str) -> list[QMessageBox]:
    return [b for b in app.w.findChildren(QMessageBox) if b.windowTitle() == title]


def show_json(project: Path, article_id: int) -> dict[str, Any]:
    """What ``claimdesk show --json`` prints for an article (the command line sees the same)."""
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "show", "--project", str(project), str(article_id),
         "--json"],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    ).stdout  # fmt: skip
    shown: dict[str, Any] = json.loads(out)
    return shown


def fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte; returns the file doing it."""
    filler = disk / "filler"
    with filler.open("wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    return filler
