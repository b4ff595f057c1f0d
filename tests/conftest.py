"""Shared fixtures. Qt runs offscreen; with CLAIMDESK_NO_QT=1 Qt cannot be imported at all."""

from __future__ import annotations

import importlib.abc
import os
import sys
import tarfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_QT = ("PySide6", "shiboken6", "qtawesome", "qtpy")


class _BlockQt(importlib.abc.MetaPathFinder):
    """Makes Qt unimportable, as on a machine where it is not installed."""

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name.split(".")[0] in _QT:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: CLAIMDESK_NO_QT)")
        return None


if os.environ.get("CLAIMDESK_NO_QT"):
    sys.meta_path.insert(0, _BlockQt())
    collect_ignore = ["desktop"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "resources" / "samples"
FIXTURES = ROOT / "tests" / "fixtures"
CORPORA = FIXTURES / "corpora"
REFI_QDA_XSD = FIXTURES / "refi-qda" / "refi-qda-project-1.0.xsd"

#: Tests marked ``full_corpora`` read whole corpora from ``../shared/corpora`` (tens of
#: thousands of files, minutes). They are collected only when this variable is 1, and then fail
#: if a corpus is not there.
FULL_CORPORA_ENV = "CLAIMDESK_FULL_CORPORA"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"full_corpora: reads ../shared/corpora; collected only when {FULL_CORPORA_ENV}=1",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(FULL_CORPORA_ENV) == "1":
        return
    left_out = [i for i in items if i.get_closest_marker("full_corpora")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [i for i in items if not i.get_closest_marker("full_corpora")]


def unpack(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """Unpack a whole corpus's ``.txt`` files from ``../shared/corpora``; fail without it."""
    archive = SHARED / "corpora" / f"{name}.tar.xz"
    if not archive.exists():
        pytest.fail(f"{FULL_CORPORA_ENV}=1 but {archive.name} is not in ../shared/corpora")
    dest = tmp_path_factory.mktemp(name)
    with tarfile.open(archive, "r:xz") as tar:
        for member in tar:  # written directly: extract() per file is twice as slow
            source = tar.extractfile(member) if member.isfile() else None
            if source and member.name.endswith(".txt"):
                (dest / Path(member.name).name).write_bytes(source.read())
    return dest


@pytest.fixture(scope="session")
def horne() -> Path:
    """42 files of Horne & Adali's 2017 data set, shipped in tests/fixtures (see its README)."""
    return CORPORA / "horne2017"


@pytest.fixture(scope="session")
def tehran() -> Path:
    """100 Tehran Times files, shipped in tests/fixtures (see its README)."""
    return CORPORA / "tehran-times"


@pytest.fixture(scope="session")
def horne_full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All of horne2017 (326 files); for tests marked ``full_corpora``."""
    return unpack(tmp_path_factory, "horne2017")


@pytest.fixture(scope="session")
def tehran_full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All of tehran-times (33,724 files); for tests marked ``full_corpora``."""
    return unpack(tmp_path_factory, "tehran-times")


@pytest.fixture(scope="session")
def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))
