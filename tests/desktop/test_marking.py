"""Marking claims, coding them and writing notes; all of it in the project file, all undoable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from db.annotate import codes
from desktop.main_window import MainWindow
from tests.desktop.helpers import open_article, select_text, show_json

MIXED = (
    "Crowds 😀 cheer as the minister speaks\n\n"
    "Supporters 👨‍👩‍👧 waved flags 🇮🇷 and chanted كَتَبَ الوزير before the speech.\n\n"
    "The ministry می‌خواهم said unemployment fell by 40% in a single year.\n"
)


def mark(qtbot: QtBot, w: MainWindow, phrase: str, code: str | None = None) -> int:
    select_text(w, phrase)
    if code is not None:
        w.codes.choose(next(c.id for c in w.codes.codes if c.name == code))
    w.actionMarkClaim.trigger()
    assert w.ctl.selected_highlight is not None
    return w.ctl.selected_highlight


def write_note(qtbot: QtBot, w: MainWindow, text: str) -> None:
    w.notes.editor.setFocus()
    qtbot.keyClicks(w.notes.editor, text)
    qtbot.waitUntil(lambda: w.notes.status.text().startswith("Saved"), timeout=3000)


def test_claim_and_note_are_there_after_reopening(
    qtbot: QtBot, open_window: Callable[[Path | None], MainWindow]
) -> None:
    w = open_window(None)
    open_article(qtbot, w, "UN urges Iran")
    phrase = "Russia and Turkey to convene a fresh round of peace talks between Damascus"
    hid = mark(qtbot, w, phrase, "Statistic")
    write_note(qtbot, w, "Compare with the Reuters report.")
    w.ctl.choose_highlight(None)
    write_note(qtbot, w, "Article read twice.")
    assert w.ctl.article is not None
    aid, start, project = w.ctl.article.id, w.ctl.article.text.index(phrase), w.ctl.ws.path  # type: ignore[union-attr]
    w.close()

    again = open_window(project)
    open_article(qtbot, again, "UN urges Iran")
    assert again.ctl.article is not None
    (h,) = again.ctl.article.highlights
    assert (h.id, h.start, h.end, h.exact, h.code) == (
        hid,
        start,
        start + len(phrase),
        phrase,
        "Statistic",
    )
    assert h.note == "Compare with the Reuters report."
    assert again.notes.editor.toPlainText() == "Article read twice."
    assert again.highlights.count() == 1
    shown = show_json(project, aid)
    assert shown["highlights"][0]["quote"] == phrase
    assert {n["body"] for n in shown["notes"]} == {
        "Compare with the Reuters report.",
        "Article read twice.",
    }
    again.close()


def test_emoji_and_arabic_highlight_the_right_characters(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    source = tmp_path / "mixed-script-article.txt"
    source.write_text(MIXED, encoding="utf-8")
    window.ctl.import_paths([source])
    qtbot.waitUntil(lambda: window.ctl.import_thread is None, timeout=20000)
    open_article(qtbot, window, "Crowds")
    assert window.ctl.article is not None
    text = window.ctl.article.text
    for phrase in ("كَتَبَ الوزير", "flags 🇮🇷 and", "می‌خواهم said unemployment fell by 40%"):
        mark(qtbot, window, phrase)
        h = next(h for h in window.ctl.article.highlights if h.id == window.ctl.selected_highlight)
        assert (h.start, h.end, h.exact) == (
            text.index(phrase),
            text.index(phrase) + len(phrase),
            phrase,
        )
        assert h.prefix == text[max(0, h.start - 32) : h.start]
    shown = show_json(window.ctl.ws.path, window.ctl.article.id)  # type: ignore[union-attr]
    assert [text[h["start"] : h["end"]] for h in shown["highlights"]] == [
        h["quote"] for h in shown["highlights"]
    ]


def test_keyboard_marks_and_number_keys_code(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()
    open_article(qtbot, window, "UN urges Iran")
    select_text(window, "Astana")
    window.reader.setFocus()
    key = window.actionMarkClaim.shortcut()
    qtbot.keyClick(window.reader, key[0].key(), key[0].keyboardModifiers())
    assert window.ctl.article is not None and len(window.ctl.article.highlights) == 1
    select_text(window, "Staffan de Mistura")
    qtbot.keyClick(window.reader, Qt.Key.Key_3)  # the third code: Quote
    quoted = [h for h in window.ctl.article.highlights if h.exact == "Staffan de Mistura"]
    assert quoted and quoted[0].code == "Quote"
    qtbot.keyClick(window.reader, Qt.Key.Key_5)  # no selection: re-code the chosen highlight
    assert next(h for h in window.ctl.article.highlights if h.id == quoted[0].id).code == "Opinion"


def test_overlapping_highlights_are_each_selectable(qtbot: QtBot, window: MainWindow) -> None:
    open_article(qtbot, window, "UN urges Iran")
    outer = mark(qtbot, window, "Iran, Russia and Turkey to convene", "Claim")
    inner = mark(qtbot, window, "Russia and Turkey", "Attribution")
    assert window.highlights.count() == 2
    window.ctl.choose_highlight(None)
    cur = window.reader.document().find("and Turkey")
    pos = QTextCursor(window.reader.document())
    pos.setPosition(cur.selectionStart() + 1)
    point = window.reader.cursorRect(pos).center()
    chosen = []
    for _ in range(3):
        qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
        chosen.append(window.ctl.selected_highlight)
    assert chosen == [inner, outer, inner]  # innermost first, then cycling


def test_undo_and_redo_marking_recoding_deleting_and_notes(
    qtbot: QtBot, window: MainWindow
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    hid = mark(qtbot, window, "fresh round of peace talks", "Claim")
    write_note(qtbot, window, "vague")
    window.ctl.use_code(1)  # Statistic
    window.ctl.delete_highlight()
    assert window.ctl.article is not None and window.ctl.article.highlights == []
    steps = []
    for _ in range(4):
        window.actionUndo.trigger()
        steps.append([(h.id, h.code, h.note) for h in window.ctl.article.highlights])
    assert steps == [
        [(hid, "Statistic", "vague")],  # delete undone, note and code back
        [(hid, "Claim", "vague")],  # re-coding undone
        [(hid, "Claim", "")],  # the note, typed in one burst, is one step
        [],  # the mark itself
    ]
    for _ in range(4):
        window.actionRedo.trigger()
    assert window.ctl.article.highlights == []
    window.actionUndo.trigger()
    assert [h.id for h in window.ctl.article.highlights] == [hid]


def test_codebook_edits_are_saved_and_undoable(
    qtbot: QtBot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ws = window.ctl.ws
    assert ws is not None
    monkeypatch.setattr("desktop.controller.ask_name", lambda *_a: "Economic claim")
    claim = window.codes.codes[0].id
    window.ctl.add_code(claim)
    child = next(c for c in window.codes.codes if c.name == "Economic claim")
    assert child.parent_id == claim
    window.codes.sig_edit.emit(child.id, {"color": "#FF0000", "description": "Jobs, prices"})
    window.codes.sig_edit.emit(child.id, {"parent_id": None})
    assert ws.read(codes.all_codes)[-1].name == "Economic claim"
    window.codes.sig_delete.emit(claim)
    assert "Claim" not in [c.name for c in window.codes.codes]
    for _ in range(3):
        window.actionUndo.trigger()
    names = {c.name: c for c in ws.read(codes.all_codes)}
    assert names["Economic claim"].parent_id == claim and names["Economic claim"].color != "#FF0000"
    assert window.codes.tree.topLevelItemCount() == 5
    window.actionUndo.trigger()
    assert "Economic claim" not in [c.name for c in window.codes.codes]


def test_markdown_notes_preview_formatted_and_without_html(
    qtbot: QtBot, window: MainWindow
) -> None:
    notes = window.notes
    notes.fmt.setCurrentIndex(notes.fmt.findData("text/markdown"))
    write_note(qtbot, window, "**Check** the <b>figures</b>")
    notes.preview_button.click()
    assert notes.preview.isVisible() and not notes.editor.isVisible()
    shown = notes.preview.toPlainText()
    assert (
        "Check the" in shown and "**" not in shown and "<b>figures</b>" in shown
    )  # HTML stays text
    notes.fmt.setCurrentIndex(notes.fmt.findData("text/plain"))
    assert not notes.preview_button.isChecked() and notes.editor.isVisible()


def test_one_burst_of_typing_is_one_write(qtbot: QtBot, window: MainWindow) -> None:
    ctl = window.ctl
    assert ctl is not None and ctl.ws is not None
    writes: list[object] = []
    ctl.ws.sig_changed.connect(writes.append)
    write_note(qtbot, window, "one burst")  # on the article
    assert len(writes) == 1
    open_article(qtbot, window, "UN urges Iran")
    mark(qtbot, window, "fresh round of peace talks")
    writes.clear()
    write_note(qtbot, window, "on the claim")
    assert len(writes) == 1 and ctl.ws.undo_stack.count() == 3  # note, mark, note
