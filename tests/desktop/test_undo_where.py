"""Undo and redo are shown where they happen: the article they change opens, its claim chosen."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.app import App
from tests.desktop.helpers import mark, open_article, settle, write_note


def shown_title(app: App) -> str:
    art = app.state.article
    assert art is not None and art.title
    return art.title


def test_undo_and_redo_open_the_article_they_change(qtbot: QtBot, window: App) -> None:
    open_article(qtbot, window, "UN urges Iran")
    hid = mark(qtbot, window, "fresh round of peace talks", "Claim")
    write_note(qtbot, window, "vague")
    open_article(qtbot, window, "UN asks Russia")
    window.w.act.undo.trigger()  # the note, on a claim of the other article
    settle(qtbot, window)
    assert shown_title(window).startswith("UN urges Iran") and window.state.highlight_id == hid
    assert window.w.notes.editor.toPlainText() == ""
    assert "Undone in" in window.w.statusBar().currentMessage()
    open_article(qtbot, window, "UN asks Russia")
    window.w.act.undo.trigger()  # the mark itself
    settle(qtbot, window)
    art = window.state.article
    assert art is not None and shown_title(window).startswith("UN urges Iran")
    assert art.highlights == [] and window.state.highlight_id is None
    open_article(qtbot, window, "UN asks Russia")
    window.w.act.redo.trigger()  # the mark again: its article opens with the claim chosen
    settle(qtbot, window)
    assert shown_title(window).startswith("UN urges Iran") and window.state.highlight_id == hid
