"""Importing article files (text and HTML) into a project.

Files are read, decoded and parsed in worker processes, a chunk at a time into scratch files (see
:mod:`db.ingest.scratch`), while the main process copies finished chunks into the project, one
transaction per chunk, so a cancelled import keeps every file it reported as done. A file
whose text is already in the project (same SHA-256 of the canonical text) is counted and skipped;
a file that cannot be read is reported with its reason and the rest goes on.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from db.ingest.article import ParsedArticle
from db.ingest.decode import MAX_BYTES, DecodeError, decode
from db.ingest.parse_html import looks_like_html, parse_html
from db.ingest.parse_text import parse_text
from db.ingest.rows import Rows, to_rows
from db.ingest.scratch import Outcome, attached, copy_articles, write_chunk
from db.store.models import utc_now
from db.store.project import Project

SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md"})
CHUNK = 2500  # files a worker parses into one scratch file; the writer commits each chunk
CACHE_KIB = 128 * 1024  # the importing connection's page cache
PARALLEL_FROM = 400  # fewer files than this are parsed in-process


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    path: str


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    cancelled: bool = False

    def summary(self) -> str:
        text = (
            f"{self.imported} imported, {self.duplicates} duplicate(s) skipped, "
            f"{len(self.failed)} failed"
        )
        return text + (" (cancelled)" if self.cancelled else "")


def read_article(path: Path) -> ParsedArticle:
    """Read, decode and parse one file.

    Raises:
        DecodeError: the file is not readable text (the message says why).
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DecodeError(
                f"too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MB)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise DecodeError(exc.strerror or str(exc)) from exc
    decoded = decode(data)
    if looks_like_html(decoded.text, path.suffix):
        art = parse_html(decoded.text, filename=path.name)
    else:
        art = parse_text(decoded.text, filename=path.name)
    art.encoding = decoded.encoding
    art.warnings[:0] = decoded.warnings
    return art


def _read_safely(path: str) -> tuple[str, Rows | str]:
    try:
        return path, to_rows(read_article(Path(path)))
    except DecodeError as exc:
        return path, str(exc)
    except Exception as exc:  # a parser bug must not stop a 30,000-file import
        return path, f"could not be parsed ({type(exc).__name__}: {exc})"


def _parse_chunk(job: tuple[list[str], str]) -> list[Outcome]:
    """Parse a chunk of files into a scratch file (in a worker process)."""
    paths, scratch = job
    return write_chunk(scratch, [_read_safely(p) for p in paths])


def _yield_to_writer() -> None:
    """Run a parsing worker at lower priority: the writing process (and the window) go first.

    The writer is the slower stage; when it waits for the CPU, parsed articles queue up.
    """
    if hasattr(os, "nice"):
        os.nice(5)


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

    def _parsed(self, tmp: str) -> Iterator[tuple[str, list[Outcome]]]:
        """Each chunk of files parsed into a scratch file in ``tmp``: its name, and per file."""
        paths = self.files
        jobs = [
            (paths[i : i + CHUNK], os.path.join(tmp, f"{n}.sqlite"))
            for n, i in enumerate(range(0, len(paths), CHUNK))
        ]
        if self.workers <= 1 or len(paths) < PARALLEL_FROM:
            yield from ((job[1], _parse_chunk(job)) for job in jobs)
            return
        pool = ProcessPoolExecutor(self.workers, initializer=_yield_to_writer)
        try:
            yield from zip((job[1] for job in jobs), pool.map(_parse_chunk, jobs), strict=True)
        finally:  # on cancel, chunks not yet started are dropped, not parsed
            pool.shutdown(cancel_futures=True)

    def run(self, done: int, total: int) -> Iterator[Progress]:
        """Import the files, counting on from ``done`` of ``total``."""
        if not self.files:
            return
        # One connection for the whole import, its page cache kept warm from chunk to chunk.
        with (
            tempfile.TemporaryDirectory(prefix="claimdesk-import-") as tmp,
            self.project.writer() as conn,
        ):
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            known = {sha for (sha,) in conn.execute("SELECT text_sha256 FROM article")}
            for scratch, outcomes in self._parsed(tmp):
                kept: list[int] = []
                for seq, (path, sha, error) in enumerate(outcomes):
                    done += 1
                    if sha is None:
                        self.report.failed.append((path, error or "could not be read"))
                    elif sha in known:
                        self.report.duplicates += 1
                    else:
                        known.add(sha)
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
                ids = copy_articles(conn, seqs, utc_now())
                conn.commit()
            self.report.imported += len(ids)
            self.report.article_ids += ids
