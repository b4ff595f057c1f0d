"""Undo and redo touch only their own claims: two windows on one project, an import in between."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from db.formats.export import export
from desktop.app import App
from tests.conftest import SAMPLES
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import mark, open_article, settle


def rows(path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT id, exact FROM highlight"))


def undo(qtbot: QtBot, app: App) -> None:
    app.w.act.undo.trigger()
    settle(qtbot, app)


def redo(qtbot: QtBot, app: App) -> None:
    app.w.act.redo.trigger()
    settle(qtbot, app)


def test_two_windows_never_undo_each_others_claims(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    path = tmp_path / "shared.claimdesk"
    a = open_window(path)
    a.importing.import_paths([SAMPLES])
    settle(qtbot, a)
    b = open_window(path)
    open_article(qtbot, a, "UN urges Iran")
    open_article(qtbot, b, "UN urges Iran")
    mine = mark(qtbot, a, "fresh round of peace talks")
    undo(qtbot, a)
    assert rows(path) == []
    theirs = mark(qtbot, b, "three rounds of peace negotiations")
    assert theirs != mine  # an id once given is not given again
    redo(qtbot, a)
    assert rows(path) == [
        (mine, "fresh round of peace talks"),
        (theirs, "three rounds of peace negotiations"),
    ]
    undo(qtbot, a)
    assert rows(path) == [(theirs, "three rounds of peace negotiations")]  # B's claim stays


def test_an_import_between_undo_and_redo_changes_nothing_of_either(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    donor = open_window(tmp_path / "donor.claimdesk")
    donor.importing.import_paths([SAMPLES])
    settle(qtbot, donor)
    open_article(qtbot, donor, "UN asks Russia")
    mark(qtbot, donor, "highest level")
    ws = donor.state.workspace
    assert ws is not None
    shared = tmp_path / "donor.json"
    export(ws.project, "json", shared)
    donor.w.close()

    path = tmp_path / "mine.claimdesk"
    app = open_window(path)
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.txt").write_text("Ports reopen\n\nShips came in before dawn today.\n")
    app.importing.import_paths([tmp_path / "one"])
    settle(qtbot, app)
    open_article(qtbot, app, "Ports reopen")
    mine = mark(qtbot, app, "Ships came in")
    undo(qtbot, app)
    app.importing.import_paths([shared])  # brings a highlight of its own
    settle(qtbot, app)
    imported = rows(path)
    assert len(imported) == 1 and imported[0][0] != mine
    redo(qtbot, app)
    undo(qtbot, app)
    assert rows(path) == imported  # undo removed its own claim, not the imported one
    redo(qtbot, app)
    assert sorted(rows(path)) == sorted([*imported, (mine, "Ships came in")])
