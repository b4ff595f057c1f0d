"""Help: the keyboard shortcuts (read from the actions themselves, so never stale) and About."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from desktop.core.state import AppState
from desktop.support.paths import resources_dir
from desktop.views.actions import TABLE
from desktop.views.main_window import MainWindow
from desktop.widgets.help_dialogs import AboutDialog, Shortcut, ShortcutsDialog

LICENCE = "GPL-3.0-or-later"
FONTS = (
    "Fonts: DejaVu Sans and DejaVu Serif come with Claimdesk under the Bitstream Vera fonts "
    "licence (DejaVu's own changes are in the public domain): free to use, copy, change and "
    "share, as its text below says."
)
#: Keys that belong to no action: said here, beside the actions' own.
KEYS_ELSEWHERE: tuple[Shortcut, ...] = (
    ("Into the list, on its first row (from the search box)", "Down", ""),
    ("Out of the list, or a panel, to the next one", "Tab, Shift+Tab", ""),
    ("Mark the exact characters, not whole words", "Alt with Mark claim or 1–9",
     "A selection that starts or ends inside a word takes the whole word, unless Alt is held"),
    ("Pick code: use the code of a key, the highlighted code, none", "1–9, Return, Esc",
     "Typing a name narrows the codes"),
)  # fmt: skip


def app_version() -> str:
    try:
        return version("claimdesk")
    except PackageNotFoundError:
        return "(version unknown)"


class HelpController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.shortcuts: ShortcutsDialog | None = None
        self.about: AboutDialog | None = None
        w.act.shortcuts.triggered.connect(self.show_shortcuts)
        w.act.about.triggered.connect(self.show_about)

    def shortcut_rows(self) -> list[Shortcut]:
        """Every action of the window with its keys as they are now, then the other keys."""
        rows = [_row(getattr(self.w.act, spec.name)) for spec in TABLE]
        rows += [_row(action) for action in self.w.act.codes]
        return rows + list(KEYS_ELSEWHERE)

    def show_shortcuts(self) -> None:
        """Show the shortcuts as the actions hold them now (one window, raised if open)."""
        self.shortcuts = self.shortcuts or ShortcutsDialog(self.w)
        self.shortcuts.set_rows(self.shortcut_rows())
        _raise(self.shortcuts)

    def show_about(self) -> None:
        if self.about is None:
            path = resources_dir() / "fonts" / "LICENSE-DejaVu.txt"
            try:
                fonts_licence = path.read_text(encoding="utf-8")
            except OSError as exc:
                fonts_licence = f"The licence text could not be read ({exc.strerror})."
            self.about = AboutDialog(app_version(), LICENCE, FONTS, fonts_licence, self.w)
        _raise(self.about)


def _raise(dialog: QDialog) -> None:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


def _row(action: QAction) -> Shortcut:
    name = action.text().replace("&", "").replace("…", "")
    keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
    tip = action.toolTip()
    return name, keys, tip if tip != name else ""
