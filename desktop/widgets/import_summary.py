"""What an import did, in sentences, and a message box that says it.

How many articles came in, which files repeated which articles, which files could not be read
and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from db.imports import ImportReport
from desktop.support.dialogs import tell

SHOWN_FAILURES = 3  # failed files named in the message itself; all are in the details


def counted(n: int, thing: str, things: str | None = None) -> str:
    """``1 article``, ``33,690 articles``."""
    return f"{n:,} {thing if n == 1 else things or thing + 's'}"


@dataclass(frozen=True)
class Summary:
    text: str
    informative: str
    details: str
    warning: bool


def summarize(report: ImportReport, stopped: str = "") -> Summary:
    """The message for ``report``; ``stopped``: why the import could not go on, if it did not."""
    articles = counted(report.imported, "article")
    if report.cancelled:
        head = f"Cancelled: {articles} {'was' if report.imported == 1 else 'were'} imported "
        head += "before you cancelled; they stay in the project"
    elif report.imported:
        head = f"Imported {articles}"
    else:
        head = "No new article was imported"
    parts = [head]
    if report.duplicates:
        parts.append(f"{counted(report.duplicates, 'duplicate')} skipped")
    if report.failed:
        n = len(report.failed)
        parts.append(f"{counted(n, 'file')} could not be read")
    text = "; ".join(parts) + "."
    if stopped:
        text = f"The import stopped: {stopped}\n\n{text}"
    shown = [_failure(p, why) for p, why in report.failed[:SHOWN_FAILURES]]
    if len(report.failed) > SHOWN_FAILURES:
        shown.append(f"…and {len(report.failed) - SHOWN_FAILURES:,} more (see the details)")
    return Summary(
        text=text,
        informative="\n".join(shown),
        details=_details(report),
        warning=bool(report.failed or stopped),
    )


def _failure(path: str, why: str) -> str:
    return f"{Path(path).name} — {why}"


def _details(report: ImportReport) -> str:
    sections: list[str] = []
    if report.duplicate_files:
        lines = [
            f"{Path(d.path).name} → {d.title or '(untitled)'} (article {d.article_id})"
            for d in report.duplicate_files
        ]
        sections.append("Duplicates, each with the article it repeats:\n" + "\n".join(lines))
    if report.failed:
        lines = [_failure(p, why) for p, why in report.failed]
        sections.append("Could not be read:\n" + "\n".join(lines))
    if report.warnings:
        lines = [_failure(p, why) for p, why in report.warnings]
        sections.append("Imported, with something left out:\n" + "\n".join(lines))
    return "\n\n".join(sections)


def show_summary(parent: QWidget, report: ImportReport, stopped: str = "") -> QMessageBox:
    said = summarize(report, stopped)
    box = tell(parent, "Import finished", said.text, warning=said.warning, details=said.details)
    if said.informative:
        box.setInformativeText(said.informative)
    return box
