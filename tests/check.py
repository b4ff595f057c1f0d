"""Run every check: ruff, mypy, import-linter, the db tests without Qt, then the rest with it.

Exits non-zero if any check fails or if pytest ran no test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def step(name: str, cmd: list[str], env: dict[str, str] | None = None) -> int:
    print(f"\n=== {name}: {' '.join(cmd)}", flush=True)
    code = subprocess.call(cmd, cwd=ROOT, env={**os.environ, **(env or {})})
    if code == 5 and "pytest" in cmd:
        print("pytest collected no tests", file=sys.stderr)
        return 1
    return code


def main() -> int:
    py = sys.executable
    steps = [
        ("ruff", [py, "-m", "ruff", "check", "db", "desktop", "tests", "bench", "packaging"], None),
        ("mypy", [py, "-m", "mypy", "db", "desktop", "tests", "bench", "packaging"], None),
        ("import-linter", [str(BIN / "lint-imports")], None),
        (
            "db tests without Qt",
            # pytest-qt is off here, so its qt_api option is unknown: not worth a warning. The
            # whole-corpus tests (opt-in) run once, in the next step.
            [
                py,
                "-m",
                "pytest",
                "-q",
                "tests/db",
                "-p",
                "no:pytest-qt",
                "-W",
                "ignore::pytest.PytestConfigWarning",
                "-m",
                "not full_corpora",
            ],
            {"CLAIMDESK_NO_QT": "1"},
        ),
        # The rest of the suite, with Qt: the db tests ran above, on a machine as without Qt.
        ("window and packaging tests", [py, "-m", "pytest", "-q", "--ignore=tests/db"], None),
    ]
    failed = [name for name, cmd, env in steps if step(name, cmd, env) != 0]
    print("\n" + ("FAILED: " + ", ".join(failed) if failed else "all checks passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
