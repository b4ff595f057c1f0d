"""The ``claimdesk`` command with no subcommand opens the sample project."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_first_run_creates_the_sample_project(tmp_path: Path) -> None:
    env = {"CLAIMDESK_DATA_DIR": str(tmp_path), "PATH": "", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "desktop"], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    project = tmp_path / "Sample project.claimdesk"
    assert project.exists()
    assert "UN urges Iran, Russia, Turkey" in proc.stdout
    listing = subprocess.run(
        [sys.executable, "-m", "desktop", "articles", "--project", str(project), "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert len(json.loads(listing.stdout)) == 2
