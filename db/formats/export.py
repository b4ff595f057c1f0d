"""One entry point for every export format, writing through a temporary file.

The file at ``output`` is replaced only once the export is complete, so a failed export never
leaves half a file, and never destroys the previous one. An export never replaces the open
project, its companion files (``-wal``, ``-shm``, ``-journal``), or any other SQLite database,
however the path is spelled.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from db.formats.claimreview import write_claimreview
from db.formats.claims_sheet import write_claims_csv
from db.formats.collect import FormatError, ProjectData, Scope
from db.formats.project_json import write_json
from db.formats.qdc import write_qdc
from db.formats.qdpx import write_qdpx
from db.formats.report import write_report
from db.formats.tables import write_csv
from db.formats.variables_sheet import write_variables_csv
from db.formats.w3c import write_w3c
from db.store.project import Project

#: Format -> (usual suffix, what its count counts).
FORMATS = {
    "csv": (".csv", "rows"),
    "xlsx": (".xlsx", "highlights"),
    "json": (".json", "articles"),
    "w3c": (".jsonld", "annotations"),
    "qdpx": (".qdpx", "coded selections"),
    "qdc": (".qdc", "codes"),
    "md": (".md", "claims"),
    "html": (".html", "claims"),
    "claimreview": (".jsonld", "claims"),
    "claims-csv": (".csv", "claims"),
    "variables-csv": (".csv", "rows"),
    "sav": (".sav", "rows"),
    "dta": (".dta", "rows"),
}


def _write_xlsx(data: ProjectData, output: Path, coder: str | None) -> int:
    from db.formats.xlsx import write_xlsx  # openpyxl takes a quarter of a second to load

    return write_xlsx(data, output, coder=coder)


def _write_stat(
    fmt: str, data: ProjectData, output: Path, coder: str | None, warnings: list[str]
) -> int:
    # pyreadstat and pandas take a fifth of a second to load, and are needed for these alone.
    from db.formats.stat_files import write_dta, write_sav

    write = write_sav if fmt == "sav" else write_dta
    return write(data, output, coder=coder, warnings=warnings)


#: Files SQLite keeps beside a database while it is open or after a crash.
COMPANIONS = ("-wal", "-shm", "-journal")
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class ExportResult:
    fmt: str
    output: Path
    count: int
    warnings: tuple[str, ...] = ()  # what another tool may lose of it

    def summary(self) -> str:
        return f"{self.count:,} {FORMATS[self.fmt][1]} written to {self.output}"


def export(
    project: Project,
    fmt: str,
    output: Path,
    *,
    scope: Scope | None = None,
    per: str = "highlight",
    spreadsheet_safe: bool = False,
    unique_code_names: bool = False,
    utf16_positions: bool = False,
    review_author: str = "",
    coder: str | None = None,
) -> ExportResult:
    """Export the project (or ``scope`` of it) as ``fmt`` to ``output``.

    ``per`` and ``spreadsheet_safe`` are for CSV: one row per highlight or per article, and
    text a spreadsheet would take for a formula written with an apostrophe before it.
    ``unique_code_names`` and ``utf16_positions`` are for REFI-QDA: a code name used twice
    written with its parent's path (QualCoder keeps one code a name), and positions counted in
    UTF-16 units (as NVivo reads them) rather than the standard's code points.
    ``review_author`` is for ClaimReview: who reviewed the claims (the coder), their author.
    ``coder`` is one coder's work only (the reconciled layer's, say): their highlights, and in
    the variables sheet (``variables-csv``, ``sav``, ``dta`` and the workbook's Variables sheet)
    their values, a row per article; None, everyone's, the sheet a row per article per coder.

    Raises:
        FormatError: an article or code in ``scope`` does not exist, ``coder`` coded nothing
            while others did, or ``output`` is the project file, one of its companion files or
            another SQLite database.
        OSError: ``output`` cannot be written.
    """
    output = Path(output)
    refuse_to_overwrite(project.path, output)
    title = project.path.stem
    said: list[str] = []  # what the format's writer warns of
    writers: dict[str, Callable[[ProjectData, Path], int]] = {
        "csv": lambda d, p: write_csv(d, p, per=per, safe=spreadsheet_safe),
        "xlsx": lambda d, p: _write_xlsx(d, p, coder),
        "json": write_json,
        "w3c": lambda d, p: write_w3c(d, p, label=title),
        "qdpx": lambda d, p: write_qdpx(
            d, p, name=title, unique_names=unique_code_names, utf16=utf16_positions, warnings=said
        ),
        "qdc": write_qdc,
        "md": lambda d, p: write_report(d, p, title=title, fmt="md"),
        "html": lambda d, p: write_report(d, p, title=title, fmt="html"),
        "claimreview": lambda d, p: write_claimreview(d, p, author=review_author),
        "claims-csv": write_claims_csv,
        "variables-csv": lambda d, p: write_variables_csv(d, p, coder=coder, safe=spreadsheet_safe),
        "sav": lambda d, p: _write_stat("sav", d, p, coder, said),
        "dta": lambda d, p: _write_stat("dta", d, p, coder, said),
    }
    if coder is not None:
        scope = replace(scope or Scope(), coders=[coder])
    with project.session() as s:
        data = ProjectData(s, scope)
        # A name of our own, not mkstemp's: the file is then created with the usual permissions.
        tmp = output.with_name(f".{output.name}.{uuid.uuid4().hex[:12]}.part")
        try:
            count = writers[fmt](data, tmp)
            os.replace(tmp, output)
        finally:
            tmp.unlink(missing_ok=True)
    return ExportResult(fmt, output, count, tuple(said))


def refuse_to_overwrite(project_path: Path, output: Path) -> None:
    """Raise FormatError if writing ``output`` would replace the project or a database.

    The paths are compared after following symbolic links and ``..``, and an existing file by
    its identity on disk, so another spelling or a link of the project's path is caught too.
    """
    target = _resolved(output)
    for end in ("", *COMPANIONS):
        path = Path(f"{project_path}{end}")
        if _resolved(path) == target or _same_file(path, output):
            what = "the project itself" if not end else f"the project's {end} file"
            raise FormatError(
                f"The export was not written: {output} is {what} ({project_path.name}), and "
                "writing there would destroy the project. Choose another file name."
            )
    try:
        with output.open("rb") as fh:
            is_database = fh.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:  # missing, a folder or unreadable: the write itself will say so
        return
    if is_database:
        raise FormatError(
            f"The export was not written: {output} is an SQLite database, perhaps another "
            "project, and an export never replaces one. Choose another file name."
        )


def _resolved(path: Path) -> str:
    try:
        return os.path.normcase(path.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return os.path.normcase(path.absolute())


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist
        return False
