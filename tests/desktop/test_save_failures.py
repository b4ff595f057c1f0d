"""A write that fails is never shown as done: said in words, the text kept and retried, no undo step.

Each cause is made real: a disk that is full (a small tmpfs), a file that became read-only (the
tmpfs remounted read-only), a write lock another process holds.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

import db.store.connect
from desktop.app import App
from tests.conftest import SAMPLES
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import fill, messages, open_article, select_text, settle


def opened_on(qtbot: QtBot, open_window: OpenWindow, path: Path) -> App:
    app = open_window(path)
    app.importing.import_paths([SAMPLES])
    settle(qtbot, app)
    open_article(qtbot, app, "UN urges Iran")
    return app


def type_note(qtbot: QtBot, app: App, text: str) -> None:
    app.w.notes.editor.setFocus()
    qtbot.keyClicks(app.w.notes.editor, text)
    qtbot.waitUntil(
        lambda: app.w.notes.status.text().startswith(("Saved", "Not saved")), timeout=15000
    )


def stored_note(path: Path, article_id: int) -> str | None:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT body FROM note WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def assert_mark_refused(qtbot: QtBot, app: App) -> None:
    ws, art = app.state.workspace, app.state.article
    assert ws is not None and art is not None
    steps = ws.undo_stack.count()
    select_text(app, "fresh round of peace talks")
    app.w.act.mark_claim.trigger()
    settle(qtbot, app)
    assert messages(app, "Not saved"), "the failure is said"
    assert ws.undo_stack.count() == steps and app.state.highlight_id is None
    assert app.state.article is not None and app.state.article.highlights == []


def test_a_full_disk_is_said_the_note_kept_and_saved_once_there_is_room(
    qtbot: QtBot, open_window: OpenWindow, small_disk: Path
) -> None:
    app = opened_on(qtbot, open_window, small_disk / "p.claimdesk")
    ws, art = app.state.workspace, app.state.article
    assert ws is not None and art is not None
    filler = fill(small_disk)
    type_note(qtbot, app, "Written on a full disk. " * 400)
    status = app.w.notes.status.text()
    assert status.startswith("Not saved") and "full" in status, status
    assert app.w.notes.editor.toPlainText().startswith("Written on a full disk.")
    assert ws.undo_stack.count() == 0 and stored_note(ws.path, art.id) is None
    assert_mark_refused(qtbot, app)
    filler.unlink()  # room again: the note goes in by itself
    qtbot.waitUntil(lambda: app.w.notes.status.text().startswith("Saved"), timeout=15000)
    assert stored_note(ws.path, art.id) == app.w.notes.editor.toPlainText()
    assert ws.undo_stack.count() == 1
    app.w.close()


def test_a_file_that_stops_taking_writes_is_said_and_nothing_is_shown_as_saved(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when a network drive or a sync tool makes the open file read-only."""
    app = opened_on(qtbot, open_window, tmp_path / "p.claimdesk")
    ws, art = app.state.workspace, app.state.article
    assert ws is not None and art is not None
    real = db.store.connect._configure

    def refusing(conn: sqlite3.Connection, *, read_only: bool) -> None:
        real(conn, read_only=read_only)
        conn.execute("PRAGMA query_only = 1")  # SQLite: "attempt to write a readonly database"

    monkeypatch.setattr(db.store.connect, "_configure", refusing)
    ws.project.engine.dispose()  # the connections kept for reuse: new ones from now on
    type_note(qtbot, app, "Typed after the file stopped taking writes.")
    status = app.w.notes.status.text()
    assert status.startswith("Not saved") and "cannot be written" in status, status
    assert ws.undo_stack.count() == 0 and stored_note(ws.path, art.id) is None
    assert_mark_refused(qtbot, app)
    monkeypatch.setattr(db.store.connect, "_configure", real)
    ws.project.engine.dispose()
    qtbot.waitUntil(lambda: app.w.notes.status.text().startswith("Saved"), timeout=15000)
    assert stored_note(ws.path, art.id) == "Typed after the file stopped taking writes."
    app.w.close()


def test_a_read_only_project_opens_read_only_and_says_so(
    qtbot: QtBot, open_window: OpenWindow, small_disk: Path
) -> None:
    path = small_disk / "p.claimdesk"
    opened_on(qtbot, open_window, path).w.close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        app = open_window(path)
        ws = app.state.workspace
        assert ws is not None and ws.read_only
        assert "read-only" in app.w.windowTitle()
        assert not app.w.act.mark_claim.isEnabled() and not app.w.act.import_files.isEnabled()
        assert app.w.notes.editor.isReadOnly()
        assert app.listing.model is not None and app.listing.model.rowCount() == 2
        app.w.close()
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)


def test_a_held_write_lock_is_said_the_window_stays_live_and_the_note_goes_in_after(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db.store.connect, "BUSY_MS", 400)  # how long a write waits for a lock
    app = opened_on(qtbot, open_window, tmp_path / "p.claimdesk")
    ws, art = app.state.workspace, app.state.article
    assert ws is not None and art is not None
    other = sqlite3.connect(ws.path, isolation_level=None)  # another program, writing
    other.execute("BEGIN IMMEDIATE")
    ticks: list[int] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    type_note(qtbot, app, "Typed while another program writes.")
    status = app.w.notes.status.text()
    assert status.startswith("Not saved") and "writing" in status, status
    assert len(ticks) > 10  # the window kept running while the write waited
    assert_mark_refused(qtbot, app)
    other.execute("ROLLBACK")
    other.close()
    qtbot.waitUntil(lambda: app.w.notes.status.text().startswith("Saved"), timeout=15000)
    assert stored_note(ws.path, art.id) == "Typed while another program writes."
    app.w.close()


def test_closing_with_a_note_not_saved_keeps_the_window_open_once(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db.store.connect, "BUSY_MS", 200)
    app = opened_on(qtbot, open_window, tmp_path / "p.claimdesk")
    ws = app.state.workspace
    assert ws is not None
    other = sqlite3.connect(ws.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    type_note(qtbot, app, "Not in the file yet.")
    assert not app.w.close()  # kept open, saying why
    assert messages(app, "Notes not saved") and app.w.isVisible()
    other.execute("ROLLBACK")
    other.close()
    qtbot.waitUntil(lambda: app.w.notes.status.text().startswith("Saved"), timeout=15000)
    assert app.w.close()
