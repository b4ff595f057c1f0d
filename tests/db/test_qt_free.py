"""Every db module imports without Qt (run by tests/check.py with Qt made unimportable)."""

from __future__ import annotations

import importlib
import os
import pkgutil

import pytest

import db


def test_every_db_module_imports() -> None:
    names = [
        m.name for m in pkgutil.walk_packages(db.__path__, "db.") if ".migrations" not in m.name
    ]
    assert "db.ingest.pipeline" in names and "db.cli" in names
    for name in names:
        if name != "db.__main__":
            importlib.import_module(name)


@pytest.mark.skipif(not os.environ.get("CLAIMDESK_NO_QT"), reason="only in the Qt-free run")
def test_qt_is_really_unavailable_here() -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("PySide6.QtCore")
