"""The Variables tab: a variable defined, then coded for the article from the keyboard, undoably;
a value the variable does not take is refused in words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from db.annotate import variables
from db.annotate.variables import VariableView
from desktop.app import App
from desktop.models.sheet_model import SheetModel
from desktop.support import settings
from desktop.widgets.variable_dialog import VariableDialog, parse_options
from tests.desktop.helpers import open_article, read, settle


def define(
    qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch, name: str, kind: str, options: str
) -> None:
    def filled(d: VariableDialog) -> int:
        d.name.setText(name)
        d.kind.setCurrentIndex(d.kind.findData(kind))
        d.options.setPlainText(options)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(VariableDialog, "exec", filled)
    app.w.variables.define.click()
    settle(qtbot, app)


def tone_and_sources(
    qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch
) -> tuple[VariableView, VariableView]:
    """An article open, and two variables defined in the window: an ordinal and a number."""
    open_article(qtbot, app, "UN urges Iran")
    define(qtbot, app, monkeypatch, "tone", "ordinal", "1 = negative\n2 = neutral\n3 = positive")
    define(qtbot, app, monkeypatch, "sources", "numeric", "")
    qtbot.waitUntil(lambda: len(app.w.variables.fields) == 2)
    tone = read(app, lambda s: variables.find(s, "tone"))
    sources = read(app, lambda s: variables.find(s, "sources"))
    assert tone is not None and sources is not None
    return tone, sources


def test_options_are_typed_one_a_line() -> None:
    assert parse_options("1 = negative\n 2: neutral \n\n3) positive") == [
        (1, "negative"),
        (2, "neutral"),
        (3, "positive"),
    ]
    assert parse_options("left\nright") == [(1, "left"), (2, "right")]  # numbered in order
    with pytest.raises(ValueError, match="the code 2 is given twice"):
        parse_options("2 = a\n2 = b")


def test_a_variable_is_defined_and_coded_undoably(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    tone, sources = tone_and_sources(qtbot, window, monkeypatch)
    panel = window.w.variables
    box = panel.fields[tone.id]
    assert isinstance(box, QComboBox) and box.count() == 4  # none, and the three options
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # the keyboard chooses
    qtbot.keyClick(box, Qt.Key.Key_Down)
    box.activated.emit(box.currentIndex())
    settle(qtbot, window)
    art = window.state.article
    assert art is not None
    coded = read(window, lambda s: variables.values_of(s, art.id, coder=settings.coder()))
    assert coded == {tone.id: str(box.currentData())} and box.currentData() in ("1", "2", "3")
    line = panel.fields[sources.id]
    assert isinstance(line, QLineEdit)
    line.setText("three")  # not a number
    line.setModified(True)
    line.editingFinished.emit()
    settle(qtbot, window)
    assert "Not coded" in window.w.statusBar().currentMessage()
    line.setText("3")
    line.setModified(True)
    line.editingFinished.emit()
    settle(qtbot, window)
    coded = read(window, lambda s: variables.values_of(s, art.id, coder=settings.coder()))
    assert coded[sources.id] == "3"
    window.w.act.undo.trigger()
    settle(qtbot, window)
    coded = read(window, lambda s: variables.values_of(s, art.id, coder=settings.coder()))
    assert sources.id not in coded and tone.id in coded
    qtbot.waitUntil(lambda: line.text() == "")  # the field shows what is stored


def test_the_variables_tab_renders_to_a_picture(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    open_article(qtbot, window, "UN urges Iran")
    define(qtbot, window, monkeypatch, "tone", "ordinal", "1 = negative\n2 = neutral\n3 = positive")
    define(qtbot, window, monkeypatch, "frame", "nominal", "1 = conflict\n2 = economy\n3 = human")
    define(qtbot, window, monkeypatch, "sources", "numeric", "")
    define(qtbot, window, monkeypatch, "official_source", "yesno", "")
    w = window.w
    w.marks_tabs.setCurrentWidget(w.variables)
    w.resize(1366, 768)
    QApplication.processEvents()
    out = Path(__file__).resolve().parents[2] / "test-output"
    out.mkdir(exist_ok=True)
    assert w.grab().save(str(out / "variables.png"))
    assert len(w.variables.fields) == 4 and all(f.isVisible() for f in w.variables.fields.values())


def test_the_coding_sheet_lists_every_article_with_my_values(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    define(qtbot, window, monkeypatch, "tone", "ordinal", "1 = negative\n2 = neutral\n3 = positive")
    box = next(iter(window.w.variables.fields.values()))
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData("3"))
    box.activated.emit(box.currentIndex())
    settle(qtbot, window)
    window.w.act.coding_sheet.trigger()
    qtbot.waitUntil(lambda: window.variables.sheet is not None, timeout=10000)
    dialog = window.variables.sheet
    assert dialog is not None
    model = dialog.model
    assert isinstance(model, SheetModel)
    assert model.rowCount() == 2 and model.coded() == 1  # both articles, one coded
    values = {model.index(r, 0).data(): model.index(r, 3).data() for r in range(2)}
    assert [v for t, v in values.items() if t.startswith("UN urges Iran")] == ["3 · positive"]
    other = next(r for r in range(2) if not model.index(r, 0).data().startswith("UN urges"))
    dialog.table.doubleClicked.emit(dialog.proxy.mapFromSource(model.index(other, 0)))
    art = window.state.article
    assert art is not None and not (art.title or "").startswith("UN urges Iran")


def test_a_variable_is_edited_moved_and_deleted_from_its_menu_undoably(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    tone, _sources = tone_and_sources(qtbot, window, monkeypatch)
    panel = window.w.variables
    box = panel.fields[tone.id]
    assert isinstance(box, QComboBox)
    box.activated.emit(box.findData("3"))  # coded: positive
    settle(qtbot, window)

    def menu_action(variable_id: int, words: str) -> None:
        order = [v.id for v in read(window, variables.all_variables)]
        menu = panel.menu_for(variable_id, order.index(variable_id), len(order))
        act = next(a for a in menu.actions() if a.text().startswith(words))
        assert act.isEnabled(), words
        act.trigger()
        settle(qtbot, window)

    def renamed(d: VariableDialog) -> int:
        assert d.name.text() == "tone" and "3 = positive" in d.options.toPlainText()
        d.name.setText("tone_gov")
        d.options.setPlainText("1 = negative\n2 = neutral\n3 = positive\n4 = mixed")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(VariableDialog, "exec", renamed)
    menu_action(tone.id, "Edit")
    edited = read(window, lambda s: variables.get(s, tone.id))
    assert edited.name == "tone_gov" and [o.label for o in edited.options][-1] == "mixed"

    def dropped(d: VariableDialog) -> int:  # positive is coded: it cannot go
        d.options.setPlainText("1 = negative\n2 = neutral")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(VariableDialog, "exec", dropped)
    menu_action(tone.id, "Edit")
    assert "not changed" in window.w.statusBar().currentMessage()
    assert len(read(window, lambda s: variables.get(s, tone.id)).options) == 4

    menu_action(tone.id, "Move down")
    assert [v.name for v in read(window, variables.all_variables)] == ["sources", "tone_gov"]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    menu_action(tone.id, "Delete")
    assert read(window, lambda s: variables.find(s, "tone_gov")) is None

    art = window.state.article
    assert art is not None
    for _ in range(3):  # the delete, the move and the rename undone
        window.w.act.undo.trigger()
        settle(qtbot, window)
    back = read(window, lambda s: variables.get(s, tone.id))
    assert back.name == "tone" and len(back.options) == 3
    assert [v.name for v in read(window, variables.all_variables)] == ["tone", "sources"]
    coded = read(window, lambda s: variables.values_of(s, art.id, coder=settings.coder()))
    assert coded[tone.id] == "3"  # the value came back with the variable
