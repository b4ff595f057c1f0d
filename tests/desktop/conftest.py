"""Window fixtures: each test gets its own data folder (settings, default project)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import App
from desktop.support import settings, style
from desktop.views.main_window import MainWindow

OpenWindow = Callable[[Path | None], App]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("CLAIMDESK_DATA_DIR", str(folder))
    settings.set_coder("")  # chosen already (the account's name): no first-start question
    return folder


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB disk of its own (tmpfs), unmounted afterwards."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mnt)], check=False)
    if made.returncode != 0:
        pytest.skip("a disk of its own needs root to mount it (CI runs as root)")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.fixture
def open_window(qtbot: QtBot, qapp: QApplication) -> OpenWindow:
    """Open a main window on a project (None: what a first start opens), its list shown."""
    style.apply(qapp)

    def make(project: Path | None = None) -> App:
        w = MainWindow()
        qtbot.addWidget(w)
        w.show()
        app = App(w)
        app.start(project)
        qtbot.waitUntil(
            lambda: app.listing.model is not None and app.listing.model.loaded, timeout=30000
        )
        return app

    return make


@pytest.fixture
def window(open_window: OpenWindow) -> Iterator[App]:
    app = open_window(None)
    yield app
    app.w.close()
