"""Tools ▸ Agreement: the table of two coders' agreement, and the CSV it saves."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.app import App
from desktop.support import settings
from tests.desktop.helpers import mark, open_article, settle


def test_two_coders_agreement_shows_and_saves(qtbot: QtBot, window: App, tmp_path: Path) -> None:
    open_article(qtbot, window, "UN urges Iran")
    for coder in ("Ann", "Bea"):
        settings.set_coder(coder)
        mark(qtbot, window, "fresh round of peace talks", "Claim")
    settings.set_coder("Bea")
    mark(qtbot, window, "three rounds of peace negotiations", "Claim")  # Ann did not
    settle(qtbot, window)
    window.w.act.agreement.trigger()
    qtbot.waitUntil(lambda: window.agreement.dialog is not None, timeout=20000)
    dialog = window.agreement.dialog
    assert dialog is not None
    table = dialog.table

    def cell(r: int, c: int) -> str:
        item = table.item(r, c)
        assert item is not None
        return item.text()

    names = [cell(r, 0) for r in range(table.rowCount())]
    assert names[-1] == "All codes" and "Claim" in names
    claim = names.index("Claim")
    shown = float(cell(claim, 7).split()[0])  # % agreement on what either coded
    both, only_bea = len("fresh round of peace talks"), len("three rounds of peace negotiations")
    assert shown == round(100 * both / (both + only_bea), 1)
    out = tmp_path / "agreement.csv"
    assert window.agreement.report is not None
    window.agreement.save(window.agreement.report, out)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    saved = next(r for r in rows if r["code"] == "Claim")
    assert saved["coders"] == "Ann; Bea"
    assert round(float(saved["percent_agreement"]), 1) == shown


def test_one_coder_is_told_there_is_nothing_to_compare(qtbot: QtBot, window: App) -> None:
    open_article(qtbot, window, "UN urges Iran")
    mark(qtbot, window, "fresh round of peace talks", "Claim")
    settle(qtbot, window)
    window.w.act.agreement.trigger()
    qtbot.waitUntil(lambda: window.w.findChild(QMessageBox, "message") is not None, timeout=20000)
    box = window.w.findChild(QMessageBox, "message")
    assert box is not None and "two coders" in box.text()
