"""Opening a project file: one SQLite database per project, migrated with Alembic.

A new file is created at the newest schema. An existing file at an older schema is copied to a
backup (SQLite's online backup) before it is upgraded. A file that is not a Claimdesk project,
was written by a newer Claimdesk, is damaged or cannot be read, is refused with a
:class:`ProjectError` saying so, and left untouched with nothing beside it. A file that cannot
be written is opened read-only.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from db.store.connect import connect_raw, fts5_available, make_engine
from db.store.schema import (
    APP_ID,
    DEFAULT_CODEBOOK,
    SUFFIX,
    backup_before_upgrade,
    create,
    inspect_file,
    schema_revisions,
    upgrade,
)

__all__ = [
    "APP_ID",
    "DEFAULT_CODEBOOK",
    "SUFFIX",
    "Project",
    "ProjectError",
    "create_project",
    "describe_error",
    "open_project",
    "schema_revisions",
]


class ProjectError(Exception):
    """A project file could not be opened or written; the message is meant for the user."""


def describe_error(exc: BaseException) -> str:
    """What went wrong with the project file, in words, for any error SQLite or the OS gives."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    text = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in text:
        return "The disk is full; free some space and try again."
    if isinstance(exc, PermissionError):
        return "Claimdesk is not allowed to use the project file; check its permissions."
    if "readonly" in text or "read-only" in text:
        return "The project file cannot be written (it is read-only, or its folder is)."
    if "foreign key" in text or "unique constraint" in text:
        return (
            "It refers to something no longer in the project, or already there (another "
            "window or an import may have changed it)."
        )
    if "locked" in text or "busy" in text:
        return (
            "Another program (or another Claimdesk window, or an import) is writing to the "
            "project; try again in a moment."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "The project file is damaged; Tools ▸ Check project can often repair it."
    if isinstance(exc, OSError):
        return f"The project file could not be used: {exc.strerror or exc}."
    return f"The project file could not be used ({exc})."


class Project:
    """An open project file. Use :meth:`session` for each unit of work."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        backup_path: Path | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.engine = engine
        self.backup_path = backup_path
        """Where the file was copied before an upgrade, if it was upgraded on opening."""
        self.read_only = read_only
        """The file cannot be written: it is shown, searched and exported, never changed."""
        # One connection held open while the project is: SQLite removes the write-ahead log
        # and its index when the last connection closes, and on a full disk could not make
        # them again for the next unit of work.
        self._keeper = None if read_only else connect_raw(path)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed when the block ends normally, rolled back if it raises."""
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    @contextmanager
    def writer(self) -> Iterator[sqlite3.Connection]:
        """One DB-API connection for a long run of writes, such as an import.

        The caller commits as it goes; whatever it has not committed when the block ends is
        rolled back. The connection is the run's own (not one of the pool's), so the settings a
        run gives it (a large cache, a long wait for locks) go with it.
        """
        if self.read_only:
            raise ProjectError(f"{self.path.name} is read-only; nothing can be added to it.")
        raw = connect_raw(self.path)
        try:
            yield raw
        finally:
            if raw.in_transaction:
                raw.rollback()
            raw.close()

    def close(self) -> None:
        self.engine.dispose()
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def create_project(path: Path, *, revision: str = "head") -> None:
    """Create a new, empty project file at ``path`` (which must not hold data)."""
    create(path, revision=revision)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _refusal(path: Path) -> str | None:
    """Why ``path`` cannot be opened as a project, or None (read without changing it)."""
    state = inspect_file(path)
    if not state.is_project:
        return f"{path.name} is not a Claimdesk project file; it was not changed."
    if not state.has_version:
        return f"{path.name} is damaged (no schema version is recorded); it was not changed."
    if state.revision not in schema_revisions():
        return (
            f"{path.name} was written by a newer version of Claimdesk (schema "
            f"{state.revision}); update Claimdesk to open it. The file was not changed."
        )
    return None


def _open_existing(path: Path, backup_dir: Path | None) -> Project:
    if reason := _refusal(path):
        raise ProjectError(reason)
    revision = inspect_file(path).revision
    head = schema_revisions()[-1]
    if not _writable(path):
        if revision != head:
            raise ProjectError(
                f"{path.name} comes from an older Claimdesk and cannot be upgraded where it is, "
                "because it is read-only. Copy it to a folder you can write to and open the copy."
            )
        immutable = not os.access(path.parent, os.W_OK) and not Path(f"{path}-wal").exists()
        engine = make_engine(path, read_only=True, immutable=immutable)
        return Project(path, engine, read_only=True)
    backup_path = None
    if revision != head:
        assert revision is not None
        backup_path = backup_before_upgrade(path, revision, backup_dir or path.parent)
        try:
            upgrade(path)
        except (sqlite3.Error, DBAPIError, OSError) as exc:
            raise ProjectError(
                f"{path.name} could not be upgraded: {describe_error(exc)} The file was left as "
                f"it was; a copy of it is at {backup_path}."
            ) from exc
    return Project(path, make_engine(path), backup_path)


def open_project(
    path: Path | str, *, create: bool = True, backup_dir: Path | None = None
) -> Project:
    """Open (or create) the project file at ``path``, upgrading an older one after a backup.

    Raises:
        ProjectError: the file is not a Claimdesk project, is newer than this version, is
            damaged or unreadable, or does not exist and ``create`` is false.
    """
    path = Path(path)
    if not fts5_available():
        raise ProjectError("This Python's SQLite has no FTS5 full-text search; Claimdesk needs it.")
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file.")
    existed = {p for p in _companions(path) if p.exists()}
    try:
        is_new = not path.exists() or path.stat().st_size == 0
        if is_new and not create:
            raise ProjectError(f"There is no project file at {path}.")
        if is_new:
            path.parent.mkdir(parents=True, exist_ok=True)
            create_project(path)
        project = _open_existing(path, backup_dir)
        _check_readable(project)
        return project
    except ProjectError:
        _remove_new(existed, path)
        raise
    except (sqlite3.Error, DBAPIError, OSError) as exc:
        _remove_new(existed, path)
        raise ProjectError(f"{path.name} could not be opened: {describe_error(exc)}") from exc


def _check_readable(project: Project) -> None:
    """Read a little of the file now, so a damaged one is refused on opening."""
    try:
        with project.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM code").fetchone()
    except BaseException:
        project.close()
        raise


def _companions(path: Path) -> list[Path]:
    return [Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal")]


def _remove_new(existed: set[Path], path: Path) -> None:
    """Remove the -wal/-shm files a refused open left beside ``path`` (never ones it found)."""
    for p in _companions(path):
        if p not in existed:
            with suppress(OSError):
                p.unlink(missing_ok=True)
