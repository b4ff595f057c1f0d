"""Importing article files (text and HTML) into a project.

Files are read, decoded and parsed in worker processes, a chunk at a time into scratch files (see
:mod:`db.ingest.scratch`), while the main process copies finished chunks into the project, one
transaction per chunk, so a cancelled import keeps every file it reported as done. A file
whose text is already in the project (same SHA-256 of the canonical text) is counted and skipped;
a file that cannot be read is reported with its reason and the rest goes on.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import sqlite3
import threading
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from multiprocessing.synchronize import Event
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from db.articles.stories import StoryFiler, signatures_of
from db.ingest.article import ParsedArticle
from db.ingest.decode import MAX_BYTES, DecodeError, decode
from db.ingest.files import name_text, read_file, shown_path
from db.ingest.parse_html import NO_ARTICLE, looks_like_html, parse_html
from db.ingest.parse_text import parse_text
from db.ingest.rows import Rows, body_text, to_rows
from db.ingest.scratch import Outcome, attached, copy_articles, scratch_folder, write_chunk
from db.ingest.workers import start_worker
from db.store.models import utc_now
from db.store.project import Project

SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md"})
CHUNK = 2500  # files a worker parses into one scratch file; the writer commits each chunk
FIRST_CHUNK = 250  # the first chunks are smaller, doubling up to CHUNK: the first rows come soon
CANCEL_POLL_S = 0.1  # how often a wait for a parsed chunk looks whether the import was cancelled
CACHE_KIB = 128 * 1024  # the importing connection's page cache
PARALLEL_FROM = 400  # fewer files than this are parsed in-process
BUSY_MS = 120_000  # how long a chunk waits for another import's chunk to be written


@dataclass(frozen=True)
class Progress:
    """A file dealt with, ``done`` of ``total``; ``committed``: the last of a chunk now stored."""

    done: int
    total: int
    path: str
    committed: bool = False


@dataclass(frozen=True)
class Duplicate:
    """A file left out because the project holds its text: the article that holds it."""

    path: str
    article_id: int
    title: str | None


@dataclass
class ImportReport:
    """What an import did; paths are as :func:`~db.ingest.files.shown_path` gives them."""

    imported: int = 0
    duplicates: int = 0
    #: The article files among ``duplicates``, each with the article it repeats.
    duplicate_files: list[Duplicate] = field(default_factory=list)
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
        raise DecodeError(NO_ARTICLE if NO_ARTICLE in art.warnings else "the page holds no text")
    art.encoding = decoded.encoding
    art.warnings[:0] = decoded.warnings
    return art


def _read_safely(path: str) -> tuple[str, ParsedArticle | str]:
    shown = shown_path(path)
    try:
        return shown, read_article(path)
    except DecodeError as exc:
        return shown, str(exc)
    except Exception as exc:  # a parser bug must not stop a 30,000-file import
        return shown, _failed(exc)


def _failed(exc: Exception) -> str:
    return f"could not be parsed ({type(exc).__name__}: {exc})"


def _rows_of(read: list[tuple[str, ParsedArticle | str]]) -> list[tuple[str, Rows | str]]:
    """The parsed files as rows, their signatures made together (each alone if that fails)."""
    arts = [a for _, a in read if not isinstance(a, str)]
    try:
        made: list[bytes | None] = list(signatures_of([body_text(a) for a in arts]))
    except Exception:  # then each article's own failure, if any, is reported
        made = [None] * len(arts)
    signatures = iter(made)
    out: list[tuple[str, Rows | str]] = []
    for shown, a in read:
        if isinstance(a, str):
            out.append((shown, a))
            continue
        signature = next(signatures)
        try:
            out.append((shown, to_rows(a, signature)))
        except Exception as exc:  # as a parser bug: that file fails, the import goes on
            out.append((shown, _failed(exc)))
    return out


_stop: Event | None = None  # in a worker: set when the import was cancelled


def _start_worker(parent: int, stop: Event) -> None:
    global _stop  # one per worker process, set as it starts
    _stop = stop
    start_worker(parent)


def _parse_chunk(job: tuple[list[str], str]) -> list[Outcome]:
    """Parse a chunk of files into a scratch file (in a worker process).

    A cancelled import's chunk stops at the next file; what it holds then is never read.
    """
    paths, scratch = job
    parsed = []
    for p in paths:
        if _stop is not None and _stop.is_set():
            break
        parsed.append(_read_safely(p))
    return write_chunk(scratch, _rows_of(parsed))


def chunks(files: Sequence[str]) -> list[list[str]]:
    """``files`` in chunks of ``FIRST_CHUNK``, doubling up to ``CHUNK``."""
    out, start, size = [], 0, min(FIRST_CHUNK, CHUNK)
    while start < len(files):
        out.append(list(files[start : start + size]))
        start += size
        size = min(size * 2, CHUNK)
    return out


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
        outlet: str | None = None,
    ) -> None:
        self.project, self.files, self.report = project, files, report
        self.workers, self.outlet = workers, outlet
        self._cancel = cancel

    def _parsed(self, tmp: str) -> Generator[tuple[str, list[Outcome]]]:
        """Each chunk of files parsed into a scratch file in ``tmp``: its name, and per file.

        Ends early, without the chunk being parsed, once the import is cancelled.
        """
        jobs = [(c, os.path.join(tmp, f"{n}.sqlite")) for n, c in enumerate(chunks(self.files))]
        if self.workers <= 1 or len(self.files) < PARALLEL_FROM:
            for job in jobs:
                if self._cancel.is_set():
                    return
                yield job[1], _parse_chunk(job)
            return
        stop = multiprocessing.get_context().Event()
        pool = ProcessPoolExecutor(
            self.workers, initializer=_start_worker, initargs=(os.getpid(), stop)
        )
        try:
            futures = [pool.submit(_parse_chunk, job) for job in jobs]
            for job, future in zip(jobs, futures, strict=True):
                if not self._wait(future):
                    return
                yield job[1], future.result()
        finally:  # chunks not yet started are dropped; those being parsed stop at a file
            if self._cancel.is_set():
                stop.set()
            pool.shutdown(cancel_futures=True)

    def _wait(self, future: Future[list[Outcome]]) -> bool:
        """Wait for a parsed chunk: True once it is there, False if the import is cancelled."""
        while not self._cancel.is_set():
            if wait([future], timeout=CANCEL_POLL_S).done:
                return True
        return False

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
            stories = StoryFiler()
            with closing(self._parsed(tmp)) as parsed:
                for scratch, outcomes in parsed:
                    if self._cancel.is_set():
                        break  # cancelled while it was parsed: none of it is taken
                    kept: list[int] = []
                    repeated: list[tuple[str, str]] = []  # (path, text's SHA-256)
                    for seq, (path, sha, error) in enumerate(outcomes):
                        done += 1
                        if sha is None:
                            self.report.failed.append((path, error or "could not be read"))
                        elif sha in seen:
                            self.report.duplicates += 1
                            repeated.append((path, sha))
                        else:
                            seen.add(sha)
                            kept.append(seq)
                        if seq == len(outcomes) - 1:
                            break  # its step comes once the chunk is committed
                        yield Progress(done, total, path)
                        if self._cancel.is_set():
                            self.report.cancelled = True
                            break
                    self._write(conn, scratch, outcomes, kept, repeated, stories)
                    os.remove(scratch)
                    if self.report.cancelled:
                        return
                    yield Progress(done, total, outcomes[-1][0], committed=True)
                    if self._cancel.is_set():
                        self.report.cancelled = done < total
                        return
            if self._cancel.is_set() and done < total:  # while a chunk was being parsed
                self.report.cancelled = True

    def _write(
        self,
        conn: sqlite3.Connection,
        scratch: str,
        outcomes: list[Outcome],
        seqs: list[int],
        repeated: list[tuple[str, str]],
        stories: StoryFiler,
    ) -> None:
        """Copy and commit one chunk: a cancelled or failed import keeps the chunks before.

        ``repeated`` are files whose text came earlier in this import; they and the files whose
        text the project held already are reported with the article that holds it.
        """
        if seqs:
            with attached(conn, scratch):
                ids, held = copy_articles(conn, seqs, utc_now(), stories, outlet=self.outlet)
                conn.commit()
            self.report.imported += len(ids)
            self.report.article_ids += ids
            self.report.duplicates += len(held)
            repeated = [(outcomes[seq][0], outcomes[seq][1] or "") for seq in held] + repeated
        self.report.duplicate_files += _holders(conn, repeated)


def _holders(conn: sqlite3.Connection, files: list[tuple[str, str]]) -> list[Duplicate]:
    """Each (path, SHA-256 of its text) with the article in the project that has that text."""
    found: dict[str, tuple[int, str | None]] = {}
    shas = sorted({sha for _, sha in files})
    for i in range(0, len(shas), 500):  # within SQLite's limit of bound values
        part = shas[i : i + 500]
        found.update(
            (sha, (aid, title))
            for sha, aid, title in conn.execute(
                "SELECT text_sha256, id, title FROM main.article WHERE text_sha256 IN "
                f"({', '.join('?' * len(part))})",
                part,
            )
        )
    return [Duplicate(path, *found[sha]) for path, sha in files if sha in found]
