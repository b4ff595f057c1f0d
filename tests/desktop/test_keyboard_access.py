"""The whole flow from the keyboard, and a name for every control."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow


def test_every_focusable_control_has_an_accessible_name(window: MainWindow) -> None:
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in window.findChildren(QWidget)
        if w.isVisible()
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and (w.text() or w.toolTip()))
        and type(w).__name__ not in ("QScrollBar", "QHeaderView", "QSplitterHandle", "QTabBar")
        and not w.objectName().startswith("qt_")  # Qt's own pieces of a view, named for it
    ]
    assert unnamed == []


def test_list_reader_mark_and_note_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()
    ctl = window.ctl
    assert ctl is not None
    window.list_view.setFocus()
    first = ctl.article.id if ctl.article else None
    qtbot.keyClick(window.list_view, Qt.Key.Key_Down)
    assert ctl.article is not None and ctl.article.id != first
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(3):  # past the breadcrumb and its line break, into the headline
        qtbot.keyClick(window.reader, Qt.Key.Key_Down)
    qtbot.keyClick(window.reader, Qt.Key.Key_Home)
    for _ in range(2):
        qtbot.keyClick(
            window.reader,
            Qt.Key.Key_Right,
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier,
        )
    span = window.reader.selection_span()
    assert span is not None
    key = window.actionMarkClaim.shortcut()[0]
    qtbot.keyClick(window.reader, key.key(), key.keyboardModifiers())
    (h,) = ctl.article.highlights
    assert (h.start, h.end) == span and h.exact == ctl.article.text[slice(*span)]
    window.notes.editor.setFocus()
    qtbot.keyClicks(window.notes.editor, "typed")
    qtbot.waitUntil(lambda: window.notes.status.text().startswith("Saved"), timeout=3000)
    assert ctl.article.highlights[0].note == "typed"


def test_named_controls_and_actions_exist(window: MainWindow) -> None:
    from PySide6.QtGui import QAction

    for name in (
        "articleList",
        "searchBox",
        "reader",
        "captionsPanel",
        "highlightsPanel",
        "notesEditor",
        "codesPanel",
    ):
        widget = window.findChild(QWidget, name)
        assert widget is not None and widget.accessibleName(), name
    for name in (
        "actionMarkClaim",
        "actionImportFiles",
        "actionImportFolder",
        "actionUndo",
        "actionRedo",
        "actionNewProject",
        "actionOpenProject",
    ):
        action = window.findChild(QAction, name)
        assert action is not None and action.text(), name
    assert (
        window.actionMarkClaim.shortcut().toString() and not window.actionMarkClaim.icon().isNull()
    )
