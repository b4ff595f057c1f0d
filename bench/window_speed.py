"""Start-up, article opening and memory of the window on the Tehran Times project.

Each figure is printed beside a floor measured in the same run:
- cold start: a bare PySide6 window, started and painted the same way;
- opening an article: a bare QTextBrowser showing the same text;
- memory: the bare window's peak RSS.
Usage: python bench/window_speed.py [--runs N] [--project FILE]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.import_speed import corpus  # noqa: E402

BARE = textwrap.dedent(
    """
    import resource, sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    w.resize(1500, 900)
    class First(QObject):
        def eventFilter(self, o, e):
            if e.type() == QEvent.Type.Paint:
                print("painted", flush=True)
                o.removeEventFilter(self)
                QTimer.singleShot(0, app.quit)
            return False
    f = First()
    w.installEventFilter(f)
    w.show()
    app.exec()
    print("rss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, flush=True)
    """
)
# The app with the project open, an article shown and the list scrolled end to end.
APP_RSS = textwrap.dedent(
    """
    import resource, sys
    from desktop.app import App, make_app
    from desktop.views.main_window import MainWindow
    qapp = make_app()
    w = MainWindow()
    w.show()
    app = App(w)
    app.start(__import__("pathlib").Path(sys.argv[1]))
    while app.listing.model is None or not app.listing.model.loaded:
        qapp.processEvents()
    bar = w.list_view.verticalScrollBar()
    for v in range(0, bar.maximum() + 1, max(1, bar.maximum() // 100)):
        bar.setValue(v)
        qapp.processEvents()
    w.list_view.selectRow(app.listing.model.rowCount() // 2)
    qapp.processEvents()
    print("rss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, flush=True)
    """
)


def timed_lines(cmd: list[str], env: dict[str, str]) -> dict[str, float | str]:
    """Seconds from spawning ``cmd`` to each line it prints, by the line's first word."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out: dict[str, float | str] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        word, _, rest = line.strip().partition(" ")
        out[word] = time.perf_counter() - t0
        out[word + "_value"] = rest.strip()
    proc.wait()
    if proc.returncode:
        raise RuntimeError(f"{cmd} failed: {proc.stderr.read() if proc.stderr else ''}")
    return out


def tehran_project() -> Path:
    path = ROOT / "bench-data" / "tehran-times.claimdesk"
    if not path.exists():
        from db.imports import Importer
        from db.store.project import open_project

        print("importing the Tehran Times corpus once …", flush=True)
        with open_project(path) as project:
            for _ in Importer(project, [corpus(None)]).run():
                pass
    return path


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms"


def start_up(project: Path, runs: int) -> None:
    env = {**os.environ, "CLAIMDESK_DATA_DIR": tempfile.mkdtemp()}
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(BARE)
    bare, painted, ready = [], [], []
    app = [sys.executable, "-m", "desktop", "--project", str(project), "--quit-when-ready"]
    timed_lines(app, env)  # warm the file cache for both
    for _ in range(runs):
        bare.append(float(timed_lines([sys.executable, f.name], env)["painted"]))
        run = timed_lines(app, env)
        painted.append(float(run["painted"]))
        ready.append(float(run["ready"]))
    floor = statistics.median(bare)
    print(f"cold start, bare PySide6 window painted:  {median_ms(bare)}")
    print(
        f"cold start, Claimdesk window painted:     {median_ms(painted)}"
        f"  = {statistics.median(painted) / floor:.2f}x (target <= 1.5x)"
    )
    print(
        f"cold start, project open, article shown:  {median_ms(ready)}"
        f"  = {statistics.median(ready) / floor:.2f}x"
    )
    bare_rss = timed_lines([sys.executable, f.name], env)["rss_value"]
    app_rss = timed_lines([sys.executable, "-c", APP_RSS, str(project)], env)["rss_value"]
    print(f"peak RSS: bare window {bare_rss} MB; Claimdesk on this project {app_rss} MB")
    print("  (target <= 250 MB)")


def opening(project: Path) -> None:
    from PySide6.QtWidgets import QTextBrowser

    from db.annotate import highlights
    from db.articles import detail
    from db.ingest.parse_text import parse_text
    from db.ingest.rows import store_articles
    from desktop.app import App, make_app
    from desktop.views.main_window import MainWindow

    qapp = make_app()
    work = Path(tempfile.mkdtemp(), project.name)
    shutil.copy(project, work)
    w = MainWindow()
    w.show()
    app = App(w)
    app.start(work)
    while app.listing.model is None or not app.listing.model.loaded:
        qapp.processEvents()
    model, ws = app.listing.model, app.state.workspace
    assert ws is not None
    ids = [model.article_id(r) for r in range(model.rowCount())]
    sample = random.Random(3).sample([i for i in ids if i], 200)
    with ws.project.session() as s:
        sql = f"SELECT id, text FROM article WHERE id IN ({','.join(map(str, sample))})"
        texts = {int(a): str(t) for a, t in s.connection().exec_driver_sql(sql)}
    bare = QTextBrowser()
    bare.resize(w.reader.size())
    bare.show()

    def time_open(aid: int) -> float:
        """What choosing an article in the list does: read it in full, show it."""
        t = time.perf_counter()
        with ws.project.session() as s:
            app.state.set_article(detail.get(s, aid))
        qapp.processEvents()
        return time.perf_counter() - t

    def time_bare(text: str) -> float:
        t = time.perf_counter()
        bare.setPlainText(text)
        qapp.processEvents()
        return time.perf_counter() - t

    ours = [time_open(a) for a in sample]
    floor = [time_bare(texts[a]) for a in sample]
    q = statistics.quantiles(ours, n=20)
    print(
        f"open an article (200 random): p50 {median_ms(ours)}, p95 {q[18] * 1000:.1f} ms"
        f" (target <= 50 ms); bare QTextBrowser p50 {median_ms(floor)}"
    )
    # A 1 MB article: the corpus run together, paragraph after paragraph.
    big = "A very long article\n\n" + "\n\n".join(texts.values())
    while len(big.encode()) < 1_000_000:
        big += "\n\n" + big
    big = big.encode()[:1_000_000].decode(errors="ignore")
    with ws.project.session() as s:
        big_id = store_articles(s, [(parse_text(big), None)])[0]
    print(
        f"open a 1 MB article: {time_open(big_id) * 1000:.0f} ms (target <= 300 ms);"
        f" bare QTextBrowser {time_bare(big) * 1000:.0f} ms"
    )
    # 500 highlights, overlapping, on one ordinary article.
    long_id = max(sample, key=lambda a: len(texts[a]))
    text = texts[long_id]
    rng = random.Random(5)
    with ws.project.session() as s:
        for _ in range(500):
            a = rng.randrange(0, len(text) - 60)
            highlights.add(s, article_id=long_id, start=a, end=a + rng.randrange(5, 60))
    print(
        f"open an article of {len(text):,} characters with 500 highlights: "
        f"{time_open(long_id) * 1000:.0f} ms (target <= 100 ms); "
        f"bare QTextBrowser {time_bare(text) * 1000:.0f} ms"
    )
    w.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--project", type=Path)
    args = ap.parse_args()
    project = args.project or tehran_project()
    start_up(project, args.runs)
    opening(project)


if __name__ == "__main__":
    main()
