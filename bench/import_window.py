"""The window during a whole-corpus import: its longest stall, beside floors from the same run.

A 10 ms timer ticks on the GUI thread; every gap between two ticks longer than 10 ms is time the
window could not answer. It runs
- with the window idle on an empty project (the timer's own floor);
- while the window imports the folder, a user scrolling the list and opening an article meanwhile;
- with the same scrolling and opening on the imported project, no import running (the floor of
  that work alone);
and the plain import from ``db`` (no window) is timed on the same files before and after the
window's.
Run on demand, offscreen: python bench/import_window.py FOLDER [--idle 5] [--use 10]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.app import App

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 10
USE_EVERY_MS = 250  # the user scrolls this often, and opens an article every fourth time


def gaps_ms(ticks: list[float]) -> list[float]:
    return [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]


def stats(ticks: list[float]) -> str:
    gaps = gaps_ms(ticks)
    if len(gaps) < 100:
        return f"only {len(gaps)} ticks"
    p99 = statistics.quantiles(gaps, n=100)[98]
    over = {ms: sum(g > ms for g in gaps) for ms in (50, 100)}
    return (
        f"longest gap {max(gaps):6.1f} ms  p99 {p99:5.1f} ms  median "
        f"{statistics.median(gaps):4.1f} ms  ({len(gaps):,} ticks; "
        f"{over[50]} over 50 ms, {over[100]} over 100 ms)"
    )


def plain_import(folder: Path, project: Path) -> tuple[float, str]:
    from db.imports import Importer
    from db.store.project import open_project

    t0 = time.perf_counter()
    with open_project(project) as p:
        job = Importer(p, [folder])
        for _ in job.run():
            pass
    return time.perf_counter() - t0, job.report.summary()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="the folder of articles to import")
    ap.add_argument("--idle", type=float, default=5.0, help="seconds of the idle floor")
    ap.add_argument("--use", type=float, default=10.0, help="seconds of the use floor")
    args = ap.parse_args()
    folder: Path = args.folder
    if not folder.is_dir():
        sys.exit(f"{folder}: not a folder")
    from db.imports import collect_files

    files = [Path(f) for f in collect_files([folder])]
    if not files:
        sys.exit(f"{folder}: no article files in it")
    for f in files:  # every run reads from the page cache
        f.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CLAIMDESK_DATA_DIR"] = str(Path(tmp, "data"))
        # The plain import before and after the window's: a busy moment of a shared machine
        # shows as a difference between the two.
        before, plain_summary = plain_import(folder, Path(tmp, "plain1.claimdesk"))
        os.sync()
        print(f"{len(files):,} files; plain import (db, no window): {before:.1f} s")
        print(f"  {plain_summary}")
        window(folder, Path(tmp, "window.claimdesk"), args.idle, args.use)
        os.sync()
        after, _ = plain_import(folder, Path(tmp, "plain2.claimdesk"))
        print(f"plain import again, after the window's: {after:.1f} s")


def window(folder: Path, project: Path, idle_s: float, use_s: float) -> None:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QMessageBox

    from desktop.app import App, make_app
    from desktop.views.main_window import MainWindow

    qapp = make_app()
    w = MainWindow()
    w.resize(1400, 900)
    w.show()
    app = App(w)
    app.start(project)
    loop = QEventLoop()

    def run_until(done: Callable[[], bool], ticks: list[float], use: bool) -> None:
        """Tick (and use the window) until ``done``; each tick's time goes into ``ticks``."""
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)

        def tick() -> None:
            ticks.append(time.perf_counter())
            if done():
                loop.quit()

        timer.timeout.connect(tick)
        user = QTimer()
        uses = iter(range(1 << 30))
        user.timeout.connect(lambda: use_window(app, next(uses)))
        timer.start(TICK_MS)
        if use:
            user.start(USE_EVERY_MS)
        loop.exec()
        timer.stop()
        user.stop()

    def after(seconds: float) -> Callable[[], bool]:
        end = time.perf_counter() + seconds
        return lambda: time.perf_counter() >= end

    def loaded() -> bool:
        model, ws = app.listing.model, app.state.workspace
        return model is not None and model.loaded and ws is not None and not ws.ops.pending()

    run_until(loaded, [], use=False)
    idle: list[float] = []
    run_until(after(idle_s), idle, use=False)

    importing: list[float] = []
    first_rows: list[float] = []
    reloads = [0]
    model = app.listing.model
    assert model is not None
    model.sig_loaded.connect(lambda: reloads.__setitem__(0, reloads[0] + 1))
    t0 = time.perf_counter()

    def finished() -> bool:
        if not first_rows and model.rowCount():
            first_rows.append(time.perf_counter() - t0)
        return app.importing.running is None

    app.importing.import_paths([folder])
    run_until(finished, importing, use=True)
    window_s = time.perf_counter() - t0
    box = next(b for b in w.findChildren(QMessageBox) if b.windowTitle() == "Import finished")
    said = box.text()
    box.close()
    run_until(loaded, [], use=False)
    using: list[float] = []
    run_until(after(use_s), using, use=True)

    print(
        f"window import: {window_s:.1f} s; first articles in the list after "
        f"{first_rows[0] if first_rows else float('nan'):.1f} s; the list read {reloads[0]} times"
    )
    print(f"  said: {said}")
    print(f"  {model.rowCount():,} articles in the list at the end")
    print(f"timer, window idle:                    {stats(idle)}")
    print(f"timer, scrolling and reading, no import: {stats(using)}")
    print(f"timer, scrolling and reading, importing: {stats(importing)}")
    w.close()
    qapp.processEvents()


def use_window(app: App, n: int) -> None:
    """What a reader does meanwhile: scroll the list a page, and now and then open an article."""
    view = app.w.list_view
    bar = view.verticalScrollBar()
    bar.setValue((bar.value() + bar.pageStep()) % (bar.maximum() + 1 or 1))
    if n % 4 == 0:
        rows = view.model().rowCount() if view.model() else 0
        if rows:
            view.selectRow(view.rowAt(view.viewport().height() // 2) % rows)


if __name__ == "__main__":
    main()
