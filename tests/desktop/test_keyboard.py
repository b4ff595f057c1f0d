"""Working without the mouse: panes in turn, the list, the text, marking, coding, notes; Help."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from db.annotate.highlights import highlights_of
from desktop.app import App
from desktop.models.article_model import ID_ROLE
from desktop.widgets.help_dialogs import AboutDialog, ShortcutsDialog
from tests.desktop.helpers import read, settle

Mod = Qt.KeyboardModifier
CTRL, SHIFT = Mod.ControlModifier, Mod.ShiftModifier


@pytest.fixture
def app(qtbot: QtBot, window: App) -> Iterator[App]:
    """The window with its keyboard controller, as the composition root builds it, active."""
    with qtbot.waitActive(window.w):
        window.w.activateWindow()
    yield window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: Qt.Key, mods: Mod = Mod.NoModifier, times: int = 1) -> None:
    """Press ``key`` where the focus is, as a researcher would."""
    for _ in range(times):
        qtbot.keyClick(focused(), key, mods)


def shortcut(qtbot: QtBot, action: object) -> None:
    from PySide6.QtGui import QAction

    assert isinstance(action, QAction)
    combo = action.shortcut()[0]  # type: ignore[index]  # QKeyCombination
    qtbot.keyClick(focused(), combo.key(), combo.keyboardModifiers())


def word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """What whole words [start, end) touches, found by a regular expression (not our code)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+(?:['’]\w+)*", text)]
    a = next(s for s, e in words if s <= start < e or s >= start)
    b = next(e for s, e in reversed(words) if s < end <= e or e <= end)
    return min(a, start), max(b, end)


def test_f6_and_shift_f6_go_round_the_panes(qtbot: QtBot, app: App) -> None:
    w = app.w
    w.list_view.setFocus()
    order = [w.reader, w.codes.tree, w.highlights, w.notes.editor, w.list_view]
    seen = []
    for _ in order:
        shortcut(qtbot, w.act.next_pane)
        seen.append(focused())
    assert seen == order
    back = []
    for _ in order:
        shortcut(qtbot, w.act.previous_pane)
        back.append(focused())
    assert back == [w.notes.editor, w.highlights, w.codes.tree, w.reader, w.list_view]
    w.docks[1].close()  # a closed panel is left out
    w.codes.tree.setFocus()
    shortcut(qtbot, w.act.next_pane)
    assert focused() is w.notes.editor
    w.search_box.setFocus()  # the search box belongs to the list's pane
    shortcut(qtbot, w.act.next_pane)
    assert focused() is w.reader


def test_tab_leaves_the_list_and_go_to_the_text_focuses_the_reader(qtbot: QtBot, app: App) -> None:
    w = app.w
    assert not w.list_view.tabKeyNavigation()
    w.list_view.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is w.reader
    press(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert focused() is w.list_view
    press(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert focused() is w.search_box
    shortcut(qtbot, w.act.focus_reader)
    assert focused() is w.reader


def test_down_from_the_search_box_enters_the_list_on_its_first_row(qtbot: QtBot, app: App) -> None:
    w = app.w
    model = w.list_view.model()
    w.list_view.selectRow(1)
    second = model.index(1, 0).data(ID_ROLE)
    assert app.state.article is not None and app.state.article.id == second
    w.search_box.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is w.list_view
    assert w.list_view.currentIndex().row() == 0
    assert app.state.article.id == model.index(0, 0).data(ID_ROLE)


def test_next_and_previous_article_follow_the_list_and_leave_the_focus(
    qtbot: QtBot, app: App
) -> None:
    w, state = app.w, app.state
    model = w.list_view.model()
    ids = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    w.list_view.selectRow(0)
    w.reader.setFocus()
    shortcut(qtbot, w.act.next_article)
    assert state.article is not None and state.article.id == ids[1]
    assert focused() is w.reader
    shortcut(qtbot, w.act.next_article)  # the last: it stays, and says so
    assert state.article.id == ids[1] and "last" in w.statusBar().currentMessage()
    shortcut(qtbot, w.act.previous_article)
    assert state.article.id == ids[0]
    assert w.list_view.currentIndex().row() == 0


def test_the_whole_flow_from_the_keyboard(qtbot: QtBot, app: App) -> None:
    w, state = app.w, app.state
    w.reader.setFocus()
    shortcut(qtbot, w.act.focus_search)  # find
    assert focused() is w.search_box
    qtbot.keyClicks(focused(), "Mistura")
    qtbot.waitUntil(lambda: state.filter is not None and len(state.filter) == 2, timeout=5000)
    first, second = state.filter or []
    press(qtbot, Qt.Key.Key_Down)  # into the list, on the best match
    assert focused() is w.list_view
    assert state.article is not None and state.article.id == first
    shortcut(qtbot, w.act.next_pane)  # to the text
    assert focused() is w.reader
    press(qtbot, Qt.Key.Key_Home, CTRL)
    press(qtbot, Qt.Key.Key_Down, times=3)  # past the breadcrumb, into the headline
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Right, times=2)  # inside the first word
    press(qtbot, Qt.Key.Key_Right, SHIFT, times=6)  # and ending inside another
    cur = w.reader.textCursor()
    raw = w.reader.selection_span()
    assert raw is not None
    text = state.article.text
    assert text[raw[0] - 1].isalnum() and text[raw[0]].isalnum()  # it does start mid-word
    shortcut(qtbot, w.act.mark_claim)
    settle(qtbot, app)
    qtbot.waitUntil(lambda: state.highlight_id is not None, timeout=5000)
    (h,) = state.article.highlights
    assert (h.start, h.end) == word_span(text, *raw) != raw  # whole words
    assert h.code == "Claim"
    caret = w.reader.textCursor()
    assert caret.position() == cur.position() and not caret.hasSelection()
    press(qtbot, Qt.Key.Key_2)  # code it: Statistic
    qtbot.waitUntil(lambda: state.article is not None
                    and state.article.highlights[0].code == "Statistic", timeout=5000)  # fmt: skip
    shortcut(qtbot, w.act.next_pane)
    assert focused() is w.codes.tree
    shortcut(qtbot, w.act.next_pane)
    assert focused() is w.highlights
    shortcut(qtbot, w.act.next_pane)
    assert focused() is w.notes.editor
    qtbot.keyClicks(focused(), "Check the date")
    qtbot.waitUntil(lambda: w.notes.status.text().startswith("Saved"), timeout=5000)
    shortcut(qtbot, w.act.next_article)
    assert state.article.id == second
    settle(qtbot, app)
    (stored,) = read(app, lambda s: highlights_of(s, first))
    assert (stored.start, stored.end, stored.code, stored.note) == (
        h.start, h.end, "Statistic", "Check the date",
    )  # fmt: skip
    assert stored.exact == text[h.start : h.end]


@pytest.fixture
def help_app(app: App) -> App:
    return app


def open_dialog(qtbot: QtBot, app: App, action: object, name: str) -> QDialog:
    shortcut_or_trigger(qtbot, action)
    dialog = app.w.findChild(QDialog, name)
    assert dialog is not None and dialog.isVisible()
    return dialog


def shortcut_or_trigger(qtbot: QtBot, action: object) -> None:
    from PySide6.QtGui import QAction

    assert isinstance(action, QAction)
    if action.shortcuts():
        shortcut(qtbot, action)
    else:
        action.trigger()  # About has no key: the Help menu shows it


def test_the_shortcuts_list_every_action_with_its_keys_as_they_are(
    qtbot: QtBot, help_app: App
) -> None:
    from desktop.views.actions import TABLE

    w = help_app.w
    dialog = open_dialog(qtbot, help_app, w.act.shortcuts, "shortcutsDialog")
    assert isinstance(dialog, ShortcutsDialog)
    rows = dict(dialog.rows())
    for spec in TABLE:  # every action of the table, with the keys it answers to
        action = getattr(w.act, spec.name)
        label = action.text().replace("&", "").replace("…", "")
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        assert rows[label] == ", ".join(keys), spec.name
    assert rows["Next pane"] == "F6" and rows["Previous pane"] == "Shift+F6"
    assert rows["Mark claim"].split(", ") == ["Ctrl+H", "Ctrl+Alt+H"] or sys.platform == "darwin"
    assert rows["Use code 3"] == "3, Alt+3"
    dialog.finder.setText("f6")  # by key, any case
    assert [a for a, _k in dialog.rows()] == ["Next pane", "Previous pane"]
    dialog.close()
    w.act.check_project.setShortcut(QKeySequence("Ctrl+Alt+K"))  # never stale
    again = open_dialog(qtbot, help_app, w.act.shortcuts, "shortcutsDialog")
    assert isinstance(again, ShortcutsDialog)
    assert dict(again.rows())["Check project"] == "Ctrl+Alt+K"


def test_about_says_the_version_and_the_licences(qtbot: QtBot, help_app: App) -> None:
    from importlib.metadata import version

    dialog = open_dialog(qtbot, help_app, help_app.w.act.about, "aboutDialog")
    assert isinstance(dialog, AboutDialog)
    said = dialog.text()
    assert f"Claimdesk {version('claimdesk')}" in said
    assert "GPL-3.0-or-later" in said
    assert "DejaVu" in said and "Bitstream Vera" in said
    assert "Permission is hereby granted, free of charge" in said  # the fonts' licence itself
