"""Edit ▸ Notes on the project: journals and memos written, saved, undone, read in a read-only file."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from db.annotate import memos
from db.store.project import open_project
from desktop.app import App
from desktop.widgets.memos_dialog import MemosDialog
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import read, settle


def stored(app: App) -> list[tuple[str, str, str]]:
    return read(app, lambda s: [(m.title, m.body, m.format) for m in memos.all_memos(s)])


def open_dialog(qtbot: QtBot, app: App) -> MemosDialog:
    app.w.act.project_notes.trigger()
    dialog = app.memos.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_a_project_note_is_written_saved_and_undone(qtbot: QtBot, window: App) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.list.count() == 0  # a new project has none; the editor waits for a new one
    dialog.title.setText("Journal, week 1")
    dialog.body.setPlainText("Coded the *Syria* set.")
    dialog.format.setCurrentIndex(dialog.format.findData("text/markdown"))
    dialog.save.click()
    settle(qtbot, window)
    assert stored(window) == [("Journal, week 1", "Coded the *Syria* set.", "text/markdown")]
    assert dialog.list.count() == 1 and "Saved" in dialog.status.text()
    dialog.body.setPlainText("Coded the Syria set; Astana next.")
    dialog.save.click()
    settle(qtbot, window)
    assert stored(window)[0][1] == "Coded the Syria set; Astana next."
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert stored(window)[0][1] == "Coded the *Syria* set."
    assert dialog.body.toPlainText() == "Coded the *Syria* set."  # the dialog shows the undo
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert stored(window) == [] and dialog.list.count() == 0
    window.w.act.redo.trigger()
    settle(qtbot, window)
    assert [t for t, _, _ in stored(window)] == ["Journal, week 1"]


def test_a_read_only_project_shows_its_notes_without_changing_them(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    path = tmp_path / "shared.claimdesk"
    with open_project(path) as p, p.session() as s:
        memos.save(s, "Project memo", "Aim: follow one claim.")
    app = open_window(path)
    ws = app.state.workspace
    assert ws is not None
    ws.read_only = True  # as a project on a read-only disk opens (test_save_failures makes one)
    dialog = open_dialog(qtbot, app)
    assert dialog.list.count() == 1 and dialog.body.toPlainText() == "Aim: follow one claim."
    assert dialog.body.isReadOnly() and not dialog.save.isEnabled()
    app.w.close()
