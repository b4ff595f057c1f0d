"""Projects and imports from the window: progress off the UI thread, failures explained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from desktop.app import App
from desktop.support import settings
from tests.conftest import SAMPLES
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import messages, settle


def summary(app: App) -> tuple[str, str]:
    boxes = messages(app, "Import finished")
    assert boxes
    return boxes[-1].text(), boxes[-1].detailedText()


def test_dropped_files_are_imported_and_failures_explained(
    qtbot: QtBot, window: App, tmp_path: Path
) -> None:
    good = tmp_path / "new-article.txt"
    good.write_text("A fresh headline about ports\n\nShips queued at the port for a week.\n")
    bad = tmp_path / "picture.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (good, bad, SAMPLES)])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.w.dropEvent(drop)
    settle(qtbot, window)
    assert window.listing.model is not None and window.listing.model.rowCount() == 3
    text, details = summary(window)
    assert "Imported 1 article; 2 duplicates skipped; 1 file could not be read." in text
    assert "picture.txt" in details


def test_a_damaged_project_is_refused_and_the_open_one_stays(
    qtbot: QtBot, window: App, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.claimdesk"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = damaged.read_bytes()
    ws = window.state.workspace
    assert ws is not None
    window.project.open(damaged)
    qtbot.waitUntil(lambda: bool(messages(window, "Cannot open project")), timeout=10000)
    said = messages(window, "Cannot open project")[0].text()
    assert "damaged" in said or "could not be opened" in said, said
    assert window.state.workspace is ws and damaged.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("damaged")) == [
        "damaged.claimdesk"
    ]  # nothing left beside it


def test_opened_projects_are_listed_as_recent(qtbot: QtBot, window: App, tmp_path: Path) -> None:
    ws = window.state.workspace
    assert ws is not None
    first = ws.path
    second = tmp_path / "Second.claimdesk"
    window.project.open(second)
    qtbot.waitUntil(
        lambda: window.state.workspace is not None and window.state.workspace.path == second,
        timeout=10000,
    )
    assert settings.recent_projects()[:2] == [second, first]
    window.w.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.w.recent_menu.actions()][:2] == [
        "Second.claimdesk",
        "Sample project.claimdesk",
    ]


def test_a_cancelled_import_keeps_what_it_finished(
    qtbot: QtBot, window: App, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1200):
        (folder / f"article-{i:04d}.txt").write_text(
            f"Headline number {i} about harbours\n\nBody text {i} on the harbour, with details.\n"
        )
    window.importing.import_paths([folder])
    thread = window.importing.running
    assert thread is not None
    thread.cancel()
    settle(qtbot, window, timeout=60000)
    text, _ = summary(window)
    model = window.listing.model
    assert model is not None
    imported = model.rowCount() - 2
    assert 0 <= imported < 1200 and text.startswith(f"Cancelled: {imported:,} article")


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": "claimdesk-project", "version": 1, "codes": [], "articles": [{"uid": 7}]}',
        b'{"format": "claimdesk-project", "version": 1, "codes": [], "arti',
        b"PK\x03\x04 not really a zip",
    ],
)
def test_a_file_that_fails_to_import_leaves_the_window_ready_for_the_next(
    qtbot: QtBot, window: App, tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / ("broken.qdpx" if content.startswith(b"PK") else "broken.json")
    bad.write_bytes(content)
    window.importing.import_paths([bad])
    settle(qtbot, window)
    text, details = summary(window)
    assert "1 file could not be read" in text and "broken" in details
    good = tmp_path / "good.txt"
    good.write_text("Harbour reopens after storms\n\nThe first ships came in before dawn.\n")
    window.importing.import_paths([good])  # the next import runs: nothing is stuck
    settle(qtbot, window)
    assert "Imported 1 article." in summary(window)[0]
    assert window.listing.model is not None and window.listing.model.rowCount() == 3


def test_closing_the_window_during_an_import_stops_it_cleanly(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(800):
        (folder / f"a{i}.txt").write_text(f"Headline {i}\n\nText {i} of the article.\n")
    app = open_window(tmp_path / "p.claimdesk")
    app.importing.import_paths([folder])
    app.w.close()  # waits for the import, which keeps what it finished
    assert app.importing.running is None or app.importing.running.isFinished()


def test_export_from_the_window_runs_in_the_background(
    qtbot: QtBot, window: App, tmp_path: Path
) -> None:
    from db.formats.collect import Scope
    from desktop.widgets.export_dialog import ExportDialog

    ws, art = window.state.workspace, window.state.article
    assert ws is not None and art is not None and art.title
    dialog = ExportDialog(window.w, ws.path, art.title, "Claim")
    dialog.format.setCurrentIndex(4)
    assert dialog.choice() == ("qdpx", "highlight") and dialog.output.text().endswith(".qdpx")
    out = tmp_path / "report.html"
    window.export.run("html", out, Scope(article_ids=[art.id]))
    qtbot.waitUntil(lambda: window.export.running == 0, timeout=10000)
    assert "written to" in window.w.statusBar().currentMessage()
    assert out.exists() and art.title in out.read_text(encoding="utf-8")


def test_an_export_onto_the_project_is_refused_and_the_project_kept(
    qtbot: QtBot, window: App
) -> None:
    from db.formats.collect import Scope

    ws = window.state.workspace
    assert ws is not None
    before = ws.path.read_bytes()
    window.export.run("csv", ws.path, Scope())
    qtbot.waitUntil(lambda: window.export.running == 0, timeout=10000)
    assert messages(window, "Export failed")
    assert ws.path.read_bytes() == before


def test_importing_a_qdpx_brings_its_codebook_into_the_window(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    from db.annotate import codes
    from db.formats.export import export
    from desktop.core.changes import CODES, Changes

    source = open_window(None)
    ws = source.state.workspace
    assert ws is not None
    ws.write(lambda s: codes.add(s, "Disinformation", color="#FF0000"), Changes.of(CODES))
    settle(qtbot, source)
    out = tmp_path / "shared.qdpx"
    export(ws.project, "qdpx", out)
    source.w.close()
    target = open_window(tmp_path / "fresh.claimdesk")
    target.importing.import_paths([out])
    settle(qtbot, target)
    assert "Disinformation" in [c.name for c in target.w.codes.codes]
    assert target.listing.model is not None and target.listing.model.rowCount() == 2


def test_a_json_export_reimports_with_its_notes_in_a_fresh_window(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    from db.formats.export import export

    source = open_window(None)
    source.w.notes.editor.setPlainText("A note that travels.")
    source.w.notes.save_now()
    settle(qtbot, source)
    ws = source.state.workspace
    assert ws is not None
    out = tmp_path / "all.json"
    export(ws.project, "json", out)
    assert "A note that travels." in json.dumps(json.loads(out.read_text(encoding="utf-8")))
    source.w.close()
    target = open_window(tmp_path / "other.claimdesk")
    target.importing.import_paths([out])
    settle(qtbot, target)
    notes = {target.w.notes.editor.toPlainText()}
    model = target.listing.model
    assert model is not None
    for row in range(model.rowCount()):
        target.w.list_view.selectRow(row)
        notes.add(target.w.notes.editor.toPlainText())
    assert "A note that travels." in notes


def test_an_import_that_fills_the_disk_says_so_and_the_next_import_works(
    qtbot: QtBot, open_window: OpenWindow, small_disk: Path, tmp_path: Path
) -> None:
    from tests.desktop.helpers import fill

    app = open_window(small_disk / "p.claimdesk")
    folder = tmp_path / "big"
    folder.mkdir()
    for i in range(40):  # more than the disk holds once it is nearly full
        (folder / f"a{i}.txt").write_text(f"Headline {i}\n\n" + f"Words of article {i}. " * 3000)
    filler = fill(small_disk)
    app.importing.import_paths([folder])
    settle(qtbot, app, timeout=60000)
    text, _ = summary(app)
    assert "stopped" in text and "full" in text, text
    filler.unlink()
    app.importing.import_paths([folder])
    settle(qtbot, app, timeout=60000)
    text, _ = summary(app)
    assert "stopped" not in text and "could not be read" not in text, text
    assert app.listing.model is not None and app.listing.model.rowCount() == 40


def test_an_import_without_a_temporary_folder_says_so_and_the_next_import_works(
    qtbot: QtBot, window: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    folder = tmp_path / "few"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(f"Headline {i}\n\nWords of article {i}.\n")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))  # deleted under us
    window.importing.import_paths([folder])
    settle(qtbot, window)
    text, _ = summary(window)
    assert "stopped" in text, text
    monkeypatch.setattr(tempfile, "tempdir", None)
    window.importing.import_paths([folder])
    settle(qtbot, window)
    assert "Imported 3 articles." in summary(window)[0]
