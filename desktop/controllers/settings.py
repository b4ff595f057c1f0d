"""Edit ▸ Settings…: the coder's name and the colours; and, at the very first start, the name.

The dialog opens without blocking the window (its result comes back as a signal), so a project
goes on loading behind the first start's question.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog

from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.support import settings, style
from desktop.views.main_window import MainWindow
from desktop.widgets.settings_dialog import SettingsDialog


class SettingsController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.dialog: SettingsDialog | None = None
        w.act.settings.triggered.connect(lambda: self.ask())
        state.sig_workspace_changed.connect(self._opened)

    def _opened(self, ws: Workspace | None) -> None:
        if ws is not None and not settings.coder_chosen() and self.dialog is None:
            self.ask(first=True)

    def ask(self, *, first: bool = False) -> None:
        """Show the settings (at the first start: ask for the coder's name, saying why)."""
        if self.dialog is not None:
            self.dialog.raise_()
            return
        chosen = str(settings.settings().value("coder", "")) if settings.coder_chosen() else ""
        scheme = str(settings.settings().value("colorScheme", "")).strip().lower()
        self.dialog = dialog = SettingsDialog(
            self.w, chosen, settings.account_name(), scheme, first=first
        )
        dialog.finished.connect(lambda result: self._done(dialog, result, first))
        dialog.open()

    def _done(self, dialog: SettingsDialog, result: int, first: bool) -> None:
        self.dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            if first:
                settings.set_coder("")  # asked once: the account's name it is, until changed
            return
        name, scheme = dialog.chosen()
        settings.set_coder(name)
        settings.set_color_scheme(scheme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.use_scheme(app, app.styleHints().colorScheme())
        self.state.say(f"Your coding now carries the name {settings.coder()}.")
