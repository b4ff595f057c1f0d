"""Samples, coders' progress and the coding sheet's table on the Tehran Times project.

Uses the project of :mod:`bench.agreement` (imported once into bench-data/, 200 articles coded
by two coders). Each figure is printed beside a floor measured in the same run:
- drawing a sample (simple, 200; stratified by month, 10 %) and making it again from its seed,
  beside reading every article id;
- the progress of every coder through every set (what the window reads after each coding),
  beside counting the sets' members;
- scrolling the coding sheet of every article end to end, a page at a time, in the window's
  own table (sorted through its proxy), beside a bare table of as many cells of fixed text.
Usage: python -m bench.sets_and_sheet [--corpus DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench.agreement import code_sample, project  # noqa: E402
from bench.import_speed import corpus  # noqa: E402
from db.annotate import variables  # noqa: E402
from db.articles import samples  # noqa: E402
from db.store.project import open_project  # noqa: E402
from desktop.models.sheet_model import ID_ROLE, SheetModel  # noqa: E402
from desktop.widgets.sheet_dialog import SheetDialog  # noqa: E402


def ms(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


class Bare(QAbstractTableModel):
    """As many cells as the sheet, each the same fixed text."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__()
        self.rows, self.columns = rows, columns

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
        return self.rows

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
        return self.columns

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return "2 · neutral" if role == Qt.ItemDataRole.DisplayRole else None


def scroll(view: QTableView) -> tuple[float, int]:
    """The median time to paint a page of the table, scrolled top to bottom; pages painted."""
    bar = view.verticalScrollBar()
    times = []
    for value in range(0, bar.maximum() + 1, max(1, bar.pageStep())):
        bar.setValue(value)
        times.append(ms(view.viewport().repaint))
    return statistics.median(times), len(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path)
    args = ap.parse_args()
    path = project(corpus(args.corpus))
    code_sample(path, 200)
    with open_project(path) as p, p.session() as s:
        s.execute(text("DELETE FROM article_set"))
        floor = ms(lambda: list(s.execute(text("SELECT id FROM article")).scalars()))
        simple = ms(lambda: samples.draw_sample(s, "simple", n=200, seed=1))
        strat = ms(lambda: samples.draw_sample(s, "month", fraction=0.1, stratify="month", seed=2))
        month = samples.find(s, "month")
        assert month is not None
        again: list[int] = []
        redraw = ms(lambda: again.extend(samples.redraw(s, month.id)))
        assert again == samples.members(s, month.id), "the seed did not make the same draw"
        for view in samples.all_sets(s):
            samples.assign(s, view.id, ["Ann", "Bea"])
        members = ms(lambda: s.execute(text("SELECT count(*) FROM article_set_member")).all())
        progress = ms(lambda: [samples.progress(s, v.id) for v in samples.all_sets(s)])
        sheet_vars, rows = variables.all_variables(s), variables.sheet(s)
        articles = int(s.execute(text("SELECT count(*) FROM article")).scalar_one())
    print(f"{articles:,} articles; floor (every id read): {floor:.1f} ms")
    print(f"simple sample of 200:               {simple:7.1f} ms ({simple / floor:.1f}x)")
    print(f"stratified by month, 10 %:          {strat:7.1f} ms ({strat / floor:.1f}x)")
    print(f"the same draw again from its seed:  {redraw:7.1f} ms ({redraw / floor:.1f}x), same")
    print(f"floor (the sets' members counted):  {members:7.1f} ms")
    print(f"every coder's progress, every set:  {progress:7.1f} ms ({progress / members:.0f}x)")

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    model = SheetModel(sheet_vars, rows)
    dialog = SheetDialog(None, model, ID_ROLE, model.coded(), "Ann")  # type: ignore[arg-type]
    dialog.resize(1366, 768)
    dialog.show()
    bare = QTableView()
    bare.setModel(Bare(model.rowCount(), model.columnCount()))
    bare.resize(1366, 768)
    bare.show()
    qapp.processEvents()
    sheet_ms, pages = scroll(dialog.table)
    bare_ms, _ = scroll(bare)
    print(f"coding sheet, {len(rows):,} rows, scrolled end to end ({pages:,} pages):")
    print(f"  a page painted: {sheet_ms:.2f} ms; bare table {bare_ms:.2f} ms "
          f"({sheet_ms / bare_ms:.1f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
