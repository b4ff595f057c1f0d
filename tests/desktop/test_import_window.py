"""Importing from the window: the list grows as chunks land, the window stays usable, Esc and
Cancel stop it keeping what is in, the closing message tells the truth, an outlet for the run."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlmodel import Session

from db.imports import Duplicate, ImportReport
from db.ingest import pipeline
from db.ingest.scratch import Outcome
from desktop.app import App
from desktop.widgets.import_dialog import ImportDialog
from desktop.widgets.import_progress import ImportProgress
from desktop.widgets.import_summary import summarize
from tests.conftest import SAMPLES
from tests.desktop.helpers import messages, open_article, read, settle

FIRST = 20  # the first chunk's files


def write(folder: Path, n: int, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"story-{i:03d}.txt").write_text(
            f"Harbour story number {i}\n\nShips came in to the harbour, story {i} says.\n"
        )
    return folder


class Gate:
    """Holds every chunk after the first until opened; or makes the second chunk fail."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail: Exception | None = None) -> None:
        self.opened = threading.Event()
        self.calls = 0
        parse: Callable[[tuple[list[str], str]], list[Outcome]] = pipeline._parse_chunk

        def held(job: tuple[list[str], str]) -> list[Outcome]:
            self.calls += 1
            if self.calls > 1:
                if fail is not None:
                    raise fail
                assert self.opened.wait(30)
            return parse(job)

        monkeypatch.setattr(pipeline, "FIRST_CHUNK", FIRST)
        monkeypatch.setattr(pipeline, "_parse_chunk", held)


def stored(app: App) -> int:
    def count(s: Session) -> int:
        return int(s.connection().execute(text("SELECT count(*) FROM article")).scalar() or 0)

    return read(app, count)


def rows(app: App) -> int:
    model = app.listing.model
    assert model is not None
    return model.rowCount()


def summary(app: App) -> QMessageBox:
    boxes = messages(app, "Import finished")
    assert len(boxes) == 1
    return boxes[0]


def test_articles_appear_as_chunks_land_and_the_window_stays_usable(
    qtbot: QtBot, window: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch)
    window.importing.import_paths([write(tmp_path / "news", 3 * FIRST)])
    # Then the first chunk is in the list while the import still runs
    qtbot.waitUntil(lambda: rows(window) == 2 + FIRST, timeout=10000)
    assert window.importing.running is not None and not gate.opened.is_set()
    # and the window answers: no modal dialog, an article opens with a click, progress shows
    assert QApplication.activeModalWidget() is None
    open_article(qtbot, window, "Harbour story number 7")
    progress = window.w.findChild(ImportProgress)
    assert progress is not None
    qtbot.waitUntil(progress.isVisible, timeout=5000)
    assert progress.label.text().startswith(f"Importing {FIRST} of {3 * FIRST} files")
    gate.opened.set()
    settle(qtbot, window)
    assert rows(window) == stored(window) == 2 + 3 * FIRST
    # the article being read stays chosen in the list as the rest lands
    chosen = window.w.list_view.selectionModel().selectedRows()
    model, shown = window.listing.model, window.state.article
    assert model is not None and shown is not None
    assert [model.article_id(i.row()) for i in chosen] == [shown.id]
    assert window.w.findChild(ImportProgress) is None  # gone with the import
    assert summary(window).text() == f"Imported {3 * FIRST} articles."


@pytest.mark.parametrize("how", ["Esc", "Cancel button"])
def test_esc_or_cancel_stops_the_import_and_keeps_what_was_committed(
    qtbot: QtBot, window: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    gate = Gate(monkeypatch)
    window.importing.import_paths([write(tmp_path / "news", 3 * FIRST)])
    qtbot.waitUntil(lambda: rows(window) == 2 + FIRST, timeout=10000)
    if how == "Esc":
        window.w.activateWindow()
        qtbot.keyClick(window.w.list_view, Qt.Key.Key_Escape)
    else:
        progress = window.w.findChild(ImportProgress)
        assert progress is not None
        qtbot.mouseClick(progress.cancel, Qt.MouseButton.LeftButton)
    assert window.importing.running is not None and window.importing.running._cancelled
    gate.opened.set()
    settle(qtbot, window)
    assert rows(window) == stored(window) == 2 + FIRST
    assert summary(window).text() == (
        f"Cancelled: {FIRST} articles were imported before you cancelled; they stay in the project."
    )


class KeysSeen(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            self.keys.append(event.key())
        return False


def test_esc_reaches_the_window_as_usual_when_no_import_runs(
    qtbot: QtBot, window: App, tmp_path: Path
) -> None:
    window.importing.import_paths([write(tmp_path / "few", 2)])
    settle(qtbot, window)
    summary(window).close()
    seen = KeysSeen()
    window.w.list_view.installEventFilter(seen)
    window.w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.w, timeout=5000)
    window.w.list_view.setFocus()
    qtbot.keyClick(window.w.list_view, Qt.Key.Key_Escape)
    assert seen.keys == [Qt.Key.Key_Escape]  # not taken by the import's shortcut


def test_the_message_counts_the_articles_and_names_each_duplicate_and_failure(
    qtbot: QtBot, window: App, tmp_path: Path
) -> None:
    folder = write(tmp_path / "mixed", 3)
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    (folder / "copy-of-sample.txt").write_text(sample.read_text(encoding="utf-8"), "utf-8")
    (folder / "story-again.txt").write_text((folder / "story-001.txt").read_text())
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    window.importing.import_paths([folder])
    settle(qtbot, window)
    box = summary(window)
    assert box.text() == "Imported 3 articles; 2 duplicates skipped; 1 file could not be read."
    assert box.informativeText().startswith("picture.txt — ")
    details = box.detailedText().splitlines()
    sample_id, sample_title = read(
        window,
        lambda s: (
            s.connection()
            .execute(
                text("SELECT id, title FROM article WHERE origin_path LIKE :p"),
                {"p": f"%{sample.name}"},
            )
            .one()
        ),
    )
    again_id = read(
        window,
        lambda s: (
            s.connection()
            .execute(text("SELECT id FROM article WHERE title = 'Harbour story number 1'"))
            .scalar()
        ),
    )
    assert details[:3] == [
        "Duplicates, each with the article it repeats:",
        f"copy-of-sample.txt → {sample_title} (article {sample_id})",
        f"story-again.txt → Harbour story number 1 (article {again_id})",
    ]
    assert "Could not be read:" in details and details[-1].startswith("picture.txt — ")


def test_a_failed_import_shows_what_got_in_and_the_next_import_works(
    qtbot: QtBot, window: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Gate(monkeypatch, fail=OSError(errno.ENOSPC, "No space left on device"))
    window.importing.import_paths([write(tmp_path / "first", 3 * FIRST)])
    qtbot.waitUntil(lambda: bool(messages(window, "Import finished")), timeout=20000)
    said = summary(window).text()
    assert said.startswith(f"The import stopped: The disk is full: {FIRST} files were imported")
    assert said.endswith(f"\n\nImported {FIRST} articles.")
    qtbot.waitUntil(lambda: rows(window) == 2 + FIRST, timeout=3000)  # the list shows them
    summary(window).close()
    monkeypatch.undo()
    window.importing.import_paths([write(tmp_path / "second", 3, start=100)])
    settle(qtbot, window)
    assert summary(window).text() == "Imported 3 articles."
    assert rows(window) == stored(window) == 2 + FIRST + 3


def test_an_outlet_for_the_files_goes_to_articles_that_name_none_and_is_remembered(
    qtbot: QtBot, window: App, tmp_path: Path
) -> None:
    folder = write(tmp_path / "tehran", 3)
    dialog = window.importing.ask([folder])
    assert dialog is not None and dialog.outlet.text() == ""
    qtbot.keyClicks(dialog.outlet, "Tehran  Times ")
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.importing.running is None and rows(window) == 5, timeout=20000)
    settle(qtbot, window)

    def outlets(s: Session) -> dict[str, str | None]:
        found = s.connection().execute(text("SELECT title, outlet FROM article")).all()
        return {title: outlet for title, outlet in found}

    got = read(window, outlets)
    assert {got[f"Harbour story number {i}"] for i in range(3)} == {"Tehran Times"}
    assert sum(o == "Tehran Times" for o in got.values()) == 3  # the samples keep theirs
    model = window.listing.model
    assert model is not None
    shown = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert shown.count("Tehran Times") == 3
    again = window.importing.ask([folder / "story-000.txt"])
    assert isinstance(again, ImportDialog) and again.outlet.text() == "Tehran Times"
    qtbot.waitUntil(lambda: again._known.stringList() == ["Tehran Times"], timeout=5000)
    again.reject()


def test_the_figures_are_written_with_thousands_separators() -> None:
    report = ImportReport(imported=33690, duplicates=34)
    report.failed = [("a/one.txt", "not text"), ("b/two.txt", "empty"), ("three.txt", "a folder")]
    report.duplicate_files = [Duplicate("x/copy.txt", 12, "Oil prices rise")]
    said = summarize(report)
    assert (
        said.text == "Imported 33,690 articles; 34 duplicates skipped; 3 files could not be read."
    )
    assert said.informative.splitlines() == [
        "one.txt — not text", "two.txt — empty", "three.txt — a folder"
    ]  # fmt: skip
    assert "copy.txt → Oil prices rise (article 12)" in said.details
    progress = ImportProgress()
    progress.show_progress(12400, 33724, 12380, "x.txt")
    assert progress.label.text() == "Importing 12,400 of 33,724 files · 12,380 articles in"
