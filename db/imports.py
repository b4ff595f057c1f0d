"""Importing files and folders: exchange files go to their format, article files to ingest.

A Claimdesk JSON export or a ``.qdpx`` archive carries a whole project's work and is read by
:mod:`db.formats`; text and HTML articles are parsed by :mod:`db.ingest`. One import reports
both in one :class:`~db.ingest.pipeline.ImportReport`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Generator, Iterable
from pathlib import Path

from sqlmodel import Session

from db.formats.collect import FormatError
from db.formats.exchange import EXCHANGE_SUFFIXES, import_exchange, is_exchange_file
from db.ingest.files import shown_path
from db.ingest.pipeline import (
    SUFFIXES,
    ArticleImport,
    Duplicate,
    ImportFailed,
    ImportReport,
    Progress,
)
from db.store.project import Project

__all__ = [
    "Duplicate",
    "ImportFailed",
    "ImportReport",
    "Importer",
    "Progress",
    "collect_files",
    "known_outlets",
]


def collect_files(paths: Iterable[Path | str]) -> list[str]:
    """Expand folders recursively into article and exchange files; a named file is always taken.

    Paths stay strings: a folder may hold 30,000 files, and a Path for each costs 0.2 s.
    """
    out: list[str] = []
    for raw in paths:
        if os.path.isdir(raw):
            for root, dirs, files in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out += [
                    os.path.join(root, f)
                    for f in sorted(files)
                    if not f.startswith(".")
                    and (
                        os.path.splitext(f)[1].lower() in SUFFIXES
                        or is_exchange_file(Path(root, f))
                    )
                ]
        else:
            out.append(str(raw))
    return out


def _is_exchange(path: str) -> bool:
    return path.lower().endswith(EXCHANGE_SUFFIXES) and is_exchange_file(Path(path))


class Importer:
    """An import of files and folders; iterate :meth:`run` for progress, then read ``report``.

    ``outlet`` is given to every article file of the import that names none of its own
    (exchange files carry their articles' outlets as they were).
    """

    def __init__(
        self,
        project: Project,
        paths: Iterable[Path | str],
        *,
        workers: int | None = None,
        outlet: str | None = None,
    ):
        self.project = project
        self.files = collect_files(paths)
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self.outlet = (outlet.strip() or None) if outlet else None
        self.report = ImportReport()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop after the current file; the files reported before it are kept.

        While the next chunk of files is still being parsed, the import stops at once.
        """
        self._cancel.set()

    def run(self) -> Generator[Progress]:
        """Import, one step a file; a step marked ``committed`` comes once all before it are stored.

        Every file is imported, counted as a duplicate, or reported as failed with its reason.

        Raises:
            ImportFailed: the import could not go on (a full or failing disk, a crashed
                parser); what was committed stays, and ``report`` says what it was.
        """
        total = len(self.files)
        exchange = [p for p in self.files if _is_exchange(p)]
        taken = set(exchange)
        articles = [p for p in self.files if p not in taken]
        for done, path in enumerate(exchange, start=1):
            self._import_exchange(path)
            yield Progress(done, total, shown_path(path), committed=True)
            if self._cancel.is_set():
                self.report.cancelled = True
                return
        job = ArticleImport(
            self.project, articles, self.report, self._cancel, workers=self.workers,
            outlet=self.outlet,
        )  # fmt: skip
        yield from job.run(len(exchange), total)

    def _import_exchange(self, path: str) -> None:
        shown = shown_path(path)
        warnings: list[str] = []
        try:
            added, dupes = import_exchange(self.project, Path(path), warnings)
        except FormatError as exc:
            self.report.failed.append((shown, str(exc)))
            return
        except Exception as exc:  # one odd file must not stop the folder; it was rolled back
            if failure := ImportFailed.of(exc, self.report):
                raise failure from exc  # but a full disk stops everything
            self.report.failed.append(
                (shown, f"could not be imported ({type(exc).__name__}: {exc}); nothing of it "
                 "was stored")
            )  # fmt: skip
            return
        self.report.imported += added
        self.report.duplicates += dupes
        self.report.warnings += [(shown, w) for w in warnings]


def known_outlets(s: Session) -> list[str]:
    """The outlets the project's articles name, in alphabetical order."""
    rows = s.connection().exec_driver_sql(
        "SELECT DISTINCT outlet FROM article WHERE outlet IS NOT NULL AND outlet <> '' "
        "ORDER BY outlet COLLATE NOCASE"
    )
    return [str(outlet) for (outlet,) in rows]
