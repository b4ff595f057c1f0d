"""Marking takes whole words: a selection that starts or ends inside one grows to all of it.

Selections are made in the reader as Qt makes them; what is checked is the span stored, in code
points of the article's text, found here with ``str.index`` rather than our offset code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from db.annotate.highlights import highlights_of
from desktop.app import App
from desktop.controllers.marking import snap_to_words
from tests.desktop.helpers import messages, open_article, read, settle

TEXT = (
    "Crowds 😀 cheer as the minister speaks\n\n"
    "Supporters 👨‍👩‍👧 waved flags 🇮🇷 and chanted كَتَبَ الوزير before the speech, 👍🏽 twice.\n\n"
    "The ministry می‌خواهم said Iran's unemployment fell by 40% to 1,000 people in 2.5 years.\n\n"
    "A ceasefire in Syria in order to restart the process.\n\n"
    "Envoy Staffan de Mistura spoke.\n\n"
    "The fans😀cheered.\n"
)


@pytest.fixture
def app(qtbot: QtBot, window: App, tmp_path: Path) -> Iterator[App]:
    source = tmp_path / "mixed-script-article.txt"
    source.write_text(TEXT, encoding="utf-8")
    window.importing.import_paths([source])
    settle(qtbot, window)
    for box in messages(window, "Import finished"):
        box.close()
    open_article(qtbot, window, "Crowds")
    with qtbot.waitActive(window.w):
        window.w.activateWindow()
    window.w.reader.setFocus()
    yield window


def select(app: App, first: str, last: str | None = None) -> None:
    """Select from where ``first`` starts to where ``last`` (or ``first``) ends, as Qt finds them."""
    doc = app.w.reader.document()
    a = doc.find(first)
    b = doc.find(last, a.selectionStart()) if last else a
    assert not a.isNull() and not b.isNull(), (first, last)
    cur = QTextCursor(doc)
    cur.setPosition(a.selectionStart())
    cur.setPosition(b.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    app.w.reader.setTextCursor(cur)


def press(qtbot: QtBot, app: App, combo_of: object, alt: bool = False) -> tuple[int, int, str]:
    """Press an action's key in the reader (with Alt if asked); returns the span stored."""
    from PySide6.QtGui import QAction

    assert isinstance(combo_of, QAction)
    combo = combo_of.shortcut()[0]  # type: ignore[index]  # QKeyCombination
    mods = combo.keyboardModifiers()
    if alt:
        mods |= Qt.KeyboardModifier.AltModifier
    before = {h.id for h in app.state.article.highlights} if app.state.article else set()
    qtbot.keyClick(app.w.reader, combo.key(), mods)
    settle(qtbot, app)
    art = app.state.article
    assert art is not None
    stored = read(app, lambda s: highlights_of(s, art.id))
    (h,) = [h for h in stored if h.id not in before]
    return h.start, h.end, h.exact


def span(phrase: str) -> tuple[int, int, str]:
    start = TEXT.index(phrase)
    return start, start + len(phrase), phrase


@pytest.mark.parametrize(
    ("first", "last", "whole"),
    [
        ("asefire in Syr", None, "ceasefire in Syria"),  # both ends inside words
        ("asefire", "de Mis", "ceasefire in Syria in order to restart the process.\n\n"
                              "Envoy Staffan de Mistura"),  # over a paragraph's end
        ("easefir", None, "ceasefire"),  # inside one word
        (" in order to ", None, "in order to"),  # whole words already; the spaces left out
        ("تَبَ الوز", None, "كَتَبَ الوزير"),  # Arabic, with its vowel marks
        ("خواه", None, "می‌خواهم"),  # Persian: the zero-width non-joiner is inside the word
        ("👩", "waved", "👨‍👩‍👧 waved"),  # inside a family emoji: all of it
        ("owds 😀 che", None, "Crowds 😀 cheer"),
        ("🇷 an", None, "🇮🇷 and"),  # half a flag
        ("🏽 tw", None, "👍🏽 twice"),  # a skin tone without its hand
        ("ans", None, "fans"),  # a word ends where an emoji begins
        ("😀ch", None, "😀cheered"),
        ("an's unem", None, "Iran's unemployment"),  # the apostrophe inside a word
        ("0% to 1,0", None, "40% to 1,000"),
        ("in 2.", None, "in 2.5"),
    ],
)  # fmt: skip
def test_a_selection_grows_to_whole_words(
    qtbot: QtBot, app: App, first: str, last: str | None, whole: str
) -> None:
    select(app, first, last)
    assert press(qtbot, app, app.w.act.mark_claim) == span(whole)


def test_alt_takes_the_exact_characters(qtbot: QtBot, app: App) -> None:
    select(app, "asefire in Syr")
    assert press(qtbot, app, app.w.act.mark_claim, alt=True) == span("asefire in Syr")
    select(app, "تَبَ الوز")
    assert press(qtbot, app, app.w.act.codes[1], alt=True) == span("تَبَ الوز")  # Alt+2
    art = app.state.article
    assert art is not None
    assert [h.code for h in art.highlights if h.exact == "تَبَ الوز"] == ["Statistic"]
    select(app, "esta")  # the number keys without Alt take whole words
    assert press(qtbot, app, app.w.act.codes[2]) == span("restart")


def test_the_caret_stays_where_marking_ended(qtbot: QtBot, app: App) -> None:
    reader = app.w.reader
    doc = reader.document()
    found = doc.find("in order")
    cur = QTextCursor(doc)
    cur.setPosition(found.selectionEnd())
    cur.setPosition(found.selectionStart(), QTextCursor.MoveMode.KeepAnchor)  # selected leftwards
    reader.setTextCursor(cur)
    press(qtbot, app, app.w.act.mark_claim)
    caret = reader.textCursor()
    assert caret.position() == found.selectionStart() and not caret.hasSelection()
    select(app, "process")
    press(qtbot, app, app.w.act.mark_claim)
    assert reader.textCursor().position() == doc.find("process").selectionEnd()


def test_only_spaces_and_punctuation_are_not_grown() -> None:
    text = "one, two - three"
    assert snap_to_words(text, 3, 5) == (3, 5)  # ", "
    assert snap_to_words(text, 8, 11) == (8, 11)  # " - "
    assert snap_to_words(text, 0, len(text)) == (0, len(text))
    assert snap_to_words("1️⃣ and", 1, 3) == (0, 3)  # a keycap is one
