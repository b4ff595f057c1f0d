"""Projects and imports from the window: progress off the UI thread, failures explained."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop import settings
from desktop.main_window import MainWindow
from tests.conftest import SAMPLES


def summary_box(window: MainWindow) -> QMessageBox:
    boxes = [b for b in window.findChildren(QMessageBox) if b.windowTitle() == "Import finished"]
    assert boxes
    return boxes[-1]


def test_dropped_files_are_imported_and_failures_explained(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
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
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: window.ctl.import_thread is None, timeout=20000)
    assert window.ctl.model is not None and window.ctl.model.rowCount() == 3
    box = summary_box(window)
    assert "1 imported, 2 duplicate(s) skipped, 1 failed" in box.text()
    assert "picture.txt" in box.detailedText()
    assert (
        window.ctl.article is not None
        and window.ctl.article.title == "A fresh headline about ports"
    )


def test_a_damaged_project_is_refused_and_the_open_one_stays(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "damaged.claimdesk"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = damaged.read_bytes()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: said.append(text))
    current = window.ctl.ws.path  # type: ignore[union-attr]
    assert not window.ctl.open_project(damaged)
    assert said and ("damaged" in said[0] or "not a Claimdesk" in said[0]), said
    assert window.ctl.ws is not None and window.ctl.ws.path == current
    assert damaged.read_bytes() == before


def test_opened_projects_are_listed_as_recent(window: MainWindow, tmp_path: Path) -> None:
    first = window.ctl.ws.path  # type: ignore[union-attr]
    second = tmp_path / "Second.claimdesk"
    assert window.ctl.open_project(second)
    assert settings.recent_projects()[:2] == [second, first]
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()][:2] == [
        "Second.claimdesk",
        "Sample project.claimdesk",
    ]


def test_a_cancelled_import_keeps_what_it_finished(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1200):
        (folder / f"article-{i:04d}.txt").write_text(
            f"Headline number {i} about harbours\n\nBody text {i} on the harbour, with details.\n"
        )
    ctl = window.ctl
    assert ctl is not None and ctl.model is not None
    ctl.import_paths([folder])
    thread = ctl.import_thread
    assert thread is not None
    thread.cancel()
    qtbot.waitUntil(lambda: ctl.import_thread is None, timeout=60000)
    box = summary_box(window)
    assert "(cancelled)" in box.text()
    imported = ctl.model.rowCount() - 2
    assert 0 <= imported < 1200 and f"{imported} imported" in box.text()


def test_export_from_the_window_runs_in_the_background(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from db.formats.collect import Scope
    from desktop.export_dialog import ExportDialog

    ctl = window.ctl
    assert ctl is not None and ctl.ws is not None and ctl.article is not None
    dialog = ExportDialog(window, ctl.ws.path, ctl.article.title, "Claim")
    dialog.format.setCurrentIndex(4)
    assert dialog.choice() == ("qdpx", "highlight") and dialog.output.text().endswith(".qdpx")
    dialog.output.setText(str(tmp_path / "out.html"))
    out = tmp_path / "report.html"
    ctl.run_export("html", out, Scope(article_ids=[ctl.article.id]))
    qtbot.waitUntil(lambda: "written to" in window.statusBar().currentMessage(), timeout=10000)
    assert out.exists() and ctl.article.title in out.read_text(encoding="utf-8")


def test_importing_a_qdpx_brings_its_codebook_into_the_window(
    qtbot: QtBot, open_window: Callable[[Path | None], MainWindow], tmp_path: Path
) -> None:
    from db.annotate import codes
    from db.formats.export import export
    from desktop.workspace import Changes

    source = open_window(None)
    ctl = source.ctl
    assert ctl is not None and ctl.ws is not None
    ctl.ws.write(lambda s: codes.add(s, "Disinformation", color="#FF0000"), Changes(codes=True))
    out = tmp_path / "shared.qdpx"
    export(ctl.ws.project, "qdpx", out)
    source.close()
    target = open_window(tmp_path / "fresh.claimdesk")
    target.ctl.import_paths([out])  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: target.ctl.import_thread is None, timeout=20000)  # type: ignore[union-attr]
    assert "Disinformation" in [c.name for c in target.codes.codes]
    assert target.ctl.model.rowCount() == 2  # type: ignore[union-attr]
