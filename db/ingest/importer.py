"""Importing files and folders into a project.

Files are read, decoded and parsed in worker processes while the main process writes batches to
the project file, one transaction per batch, so a cancelled import keeps what it finished. A file
whose text is already in the project (same SHA-256 of the canonical text) is counted and skipped;
a file that cannot be read is reported with its reason and the rest goes on.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from db.export.collect import ExportError
from db.export.exchange import import_exchange, is_exchange_file
from db.ingest.article import ParsedArticle
from db.ingest.decode import MAX_BYTES, DecodeError, decode
from db.ingest.parse_html import looks_like_html, parse_html
from db.ingest.parse_text import parse_text
from db.ingest.store import Rows, store_rows, to_rows
from db.project import Project

SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md"})
BATCH = 5000
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


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand folders recursively into article files; a named file is always taken."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out += [
                    Path(root, f)
                    for f in sorted(files)
                    if not f.startswith(".")
                    and (
                        os.path.splitext(f)[1].lower() in SUFFIXES  # no Path: 30,000 files
                        or is_exchange_file(Path(root, f))
                    )
                ]
        else:
            out.append(path)
    return out


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


def _yield_to_writer() -> None:
    """Run a parsing worker at lower priority: the writing process (and the window) go first.

    The writer is the slower stage; when it waits for the CPU, parsed articles queue up.
    """
    if hasattr(os, "nice"):
        os.nice(5)


class Importer:
    """An import of files and folders; iterate :meth:`run` for progress, then read ``report``."""

    def __init__(
        self, project: Project, paths: Iterable[Path | str], *, workers: int | None = None
    ):
        self.project = project
        self.files = collect_files(paths)
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self.report = ImportReport()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop after the current batch; what was written stays."""
        self._cancel.set()

    def _parsed(self) -> Iterator[tuple[str, Rows | str]]:
        paths = [str(p) for p in self.files]  # a str crosses to a worker faster than a Path
        if self.workers <= 1 or len(paths) < PARALLEL_FROM:
            yield from map(_read_safely, paths)
            return
        pool = ProcessPoolExecutor(self.workers, initializer=_yield_to_writer)
        try:
            yield from pool.map(_read_safely, paths, chunksize=64)
        finally:  # on cancel, files not yet started are dropped, not parsed
            pool.shutdown(cancel_futures=True)

    def run(self) -> Iterator[Progress]:
        total = len(self.files)
        exchange = [p for p in self.files if is_exchange_file(p)]
        if exchange:
            taken = set(exchange)
            self.files = [p for p in self.files if p not in taken]
        for done, path in enumerate(exchange, start=1):
            self._import_exchange(path)
            yield Progress(done, total, str(path))
            if self._cancel.is_set():
                self.report.cancelled = True
                return
        yield from self._run_articles(len(exchange), total)

    def _import_exchange(self, path: Path) -> None:
        try:
            added, dupes = import_exchange(self.project, path)
        except ExportError as exc:
            self.report.failed.append((str(path), str(exc)))
            return
        self.report.imported += added
        self.report.duplicates += dupes

    def _run_articles(self, before: int, total: int) -> Iterator[Progress]:
        # One connection for the whole import, its page cache kept warm from batch to batch.
        with self.project.writer() as conn:
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            known = {sha for (sha,) in conn.execute("SELECT text_sha256 FROM article")}
            batch: list[tuple[Rows, str]] = []
            for done, (path, result) in enumerate(self._parsed(), start=before + 1):
                if isinstance(result, str):
                    self.report.failed.append((path, result))
                elif result.sha256 in known:
                    self.report.duplicates += 1
                else:
                    known.add(result.sha256)
                    batch.append((result, path))
                if len(batch) >= BATCH:
                    self._write(conn, batch)
                    batch = []
                yield Progress(done, total, path)
                if self._cancel.is_set():
                    self.report.cancelled = True
                    break
            self._write(conn, batch)

    def _write(self, conn: sqlite3.Connection, batch: list[tuple[Rows, str]]) -> None:
        """Write and commit one batch: a cancelled or failed import keeps what came before."""
        if batch:
            ids = store_rows(conn, batch)
            conn.commit()
            self.report.imported += len(ids)
            self.report.article_ids += ids
