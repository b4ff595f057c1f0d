"""Where file dialogs start, what an export proposes and says, empty files, no display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop.app import App
from desktop.controllers.export import export_folder
from desktop.support.folders import remember_folder, start_folder
from desktop.support.paths import data_dir
from tests.conftest import ROOT
from tests.desktop.helpers import messages


def test_a_dialog_starts_in_the_folder_last_used_for_its_kind(tmp_path: Path) -> None:
    first = start_folder("import")
    assert first.is_dir() and first != tmp_path  # Documents, or home without one
    (tmp_path / "a").mkdir()
    remember_folder("import", tmp_path / "a" / "file.txt")
    remember_folder("export", tmp_path)
    assert start_folder("import") == tmp_path / "a" and start_folder("export") == tmp_path
    (tmp_path / "a").rmdir()  # gone since: back to the default
    assert start_folder("import") == first


def test_an_export_is_proposed_beside_the_project_unless_it_is_in_the_data_folder(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "research" / "p.claimdesk"
    assert export_folder(mine) == tmp_path / "research"
    sample = data_dir() / "Sample project.claimdesk"
    assert export_folder(sample) == start_folder("export") != data_dir()


def test_an_export_ends_with_a_message_that_stays_and_can_show_its_folder(
    qtbot: QtBot, window: App, tmp_path: Path
) -> None:
    from db.formats.collect import Scope

    window.export.run("csv", tmp_path / "out.csv", Scope())
    qtbot.waitUntil(lambda: bool(messages(window, "Export finished")), timeout=10000)
    (box,) = messages(window, "Export finished")
    assert "written to" in box.text() and box.isVisible()
    names = [b.text() for b in box.findChildren(QPushButton)]
    assert "Show in folder" in names


def test_an_empty_file_becomes_a_project_only_when_asked(
    qtbot: QtBot, window: App, tmp_path: Path
) -> None:
    empty = tmp_path / "notes.claimdesk"
    empty.write_bytes(b"")
    window.project.open(empty)
    (box,) = messages(window, "Empty file")
    assert empty.read_bytes() == b"" and "empty file" in box.text()
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    assert cancel is not None
    cancel.click()
    assert empty.read_bytes() == b""
    window.project.open(empty)
    make = next(b for b in messages(window, "Empty file")[-1].findChildren(QPushButton)
                if b.text() == "Make it a project")  # fmt: skip
    make.click()
    qtbot.waitUntil(
        lambda: window.state.workspace is not None and window.state.workspace.path == empty,
        timeout=10000,
    )
    assert empty.stat().st_size > 0


def test_without_a_display_the_window_says_so_plainly(tmp_path: Path) -> None:
    gone = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {k: v for k, v in os.environ.items() if k not in gone}
    env["CLAIMDESK_DATA_DIR"] = str(tmp_path)
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux runs without a display server")
    done = subprocess.run(
        [sys.executable, "-m", "desktop"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "needs a display" in done.stderr and "--help" in done.stderr
