"""The wheel holds every package, the migrations with their template, and the resources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import PurePosixPath

import pytest

from tests.conftest import ROOT

TREES = ("db", "desktop", "resources")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def shipped_sources() -> set[str]:
    """Every file under the installed trees, as wheel paths (no caches, no hidden files)."""
    found = set()
    for tree in TREES:
        for path in (ROOT / tree).rglob("*"):
            rel = path.relative_to(ROOT)
            if path.is_file() and "__pycache__" not in rel.parts and not path.name.startswith("."):
                found.add(rel.as_posix())
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """A wheel built from a copy of the tree, so no stale build/ folder can leak into it."""
    assert tuple(int(p) for p in version("setuptools").split(".")[:2]) >= (70, 1), (
        "the dev extra installs setuptools>=70.1, which builds wheels on its own"
    )
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for tree in TREES:
        shutil.copytree(ROOT / tree, src / tree, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation"]
    subprocess.run([*cmd, "-q", "-w", str(out)], check=True)
    (built,) = out.glob("claimdesk-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_holds_every_source_file_and_nothing_else(wheel: zipfile.ZipFile) -> None:
    names = {n for n in wheel.namelist() if not n.endswith("/")}
    ours = {n for n in names if PurePosixPath(n).parts[0] in TREES}
    expected = shipped_sources()
    assert expected - ours == set(), "left out of the wheel"
    assert ours - expected == set(), "in the wheel but not in the tree"
    tops = {PurePosixPath(n).parts[0] for n in names}
    assert tops - set(TREES) == {f"claimdesk-{VERSION}.dist-info"}


def test_wheel_has_every_package_the_template_and_the_resources(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    packages = {
        p.parent.relative_to(ROOT).as_posix()
        for tree in ("db", "desktop")
        for p in (ROOT / tree).rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert {"db", "db/store/migrations/versions", "desktop"} <= packages
    assert {d for d in packages if not any(n.startswith(f"{d}/") for n in names)} == set()
    assert "db/store/migrations/script.py.mako" in names
    for folder in ("fonts", "icons", "samples"):
        assert {n for n in names if n.startswith(f"resources/{folder}/")}, folder
    assert "resources/style.qss" in names


def test_wheel_installs_the_claimdesk_command(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = (n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt"))
    lines = wheel.read(entry_points).decode().splitlines()
    assert "claimdesk = desktop.main:main" in [line.strip() for line in lines]
