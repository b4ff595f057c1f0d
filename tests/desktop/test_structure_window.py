"""Correcting an article's structure in the reader: the context menu, undo and redo, set aside."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QAction, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from db.articles import structure
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import open_project
from desktop.app import App
from desktop.widgets.captions import CaptionCard
from tests.conftest import ROOT
from tests.db.test_structure_edits import OTHER, parsed_article
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import mark, open_article, read, select_text, settle

TITLE = "Talks resume in Geneva"


@pytest.fixture
def app(tmp_path: Path, open_window: OpenWindow) -> App:
    path = tmp_path / "structure.claimdesk"
    with open_project(path) as project, project.session() as s:
        store_articles(s, [(parsed_article(), "geneva.txt"), (parse_text(OTHER), "budget.txt")])
    opened = open_window(path)
    return opened


def kinds(app: App) -> dict[str, str]:
    """Each shown line's text, with its kind, as the reader has them now."""
    art = app.w.reader.article
    assert art is not None
    return {art.text[b.start : b.end]: b.kind for b in art.blocks}


def shown_title(app: App) -> str:
    art = app.state.article
    return (art.title or "") if art is not None else ""


def shown(app: App) -> str:
    return app.w.reader.toPlainText()


def caret_at(app: App, phrase: str) -> QPoint:
    """Put the caret just before ``phrase``; where it is, in the reader's viewport."""
    reader = app.w.reader
    found = reader.document().find(phrase, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), phrase
    cur = QTextCursor(reader.document())
    cur.setPosition(found.selectionStart())
    reader.setTextCursor(cur)
    return reader.cursorRect(cur).center() + QPoint(1, 0)


def at_phrase(app: App, phrase: str) -> QPoint:
    """A point over the middle of ``phrase`` in the reader's viewport."""
    reader = app.w.reader
    found = reader.document().find(phrase, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), phrase
    cur = QTextCursor(reader.document())
    cur.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    return reader.cursorRect(cur).center()


def choose(app: App, pos: QPoint, name: str) -> list[str]:
    """Open the reader's context menu at ``pos`` as a right click does, pick the action called
    ``name`` (in it or its structure submenu); returns the labels the submenu showed."""
    seen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        try:
            sub = next(a.menu() for a in menu.actions() if a.text().startswith("This part"))
            assert isinstance(sub, QMenu)
            seen.extend(a.text().replace("&", "") for a in sub.actions())
            action = app.structure.findChild(QAction, name)
            assert isinstance(action, QAction) and action in menu.actions() + sub.actions()
            assert action.isEnabled(), name
        finally:
            menu.close()
        action.trigger()

    QTimer.singleShot(50, pick)
    app.w.reader.customContextMenuRequested.emit(pos)
    return seen


def saved(qtbot: QtBot, app: App) -> None:
    settle(qtbot, app)
    qtbot.waitUntil(lambda: app.w.statusBar().currentMessage().startswith("Saved"), timeout=5000)


def wait_for(qtbot: QtBot, check: Callable[[], bool]) -> None:
    qtbot.waitUntil(check, timeout=5000)


def highlighted(app: App) -> list[str]:
    """The text under each highlight the reader draws."""
    return sorted(s.cursor.selectedText() for s in app.w.reader.extraSelections())


def test_lines_are_marked_as_comments_from_the_menu_and_undo_redo(qtbot: QtBot, app: App) -> None:
    open_article(qtbot, app, TITLE)
    assert kinds(app)["Great article, thanks!"] == "subheading"
    mark(qtbot, app, "unemployment fell to 12 percent")
    settle(qtbot, app)
    drawn = highlighted(app)
    reader = app.w.reader
    reader.set_zoom(30)  # the article runs past the view: it must not jump when redrawn
    bar = reader.verticalScrollBar()
    wait_for(qtbot, lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    top = QPoint(reader.viewport().width() // 2, 0)
    at_top = reader.cp_at(top)
    assert at_top
    select_text(app, "thanks!")  # from inside the first comment to inside the last
    cur = app.w.reader.textCursor()
    end = app.w.reader.document().find("these numbers")
    cur.setPosition(end.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    app.w.reader.setTextCursor(cur)
    labels = choose(app, at_phrase(app, "I disagree"), "action_structure_comment")
    assert labels == [
        "Headline", "Subheading", "Paragraph", "Caption", "Byline", "Dateline", "Set aside",
        "Comments",
    ]  # fmt: skip
    saved(qtbot, app)
    comments = ["Great article, thanks!", "I disagree with the minister entirely.",
                "Who checks these numbers?"]  # fmt: skip
    assert [kinds(app)[c] for c in comments] == ["comment"] * 3
    assert app.w.statusBar().currentMessage() == "Saved: 3 lines marked as comments."
    assert highlighted(app) == drawn  # the same words, drawn at once
    assert reader.cp_at(top) == at_top  # the line at the top stays there
    aid = app.state.article.id  # type: ignore[union-attr]
    assert read(app, lambda s: [c.kind for c in structure.corrections(s, aid)]) == ["comment"]

    app.w.act.undo.trigger()
    wait_for(qtbot, lambda: kinds(app)["Great article, thanks!"] == "subheading")
    assert kinds(app)["I disagree with the minister entirely."] == "paragraph"
    assert read(app, lambda s: structure.corrections(s, aid)) == []
    assert highlighted(app) == drawn
    app.w.act.redo.trigger()
    wait_for(qtbot, lambda: kinds(app)["Who checks these numbers?"] == "comment")
    assert app.w.act.undo.text() == "&Undo Mark as comments"


def test_a_line_set_aside_is_hidden_and_shown_with_set_aside_text(qtbot: QtBot, app: App) -> None:
    open_article(qtbot, app, TITLE)
    line = "The minister said unemployment fell to 12 percent, a figure economists doubt."
    assert line in shown(app)
    choose(app, at_phrase(app, "economists"), "action_structure_other")
    saved(qtbot, app)
    assert line not in shown(app) and kinds(app)[line] == "other"
    app.w.act.show_set_aside.trigger()
    assert line in shown(app)
    # Shown again, it can be brought back into the article.
    choose(app, at_phrase(app, "economists"), "action_structure_paragraph")
    saved(qtbot, app)
    app.w.act.show_set_aside.trigger()
    assert line in shown(app) and kinds(app)[line] == "paragraph"


def test_only_the_lines_shown_in_a_selection_are_relabelled(qtbot: QtBot, app: App) -> None:
    open_article(qtbot, app, TITLE)
    select_text(app, "would resume")  # the byline line, to the paragraph after two set aside
    cur = app.w.reader.textCursor()
    cur.setPosition(
        app.w.reader.document().find("economists").selectionEnd(), cur.MoveMode.KeepAnchor
    )
    app.w.reader.setTextCursor(cur)
    choose(app, at_phrase(app, "economists"), "action_structure_paragraph")
    saved(qtbot, app)
    got = kinds(app)
    assert got["By Sara Ahmadi GENEVA, March 3 - The envoy said talks would resume on Monday."] == (
        "paragraph"
    )
    assert got["Subscribe to our newsletter for daily updates"] == "boilerplate"
    assert got["Photo: AFP The delegates met behind closed doors for six hours."] == "caption"
    assert app.w.statusBar().currentMessage() == "Saved: 1 line marked as paragraph."


def test_a_line_run_together_is_split_at_the_caret_and_labelled(qtbot: QtBot, app: App) -> None:
    open_article(qtbot, app, TITLE)
    mark(qtbot, app, "GENEVA, March 3")
    settle(qtbot, app)
    drawn = highlighted(app)
    choose(app, caret_at(app, "GENEVA"), "action_split_line")
    saved(qtbot, app)
    choose(app, caret_at(app, "The envoy"), "action_split_line")
    saved(qtbot, app)
    assert kinds(app)["By Sara Ahmadi"] == "byline"
    choose(app, at_phrase(app, "March 3"), "action_structure_dateline")
    saved(qtbot, app)
    choose(app, at_phrase(app, "would resume"), "action_structure_paragraph")
    saved(qtbot, app)
    assert [kinds(app)[t] for t in ("By Sara Ahmadi", "GENEVA, March 3 -",
            "The envoy said talks would resume on Monday.")] == [
        "byline", "dateline", "paragraph"
    ]  # fmt: skip
    assert "By Sara Ahmadi\nGENEVA, March 3 -\nThe envoy said" in shown(app).replace("\u2029", "\n")
    assert highlighted(app) == drawn  # across the cut, the same words
    for _ in range(4):
        app.w.act.undo.trigger()
        settle(qtbot, app)
    wait_for(qtbot, lambda: "By Sara Ahmadi GENEVA, March 3 - The envoy" in shown(app))
    assert highlighted(app) == drawn


def test_undo_from_another_article_opens_the_corrected_one(qtbot: QtBot, app: App) -> None:
    open_article(qtbot, app, TITLE)
    choose(app, at_phrase(app, "economists"), "action_structure_comment")
    saved(qtbot, app)
    open_article(qtbot, app, "Budget passes")
    app.w.act.undo.trigger()
    wait_for(qtbot, lambda: shown_title(app).startswith(TITLE))
    line = "The minister said unemployment fell to 12 percent, a figure economists doubt."
    wait_for(qtbot, lambda: kinds(app)[line] == "paragraph")


def test_a_read_only_project_offers_no_corrections(qtbot: QtBot, app: App) -> None:
    open_article(qtbot, app, TITLE)
    ws = app.state.workspace
    assert ws is not None
    ws.read_only = True  # as a project on a read-only disk opens (test_save_failures makes one)
    menu = app.w.reader.createStandardContextMenu(caret_at(app, "GENEVA"))
    assert app.structure.menu.menuAction() in menu.actions()
    assert not any(a.isEnabled() for a in app.structure.menu.actions())
    assert not app.structure.split_action.isEnabled()
    ws.read_only = False
    menu = app.w.reader.createStandardContextMenu(caret_at(app, "GENEVA"))
    assert app.structure.split_action.isEnabled()
    assert app.structure.part_actions["byline"].isChecked()  # the line's kind, ticked
    assert not app.structure.part_actions["paragraph"].isChecked()


def test_a_corrected_article_renders_to_a_picture(qtbot: QtBot, app: App) -> None:
    open_article(qtbot, app, TITLE)
    w = app.w
    mark(qtbot, app, "unemployment fell to 12 percent", "Statistic")
    for where, phrase, name in (
        (caret_at, "GENEVA", "action_split_line"),
        (caret_at, "The envoy", "action_split_line"),
        (at_phrase, "March 3", "action_structure_dateline"),
        (at_phrase, "would resume", "action_structure_paragraph"),
        (at_phrase, "closed doors", "action_structure_paragraph"),
        (at_phrase, "Great article", "action_structure_comment"),
        (at_phrase, "I disagree", "action_structure_comment"),
        (at_phrase, "Who checks", "action_structure_comment"),
    ):
        if phrase == "closed doors":
            w.act.show_set_aside.trigger()  # a caption stands beside the text: show it in it
        choose(app, where(app, phrase), name)
        saved(qtbot, app)
        if phrase == "closed doors":
            w.act.show_set_aside.trigger()
    w.resize(1300, 820)
    QApplication.processEvents()
    w.reader.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    picture = w.grab()
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    assert picture.save(str(out / "structure-corrected.png"))
    assert picture.width() >= 1200 and not picture.toImage().isNull()
    assert w.captions.findChildren(CaptionCard) == []  # the caption line is a paragraph now
