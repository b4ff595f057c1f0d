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


def unpack(tmp_path_factory: pytest.TempPathFactory, name: str, limit: int | None = None) -> Path:
    """Unpack a corpus from shared/corpora (the first ``limit`` files), or skip without it."""
    archive = SHARED / "corpora" / f"{name}.tar.xz"
    if not archive.exists():
        pytest.skip(f"corpus {name} not available")
    dest = tmp_path_factory.mktemp(name)
    taken = 0
    with tarfile.open(archive, "r:xz") as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".txt"):
                tar.extract(member, dest, filter="data")
                taken += 1
                if limit and taken >= limit:
                    break
    return next(p for p in dest.iterdir() if p.is_dir())


@pytest.fixture(scope="session")
def horne(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unpack(tmp_path_factory, "horne2017")


@pytest.fixture(scope="session")
def tehran(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unpack(tmp_path_factory, "tehran-times", limit=3000)


@pytest.fixture(scope="session")
def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))
