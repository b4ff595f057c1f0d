"""Importing article files (text and HTML) into a project.

Files are read, decoded and parsed in worker processes, a chunk at a time into scratch files (see
:mod:`db.ingest.scratch`), while the main process copies finished chunks into the project, one
transaction per chunk, so a cancelled import keeps every file it reported as done. A file
whose text is already in the project (same SHA-256 of the canonical text) is counted and skipped;
a file that cannot be read is reported with its reason and the rest goes on.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Generator, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from db.ingest.article import ParsedArticle
from db.ingest.decode import MAX_BYTES, DecodeError, decode
from db.ingest.files import name_text, read_file, shown_path
from db.ingest.parse_html import looks_like_html, parse_html
from db.ingest.parse_text import parse_text
from db.ingest.rows import Rows, to_rows
from db.ingest.scratch import Outcome, attached, copy_articles, scratch_folder, write_chunk
from db.ingest.workers import start_worker
from db.store.models import utc_now
from db.store.project import Project

SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md"})
CHUNK = 2500  # files a worker parses into one scratch file; the writer commits each chunk
CACHE_KIB = 128 * 1024  # the importing connection's page cache
PARALLEL_FROM = 400  # fewer files than this are parsed in-process
BUSY_MS = 120_000  # how long a chunk waits for another import's chunk to be written


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    path: str


@dataclass
class ImportReport:
    """What an import did; paths are as :func:`~db.ingest.files.shown_path` gives them."""

    imported: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    cancelled: bool = False
    #: Things left out of files that were imported: (path, what and why).
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.imported} imported, {self.duplicates} duplicate(s) skipped, "
            f"{len(self.failed)} failed"
        )
        return text + (" (cancelled)" if self.cancelled else "")


class ImportFailed(Exception):  # noqa: N818 (the name says what the user sees)
    """The import could not go on (a full disk, a failing disk, a crashed parser).

    The message is for the user: what happened, how far the import got, what to do. What was
    committed before stays, and ``report`` says what that was.
    """

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        self.report = report

    @classmethod
    def of(cls, exc: BaseException, report: ImportReport) -> ImportFailed | None:
        """The failure ``exc`` stands for, or None if it is not one the user can act on."""
        if isinstance(exc, DBAPIError) and isinstance(exc.orig, BaseException):
            exc = exc.orig  # as the ORM raised it
        if not isinstance(exc, sqlite3.Error | OSError | BrokenProcessPool):
            return None
        before = f"{report.imported:,} files were imported before"
        text = str(exc).lower()
        code = getattr(exc, "errno", None)
        sqlite_code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        if (
            code in _DISK_FULL
            or sqlite_code == sqlite3.SQLITE_FULL
            or "disk is full" in text
            or "no space left" in text
        ):
            return cls(
                f"The disk is full: {before} it filled; free some space and import again to "
                "add the rest.",
                report,
            )
        if isinstance(exc, BrokenProcessPool):
            return cls(
                f"A parsing process stopped unexpectedly: {before} it did; import again to add "
                "the rest.",
                report,
            )
        if sqlite_code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
            return cls(
                f"The project stayed busy with another program's changes: {before}; import "
                "again to add the rest.",
                report,
            )
        if sqlite_code == sqlite3.SQLITE_READONLY or "readonly" in text:
            return cls(
                f"The project cannot be written here: {before}; check that the file and its "
                "folder can be written to, and import again to add the rest.",
                report,
            )
        if isinstance(exc, OSError) or sqlite_code == sqlite3.SQLITE_IOERR or "i/o" in text:
            return cls(
                f"The disk could not be written ({exc}): {before}; check the disk and import "
                "again to add the rest.",
                report,
            )
        return None


_DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def read_article(path: Path | str) -> ParsedArticle:
    """Read, decode and parse one file.

    Raises:
        DecodeError: the file is not readable text, or not a regular file (the message says
            why).
    """
    name = os.fspath(path)
    decoded = decode(read_file(name, MAX_BYTES))
    filename = name_text(os.path.basename(name))
    if looks_like_html(decoded.text, os.path.splitext(name)[1]):
        art = parse_html(decoded.text, filename=filename)
    else:
        art = parse_text(decoded.text, filename=filename)
    if not art.text.strip():
        raise DecodeError("the page holds no text")
    art.encoding = decoded.encoding
    art.warnings[:0] = decoded.warnings
    return art


def _read_safely(path: str) -> tuple[str, Rows | str]:
    shown = shown_path(path)
    try:
        return shown, to_rows(read_article(path))
    except DecodeError as exc:
        return shown, str(exc)
    except Exception as exc:  # a parser bug must not stop a 30,000-file import
        return shown, f"could not be parsed ({type(exc).__name__}: {exc})"


def _parse_chunk(job: tuple[list[str], str]) -> list[Outcome]:
    """Parse a chunk of files into a scratch file (in a worker process)."""
    paths, scratch = job
    return write_chunk(scratch, [_read_safely(p) for p in paths])


class ArticleImport:
    """Article files parsed and written chunk by chunk; iterate :meth:`run` for progress."""

    def __init__(
        self,
        project: Project,
        files: list[str],
        report: ImportReport,
        cancel: threading.Event,
        *,
        workers: int,
    ) -> None:
        self.project, self.files, self.report = project, files, report
        self.workers = workers
        self._cancel = cancel

    def _parsed(self, tmp: str) -> Generator[tuple[str, list[Outcome]]]:
        """Each chunk of files parsed into a scratch file in ``tmp``: its name, and per file."""
        paths = self.files
        jobs = [
            (paths[i : i + CHUNK], os.path.join(tmp, f"{n}.sqlite"))
            for n, i in enumerate(range(0, len(paths), CHUNK))
        ]
        if self.workers <= 1 or len(paths) < PARALLEL_FROM:
            yield from ((job[1], _parse_chunk(job)) for job in jobs)
            return
        pool = ProcessPoolExecutor(self.workers, initializer=start_worker, initargs=(os.getpid(),))
        try:
            yield from zip((job[1] for job in jobs), pool.map(_parse_chunk, jobs), strict=True)
        finally:  # on cancel, chunks not yet started are dropped, not parsed
            pool.shutdown(cancel_futures=True)

    def run(self, done: int, total: int) -> Generator[Progress]:
        """Import the files, counting on from ``done`` of ``total``.

        Raises:
            ImportFailed: the disk filled or failed, or a parsing process crashed; the chunk
                being written was rolled back, and the report keeps what was committed.
        """
        if not self.files:
            return
        try:
            yield from self._run(done, total)
        except (sqlite3.Error, OSError, BrokenProcessPool) as exc:
            if failure := ImportFailed.of(exc, self.report):
                raise failure from exc
            raise

    def _run(self, done: int, total: int) -> Iterator[Progress]:
        # One connection for the whole import, its page cache kept warm from chunk to chunk.
        with scratch_folder() as tmp, self.project.writer() as conn:
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            seen: set[str] = set()  # texts of this import; the project's are checked on writing
            with closing(self._parsed(tmp)) as parsed:
                for scratch, outcomes in parsed:
                    kept: list[int] = []
                    for seq, (path, sha, error) in enumerate(outcomes):
                        done += 1
                        if sha is None:
                            self.report.failed.append((path, error or "could not be read"))
                        elif sha in seen:
                            self.report.duplicates += 1
                        else:
                            seen.add(sha)
                            kept.append(seq)
                        yield Progress(done, total, path)
                        if self._cancel.is_set():
                            self.report.cancelled = True
                            break
                    self._write(conn, scratch, kept)
                    os.remove(scratch)
                    if self.report.cancelled:
                        return

    def _write(self, conn: sqlite3.Connection, scratch: str, seqs: list[int]) -> None:
        """Copy and commit one chunk: a cancelled or failed import keeps the chunks before."""
        if seqs:
            with attached(conn, scratch):
                ids, held = copy_articles(conn, seqs, utc_now())
                conn.commit()
            self.report.imported += len(ids)
            self.report.article_ids += ids
            self.report.duplicates += held
