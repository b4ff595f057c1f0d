"""Pick code (Ctrl+K): the current code first, typing narrows, a digit or one Return uses one.

And the keys 1–9 belong to their codes: nesting or adding codes does not move them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from db.annotate import codes
from desktop.app import App
from desktop.core.changes import CODES, Changes
from desktop.widgets.code_picker import CodePicker, fold
from tests.desktop.helpers import open_article, select_text, settle


@pytest.fixture
def app(qtbot: QtBot, window: App) -> Iterator[App]:
    open_article(qtbot, window, "UN urges Iran")
    with qtbot.waitActive(window.w):
        window.w.activateWindow()
    window.w.reader.setFocus()
    yield window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` as a keyboard would, any script (QTest's own typing knows only Latin-1)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def rows(tree: QTreeWidget) -> list[tuple[str, str]]:
    """Each code shown, in order (nested ones after their parent): its name and its key."""
    out: list[tuple[str, str]] = []

    def walk(item: QTreeWidgetItem) -> None:
        out.append((item.text(0).strip(), item.text(1)))
        for n in range(item.childCount()):
            if (child := item.child(n)) is not None:
                walk(child)

    for n in range(tree.topLevelItemCount()):
        if (top := tree.topLevelItem(n)) is not None:
            walk(top)
    return out


def code_id(app: App, name: str) -> int:
    return next(c.id for c in app.w.codes.codes if c.name == name)


def open_picker(qtbot: QtBot, app: App) -> CodePicker:
    combo = app.w.act.pick_code.shortcut()[0]  # type: ignore[index]  # QKeyCombination
    qtbot.keyClick(focused(), combo.key(), combo.keyboardModifiers())
    picker = app.marking.picker
    assert picker is not None and picker.isVisible()
    assert focused() is picker.filter
    return picker


def marked(qtbot: QtBot, app: App) -> list[str | None]:
    settle(qtbot, app)
    art = app.state.article
    assert art is not None
    return [h.code for h in art.highlights]


def test_it_opens_on_the_current_code_and_says_each_key(qtbot: QtBot, app: App) -> None:
    app.w.codes.choose(code_id(app, "Quote"))
    picker = open_picker(qtbot, app)
    assert picker.current_id() == code_id(app, "Quote")
    assert rows(picker.list) == [("Claim", "1"), ("Statistic", "2"), ("Quote", "3"), ("Attribution", "4"),
                    ("Opinion", "5")]  # fmt: skip


def test_a_digit_marks_with_that_code_at_once(qtbot: QtBot, app: App) -> None:
    select_text(app, "Astana")
    picker = open_picker(qtbot, app)
    qtbot.keyClick(focused(), Qt.Key.Key_4)
    assert not picker.isVisible()
    assert marked(qtbot, app) == ["Attribution"]


def test_typing_narrows_and_one_return_uses_the_highlighted_code(qtbot: QtBot, app: App) -> None:
    select_text(app, "Astana")
    picker = open_picker(qtbot, app)
    qtbot.keyClicks(focused(), "OPIN")
    assert picker.shown_ids() == [code_id(app, "Opinion")]
    assert picker.current_id() == code_id(app, "Opinion")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # one Return: used, not just selected
    assert not picker.isVisible()
    assert marked(qtbot, app) == ["Opinion"]


def test_up_and_down_move_through_the_codes_narrowed(qtbot: QtBot, app: App) -> None:
    app.w.codes.choose(code_id(app, "Claim"))
    select_text(app, "Astana")
    picker = open_picker(qtbot, app)
    qtbot.keyClicks(focused(), "t")  # Statistic, Quote, Attribution
    assert picker.shown_ids() == [code_id(app, n) for n in ("Statistic", "Quote", "Attribution")]
    assert picker.current_id() == code_id(app, "Statistic")  # Claim went: the first left
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert marked(qtbot, app) == ["Attribution"]


def test_nothing_matching_and_return_uses_nothing(qtbot: QtBot, app: App) -> None:
    select_text(app, "Astana")
    picker = open_picker(qtbot, app)
    qtbot.keyClicks(focused(), "zzz")
    assert picker.shown_ids() == [] and picker.current_id() is None
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert picker.isVisible() and marked(qtbot, app) == []


def test_escape_uses_no_code(qtbot: QtBot, app: App) -> None:
    select_text(app, "Astana")
    picker = open_picker(qtbot, app)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not picker.isVisible()
    assert marked(qtbot, app) == []
    ws = app.state.workspace
    assert ws is not None and ws.undo_stack.count() == 0


def test_with_no_selection_it_recodes_the_chosen_highlight(qtbot: QtBot, app: App) -> None:
    select_text(app, "Astana")
    qtbot.keyClick(focused(), Qt.Key.Key_2)  # marked Statistic
    qtbot.waitUntil(lambda: app.state.chosen() is not None, timeout=5000)
    app.w.codes.choose(code_id(app, "Claim"))
    picker = open_picker(qtbot, app)
    assert picker.current_id() == code_id(app, "Statistic")  # the chosen highlight's code
    qtbot.keyClick(focused(), Qt.Key.Key_5)
    qtbot.waitUntil(lambda: marked(qtbot, app) == ["Opinion"], timeout=5000)


def test_names_match_whatever_their_case_and_accents(qtbot: QtBot, app: App) -> None:
    ws = app.state.workspace
    assert ws is not None
    for name in ("Économie", "Déclaration", "كَتَبَ", "Naïve"):
        ws.write(lambda s, n=name: codes.add(s, n), Changes.of(CODES))  # type: ignore[misc]
    settle(qtbot, app)
    picker = open_picker(qtbot, app)
    for typed, found in (("econ", "Économie"), ("DECLA", "Déclaration"), ("كتب", "كَتَبَ"),
                         ("naive", "Naïve")):  # fmt: skip
        picker.filter.selectAll()
        type_text(focused(), typed)
        assert picker.shown_ids() == [code_id(app, found)], typed
    assert fold("ÉCONOMIE") == fold("economie") == "economie"


def test_keys_stay_with_their_codes_when_codes_are_nested_and_added(
    qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = app.w.codes
    panel.sig_edit.emit(code_id(app, "Opinion"), {"parent_id": code_id(app, "Claim")})
    settle(qtbot, app)
    assert [c.name for c in panel.codes][:2] == ["Claim", "Opinion"]  # nested: second in order
    assert {c.name: c.key for c in panel.codes}["Opinion"] == 5
    monkeypatch.setattr("desktop.controllers.codebook.ask_name", lambda *_a: "Economy")
    panel.sig_delete.emit(code_id(app, "Quote"))  # frees 3
    settle(qtbot, app)
    app.codebook.add(None)
    settle(qtbot, app)
    assert {c.name: c.key for c in panel.codes} == {
        "Claim": 1, "Opinion": 5, "Statistic": 2, "Attribution": 4, "Economy": 3,
    }  # fmt: skip
    assert rows(panel.tree) == [("Claim", "1"), ("Opinion", "5"), ("Statistic", "2"),
                                ("Attribution", "4"), ("Economy", "3")]  # fmt: skip
    assert panel.tree.topLevelItemCount() == 4  # Opinion is shown inside Claim
    select_text(app, "Astana")
    qtbot.keyClick(focused(), Qt.Key.Key_5)
    select_text(app, "Staffan de Mistura")
    qtbot.keyClick(focused(), Qt.Key.Key_3)
    qtbot.waitUntil(lambda: sorted(map(str, marked(qtbot, app))) == ["Economy", "Opinion"],
                    timeout=5000)  # fmt: skip
    picker = open_picker(qtbot, app)
    keys = dict(rows(picker.list))
    assert keys["Opinion"] == "5" and keys["Economy"] == "3"
