"""The codebook's memos, merging and history in the window, through its context menu."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QTreeWidget,
)
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from db.annotate import codes
from db.store.models import Highlight
from desktop.app import App
from desktop.core.changes import CODES, Changes
from desktop.support import settings
from tests.desktop.helpers import mark, messages, open_article, read, settle
from tests.desktop.test_codebook import code_id, item, stored


def menu_action(app: App, name: str, text: str) -> None:
    """Choose the code ``name`` and trigger ``text`` in the codebook's context menu."""
    app.w.codes.tree.setCurrentItem(item(app, name))
    menu = app.w.codes.context_menu()
    (action,) = [a for a in menu.actions() if a.text() == text]
    assert action.isEnabled()
    action.trigger()


def dialog(app: App, name: str) -> QDialog:
    (box,) = [d for d in app.w.findChildren(QDialog, name) if d.isVisible()]
    return box


def accept(box: QDialog) -> None:
    button = box.findChild(QPushButton, "accept")
    assert button is not None
    button.click()


def rows(box: QDialog) -> list[list[str]]:
    """The history dialog's rows: when, who, code, what."""
    table = box.findChild(QTreeWidget, "historyTable")
    assert table is not None
    found = [table.topLevelItem(i) for i in range(table.topLevelItemCount())]
    return [[row.text(c) for c in range(4)] for row in found if row is not None]


def coded(s: Session) -> dict[int, int | None]:
    return {h.id or 0: h.code_id for h in s.exec(select(Highlight)).all()}


def test_the_memo_dialog_saves_the_four_fields_undoably(qtbot: QtBot, window: App) -> None:
    settings.settings().setValue("coder", "R. Analyst")
    menu_action(window, "Quote", "Code memo…")
    box = dialog(window, "codeMemo")
    filled = {
        "when_to_use": "Direct speech.",
        "when_not": "Paraphrase.",
        "example": "“No,” he said.",
    }
    for key, text in filled.items():
        editor = box.findChild(QPlainTextEdit, key)
        assert editor is not None
        editor.setPlainText(text)
    before = stored(window)["Quote"].description
    accept(box)
    settle(qtbot, window)
    quote = stored(window)["Quote"]
    assert (quote.when_to_use, quote.when_not, quote.example) == tuple(filled.values())
    assert quote.description == before  # untouched fields are not written
    tip = item(window, "Quote").toolTip(0)
    assert "When not to use: Paraphrase." in tip and before[:20] in tip
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert stored(window)["Quote"].when_to_use == ""
    menu_action(window, "Quote", "History…")
    trail = rows(dialog(window, "codeHistory"))
    assert [(who, what) for _, who, _, what in trail] == [
        ("R. Analyst", "Memo changed: when to use, when not, example"),  # the undo
        ("R. Analyst", "Memo changed: when to use, when not, example"),
    ]


def test_merging_through_the_menu_moves_codings_and_undo_restores_them(
    qtbot: QtBot, window: App
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    first = mark(qtbot, window, "Astana", "Opinion")
    second = mark(qtbot, window, "Staffan de Mistura", "Opinion")
    other = mark(qtbot, window, "Geneva", "Claim")
    opinion, claim = code_id(window, "Opinion"), code_id(window, "Claim")
    before = read(window, coded)
    menu_action(window, "Opinion", "Merge into…")
    box = dialog(window, "mergeCode")
    said = box.findChild(QLabel, "mergeSaid")
    picker = box.findChild(QComboBox, "mergeTarget")
    assert said is not None and picker is not None
    assert "2 highlights coded with “Opinion”" in said.text() and "Undo" in said.text()
    assert "Opinion" not in [picker.itemText(i) for i in range(picker.count())]
    picker.setCurrentIndex(picker.findData(claim))
    accept(box)
    settle(qtbot, window)
    assert "Opinion" not in stored(window)
    assert read(window, coded) == {first: claim, second: claim, other: claim}
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert read(window, coded) == before and stored(window)["Opinion"].id == opinion
    window.w.act.redo.trigger()
    settle(qtbot, window)
    assert read(window, coded) == {first: claim, second: claim, other: claim}


def test_a_code_is_never_offered_itself_or_its_nested_codes_and_cancel_does_nothing(
    qtbot: QtBot, window: App
) -> None:
    ws = window.state.workspace
    assert ws is not None
    claim = code_id(window, "Claim")
    ws.write(lambda s: codes.add(s, "Inside", parent_id=claim), Changes.of(CODES))
    settle(qtbot, window)
    menu_action(window, "Claim", "Merge into…")
    box = dialog(window, "mergeCode")
    picker = box.findChild(QComboBox, "mergeTarget")
    said = box.findChild(QLabel, "mergeSaid")
    assert picker is not None and said is not None
    offered = [picker.itemText(i) for i in range(picker.count())]
    assert offered == ["Statistic", "Quote", "Attribution", "Opinion"]
    assert "the 1 code nested in it" in said.text()
    box.reject()
    settle(qtbot, window)
    assert ws.undo_stack.count() == 0 and {"Claim", "Inside"} <= set(stored(window))


def test_the_codebook_history_names_deleted_codes_and_says_what_was_lost(
    qtbot: QtBot, window: App
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    mark(qtbot, window, "Astana", "Statistic")
    window.w.codes.choose(code_id(window, "Statistic"))
    window.w.codes._delete()
    (box,) = messages(window, "Delete code")
    said = box.informativeText()
    assert "1 coding will be lost" in said and "codes their highlights again" in said
    box.findChild(QPushButton, "deleteCode").click()  # type: ignore[union-attr]
    settle(qtbot, window)
    assert "Statistic" not in stored(window)
    window.w.codes.tree.setCurrentItem(item(window, "Claim"))
    (action,) = [
        a for a in window.w.codes.context_menu().actions() if a.text() == "Codebook history…"
    ]
    action.trigger()
    history = dialog(window, "codeHistory")
    assert history.windowTitle() == "Codebook history"
    newest, *_ = rows(history)
    assert newest[2:] == ["Statistic", "Deleted, 1 highlight uncoded"]


def test_the_memo_button_opens_the_chosen_codes_memo(qtbot: QtBot, window: App) -> None:
    window.w.codes.choose(code_id(window, "Attribution"))
    button = window.w.codes.findChild(QToolButton, "codeMemoButton")
    assert button is not None and button.isVisible()
    button.click()
    box = dialog(window, "codeMemo")
    assert box.windowTitle() == "Memo of Attribution"
    definition = box.findChild(QPlainTextEdit, "description")
    assert definition is not None
    assert definition.toPlainText() == stored(window)["Attribution"].description
