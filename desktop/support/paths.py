"""Where Claimdesk keeps its files, resolved once and passed down."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path


def resources_dir() -> Path:
    """The bundled resources: next to the packages, or inside a frozen app."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources"


def data_dir() -> Path:
    """The user's Claimdesk data folder; ``CLAIMDESK_DATA_DIR`` overrides it (tests)."""
    override = os.environ.get("CLAIMDESK_DATA_DIR")
    return Path(override) if override else user_data_path("Claimdesk", appauthor=False)


def default_project() -> Path:
    return data_dir() / "Sample project.claimdesk"
