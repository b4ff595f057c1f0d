"""Coders in the window: the name asked at the first start and set in Settings, stamped on what
is made; blind coding and one coder's codings shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db.annotate import highlights
from db.store.project import open_project
from desktop.app import App
from desktop.support import settings
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import mark, open_article, read, settle


def test_the_first_start_asks_for_the_coders_name(qtbot: QtBot, open_window: OpenWindow) -> None:
    settings.settings().remove("coder")  # never chosen here
    app = open_window(None)
    qtbot.waitUntil(lambda: app.settings.dialog is not None)
    dialog = app.settings.dialog
    assert dialog is not None and dialog.windowTitle() == "Welcome to Claimdesk"
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Which name should your coding carry?" in said
    dialog.coder.setText("  Ada   Lovelace ")
    dialog.accept()
    assert settings.coder() == "Ada Lovelace" and settings.coder_chosen()
    open_article(qtbot, app, "UN urges Iran")
    mark(qtbot, app, "fresh round of peace talks")
    settle(qtbot, app)
    app.w.notes.editor.setPlainText("Check the date of the talks.")
    app.w.notes.save_now()
    settle(qtbot, app)
    made = read(app, lambda s: s.execute(text("SELECT coder FROM highlight")).scalars().all())
    wrote = read(app, lambda s: s.execute(text("SELECT coder FROM note")).scalars().all())
    assert made == wrote == ["Ada Lovelace"]
    app.w.close()
    again = open_window(None)
    assert again.settings.dialog is None  # asked once


def test_a_first_start_left_unanswered_is_not_asked_again(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    settings.settings().remove("coder")
    app = open_window(None)
    qtbot.waitUntil(lambda: app.settings.dialog is not None)
    assert app.settings.dialog is not None
    app.settings.dialog.reject()
    assert settings.coder_chosen() and settings.coder() == settings.account_name()


def test_settings_change_the_name_and_the_colours(qtbot: QtBot, window: App) -> None:
    window.w.act.settings.trigger()
    dialog = window.settings.dialog
    assert dialog is not None and dialog.windowTitle() == "Settings"
    dialog.coder.setText("R. Analyst")
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("dark"))
    dialog.accept()
    assert settings.coder() == "R. Analyst"
    assert str(settings.settings().value("colorScheme")) == "dark"
    base = window.w.reader.palette().color(window.w.reader.backgroundRole())
    assert base.lightness() < 80  # the window went dark at once
    window.w.act.settings.trigger()
    assert window.settings.dialog is not None
    window.settings.dialog.scheme.setCurrentIndex(0)  # as the system, for the tests after
    window.settings.dialog.accept()


def test_blind_coding_hides_the_other_coders_highlights(qtbot: QtBot, window: App) -> None:
    open_article(qtbot, window, "UN urges Iran")
    settings.set_coder("First")
    mark(qtbot, window, "fresh round of peace talks")
    settings.set_coder("Second")
    mine = mark(qtbot, window, "three rounds of peace negotiations")
    settle(qtbot, window)
    shown = window.w.highlights
    qtbot.waitUntil(lambda: shown.count() == 2)
    window.w.act.blind.trigger()
    assert window.state.shown_coders == frozenset({"Second"})
    assert shown.count() == 1 and [h.id for h in window.w.reader._highlights] == [mine]
    assert "Blind coding" in window.w.statusBar().currentMessage()
    window.w.coders_menu.aboutToShow.emit()
    items = [a.text() for a in window.w.coders_menu.actions()]
    assert items == ["Everyone's", "First's only", "Second's only"]
    window.w.coders_menu.actions()[1].trigger()  # one coder's: the first's
    assert not window.w.act.blind.isChecked() and shown.count() == 1
    assert len(window.w.reader._highlights) == 1 and window.w.reader._highlights[0].id != mine
    window.w.coders_menu.actions()[0].trigger()
    assert window.state.shown_coders is None and shown.count() == 2
    assert {shown.item(i).text().split("·")[-1].strip() for i in range(2)} == {"First", "Second"}


def test_a_coders_copy_is_merged_from_the_window(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_window(None)
    ws = app.state.workspace
    assert ws is not None
    other = tmp_path / "other-coder.claimdesk"
    shutil.copy(ws.path, other)
    with open_project(other) as p, p.session() as s:  # the other coder's work in their copy
        (aid,) = s.execute(text("SELECT id FROM article ORDER BY id LIMIT 1")).scalars()
        highlights.add(s, article_id=aid, start=0, end=10, coder="Other Coder")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(other), ""))
    app.w.act.merge_project.trigger()
    qtbot.waitUntil(lambda: not app.merging.running, timeout=20000)
    assert "Merged the codings of Other Coder" in app.w.statusBar().currentMessage()
    coders = read(app, lambda s: s.execute(text("SELECT coder FROM highlight")).scalars().all())
    assert coders == ["Other Coder"]
