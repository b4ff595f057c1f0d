"""The Variables tab: the article's coding sheet, one field a variable, for the coder at work.

Built for fast keyboard entry: Tab goes from field to field, a list takes the first letters or
the code of an option, and a value is saved as soon as it is chosen (a typed one, when the field
is left or Return pressed). What the panel shows is the coder's own values only: another coder's
never leads one's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the window paints before the database layer loads
    from db.annotate.variables import VariableView

#: What a typed field asks for, by kind.
HINTS = {"numeric": "a number", "date": "YYYY-MM-DD, YYYY-MM or YYYY", "text": ""}
YES_NO = (("", None), ("Yes", "1"), ("No", "0"))


class VariablesPanel(QWidget):
    sig_value = Signal(int, object)
    """Emitted with a variable's id and the value chosen (None: cleared)."""
    sig_define = Signal()
    """Emitted when the researcher asks to define a variable."""
    sig_edit = Signal(int)
    """Emitted with a variable's id when its definition is to be changed."""
    sig_move = Signal(int, int)
    """Emitted with a variable's id and the place in the sheet it is to move to."""
    sig_delete = Signal(int)
    """Emitted with a variable's id when it is to be deleted, with its values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variablesPanel")
        self.setAccessibleName("Variables of this article")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        self.define = QPushButton("New variable…", self)
        self.define.setAccessibleName("Define a new variable")
        self.define.clicked.connect(self.sig_define)
        top.addWidget(self.define)
        lay.addLayout(top)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay.addWidget(self.area, 1)
        self.fields: dict[int, QComboBox | QLineEdit] = {}
        self._shown: tuple[tuple[int, ...], ...] = ()
        self.show_values([], {}, None)

    def minimumSizeHint(self) -> QSize:
        # It shares a panel with the highlights, under their tabs: no taller than they need.
        return QSize(70, 44)

    def show_values(
        self, variables: list[VariableView], values: dict[int, str], coder: str | None
    ) -> None:
        """The variables with the coder's values (no coder: no article is open)."""
        if coder is None:
            self.heading.setText("Open an article to code its variables.")
        elif not variables:
            self.heading.setText("No variables yet: define the sheet's first one.")
        else:
            self.heading.setText(f"Coded as {coder}")
        shape = tuple((v.id, hash((v.kind, v.options, v.label, v.name))) for v in variables)
        if shape != self._shown:  # new fields only when the sheet itself changed
            self._build(variables)
            self._shown = shape
        for v in variables:
            self._put(v, values.get(v.id), enabled=coder is not None)

    def _build(self, variables: list[VariableView]) -> None:
        page = QWidget(self.area)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = {}
        for at, v in enumerate(variables):
            field = self._field(v, page)
            field.setAccessibleName(v.title())
            field.setToolTip(v.description or v.title())
            label = QLabel(v.title(), page)
            label.setBuddy(field)
            for w in (label, field):
                w.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                w.customContextMenuRequested.connect(
                    lambda pos, w=w, vid=v.id, at=at: self._menu(w, pos, vid, at, len(variables))
                )
            form.addRow(label, field)
            self.fields[v.id] = field
        self.area.setWidget(page)

    def menu_for(self, variable_id: int, at: int, count: int) -> QMenu:
        """The variable's menu: edit it, move it up or down the sheet, delete it."""
        menu = QMenu(self)
        editable = self.define.isEnabled()
        acts = (
            ("Edit the variable…", lambda: self.sig_edit.emit(variable_id), True),
            ("Move up", lambda: self.sig_move.emit(variable_id, at - 1), at > 0),
            ("Move down", lambda: self.sig_move.emit(variable_id, at + 1), at < count - 1),
            ("Delete the variable…", lambda: self.sig_delete.emit(variable_id), True),
        )
        for text, then, possible in acts:
            act = menu.addAction(text)
            act.triggered.connect(then)
            act.setEnabled(possible and editable)
        return menu

    def _menu(self, w: QWidget, pos: QPoint, variable_id: int, at: int, count: int) -> None:
        self.menu_for(variable_id, at, count).popup(w.mapToGlobal(pos))

    def _field(self, v: VariableView, parent: QWidget) -> QComboBox | QLineEdit:
        vid = v.id
        if v.options or v.kind == "yesno":
            box = QComboBox(parent)
            choices = YES_NO if v.kind == "yesno" else (
                ("", None), *((f"{o.value} · {o.label}", str(o.value)) for o in v.options)
            )  # fmt: skip
            for text, value in choices:
                box.addItem(text, value)
            box.activated.connect(lambda i, b=box: self.sig_value.emit(vid, b.itemData(i)))
            return box
        line = QLineEdit(parent)
        line.setPlaceholderText(HINTS.get(v.kind, ""))
        line.editingFinished.connect(lambda: self._typed(vid, line))
        return line

    def _typed(self, variable_id: int, line: QLineEdit) -> None:
        if line.isModified():  # left or Return pressed after a change: save it
            line.setModified(False)
            self.sig_value.emit(variable_id, line.text().strip() or None)

    def _put(self, v: VariableView, value: str | None, *, enabled: bool) -> None:
        field = self.fields.get(v.id)
        if field is None:
            return
        field.setEnabled(enabled)
        if isinstance(field, QComboBox):
            field.setCurrentIndex(max(0, field.findData(value)))
        elif not field.hasFocus():  # not under the coder's fingers
            field.setText(value or "")
            field.setModified(False)

    def focus_first(self) -> None:
        """Go to the first field (from the keyboard)."""
        first = next(iter(self.fields.values()), None)
        (first or self.define).setFocus(Qt.FocusReason.ShortcutFocusReason)
