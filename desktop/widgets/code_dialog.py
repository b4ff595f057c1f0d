"""The codebook's dialogs: a code's memo, merging a code into another, the audit trail.

Each opens without blocking (``open()``) and calls back with what the researcher chose.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.annotate.code_history import MEMO_FIELDS, describe

if TYPE_CHECKING:
    from db.annotate.code_history import Event
    from db.annotate.codes import CodeView

#: The memo's fields as the dialog labels them, in the standard codebook's order.
MEMO_LABELS = dict(
    zip(MEMO_FIELDS, ("Definition", "When to use", "When not to use", "Example"), strict=True)
)


def _dialog(parent: QWidget, name: str, title: str) -> tuple[QDialog, QVBoxLayout]:
    box = QDialog(parent)
    box.setObjectName(name)
    box.setWindowTitle(title)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box, QVBoxLayout(box)


def _buttons(box: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, box)
    accept = buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setObjectName("accept")
    buttons.accepted.connect(box.accept)
    buttons.rejected.connect(box.reject)
    return buttons


def edit_memo(
    parent: QWidget, code: CodeView, on_done: Callable[[dict[str, object]], None]
) -> QDialog:
    """The code's memo, its four fields; ``on_done`` gets the fields changed, if any."""
    box, lay = _dialog(parent, "codeMemo", f"Memo of {code.name}")
    form = QFormLayout()
    editors: dict[str, QPlainTextEdit] = {}
    for key, label in MEMO_LABELS.items():
        editor = QPlainTextEdit(str(getattr(code, key)), box)
        editor.setObjectName(key)
        editor.setAccessibleName(label)
        editor.setTabChangesFocus(True)
        editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 3 + 12)
        form.addRow(label, editor)
        editors[key] = editor
    lay.addLayout(form)
    lay.addWidget(_buttons(box, "Save"))

    def accepted() -> None:
        texts: dict[str, object] = {k: e.toPlainText() for k, e in editors.items()}
        if changed := {k: v for k, v in texts.items() if v != getattr(code, k)}:
            on_done(changed)

    box.accepted.connect(accepted)
    box.resize(520, box.sizeHint().height())
    box.open()
    return box


def ask_merge(
    parent: QWidget,
    code: CodeView,
    targets: list[tuple[int, str]],
    moving: int,
    nested: int,
    on_yes: Callable[[int], None],
) -> QDialog:
    """Choose the code to merge ``code`` into, among ``targets`` (id, path); says what moves."""
    box, lay = _dialog(parent, "mergeCode", f"Merge {code.name}")
    picker = QComboBox(box)
    picker.setObjectName("mergeTarget")
    picker.setAccessibleName("Code to merge into")
    for target_id, path in targets:
        picker.addItem(path, target_id)
    codings = f"{moving} highlight" + ("" if moving == 1 else "s")
    inside = f", and the {nested} code{'' if nested == 1 else 's'} nested in it," if nested else ""
    said = QLabel(
        f"The {codings} coded with “{code.name}”{inside} go to the code chosen, and "
        f"“{code.name}” is deleted. Undo puts everything back.",
        box,
    )
    said.setObjectName("mergeSaid")
    said.setWordWrap(True)
    lay.addWidget(QLabel(f"Merge “{code.name}” into:", box))
    lay.addWidget(picker)
    lay.addWidget(said)
    lay.addWidget(_buttons(box, "Merge"))
    box.accepted.connect(lambda: on_yes(int(picker.currentData())))
    box.open()
    return box


def show_history(
    parent: QWidget, title: str, events: list[Event], names: Mapping[str, str]
) -> QDialog:
    """The audit trail, newest first: when, who, which code, what was done."""
    box, lay = _dialog(parent, "codeHistory", title)
    table = QTreeWidget(box)
    table.setObjectName("historyTable")
    table.setRootIsDecorated(False)
    table.setHeaderLabels(["When (UTC)", "Who", "Code", "What"])
    for e in events:
        when = e.at.replace("T", " ")[:19]
        QTreeWidgetItem(table, [when, e.coder or "(no coder)", e.name, describe(e, names)])
    for column in range(3):
        table.resizeColumnToContents(column)
    lay.addWidget(table)
    if not events:
        lay.addWidget(QLabel("Nothing has been changed yet.", box))
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, box)
    close.rejected.connect(box.reject)
    lay.addWidget(close)
    box.resize(720, 420)
    box.open()
    return box
