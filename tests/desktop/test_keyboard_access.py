"""The whole flow from the keyboard, and a name for every control."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import App
from tests.desktop.helpers import settle


def unnamed(top: QWidget) -> list[str]:
    """The visible controls in ``top`` that take the focus and have no name for screen readers."""
    return [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in top.findChildren(QWidget)
        if w.isVisible()
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and (w.text() or w.toolTip()))
        and type(w).__name__ not in ("QScrollBar", "QHeaderView", "QSplitterHandle", "QTabBar")
        and not w.objectName().startswith("qt_")  # Qt's own pieces of a view, named for it
    ]


def test_every_focusable_control_has_an_accessible_name(window: App) -> None:
    assert unnamed(window.w) == []


def test_the_code_picker_and_the_help_windows_name_their_controls(
    qtbot: QtBot, window: App
) -> None:
    help_ = window.help
    window.marking.pick_code()
    picker = window.marking.picker
    assert picker is not None and picker.isVisible()
    assert unnamed(picker) == []
    picker.close()
    help_.show_shortcuts()
    help_.show_about()
    for dialog in (help_.shortcuts, help_.about):
        assert dialog is not None and dialog.isVisible() and unnamed(dialog) == []


def test_list_reader_mark_and_note_from_the_keyboard(qtbot: QtBot, window: App) -> None:
    w, state = window.w, window.state
    with qtbot.waitActive(w):
        w.activateWindow()
    w.list_view.setFocus()
    first = state.article.id if state.article else None
    qtbot.keyClick(w.list_view, Qt.Key.Key_Down)
    assert state.article is not None and state.article.id != first
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(3):  # past the breadcrumb and its line break, into the headline
        qtbot.keyClick(w.reader, Qt.Key.Key_Down)
    qtbot.keyClick(w.reader, Qt.Key.Key_Home)
    for _ in range(2):
        qtbot.keyClick(
            w.reader,
            Qt.Key.Key_Right,
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier,
        )
    span = w.reader.selection_span()
    assert span is not None
    key = w.act.mark_claim.shortcut()[0]  # type: ignore[index]  # QKeyCombination
    qtbot.keyClick(w.reader, key.key(), key.keyboardModifiers())
    settle(qtbot, window)
    (h,) = state.article.highlights
    assert (h.start, h.end) == span and h.exact == state.article.text[slice(*span)]
    qtbot.waitUntil(lambda: state.highlight_id == h.id, timeout=3000)
    w.notes.editor.setFocus()
    qtbot.keyClicks(w.notes.editor, "typed")
    qtbot.waitUntil(lambda: w.notes.status.text().startswith("Saved"), timeout=3000)
    assert state.article.highlights[0].note == "typed"


def test_named_controls_and_actions_exist(window: App) -> None:
    from PySide6.QtGui import QAction

    w = window.w
    for name in (
        "articleList",
        "searchBox",
        "reader",
        "captionsPanel",
        "highlightsPanel",
        "notesEditor",
        "codesPanel",
    ):
        widget = w.findChild(QWidget, name)
        assert widget is not None and widget.accessibleName(), name
    for name in (
        "mark_claim", "import_files", "import_folder", "undo", "redo", "new_project",
        "open_project", "check_project",
    ):  # fmt: skip
        action = w.findChild(QAction, f"action_{name}")
        assert action is not None and action.text(), name
    w.draw_icons()
    assert w.act.mark_claim.shortcut().toString() and not w.act.mark_claim.icon().isNull()


def test_tab_goes_from_the_search_to_the_sets_the_list_a_copys_bar_then_the_text(
    window: App,
) -> None:
    w = window.w
    bar = w.copies_bar.findChildren(QToolButton)
    wanted = [w.search_box, w.set_box, w.next_uncoded, w.list_view, *bar, w.reader]
    seen: list[QWidget] = []
    at: QWidget | None = w.search_box
    for _ in range(2000):  # once round the window's focus chain
        assert at is not None
        if any(at is x for x in wanted) and not any(at is x for x in seen):
            seen.append(at)
        at = at.nextInFocusChain()
        if at is w.search_box:
            break
    assert [x.objectName() or x.accessibleName() for x in seen] == [
        x.objectName() or x.accessibleName() for x in wanted
    ]
    assert len(bar) >= 3 and all(a is b for a, b in zip(seen, wanted, strict=True))
