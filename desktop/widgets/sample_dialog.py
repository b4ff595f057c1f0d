"""The form a sample is drawn with: its name, what it is drawn from, its size, strata and seed.

A reliability subsample is sized by the smallest alpha the researcher will accept (Krippendorff's
guidance, :func:`db.articles.samples.reliability_size`), its size shown as the numbers change.
Leaving the seed empty draws one at random; it is kept with the set either way, so the draw can
be made again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from db.articles import samples

STRATA = (("No strata: simple random", None), ("Outlet", "outlet"), ("Month", "month"),
          ("Section", "section"))  # fmt: skip


class _DrawDialog(QDialog):
    """What every draw asks: a name, the population and a seed."""

    def __init__(self, parent: QWidget, title: str, name: str, sets: Sequence[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = form = QFormLayout(self)
        self.name = QLineEdit(name, self)
        form.addRow("&Name", self.name)
        self.source = QComboBox(self)
        self.source.addItem("All articles", None)
        for set_name in sets:
            self.source.addItem(f"The set {set_name}", set_name)
        form.addRow("Draw &from", self.source)
        self.seed = QLineEdit(self)
        self.seed.setPlaceholderText("empty: a random seed, kept with the set")
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)

    def finish(self) -> None:
        self.form.addRow("S&eed", self.seed)
        self.form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Draw")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        self.form.addRow(buttons)

    def _check(self) -> None:
        try:
            self.chosen()
        except ValueError as e:
            self.problem.setText(str(e))
            return
        self.accept()

    def common(self) -> dict[str, Any]:
        """The name, population and seed, checked.

        Raises:
            ValueError: no name, or a seed that is not a whole number.
        """
        if not self.name.text().strip():
            raise ValueError("The set needs a name.")
        typed = self.seed.text().strip()
        if typed and not typed.isdigit():
            raise ValueError("The seed is a whole number (or empty, for a random one).")
        return {
            "name": self.name.text().strip(),
            "from_set": self.source.currentData(),
            "seed": int(typed) if typed else None,
        }

    def chosen(self) -> dict[str, Any]:
        raise NotImplementedError


class SampleDialog(_DrawDialog):
    """A simple random or stratified sample of N articles or of a part of them."""

    def __init__(
        self, parent: QWidget, name: str, sets: Sequence[str], variables: Sequence[str]
    ) -> None:
        super().__init__(parent, "Draw a sample", name, sets)
        self.setObjectName("sampleDialog")
        size = QHBoxLayout()
        self.by_count = QRadioButton("&Size", self)
        self.by_count.setChecked(True)
        self.count = QSpinBox(self, minimum=1, maximum=10_000_000, value=100, suffix=" articles")
        self.count.setAccessibleName("Articles to draw")
        self.by_share = QRadioButton("or &part", self)
        self.share = QDoubleSpinBox(
            self, minimum=0.1, maximum=100.0, value=10.0, decimals=1, suffix=" %"
        )
        self.share.setAccessibleName("Per cent of the articles to draw")
        self.share.setEnabled(False)
        self.by_count.toggled.connect(self.count.setEnabled)
        self.by_share.toggled.connect(self.share.setEnabled)
        for w in (self.count, self.by_share, self.share):
            size.addWidget(w)
        size.addStretch(1)
        self.form.addRow(self.by_count, size)
        self.strata = QComboBox(self)
        for text, key in STRATA:
            self.strata.addItem(text, key)
        for var in variables:
            self.strata.addItem(f"The variable {var} (as you coded it)", f"variable:{var}")
        self.form.addRow("S&trata", self.strata)
        self.per_story = QCheckBox("&One article per story (the first of its copies)", self)
        self.form.addRow("", self.per_story)
        self.finish()

    def chosen(self) -> dict[str, Any]:
        """The keyword arguments of :func:`db.articles.samples.draw_sample` (coder aside)."""
        out = self.common()
        if self.by_count.isChecked():
            out["n"] = self.count.value()
        else:
            out["fraction"] = self.share.value() / 100
        out["stratify"] = self.strata.currentData()
        out["one_per_story"] = self.per_story.isChecked()
        return out


class ReliabilityDialog(_DrawDialog):
    """A random subsample as large as a test of alpha at the chosen precision needs."""

    def __init__(self, parent: QWidget, name: str, sets: Sequence[str]) -> None:
        super().__init__(parent, "Draw a reliability subsample", name, sets)
        self.setObjectName("reliabilityDialog")
        self.alpha = QDoubleSpinBox(self, minimum=0.5, maximum=0.99, value=0.8, decimals=3)
        self.alpha.setSingleStep(0.05)
        self.form.addRow("Smallest acceptable &alpha", self.alpha)
        self.p = QDoubleSpinBox(self, minimum=0.001, maximum=0.2, value=0.05, decimals=3)
        self.p.setSingleStep(0.01)
        self.form.addRow("&Significance level", self.p)
        self.values = QSpinBox(self, minimum=2, maximum=50, value=2)
        self.values.setToolTip(
            "How many values the rarest category competes with: the rarer a value, the more "
            "articles the test needs (the least frequent value is taken as 1 in this many)"
        )
        self.form.addRow("&Values of the variable", self.values)
        self.needed = QLabel(self)
        self.needed.setAccessibleName("Articles needed")
        self.form.addRow("Articles needed", self.needed)
        for spin in (self.alpha, self.p, self.values):
            spin.valueChanged.connect(self._sized)
        self.finish()
        self._sized()

    def _params(self) -> dict[str, float]:
        return {
            "alpha_min": self.alpha.value(),
            "p": self.p.value(),
            "p_c": 1 / self.values.value(),
        }

    def _sized(self) -> None:
        try:
            n = samples.reliability_size(**self._params())
        except samples.SampleError as e:
            self.needed.setText(str(e))
        else:
            self.needed.setText(f"{n:,} articles, coded by every coder")

    def chosen(self) -> dict[str, Any]:
        """The keyword arguments of :func:`db.articles.samples.draw_reliability_sample`."""
        return {**self.common(), **self._params()}
