"""``claimdesk --self-test``: the whole path of a session, offscreen, in a temporary folder.

Used on every built installer: it imports the sample articles, marks a claim, saves a note,
closes, reopens and checks both are there, and that the bundled fonts, icons and line model
load; then it imports a folder large enough for the worker processes. Exits 0, or 1 saying
which step failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.app import App
    from desktop.views.main_window import MainWindow

_PAGE = (
    "<html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
    "<p>The harbour reopened on Monday after a week of storms, and the first ships came in "
    "before dawn, port officials said in a statement to reporters.</p></article></body></html>"
)


class SelfTestError(Exception):
    pass


def check(ok: object, step: str) -> None:
    if not ok:
        raise SelfTestError(step)


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="claimdesk-self-test-") as tmp:
        os.environ["CLAIMDESK_DATA_DIR"] = tmp
        try:
            summary = _steps(Path(tmp))
        except SelfTestError as exc:
            print(f"self-test FAILED at: {exc}", file=sys.stderr)  # noqa: T201
            return 1
        except Exception as exc:
            print(f"self-test FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)  # noqa: T201
            return 1
    print(f"self-test passed: {summary}")  # noqa: T201
    return 0


def _open(project: Path) -> tuple[MainWindow, App]:
    from desktop.app import App
    from desktop.views.main_window import MainWindow

    window = MainWindow()
    window.show()
    app = App(window)
    app.start(project)
    _wait(lambda: app.listing.model is not None and app.listing.model.loaded, "opening a project")
    return window, app


def _wait(ready: Callable[[], object], step: str, seconds: float = 30) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > end:
            raise SelfTestError(step)
        QApplication.processEvents()
        time.sleep(0.01)


def _steps(tmp: Path) -> str:
    from PySide6.QtGui import QFontDatabase

    from db.imports import Importer
    from db.ingest.lines.labeller import BUNDLED
    from db.ingest.parse_html import parse_html
    from db.ingest.pipeline import PARALLEL_FROM
    from db.store.project import open_project
    from desktop.app import make_app
    from desktop.support import style
    from desktop.support.paths import resources_dir

    make_app()
    check(style.UI_FAMILY in QFontDatabase.families(), "loading the bundled fonts")
    check(BUNDLED.available(), "reading the line model")
    page = parse_html(_PAGE, filename="page.html")
    check(page.title == "Port reopens" and "ships" in page.text, "reading an HTML page")
    project = tmp / "self-test.claimdesk"
    window, app = _open(project)
    app.importing.import_paths([resources_dir() / "samples"])
    _wait(lambda: app.importing.running is None and app.state.article is not None, "importing")
    art = app.state.article
    assert art is not None
    check(len(art.text) > 100, "opening an article")
    para = next(b for b in art.blocks if b.kind == "paragraph")
    window.reader.select_span(para.start, para.start + 40)
    app.marking.mark()
    _wait(lambda: app.state.highlight_id is not None, "marking a claim")
    window.notes.editor.setPlainText("Self-test note: كَتَبَ 😀")
    window.notes.save_now()
    _wait(lambda: window.notes.status.text().startswith("Saved"), "saving a note")
    window.draw_icons()
    check(not window.act.mark_claim.icon().isNull(), "drawing the icons")
    window.close()

    again, app = _open(project)
    row = next(
        r for r in range(again.list_view.model().rowCount())
        if again.list_view.model().index(r, 0).data() == art.title
    )  # fmt: skip
    again.list_view.selectRow(row)
    reopened = app.state.article
    found = reopened is not None and len(reopened.highlights) == 1
    check(found, "finding the claim after reopening")
    assert reopened is not None
    h = reopened.highlights[0]
    check(h.exact == reopened.text[para.start : para.start + 40].strip(), "the claim's characters")
    check(h.note == "Self-test note: كَتَبَ 😀", "the note after reopening")
    again.close()
    folder = tmp / "folder"
    folder.mkdir()
    for i in range(PARALLEL_FROM):
        (folder / f"{i}.txt").write_text(f"Headline {i}\n\nThe text of article {i}.", "utf-8")
    with open_project(tmp / "folder.claimdesk") as big:
        job = Importer(big, [folder], workers=2)
        for _ in job.run():
            pass
    check(job.report.imported == PARALLEL_FROM, f"importing a folder ({job.report.summary()})")
    return f"2 articles imported, claim “{h.exact[:30]}…” and its note found after reopening"
