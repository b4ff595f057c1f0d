"""Importing files and folders into a project.

Files are read, decoded and parsed in worker processes while the main process writes batches to
the project file, one transaction per batch, so a cancelled import keeps what it finished. A file
whose text is already in the project (same SHA-256 of the canonical text) is counted and skipped;
a file that cannot be read is reported with its reason and the rest goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, SQLModel

from db.ingest.article import ParsedArticle
from db.ingest.decode import MAX_BYTES, DecodeError, decode
from db.ingest.parse_html import looks_like_html, parse_html
from db.ingest.parse_text import parse_text
from db.models import utc_now
from db.project import Project
from db.textfold import format_spans

SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md"})
BATCH = 500
_PARALLEL_FROM = 400  # fewer files than this are parsed in-process


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
                    if not f.startswith(".") and Path(f).suffix.lower() in SUFFIXES
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


def _read_safely(path: Path) -> tuple[Path, ParsedArticle | str]:
    try:
        return path, read_article(path)
    except DecodeError as exc:
        return path, str(exc)
    except Exception as exc:  # a parser bug must not stop a 30,000-file import
        return path, f"could not be parsed ({type(exc).__name__}: {exc})"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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

    def _parsed(self) -> Iterator[tuple[Path, ParsedArticle | str]]:
        if self.workers <= 1 or len(self.files) < _PARALLEL_FROM:
            yield from map(_read_safely, self.files)
            return
        with ProcessPoolExecutor(self.workers) as pool:
            yield from pool.map(_read_safely, self.files, chunksize=32)

    def run(self) -> Iterator[Progress]:
        total = len(self.files)
        with self.project.session() as s:
            known = set(s.execute(text("SELECT text_sha256 FROM article")).scalars())
        batch: list[tuple[Path, ParsedArticle, str]] = []
        for done, (path, result) in enumerate(self._parsed(), start=1):
            if isinstance(result, str):
                self.report.failed.append((str(path), result))
            else:
                digest = sha256(result.text)
                if digest in known:
                    self.report.duplicates += 1
                else:
                    known.add(digest)
                    batch.append((path, result, digest))
            if len(batch) >= BATCH or done == total:
                self._write(batch)
                batch = []
            yield Progress(done, total, str(path))
            if self._cancel.is_set():
                self._write(batch)
                self.report.cancelled = True
                return
        self._write(batch)

    def _write(self, batch: list[tuple[Path, ParsedArticle, str]]) -> None:
        if not batch:
            return
        with self.project.session() as s:
            ids = store_articles(s, [(art, digest, str(path)) for path, art, digest in batch])
        self.report.imported += len(ids)
        self.report.article_ids += ids


def store_articles(s: Session, items: list[tuple[ParsedArticle, str, str | None]]) -> list[int]:
    """Insert parsed articles with their blocks and captions; returns the new ids in order."""
    first = int(s.execute(text("SELECT coalesce(max(id), 0) FROM article")).scalar_one()) + 1
    now = utc_now()
    articles, blocks, captions = [], [], []
    for offset, (art, digest, origin) in enumerate(items):
        aid = first + offset
        articles.append(
            {
                "id": aid,
                "uid": str(uuid.uuid4()),
                "title": art.title,
                "section": json.dumps(art.section, ensure_ascii=False),
                "byline": art.byline,
                "published": art.published,
                "outlet": art.outlet,
                "url": art.url,
                "language": art.language,
                "text": art.text,
                "text_sha256": digest,
                "hidden_spans": format_spans(art.hidden_spans()),
                "origin_path": origin,
                "encoding": art.encoding,
                "imported_at": now,
            }
        )
        blocks += [
            {"article_id": aid, "seq": i, "kind": str(b.kind), "start": b.start, "end": b.end}
            for i, b in enumerate(art.blocks)
        ]
        captions += [
            {
                "article_id": aid,
                "seq": i,
                "text": c.text,
                "credit": c.credit,
                "start": c.start,
                "end": c.end,
                "anchor": c.anchor,
            }
            for i, c in enumerate(art.captions)
        ]
    for table, rows in (("article", articles), ("block", blocks), ("caption", captions)):
        if rows:
            s.execute(SQLModel.metadata.tables[table].insert(), rows)
    return list(range(first, first + len(items)))
