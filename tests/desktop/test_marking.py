"""Marking claims, coding them and writing notes; all of it in the project file, all undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from db.annotate import codes
from db.annotate.highlights import context
from desktop.app import App
from desktop.core.changes import CODES, Changes
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import (
    mark,
    open_article,
    read,
    select_text,
    settle,
    show_json,
    write_note,
)

MIXED = (
    "Crowds 😀 cheer as the minister speaks\n\n"
    "Supporters 👨‍👩‍👧 waved flags 🇮🇷 and chanted كَتَبَ الوزير before the speech.\n\n"
    "The ministry می‌خواهم said unemployment fell by 40% in a single year.\n"
)


def highlights(app: App) -> list[tuple[int, str | None, str]]:
    art = app.state.article
    assert art is not None
    return [(h.id, h.code, h.note) for h in art.highlights]


def test_claim_and_note_are_there_after_reopening(qtbot: QtBot, open_window: OpenWindow) -> None:
    app = open_window(None)
    open_article(qtbot, app, "UN urges Iran")
    phrase = "Russia and Turkey to convene a fresh round of peace talks between Damascus"
    hid = mark(qtbot, app, phrase, "Statistic")
    write_note(qtbot, app, "Compare with the Reuters report.")
    app.state.choose(None)
    write_note(qtbot, app, "Article read twice.")
    art, ws = app.state.article, app.state.workspace
    assert art is not None and ws is not None
    aid, start, project = art.id, art.text.index(phrase), ws.path
    app.w.close()

    again = open_window(project)
    open_article(qtbot, again, "UN urges Iran")
    assert again.state.article is not None
    (h,) = again.state.article.highlights
    assert (h.id, h.start, h.end, h.exact, h.code) == (
        hid, start, start + len(phrase), phrase, "Statistic",
    )  # fmt: skip
    assert h.note == "Compare with the Reuters report."
    assert again.w.notes.editor.toPlainText() == "Article read twice."
    assert again.w.highlights.count() == 1
    shown = show_json(project, aid)
    assert shown["highlights"][0]["quote"] == phrase
    assert {n["body"] for n in shown["notes"]} == {
        "Compare with the Reuters report.",
        "Article read twice.",
    }
    again.w.close()


def test_emoji_and_arabic_highlight_the_right_characters(
    qtbot: QtBot, window: App, tmp_path: Path
) -> None:
    source = tmp_path / "mixed-script-article.txt"
    source.write_text(MIXED, encoding="utf-8")
    window.importing.import_paths([source])
    settle(qtbot, window)
    open_article(qtbot, window, "Crowds")
    art = window.state.article
    assert art is not None
    text = art.text
    for phrase in ("كَتَبَ الوزير", "flags 🇮🇷 and", "می‌خواهم said unemployment fell by 40%"):
        hid = mark(qtbot, window, phrase)
        art = window.state.article
        assert art is not None
        h = next(h for h in art.highlights if h.id == hid)
        assert (h.start, h.end, h.exact) == (
            text.index(phrase),
            text.index(phrase) + len(phrase),
            phrase,
        )
        assert (h.prefix, h.suffix) == context(text, h.start, h.end)  # cut at clusters
    ws = window.state.workspace
    assert ws is not None
    shown = show_json(ws.path, art.id)
    assert [text[h["start"] : h["end"]] for h in shown["highlights"]] == [
        h["quote"] for h in shown["highlights"]
    ]


def test_keyboard_marks_and_number_keys_code(qtbot: QtBot, window: App) -> None:
    w = window.w
    with qtbot.waitActive(w):
        w.activateWindow()
    open_article(qtbot, window, "UN urges Iran")
    select_text(window, "Astana")
    w.reader.setFocus()
    key = w.act.mark_claim.shortcut()[0]  # type: ignore[index]  # QKeyCombination
    qtbot.keyClick(w.reader, key.key(), key.keyboardModifiers())
    qtbot.waitUntil(lambda: len(highlights(window)) == 1, timeout=5000)
    select_text(window, "Staffan de Mistura")
    qtbot.keyClick(w.reader, Qt.Key.Key_3)  # the third code: Quote
    qtbot.waitUntil(lambda: any(c == "Quote" for _, c, _ in highlights(window)), timeout=5000)
    quoted = next(i for i, c, _ in highlights(window) if c == "Quote")
    qtbot.waitUntil(lambda: window.state.highlight_id == quoted, timeout=5000)
    qtbot.keyClick(w.reader, Qt.Key.Key_5)  # no selection: re-code the chosen highlight
    qtbot.waitUntil(lambda: (quoted, "Opinion", "") in highlights(window), timeout=5000)


def test_overlapping_highlights_are_each_selectable(qtbot: QtBot, window: App) -> None:
    open_article(qtbot, window, "UN urges Iran")
    outer = mark(qtbot, window, "Iran, Russia and Turkey to convene", "Claim")
    inner = mark(qtbot, window, "Russia and Turkey", "Attribution")
    assert window.w.highlights.count() == 2
    window.state.choose(None)
    reader = window.w.reader
    cur = reader.document().find("and Turkey")
    pos = QTextCursor(reader.document())
    pos.setPosition(cur.selectionStart() + 1)
    point = reader.cursorRect(pos).center()
    chosen = []
    for _ in range(3):
        qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
        chosen.append(window.state.highlight_id)
    assert chosen == [inner, outer, inner]  # innermost first, then cycling


def test_undo_and_redo_marking_recoding_deleting_and_notes(qtbot: QtBot, window: App) -> None:
    open_article(qtbot, window, "UN urges Iran")
    hid = mark(qtbot, window, "fresh round of peace talks", "Claim")
    write_note(qtbot, window, "vague")
    window.marking.use_key(2)  # Statistic
    settle(qtbot, window)
    window.marking.delete()
    settle(qtbot, window)
    assert highlights(window) == []
    steps = []
    for _ in range(4):
        window.w.act.undo.trigger()
        settle(qtbot, window)
        steps.append(highlights(window))
    assert steps == [
        [(hid, "Statistic", "vague")],  # delete undone, note and code back
        [(hid, "Claim", "vague")],  # re-coding undone
        [(hid, "Claim", "")],  # the note, typed in one burst, is one step
        [],  # the mark itself
    ]
    for _ in range(4):
        window.w.act.redo.trigger()
        settle(qtbot, window)
    assert highlights(window) == []
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert [h[0] for h in highlights(window)] == [hid]


def test_note_steps_of_one_burst_merge_and_of_two_do_not(qtbot: QtBot, window: App) -> None:
    ws = window.state.workspace
    assert ws is not None
    write_note(qtbot, window, "first")
    write_note(qtbot, window, " second")  # a second burst, after the first was saved
    assert ws.undo_stack.count() == 1  # consecutive saves of one note are one step
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert window.w.notes.editor.toPlainText() == ""
    assert ws.undo_stack.index() == 0


def test_codebook_edits_are_saved_and_undoable(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = window.state.workspace
    assert ws is not None
    panel = window.w.codes
    monkeypatch.setattr("desktop.controllers.codebook.ask_name", lambda *_a: "Economic claim")
    claim = panel.codes[0].id
    window.codebook.add(claim)
    settle(qtbot, window)
    child = next(c for c in panel.codes if c.name == "Economic claim")
    assert child.parent_id == claim
    panel.sig_edit.emit(child.id, {"color": "#FF0000", "description": "Jobs, prices"})
    panel.sig_edit.emit(child.id, {"parent_id": None})
    settle(qtbot, window)
    assert read(window, codes.all_codes)[-1].name == "Economic claim"
    panel.sig_delete.emit(claim)
    settle(qtbot, window)
    assert "Claim" not in [c.name for c in panel.codes]
    for _ in range(3):
        window.w.act.undo.trigger()
        settle(qtbot, window)
    names = {c.name: c for c in read(window, codes.all_codes)}
    assert names["Economic claim"].parent_id == claim and names["Economic claim"].color != "#FF0000"
    assert panel.tree.topLevelItemCount() == 5
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert "Economic claim" not in [c.name for c in panel.codes]


def test_a_refused_code_move_is_said_and_leaves_no_undo_step(qtbot: QtBot, window: App) -> None:
    ws = window.state.workspace
    assert ws is not None
    panel = window.w.codes
    claim = panel.codes[0].id
    ws.write(lambda s: codes.add(s, "Inside", parent_id=claim), Changes.of(CODES))
    settle(qtbot, window)
    inside = next(c.id for c in panel.codes if c.name == "Inside")
    steps = ws.undo_stack.count()
    panel.sig_edit.emit(claim, {"parent_id": inside})  # a code into its own child
    settle(qtbot, window)
    assert ws.undo_stack.count() == steps and not window.w.act.undo.isEnabled()
    assert "not changed" in window.w.statusBar().currentMessage()
    assert next(c for c in panel.codes if c.id == claim).parent_id is None
    moves = _move_targets(panel, claim)
    assert "Inside" not in moves and "Statistic" in moves  # the menu does not offer it


def _move_targets(panel: object, code_id: int) -> list[str]:
    from desktop.widgets.codes_panel import CodesPanel

    assert isinstance(panel, CodesPanel)
    inside = panel.within(code_id)
    return [c.name for c in panel.codes if c.id not in inside]


def test_markdown_notes_preview_formatted_and_without_html(qtbot: QtBot, window: App) -> None:
    notes = window.w.notes
    notes.fmt.setCurrentIndex(notes.fmt.findData("text/markdown"))
    write_note(qtbot, window, "**Check** the <b>figures</b>")
    notes.preview_button.click()
    assert notes.preview.isVisible() and not notes.editor.isVisible()
    shown = notes.preview.toPlainText()
    assert "Check the" in shown and "**" not in shown and "<b>figures</b>" in shown  # HTML: text
    notes.fmt.setCurrentIndex(notes.fmt.findData("text/plain"))
    assert not notes.preview_button.isChecked() and notes.editor.isVisible()


def test_one_burst_of_typing_is_one_write(qtbot: QtBot, window: App) -> None:
    ws = window.state.workspace
    assert ws is not None
    writes: list[object] = []
    ws.sig_changed.connect(writes.append)
    write_note(qtbot, window, "one burst")  # on the article
    assert len(writes) == 1
    open_article(qtbot, window, "UN urges Iran")
    mark(qtbot, window, "fresh round of peace talks")
    writes.clear()
    write_note(qtbot, window, "on the claim")
    assert len(writes) == 1 and ws.undo_stack.count() == 3  # note, mark, note


def test_the_list_counts_claims_and_notes_as_they_are_made(qtbot: QtBot, window: App) -> None:
    open_article(qtbot, window, "UN urges Iran")
    model = window.listing.model
    assert model is not None and window.state.article is not None
    row = model.row_of(window.state.article.id)
    assert row is not None
    assert model.index(row, 3).data() == ""
    mark(qtbot, window, "fresh round of peace talks")
    write_note(qtbot, window, "on the claim")
    qtbot.waitUntil(lambda: model.index(row, 3).data() == "1", timeout=5000)
    qtbot.waitUntil(lambda: model.index(row, 4).data() == "1", timeout=5000)
