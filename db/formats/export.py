"""One entry point for every export format, writing through a temporary file.

The file at ``output`` is replaced only once the export is complete, so a failed export never
leaves half a file, and never destroys the previous one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from db.formats.collect import ProjectData, Scope
from db.formats.project_json import write_json
from db.formats.qdpx import write_qdpx
from db.formats.report import write_report
from db.formats.tables import write_csv
from db.formats.w3c import write_w3c
from db.store.project import Project

#: Format -> (usual suffix, what its count counts).
FORMATS = {
    "csv": (".csv", "rows"),
    "json": (".json", "articles"),
    "w3c": (".jsonld", "annotations"),
    "qdpx": (".qdpx", "coded selections"),
    "md": (".md", "claims"),
    "html": (".html", "claims"),
}


@dataclass(frozen=True)
class ExportResult:
    fmt: str
    output: Path
    count: int

    def summary(self) -> str:
        return f"{self.count:,} {FORMATS[self.fmt][1]} written to {self.output}"


def export(
    project: Project, fmt: str, output: Path, *, scope: Scope | None = None, per: str = "highlight"
) -> ExportResult:
    """Export the project (or ``scope`` of it) as ``fmt`` to ``output``.

    Raises:
        FormatError: an article or code in ``scope`` does not exist.
        OSError: ``output`` cannot be written.
    """
    title = project.path.stem
    writers: dict[str, Callable[[ProjectData, Path], int]] = {
        "csv": lambda d, p: write_csv(d, p, per=per),
        "json": write_json,
        "w3c": lambda d, p: write_w3c(d, p, label=title),
        "qdpx": lambda d, p: write_qdpx(d, p, name=title),
        "md": lambda d, p: write_report(d, p, title=title, fmt="md"),
        "html": lambda d, p: write_report(d, p, title=title, fmt="html"),
    }
    output = Path(output)
    with project.session() as s:
        data = ProjectData(s, scope)
        # A name of our own, not mkstemp's: the file is then created with the usual permissions.
        tmp = output.with_name(f".{output.name}.{uuid.uuid4().hex[:12]}.part")
        try:
            count = writers[fmt](data, tmp)
            os.replace(tmp, output)
        finally:
            tmp.unlink(missing_ok=True)
    return ExportResult(fmt, output, count)
