"""Starting Claimdesk: the first run opens the sample project; subcommands run the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run(args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMDESK_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        encoding="utf-8",
    )


def test_first_run_opens_the_window_on_the_sample_project(tmp_path: Path) -> None:
    proc = run(["--quit-when-ready"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.split()
    assert lines[0] == "painted" and lines[1] == "ready" and int(lines[2]) > 0
    project = tmp_path / "Sample project.claimdesk"
    listing = run(["articles", "--project", str(project), "--json"], tmp_path)
    assert sorted(a["title"][:7] for a in json.loads(listing.stdout)) == ["UN asks", "UN urge"]


def test_project_option_opens_that_file_and_it_is_remembered(tmp_path: Path) -> None:
    other = tmp_path / "Other.claimdesk"
    assert run(["--project", str(other), "--quit-when-ready"], tmp_path).returncode == 0
    assert other.exists()
    assert "ready 0" in run(["--quit-when-ready"], tmp_path).stdout  # the last project: empty


def test_self_test_passes_and_leaves_nothing_behind(tmp_path: Path) -> None:
    proc = run(["--self-test"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("self-test passed: 2 articles imported")
    assert not (tmp_path / "Sample project.claimdesk").exists()


def test_every_command_line_subcommand_is_routed_to_the_command_line() -> None:
    from db.cli import COMMANDS
    from desktop.main import _CLI

    assert _CLI == COMMANDS
