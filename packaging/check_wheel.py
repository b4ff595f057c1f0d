"""Build the wheel, install it (not editable) in a new virtual environment, and use it there.

Usage: python packaging/check_wheel.py
Runs ``claimdesk --self-test``, then ``claimdesk import`` of resources/samples into a new
project and ``claimdesk articles`` on it, all from outside the checkout, and checks that the
code they ran is the installed copy. Exits non-zero naming the step that failed.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
BIN = "Scripts" if sys.platform == "win32" else "bin"
TMP = Path(tempfile.gettempdir())  # shown as <tmp> in what is printed
PIP_LOCATION = re.compile(r"WARNING: Location '.*' is ignored: it is neither a file nor")


class StepError(Exception):
    pass


def run(title: str, cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``cmd``, print its output indented under ``title``; raise if it exits non-zero."""
    shown = " ".join(Path(c).name if os.sep in c else c for c in cmd)
    print(f"--- {title}: {shown}", flush=True)
    t0 = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True
    )
    lines = (done.stdout + done.stderr).replace(str(TMP), "<tmp>").rstrip().splitlines()
    lines = [line for line in lines if line.strip()]
    kept = [line for line in lines if not PIP_LOCATION.match(line)]
    for line, same in itertools.groupby(kept):  # Qt's offscreen plugin repeats its notices
        count = len(list(same))
        print(f"    {line}" + (f"  ({count} times)" if count > 1 else ""))
    if len(kept) < len(lines):  # one per package for each configured index folder it lacks
        print(f"    ({len(lines) - len(kept)} pip warnings about index locations left out)")
    print(f"    (exit {done.returncode}, {time.perf_counter() - t0:.1f} s)", flush=True)
    if done.returncode:
        raise StepError(title)
    return done.stdout


def build_wheel(tmp: Path) -> Path:
    """The wheel, built from a copy of the tree so that no stale build/ folder leaks in."""
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for tree in ("db", "desktop", "resources"):
        shutil.copytree(ROOT / tree, src / tree, ignore=shutil.ignore_patterns("__pycache__"))
    py = sys.executable
    run("build the wheel", [py, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(tmp)], cwd=tmp)  # fmt: skip
    (wheel,) = tmp.glob("claimdesk-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    print(f"    {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB, {len(names)} files", flush=True)
    return wheel


def check(tmp: Path) -> None:
    wheel = build_wheel(tmp)
    venv = tmp / "venv"
    run("new virtual environment", [sys.executable, "-m", "venv", str(venv)], cwd=tmp)
    py, exe = str(venv / BIN / "python"), str(venv / BIN / "claimdesk")
    run("install the wheel", [py, "-m", "pip", "install", "-q", "-c",
                              str(ROOT / "constraints.txt"), str(wheel)], cwd=tmp)  # fmt: skip
    where = run(
        "where the packages were installed",
        [py, "-c", "import db, desktop; print(db.__file__); print(desktop.__file__)"],
        cwd=tmp,
    )  # fmt: skip
    if any(Path(line).resolve().is_relative_to(ROOT) for line in where.split()):
        print(f"    the installed copy points back into the checkout ({ROOT.name})")
        raise StepError("where the packages were installed")
    env = {
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "CLAIMDESK_DATA_DIR": str(tmp / "data"),
    }
    run("self-test", [exe, "--self-test"], cwd=tmp, env=env)
    project = tmp / "x.claimdesk"
    run("import the samples", [exe, "import", "--project", str(project), str(SAMPLES)], tmp, env)
    listed = run("list the articles", [exe, "articles", "--project", str(project)], tmp, env)
    expected = len(list(SAMPLES.glob("*.txt")))
    rows = [line for line in listed.splitlines() if line.strip()]
    if len(rows) < expected:
        print(f"    {expected} sample files, {len(rows)} lines listed")
        raise StepError("list the articles")


def main() -> int:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimdesk-wheel-") as tmp:
        try:
            check(Path(tmp))
        except StepError as failed:
            print(f"wheel check FAILED at: {failed}")
            return 1
    print(f"wheel check passed in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
