"""Tools ▸ Samples and sets: every set with how it was drawn, its coders and their progress.

The dialog only shows and asks; what is done (drawn, assigned, renamed, deleted) is said
through its signals, and it is shown anew when the sets change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.articles.samples import Progress, SetView

SetRow = tuple[SetView, Sequence[Progress]]
HEADERS = ("Set", "Articles", "How it was made", "Coders: coded so far")
KIND_WORDS = {"sample": "sample", "reliability": "reliability subsample", "manual": "by hand"}


def how_drawn(view: SetView) -> str:
    """The draw in words: its design, its size out of the population, and its seed."""
    if view.kind == "manual":
        return "made by hand"
    try:
        return _drawn(view)
    except (TypeError, ValueError, KeyError):  # a record another program wrote
        return f"drawn ({view.kind}); how cannot be read"


def _drawn(view: SetView) -> str:
    m = view.method
    source = f" in the set {m['from_set']!r}" if m.get("from_set") else ""
    of = f"{m.get('n', view.size):,} of {m.get('population', 0):,}{source}"
    seed = f"seed {m.get('seed')}"
    if view.kind == "reliability":
        return f"reliability: α ≥ {m.get('alpha_min')} at p {m.get('p')}, {of}, {seed}"
    design = f"stratified by {m['stratify']}" if m.get("stratify") else "simple random"
    story = ", one a story" if m.get("one_per_story") else ""
    return f"{design}{story}, {of}, {seed}"


def progress_text(done: Sequence[Progress]) -> str:
    return ", ".join(f"{p.coder} {p.coded}/{p.size}" for p in done) or "not assigned"


class SetsDialog(QDialog):
    sig_draw = Signal()
    """A sample is asked for."""
    sig_reliability = Signal()
    """A reliability subsample is asked for."""
    sig_from_list = Signal()
    """A set of the articles the list shows is asked for."""
    sig_assign = Signal(int)
    """The set's coders are to be chosen."""
    sig_rename = Signal(int)
    sig_delete = Signal(int)
    sig_show = Signal(int)
    """The list is to show only this set's articles."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("setsDialog")
        self.setWindowTitle("Samples and sets")
        self.resize(820, 360)
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setAccessibleName("Sets")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.table.itemDoubleClicked.connect(lambda _i: self._emit(self.sig_show))
        self.empty = QLabel(
            "No sets yet. Draw a sample to code, or keep the articles listed now as a set.", self
        )
        self.empty.setWordWrap(True)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        make = QHBoxLayout()
        self.draw = self._button("&Draw a sample…", self.sig_draw.emit, make)
        self.reliability = self._button("&Reliability subsample…", self.sig_reliability.emit, make)
        self.from_list = self._button("Set of the articles &listed…", self.sig_from_list.emit, make)
        make.addStretch(1)
        lay.addLayout(make)
        act = QHBoxLayout()
        self.show_set = self._button("&Show in the list", lambda: self._emit(self.sig_show), act)
        self.assign = self._button("&Assign to coders…", lambda: self._emit(self.sig_assign), act)
        self.rename = self._button("Re&name…", lambda: self._emit(self.sig_rename), act)
        self.delete = self._button("D&elete", lambda: self._emit(self.sig_delete), act)
        act.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        act.addWidget(buttons)
        lay.addLayout(act)
        self.rows: list[SetRow] = []
        self.editable = True
        self._chosen()

    def _button(self, text: str, then: Callable[[], object], lay: QHBoxLayout) -> QPushButton:
        b = QPushButton(text, self)
        b.setAutoDefault(False)
        b.clicked.connect(lambda _=False: then())
        lay.addWidget(b)
        return b

    def show_sets(self, rows: list[SetRow], *, editable: bool) -> None:
        """Show these sets, keeping the one chosen chosen."""
        chosen = self.chosen()
        self.rows, self.editable = rows, editable
        self.table.setRowCount(len(rows))
        for r, (view, done) in enumerate(rows):
            cells = (
                f"{view.name}  ({KIND_WORDS.get(view.kind, view.kind)})",
                f"{view.size:,}",
                how_drawn(view),
                progress_text(done),
            )
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        ids = [view.id for view, _ in rows]
        self.table.selectRow(ids.index(chosen) if chosen in ids else 0)
        for b in (self.draw, self.reliability, self.from_list):
            b.setEnabled(editable)
        self._chosen()

    def chosen(self) -> int | None:
        """The id of the set chosen in the table."""
        row = self.table.currentRow()
        return self.rows[row][0].id if 0 <= row < len(self.rows) else None

    def _chosen(self) -> None:
        on = self.chosen() is not None
        self.show_set.setEnabled(on)
        for b in (self.assign, self.rename, self.delete):
            b.setEnabled(on and self.editable)

    def _emit(self, signal: SignalInstance) -> None:
        if (set_id := self.chosen()) is not None:
            signal.emit(set_id)
