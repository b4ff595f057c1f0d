"""The export dialog: the workbook, the codebook and the coding sheet among the formats, the
spreadsheet-safe choice for CSV only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyreadstat
import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db.annotate import variables
from desktop.app import App
from desktop.widgets.export_dialog import CHOICES, ExportDialog


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path) -> Iterator[ExportDialog]:
    parent = QWidget()
    qtbot.addWidget(parent)
    shown = ExportDialog(parent, tmp_path / "study.claimdesk", None, None)
    shown.show()
    yield shown


def choose(dialog: ExportDialog, fmt: str, per: str = "highlight") -> None:
    dialog.format.setCurrentIndex([(f, p) for _, f, p in CHOICES].index((fmt, per)))


def test_the_export_dialog_offers_a_workbook(dialog: ExportDialog, tmp_path: Path) -> None:
    choose(dialog, "xlsx")
    assert dialog.choice() == ("xlsx", "highlight")
    assert dialog.output.text() == str(tmp_path / "study.xlsx")


def test_the_export_dialog_asks_about_formulas_for_csv_only(dialog: ExportDialog) -> None:
    choose(dialog, "csv")
    assert dialog.safe.isVisible() and not dialog.spreadsheet_safe()  # exact text by default
    dialog.safe.setChecked(True)
    assert dialog.spreadsheet_safe()
    choose(dialog, "csv", "article")
    assert dialog.spreadsheet_safe()
    for fmt in ("xlsx", "json", "html"):
        choose(dialog, fmt)
        assert not dialog.safe.isVisible() and not dialog.spreadsheet_safe()


def test_the_qdpx_choices_show_for_qdpx_only_and_reach_the_export(dialog: ExportDialog) -> None:
    choose(dialog, "qdpx")
    assert dialog.unique_names.isVisible() and dialog.utf16.isVisible()
    assert dialog.options() == {"unique_code_names": False, "utf16_positions": False}
    dialog.unique_names.setChecked(True)
    dialog.utf16.setChecked(True)
    assert dialog.options() == {"unique_code_names": True, "utf16_positions": True}
    choose(dialog, "claimreview")
    assert not dialog.unique_names.isVisible() and dialog.options() == {}
    assert dialog.output.text().endswith("study.jsonld")


def test_the_coding_sheet_goes_out_for_spss_from_the_window_with_its_value_labels(
    qtbot: QtBot, window: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = window.state.workspace
    assert ws is not None
    with ws.project.session() as s:
        tone = variables.add(s, "tone", "ordinal", options=[(1, "negative"), (2, "positive")])
        first = int(s.execute(text("SELECT min(id) FROM article")).scalar_one())
        variables.set_value(s, first, tone, 2, coder="Ann")
    out = tmp_path / "sheet.sav"

    def chosen(d: ExportDialog) -> int:
        choose(d, "sav", "article")
        assert d.output.text().endswith("-sheet.sav")  # proposed beside the project
        d.coders.setCurrentIndex(d.coders.findData("Ann"))
        d.output.setText(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ExportDialog, "exec", chosen)
    window.w.act.export.trigger()
    qtbot.waitUntil(lambda: window.export.running == 0 and out.exists(), timeout=10000)
    frame, meta = pyreadstat.read_sav(str(out))
    assert list(frame["tone"].dropna()) == [2]  # the one article Ann coded
    assert meta.variable_value_labels["tone"] == {1: "negative", 2: "positive"}


def test_the_codebook_goes_out_as_a_refi_qda_codebook(dialog: ExportDialog) -> None:
    choose(dialog, "qdc")
    assert dialog.output.text().endswith("study-codebook.qdc") and dialog.options() == {}


def test_this_article_or_the_set_listed_one_at_a_time(qtbot: QtBot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    d = ExportDialog(parent, tmp_path / "study.claimdesk", "UN urges", None, listed_set="Pilot")
    d.only_article.setChecked(True)
    d.only_set.setChecked(True)
    assert not d.only_article.isChecked()
    d.only_article.setChecked(True)
    assert not d.only_set.isChecked()
