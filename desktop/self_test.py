"""``claimdesk --self-test``: the whole path of a session, offscreen, in a temporary folder.

Used on every built installer: it imports the sample articles, marks a claim, saves a note,
closes, reopens and checks both are there, and that the bundled fonts and icons load; then it
imports a folder large enough for the worker processes. Exits 0,
or 1 saying which step failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

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


def _steps(tmp: Path) -> str:
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from db.imports import Importer
    from db.ingest.parse_html import parse_html
    from db.ingest.pipeline import PARALLEL_FROM
    from db.store.project import open_project
    from desktop import style
    from desktop.main_window import MainWindow
    from desktop.paths import resources_dir

    app = QApplication.instance() or QApplication(sys.argv[:1])
    style.apply(app)  # type: ignore[arg-type]
    check(style.UI_FAMILY in QFontDatabase.families(), "loading the bundled fonts")
    page = parse_html(_PAGE, filename="page.html")
    check(page.title == "Port reopens" and "ships" in page.text, "reading an HTML page")
    project = tmp / "self-test.claimdesk"
    window = MainWindow()
    window.show()
    window.start(project)
    ctl = window.ctl
    check(ctl and ctl.ws and ctl.model, "opening a new project")
    assert ctl is not None and ctl.ws is not None and ctl.model is not None
    job = Importer(ctl.ws.project, [resources_dir() / "samples"])
    for _ in job.run():
        pass
    check(
        job.report.imported == 2 and not job.report.failed,
        f"importing the samples ({job.report.summary()})",
    )
    ctl.model.reload()
    window.list_view.selectRow(0)
    app.processEvents()
    art = ctl.article
    check(art is not None, "opening an article")
    assert art is not None
    para = next(b for b in art.blocks if b.kind == "paragraph")
    window.reader.select_span(para.start, para.start + 40)
    ctl.mark_claim()
    check(ctl.selected_highlight is not None, "marking a claim")
    window.notes.editor.setPlainText("Self-test note: كَتَبَ 😀")
    window.notes.save_now()
    check(window.notes.status.text().startswith("Saved"), "saving a note")
    window.draw_icons()
    check(not window.actionMarkClaim.icon().isNull(), "drawing the icons")
    window.close()

    again = MainWindow()
    again.start(project)
    ctl = again.ctl
    assert ctl is not None and ctl.ws is not None
    again.list_view.selectRow(0)
    app.processEvents()
    check(ctl.article and len(ctl.article.highlights) == 1, "finding the claim after reopening")
    assert ctl.article is not None
    h = ctl.article.highlights[0]
    check(
        h.exact == ctl.article.text[para.start : para.start + 40].strip(), "the claim's characters"
    )
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
