"""Article ▸ Compare the coders: stripes and disagreements, stepping through them, accepting a
version into the reconciled layer, undoably."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db.agreement.disagreements import GOLD
from desktop.app import App
from desktop.support import settings
from tests.desktop.helpers import mark, open_article, read, settle

ROOT = Path(__file__).resolve().parents[2]


def layer(app: App) -> list[tuple[str, str]]:
    return read(
        app,
        lambda s: [
            (str(e), str(c))
            for e, c in s.execute(
                text(
                    "SELECT h.exact, coalesce(c.name, '') FROM highlight h LEFT JOIN code c "
                    "ON c.id = h.code_id WHERE h.coder = :g ORDER BY h.start"
                ),
                {"g": GOLD},
            )
        ],
    )


def test_disagreements_are_stepped_through_and_one_version_accepted(
    qtbot: QtBot, window: App
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    settings.set_coder("Ann")
    mark(qtbot, window, "fresh round of peace talks", "Claim")
    mark(qtbot, window, "three rounds of peace negotiations", "Statistic")
    settings.set_coder("Bea")
    mark(qtbot, window, "fresh round of peace talks", "Claim")  # the same: no disagreement
    mark(qtbot, window, "three rounds of peace negotiations", "Quote")
    settle(qtbot, window)
    window.w.act.compare_coders.trigger()
    dialog = window.disagreements.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.list.count() == 1 and "Ann: Statistic · Bea: Quote" in dialog.list.item(0).text()
    dialog.next.click()  # round the article: the one disagreement, shown in the reader
    cursor = window.w.reader.textCursor()
    assert "three rounds of peace negotiations" in cursor.selectedText()
    dialog.resize(640, 420)
    QApplication.processEvents()
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    assert dialog.grab().save(str(out / "disagreements.png"))
    dialog.coder.setCurrentIndex(dialog.coder.findText("Bea"))
    dialog.accept_button.click()
    settle(qtbot, window)
    assert layer(window) == [("three rounds of peace negotiations", "Quote")]
    assert dialog.list.count() == 1  # the reconciled layer takes no part
    dialog.coder.setCurrentIndex(dialog.coder.findText("Ann"))
    dialog.accept_button.click()  # changed one's mind: Ann's version replaces Bea's
    settle(qtbot, window)
    assert layer(window) == [("three rounds of peace negotiations", "Statistic")]
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert layer(window) == [("three rounds of peace negotiations", "Quote")]
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert layer(window) == []


def test_the_reconciled_layer_is_exported_alone(
    qtbot: QtBot, window: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.widgets.export_dialog import CHOICES, ExportDialog

    open_article(qtbot, window, "UN urges Iran")
    for coder in ("Ann", "Bea", GOLD):
        settings.set_coder(coder)
        mark(qtbot, window, "fresh round of peace talks", "Claim")
    settle(qtbot, window)
    out = tmp_path / "gold.csv"

    def chosen(d: ExportDialog) -> int:
        d.format.setCurrentIndex([(f, p) for _, f, p in CHOICES].index(("csv", "highlight")))
        assert d.coders.isVisibleTo(d) and d.coders.count() == 4  # everyone's, and each
        d.coders.setCurrentIndex(d.coders.findData(GOLD))
        d.output.setText(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ExportDialog, "exec", chosen)
    window.w.act.export.trigger()
    qtbot.waitUntil(lambda: window.export.running == 0 and out.exists(), timeout=10000)
    with out.open(encoding="utf-8-sig", newline="") as f:
        coders = [row["coder"] for row in csv.DictReader(f)]
    assert coders == [GOLD]
