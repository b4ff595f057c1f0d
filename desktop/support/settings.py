"""Window state, recent projects and the colour scheme in QSettings, in the user's data folder."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from desktop.support.paths import data_dir

RECENT_MAX = 8


def settings() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recent_projects() -> list[Path]:
    value = settings().value("recentProjects", [])
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [Path(str(p)) for p in items if p]


def remember_project(path: Path) -> None:
    s = settings()
    items = [str(path), *[str(p) for p in recent_projects() if p != path]][:RECENT_MAX]
    s.setValue("recentProjects", items)
    s.setValue("lastProject", str(path))


def last_project() -> Path | None:
    value = settings().value("lastProject", "")
    return Path(str(value)) if value else None


def color_scheme() -> Qt.ColorScheme | None:
    """The colour scheme asked for in the settings (``light`` or ``dark``); None: the system's."""
    value = str(settings().value("colorScheme", "")).strip().lower()
    return {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(value)


def coder_chosen() -> bool:
    """Whether a coder name was ever chosen here (else the first start asks for one)."""
    return settings().contains("coder")


def set_coder(name: str) -> None:
    """Code as ``name`` from now on ("" for the computer's account name)."""
    s = settings()
    s.setValue("coder", " ".join(name.split()))
    s.sync()


def set_color_scheme(scheme: str) -> None:
    """``light``, ``dark``, or "" to follow the system."""
    s = settings()
    s.setValue("colorScheme", scheme)
    s.sync()


def coder() -> str:
    """Who codes here, stamped on every highlight and claim link made in the window.

    The ``coder`` setting, or else the name of the computer's account (its full name where the
    system keeps one).
    """
    value = str(settings().value("coder", "")).strip()
    return value or account_name()


def account_name() -> str:
    try:
        import pwd  # not on Windows

        full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError, AttributeError):
        full = ""
    try:
        login = getpass.getuser()
    except (OSError, KeyError):  # no name for this account at all
        login = ""
    return full or login
