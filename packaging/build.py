"""Build the one-folder app with PyInstaller, then report its size and (optionally) self-test it.

Usage: python packaging/build.py [--self-test] [--compare-start]
The result is dist/Claimdesk/ (and dist/Claimdesk.app on macOS). Installers are made from it by
packaging/windows/claimdesk.iss (Inno Setup) and packaging/macos/make_dmg.sh.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"


def frozen_exe() -> Path:
    name = "claimdesk.exe" if sys.platform == "win32" else "claimdesk"
    if sys.platform == "darwin":
        return DIST / "Claimdesk.app" / "Contents" / "MacOS" / name
    return DIST / "Claimdesk" / name


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build() -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(ROOT / "build"),
         str(ROOT / "packaging" / "claimdesk.spec")],
        check=True,
    )  # fmt: skip
    return time.perf_counter() - t0


def start_time(cmd: list[str], runs: int = 5) -> float:
    """Median seconds from spawning ``cmd`` to the window painted with the project shown."""
    times = []
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as data:
        env["CLAIMDESK_DATA_DIR"] = data
        subprocess.run([*cmd, "--quit-when-ready"], env=env, capture_output=True, check=True)
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([*cmd, "--quit-when-ready"], env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--self-test", action="store_true", help="run the built app's self-test")
    ap.add_argument("--compare-start", action="store_true", help="start time: frozen vs venv")
    args = ap.parse_args()
    shutil.rmtree(DIST / "Claimdesk", ignore_errors=True)
    seconds = build()
    print(f"built {frozen_exe().relative_to(ROOT)} in {seconds:.0f} s; the folder is "
          f"{folder_size(DIST / 'Claimdesk') / 1e6:.0f} MB")  # fmt: skip
    if args.self_test:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        done = subprocess.run(
            [str(frozen_exe()), "--self-test"], env=env, capture_output=True, text=True
        )
        print((done.stdout + done.stderr).strip())
        if done.returncode:
            return done.returncode
    if args.compare_start:
        frozen = start_time([str(frozen_exe())])
        venv = start_time([sys.executable, "-m", "desktop"])
        print(f"start to a shown project: frozen {frozen:.2f} s, virtual environment {venv:.2f} s "
              f"= {frozen / venv:.2f}x (goal <= 1.2x)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
