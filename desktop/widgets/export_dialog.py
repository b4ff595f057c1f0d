"""File ▸ Export…: format, scope and where to save; the export runs off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from db.formats.export import FORMATS

CHOICES = (
    ("CSV: one row per highlight (Excel, R, SPSS)", "csv", "highlight"),
    ("CSV: one row per article, with its note", "csv", "article"),
    ("JSON: the whole project (imports back into Claimdesk)", "json", "highlight"),
    ("W3C Web Annotation (JSON-LD)", "w3c", "highlight"),
    ("REFI-QDA project (.qdpx: NVivo, ATLAS.ti, MAXQDA)", "qdpx", "highlight"),
    ("REFI-QDA codebook (.qdc): the codes with their memos", "qdc", "highlight"),
    ("Excel workbook (.xlsx): highlights, articles and codes", "xlsx", "highlight"),
    ("Report (Markdown)", "md", "highlight"),
    ("Report (HTML)", "html", "highlight"),
    ("Claims as ClaimReview (schema.org JSON-LD, for fact-checkers)", "claimreview", "highlight"),
    ("Claims, CSV: one row per claim, its mentions counted per outlet", "claims-csv", "highlight"),
    ("Coding sheet, CSV: the article variables, one row per article", "variables-csv", "article"),
    ("Coding sheet for SPSS (.sav, with value labels)", "sav", "article"),
    ("Coding sheet for Stata (.dta, with value labels)", "dta", "article"),
)

#: What the proposed file's name adds to the project's, for formats that are not the project.
STEMS = {"variables-csv": "-sheet", "sav": "-sheet", "dta": "-sheet", "qdc": "-codebook",
         "claims-csv": "-claims"}  # fmt: skip


class ExportDialog(QDialog):
    """Format, scope and file; the file is proposed in ``folder`` under the project's name."""

    def __init__(
        self,
        parent: QWidget,
        project: Path,
        article: str | None,
        code: str | None,
        folder: Path | None = None,
        coders: list[str] | None = None,
        listed_set: str | None = None,
    ):
        super().__init__(parent)
        self.folder = folder or project.parent
        self.setWindowTitle("Export")
        self.setObjectName("exportDialog")
        self.project = project
        self.format = QComboBox(self)
        self.format.setAccessibleName("Export format")
        for label, fmt, per in CHOICES:
            self.format.addItem(label, (fmt, per))
        self.only_article = QCheckBox(f"Only this article: {article}" if article else "", self)
        self.only_article.setVisible(bool(article))
        self.only_set = QCheckBox(
            f"Only the articles of the set {listed_set}" if listed_set else "", self
        )
        self.only_set.setVisible(bool(listed_set))
        for one, other in ((self.only_article, self.only_set), (self.only_set, self.only_article)):
            one.toggled.connect(lambda on, other=other: on and other.setChecked(False))
        self.only_code = QCheckBox(
            f"Only highlights coded {code} (or inside it)" if code else "", self
        )
        self.only_code.setVisible(bool(code))
        self.coders = QComboBox(self)
        self.coders.setAccessibleName("Whose codings go out")
        self.coders.addItem("Everyone's codings", None)
        for name in coders or []:
            self.coders.addItem(f"{name or '(no name)'}'s only", name)
        self.coders.setVisible(len(coders or []) > 1)  # a choice once several coded
        self.one_per_story = QCheckBox("One article per story: wire copy counts once", self)
        self.one_per_story.setToolTip(
            "Of a story's copies only the first goes out, and a claim's mentions count one a"
            " story (its earliest), so that a reprinted wire story does not inflate its reach."
        )
        self.safe = QCheckBox(
            "Spreadsheet-safe: an apostrophe before text that starts like a formula", self
        )
        self.safe.setToolTip(
            "Text starting with = + - @, a tab or a carriage return gets an apostrophe in front,"
            " so that Excel or LibreOffice shows it instead of running it. Leave it off for R,"
            " SPSS or Python, which read the text exactly."
        )
        self.unique_names = QCheckBox("Unique code names (QualCoder keeps one code a name)", self)
        self.unique_names.setToolTip(
            "A code name used by more than one code is written with its parent, 'Claim (Economy)'"
        )
        self.utf16 = QCheckBox("Positions as NVivo counts them (they differ after an emoji)", self)
        self.utf16.setToolTip(
            "NVivo counts an emoji as two characters (UTF-16 units); the standard, QualCoder and"
            " MAXQDA count it as one. Claimdesk reads either back."
        )
        self.output = QLineEdit(self)
        self.output.setAccessibleName("Export to file")
        browse = QPushButton("Choose…", self)
        browse.setAccessibleName("Choose where to save")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.output, 1)
        where.addWidget(browse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("", self.only_article)
        form.addRow("", self.only_set)
        form.addRow("", self.only_code)
        form.addRow("", self.coders)
        form.addRow("", self.one_per_story)
        form.addRow("", self.safe)
        form.addRow("", self.unique_names)
        form.addRow("", self.utf16)
        form.addRow("Save as", where)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._suggest)
        self._suggest()

    def choice(self) -> tuple[str, str]:
        fmt, per = self.format.currentData()
        return str(fmt), str(per)

    def spreadsheet_safe(self) -> bool:
        """Whether a CSV export is to be spreadsheet-safe (see db.formats.tables)."""
        return self.choice()[0] in ("csv", "variables-csv") and self.safe.isChecked()

    def coder(self) -> str | None:
        """The one coder whose codings go out (the reconciled layer's, say), or None: all."""
        chosen = self.coders.currentData()
        return None if chosen is None else str(chosen)

    def options(self) -> dict[str, bool]:
        """The format's own choices, as :func:`db.formats.export.export` takes them."""
        fmt = self.choice()[0]
        if fmt in ("csv", "variables-csv"):
            return {"spreadsheet_safe": self.spreadsheet_safe()}
        if fmt == "qdpx":
            return {
                "unique_code_names": self.unique_names.isChecked(),
                "utf16_positions": self.utf16.isChecked(),
            }
        return {}

    def _suggest(self) -> None:
        fmt, per = self.choice()
        self.safe.setVisible(fmt in ("csv", "variables-csv"))
        self.unique_names.setVisible(fmt == "qdpx")
        self.utf16.setVisible(fmt == "qdpx")
        suffix = FORMATS[fmt][0]
        current = Path(self.output.text()) if self.output.text() else None
        folder = current.parent if current else self.folder
        stem = self.project.stem + STEMS.get(fmt, "-articles" if per == "article" else "")
        self.output.setText(str(folder / f"{stem}{suffix}"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export to", self.output.text())
        if name:
            self.output.setText(name)
