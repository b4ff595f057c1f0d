"""Window fixtures: each test gets its own data folder (settings, default project)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import style
from desktop.main_window import MainWindow


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("CLAIMDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def open_window(qtbot: QtBot, qapp: QApplication) -> Callable[[Path | None], MainWindow]:
    """Open a main window on a project (None: what a first start opens)."""
    style.apply(qapp)

    def make(project: Path | None = None) -> MainWindow:
        w = MainWindow()
        qtbot.addWidget(w)
        w.show()
        w.start(project)
        assert w.ctl is not None and w.ctl.ws is not None
        return w

    return make


@pytest.fixture
def window(open_window: Callable[[Path | None], MainWindow]) -> Iterator[MainWindow]:
    w = open_window(None)
    yield w
    w.close()
