"""The codebook: colours for new codes, deleting codes in use, descriptions, drag and drop,
following the chosen highlight; copying quotes; what is off when no article is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDropEvent, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QPushButton, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from db.annotate import codes
from desktop.app import App
from desktop.core.changes import CODES, Changes
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import mark, messages, open_article, read, settle


def code_id(app: App, name: str) -> int:
    return next(c.id for c in app.w.codes.codes if c.name == name)


def stored(app: App) -> dict[str, codes.CodeView]:
    return {c.name: c for c in read(app, codes.all_codes)}


def item(app: App, name: str) -> QTreeWidgetItem:
    (found,) = app.w.codes.tree.findItems(
        name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
    )
    return found


def drop(app: App, name: str, at: QPoint) -> None:
    """Drag the code ``name`` and drop it at ``at`` (viewport coordinates) in the tree.

    Offscreen Qt ends a drag as soon as it starts and delivers no drop sent from outside one,
    so the tree is handed the drop as a drag would end: on the dragged (current) item.
    """
    tree = app.w.codes.tree
    assert tree.dragEnabled() and tree.dragDropMode() == tree.DragDropMode.InternalMove
    tree.setCurrentItem(item(app, name))
    event = QDropEvent(
        QPointF(at), Qt.DropAction.MoveAction, QMimeData(), Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    tree.dropEvent(event)
    assert event.dropAction() == Qt.DropAction.IgnoreAction  # Qt must not move the item itself


def on(app: App, name: str) -> QPoint:
    return app.w.codes.tree.visualItemRect(item(app, name)).center()


def test_new_codes_take_distinct_colours_from_the_palette(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = iter(["Economy", "Security", "Health"])
    monkeypatch.setattr("desktop.controllers.codebook.ask_name", lambda *_a: next(names))
    for parent in (None, code_id(window, "Claim"), None):
        window.codebook.add(parent)
        settle(qtbot, window)
    book = stored(window)
    new = [book[n].color for n in ("Economy", "Security", "Health")]
    old = [book[n].color for n in ("Claim", "Statistic", "Quote", "Attribution", "Opinion")]
    assert len(set(new)) == 3 and set(new) <= set(codes.PALETTE) and not set(new) & set(old)
    for color in new:  # none is a near twin of a colour already there
        assert all(codes._delta(codes._lab(color), codes._lab(o)) >= codes.DISTINCT for o in old)


def test_deleting_a_code_in_use_asks_first_and_says_what_it_holds(
    qtbot: QtBot, window: App
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    mark(qtbot, window, "Astana", "Claim")
    mark(qtbot, window, "Staffan de Mistura", "Claim")
    ws = window.state.workspace
    assert ws is not None
    claim = code_id(window, "Claim")
    ws.write(lambda s: codes.add(s, "Economy", parent_id=claim), Changes.of(CODES))
    settle(qtbot, window)
    window.w.codes.choose(claim)
    window.w.codes._delete()  # the panel's Delete button
    (box,) = messages(window, "Delete code")
    said = box.text() + " " + box.informativeText()
    assert "2 highlights" in said and "1 code nested" in said, said
    box.button(box.StandardButton.Cancel).click()
    settle(qtbot, window)
    assert "Claim" in stored(window) and ws.undo_stack.count() == 2  # two marks, no delete
    window.w.codes._delete()
    (box,) = [b for b in messages(window, "Delete code") if b.isVisible()]
    delete = box.findChild(QPushButton, "deleteCode")
    assert delete is not None
    delete.click()
    settle(qtbot, window)
    assert "Claim" not in stored(window) and "Economy" not in stored(window)
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert {"Claim", "Economy"} <= set(stored(window))


def test_deleting_a_code_not_in_use_asks_nothing(qtbot: QtBot, window: App) -> None:
    window.w.codes.choose(code_id(window, "Opinion"))
    window.w.codes._delete()
    settle(qtbot, window)
    assert messages(window, "Delete code") == [] and "Opinion" not in stored(window)


def test_the_description_takes_lines_and_is_saved_when_left(qtbot: QtBot, window: App) -> None:
    panel = window.w.codes
    panel.choose(code_id(window, "Quote"))
    with qtbot.waitActive(window.w):
        window.w.activateWindow()
    panel.description.setFocus()
    panel.description.selectAll()
    qtbot.keyClicks(panel.description, "Words of a person.")
    qtbot.keyClick(panel.description, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.description, "Quoted or reported.")
    settle(qtbot, window)
    assert stored(window)["Quote"].description.startswith("Words attributed")  # not yet
    qtbot.keyClick(panel.description, Qt.Key.Key_Tab)  # leave it
    settle(qtbot, window)
    assert stored(window)["Quote"].description == "Words of a person.\nQuoted or reported."
    assert panel.description.toPlainText() == "Words of a person.\nQuoted or reported."


def test_codes_nest_and_come_out_by_drag_and_drop_undoably(qtbot: QtBot, window: App) -> None:
    ws = window.state.workspace
    assert ws is not None
    claim = code_id(window, "Claim")
    drop(window, "Opinion", on(window, "Claim"))
    settle(qtbot, window)
    assert stored(window)["Opinion"].parent_id == claim
    assert item(window, "Opinion").parent() is item(window, "Claim")  # shown as stored
    tree = window.w.codes.tree
    below = tree.visualItemRect(item(window, "Attribution")).bottomLeft() + QPoint(4, 40)
    drop(window, "Opinion", below)  # on the empty space: the top level
    settle(qtbot, window)
    assert stored(window)["Opinion"].parent_id is None
    drop(window, "Quote", on(window, "Claim"))
    settle(qtbot, window)
    edge = tree.visualItemRect(item(window, "Statistic"))
    drop(window, "Quote", QPoint(edge.center().x(), edge.top() + 1))  # between top-level codes
    settle(qtbot, window)
    assert stored(window)["Quote"].parent_id is None
    assert ws.undo_stack.count() == 4
    undone = []
    for _ in range(4):  # each move is one undo step
        window.w.act.undo.trigger()
        settle(qtbot, window)
        book = stored(window)
        undone.append((book["Opinion"].parent_id, book["Quote"].parent_id))
    assert undone == [(None, claim), (None, None), (claim, None), (None, None)]


def test_a_code_dropped_into_its_own_nested_code_is_refused(qtbot: QtBot, window: App) -> None:
    ws = window.state.workspace
    assert ws is not None
    claim = code_id(window, "Claim")
    ws.write(lambda s: codes.add(s, "Inside", parent_id=claim), Changes.of(CODES))
    settle(qtbot, window)
    drop(window, "Claim", on(window, "Inside"))
    settle(qtbot, window)
    assert stored(window)["Claim"].parent_id is None
    assert ws.undo_stack.count() == 0 and not window.w.act.undo.isEnabled()
    message = window.w.statusBar().currentMessage()
    assert "not changed" in message and "inside itself" in message
    drop(window, "Claim", on(window, "Claim"))  # back where it was: nothing to do or say
    settle(qtbot, window)
    assert ws.undo_stack.count() == 0


def test_the_codebook_follows_a_clicked_highlight(qtbot: QtBot, window: App) -> None:
    open_article(qtbot, window, "UN urges Iran")
    mark(qtbot, window, "Astana", "Quote")
    window.state.choose(None)
    window.w.codes.choose(code_id(window, "Claim"))
    reader = window.w.reader
    found = reader.document().find("Astana")
    cur = QTextCursor(reader.document())
    cur.setPosition(found.selectionStart() + 2)
    qtbot.mouseClick(
        reader.viewport(), Qt.MouseButton.LeftButton, pos=reader.cursorRect(cur).center()
    )
    assert window.state.chosen() is not None
    assert window.w.codes.current_id() == code_id(window, "Quote")


def test_copy_quote_copies_the_chosen_highlight_and_the_menu_offers_it(
    qtbot: QtBot, window: App
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    act = window.w.act.copy_quote
    assert not act.isEnabled()
    mark(qtbot, window, "Staffan de Mistura", "Quote")
    assert act.isEnabled()
    QGuiApplication.clipboard().clear()
    act.trigger()
    assert QGuiApplication.clipboard().text() == "Staffan de Mistura"
    offered: list[str] = []

    def look() -> None:
        menu = QApplication.activePopupWidget()
        assert menu is not None
        offered.extend(a.text() for a in menu.actions())
        menu.close()

    QTimer.singleShot(50, look)
    window.w.reader.customContextMenuRequested.emit(QPoint(40, 40))
    assert act.text() in offered
    window.state.choose(None)
    assert not act.isEnabled()


def test_marking_and_codes_are_off_with_no_article_shown(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    app = open_window(tmp_path / "empty.claimdesk")
    a = app.w.act
    assert app.state.article is None
    for action in (a.mark_claim, a.pick_code, a.delete_highlight, a.copy_quote, *a.codes):
        assert not action.isEnabled(), action.text()
    a.pick_code.trigger()
    assert app.marking.picker is None or not app.marking.picker.isVisible()
    app.w.close()


def test_marking_is_on_with_an_article_and_off_for_a_read_only_project(
    qtbot: QtBot, window: App
) -> None:
    a, ws = window.w.act, window.state.workspace
    assert ws is not None and window.state.article is not None
    assert all(x.isEnabled() for x in (a.mark_claim, a.pick_code, *a.codes))
    ws.read_only = True  # as a project on a read-only disk opens (test_save_failures makes one)
    window.state.set_article(window.state.article)
    assert not any(x.isEnabled() for x in (a.mark_claim, a.pick_code, *a.codes))
