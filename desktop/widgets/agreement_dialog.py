"""Tools ▸ Agreement: how far the coders agree, per code and overall, as a table.

Each row gives Krippendorff's alpha over the units (body paragraphs) with its bootstrap
interval, alpha for unitizing (over the characters coded), Cohen's kappa for two coders,
Fleiss' kappa and the % agreement on what either coder coded (text nobody coded is never
counted as agreement). The table can be saved as CSV for a paper's appendix.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from db.agreement.bootstrap import Interval
    from db.agreement.report import AgreementReport

HEADERS = ("Code", "Units", "α", "95% interval", "uα", "Cohen's κ", "Fleiss' κ", "Agreement")


def figure(x: float | None) -> str:
    return "—" if x is None or math.isnan(x) else f"{x:.3f}"


def interval(ci: Interval | None) -> str:
    if ci is None or math.isnan(ci.low) or math.isnan(ci.high):
        return "—"
    return f"{ci.low:.3f} to {ci.high:.3f}"


class AgreementDialog(QDialog):
    sig_save = Signal()
    """Emitted when the researcher asks to save the table as CSV."""

    def __init__(self, parent: QWidget, report: AgreementReport) -> None:
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Agreement between coders")
        lay = QVBoxLayout(self)
        who = ", ".join(report.coders)
        said = QLabel(
            f"Coders: {who}. Units: the articles' paragraphs; {report.draws:,} bootstrap draws "
            f"(seed {report.seed}). Agreement counts only text one of the coders coded.",
            self,
        )
        said.setWordWrap(True)
        lay.addWidget(said)
        self.table = QTableWidget(len(report.rows), len(HEADERS), self)
        self.table.setAccessibleName("Agreement per code")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(report.rows):
            name = "All codes" if row.level == "overall" else row.code
            cells = (
                name,
                f"{row.units:,}",
                figure(row.alpha),
                interval(row.alpha_ci),
                figure(row.u_alpha),
                figure(row.cohen_kappa),
                figure(row.fleiss_kappa),
                "—" if math.isnan(row.percent_agreement) else f"{row.percent_agreement:.1f} %",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row.level == "overall":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(HEADERS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        save = buttons.addButton("Save as CSV…", QDialogButtonBox.ButtonRole.ActionRole)
        save.clicked.connect(self.sig_save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(820, 420)
