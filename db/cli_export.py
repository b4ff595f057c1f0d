"""Running an export from the command line: the file, its summary, warnings and exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from db.formats.collect import FormatError
from db.formats.export import export
from db.store.project import Project


def run_export(
    project: Project, fmt: str, output: Path, out: TextIO, err: TextIO, **options: Any
) -> int:
    """Export, and say so; returns the exit code.

    0 when written; 2 when refused (no such article or code, or onto a project); 1 when the
    file cannot be written. What another tool may lose goes to ``err`` as warnings.
    """
    try:
        result = export(project, fmt, output, **options)
    except FormatError as exc:
        err.write(f"{exc}\n")
        return 2
    except OSError as exc:
        err.write(f"{output}: {exc.strerror or exc}\n")
        return 1
    out.write(result.summary() + "\n")
    err.writelines(f"warning: {w}\n" for w in result.warnings)
    return 0
