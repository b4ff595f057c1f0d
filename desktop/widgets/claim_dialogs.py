"""The claim catalogue's dialogs: link a highlight to a claim, edit one, review found mentions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.support.text import quoted
from desktop.widgets.claims_panel import summary

if TYPE_CHECKING:
    from db.annotate.claims import ClaimView
    from db.search_mentions import Candidate

_ID = Qt.ItemDataRole.UserRole + 1
STATUS_LABELS = (("Open", "open"), ("Checking", "checking"), ("Checked", "checked"))
#: The scale offered to a project that has none yet (PolitiFact's, as most fact-checkers use).
USUAL_SCALE = (("True", 5.0), ("Mostly true", 4.0), ("Half true", 3.0), ("Mostly false", 2.0),
               ("False", 1.0))  # fmt: skip


class LinkDialog(QDialog):
    """Edit ▸ Link to claim: search as you type over the claims, or make one from the quote."""

    sig_link = Signal(int)
    sig_new = Signal()
    sig_unlink = Signal()

    def __init__(self, parent: QWidget, quote: str, items: list[ClaimView], linked: int | None):
        super().__init__(parent)
        self.setWindowTitle("Link to claim")
        self.setObjectName("linkDialog")
        self.items = items
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search claims by wording or claimant")
        self.search.setAccessibleName("Search claims")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Claims to link to")
        self.list.setWordWrap(True)
        new = QPushButton("New claim from the quote", self)
        unlink = QPushButton("Unlink", self)
        unlink.setEnabled(linked is not None)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Link")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"The highlight: {quoted(quote, 200)}", self, wordWrap=True))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(new)
        row.addWidget(unlink)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(560, 420)
        self.search.textChanged.connect(self._show)
        self.list.itemActivated.connect(lambda _item: self._link())
        buttons.accepted.connect(self._link)
        buttons.rejected.connect(self.reject)
        new.clicked.connect(lambda: self._then_close(self.sig_new.emit))
        unlink.clicked.connect(lambda: self._then_close(self.sig_unlink.emit))
        self._show("", linked)

    def _show(self, words: str, chosen: int | None = None) -> None:
        wanted = words.casefold().split()
        self.list.clear()
        for c in self.items:
            haystack = f"{c.wording} {c.claimant}".casefold()
            if all(w in haystack for w in wanted):
                item = QListWidgetItem(f"{quoted(c.wording, 160)}\n{summary(c)}", self.list)
                item.setData(_ID, c.id)
                if c.id == chosen:
                    self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def _then_close(self, emit: Callable[[], object]) -> None:
        emit()
        self.accept()

    def _link(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.sig_link.emit(int(item.data(_ID)))
            self.accept()


class ClaimEditor(QDialog):
    """A claim's details: wording, claimant, date, status, verdict and reasoning, tags, links."""

    def __init__(
        self,
        parent: QWidget,
        claim: dict[str, Any],
        claimants: list[str],
        scale: list[tuple[int, str]],
        *,
        read_only: bool = False,
    ):
        super().__init__(parent)
        self.setWindowTitle("Claim")
        self.setObjectName("claimEditor")
        self.wording = QPlainTextEdit(claim["wording"], self)
        self.wording.setAccessibleName("Wording of the claim")
        self.wording.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.claimant = QComboBox(self)
        self.claimant.setEditable(True)
        self.claimant.setAccessibleName("Claimant")
        self.claimant.addItems(["", *claimants])
        self.claimant.setCurrentText(claim["claimant"])
        self.made_on = QLineEdit(claim["made_on"] or "", self)
        self.made_on.setPlaceholderText("YYYY-MM-DD")
        self.made_on.setAccessibleName("Date the claim was made")
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        for label, value in STATUS_LABELS:
            self.status.addItem(label, value)
        self.status.setCurrentIndex(max(0, self.status.findData(claim["status"])))
        self.verdict = QComboBox(self)
        self.verdict.setAccessibleName("Verdict")
        self.verdict.addItem("(no verdict)", None)
        for rid, label in scale:
            self.verdict.addItem(label, rid)
        self.verdict.setCurrentIndex(max(0, self.verdict.findData(claim["rating_id"])))
        self.usual_scale = QPushButton("Add the usual scale (True … False)", self)
        self.usual_scale.setVisible(not scale and not read_only)
        self.reasoning = QPlainTextEdit(claim["reasoning"], self)
        self.reasoning.setAccessibleName("Reasoning for the verdict")
        self.tags = QLineEdit(", ".join(claim["tags"]), self)
        self.tags.setAccessibleName("Tags, separated by commas")
        self.evidence = QPlainTextEdit(
            "\n".join(f"{e['url']} {e.get('note', '')}".strip() for e in claim["evidence"]), self
        )
        self.evidence.setAccessibleName("Evidence links, one a line: the address, then a note")
        self.evidence.setPlaceholderText("https://… what it shows")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not read_only)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Wording", self.wording)
        form.addRow("Claimant", self.claimant)
        form.addRow("Made on", self.made_on)
        form.addRow("Status", self.status)
        verdict = QHBoxLayout()
        verdict.addWidget(self.verdict, 1)
        verdict.addWidget(self.usual_scale)
        form.addRow("Verdict", verdict)
        form.addRow("Reasoning", self.reasoning)
        form.addRow("Tags", self.tags)
        form.addRow("Evidence", self.evidence)
        form.addRow(buttons)
        self.resize(620, 520)

    def values(self) -> dict[str, Any]:
        """What the form holds, as :class:`desktop.core.claim_steps.EditClaim` takes it."""
        evidence = []
        for line in self.evidence.toPlainText().splitlines():
            url, _, note = line.strip().partition(" ")
            if url:
                evidence.append({"url": url, "note": note.strip()})
        return {
            "wording": " ".join(self.wording.toPlainText().split()),
            "claimant": self.claimant.currentText().strip(),
            "made_on": self.made_on.text().strip() or None,
            "status": self.status.currentData(),
            "rating_id": self.verdict.currentData(),
            "reasoning": self.reasoning.toPlainText().strip(),
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
            "evidence": evidence,
        }


class MentionFinder(QDialog):
    """Passages that may mention a claim: accept makes each a mention, reject forgets it."""

    sig_accept = Signal(int)  # the candidate's row
    sig_reject = Signal(int)
    sig_open = Signal(int)

    def __init__(self, parent: QWidget, wording: str, found: list[Candidate]):
        super().__init__(parent)
        self.setWindowTitle("Other mentions")
        self.setObjectName("mentionFinder")
        self.found = list(found)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Passages that may mention the claim")
        self.list.setWordWrap(True)
        self.status = QLabel(self)
        self.accept_button = accept = QPushButton("Accept", self)
        accept.setToolTip("This passage mentions the claim: highlight it and link it")
        self.reject_button = reject = QPushButton("Reject", self)
        reject.setToolTip("Not a mention: it will not be offered again")
        self.open_button = show = QPushButton("Open article", self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(f"Passages that may state: {quoted(wording, 200)}", self, wordWrap=True)
        )
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        for b in (accept, reject, show):
            row.addWidget(b)
        row.addWidget(self.status, 1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(720, 520)
        accept.clicked.connect(lambda: self._emit(self.sig_accept.emit))
        reject.clicked.connect(lambda: self._emit(self.sig_reject.emit))
        show.clicked.connect(lambda: self._emit(self.sig_open.emit))
        self.list.itemActivated.connect(lambda _i: self._emit(self.sig_open.emit))
        close.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        row = max(0, self.list.currentRow())
        self.list.clear()
        for c in self.found:
            where = " · ".join(
                p for p in (f"{c.score:.0%}", c.outlet, c.published or "", c.title) if p
            )
            QListWidgetItem(f"{marked(c)}\n{where}", self.list)
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.status.setText(
            f"{len(self.found)} passage(s)" if self.found else "Nothing more to review."
        )
        for b in (self.accept_button, self.reject_button, self.open_button):
            b.setEnabled(bool(self.found))

    def done_with(self, row: int, said: str) -> None:
        """The candidate at ``row`` was accepted or rejected: it leaves the list."""
        if 0 <= row < len(self.found):
            del self.found[row]
        self.refresh()
        self.status.setText(said)

    def _emit(self, emit: Any) -> None:
        if (row := self.list.currentRow()) >= 0:
            emit(row)


def marked(c: Candidate) -> str:
    """The passage with the claim's words in «guillemets»."""
    out, last = [], 0
    for a, b in c.marks:
        out += [c.passage[last:a], "«", c.passage[a:b], "»"]
        last = b
    out.append(c.passage[last:])
    return " ".join("".join(out).split())
