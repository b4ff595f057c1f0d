"""Opening a project file: one SQLite database per project, migrated with Alembic.

A new file is created at the newest schema. An existing file at an older schema is copied to a
backup (SQLite's online backup) before it is upgraded. A file that is not a Claimdesk project, or
was written by a newer Claimdesk, is refused with a :class:`ProjectError` and left untouched.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from db.index.fts import register_functions
from db.store.models import utc_now

if TYPE_CHECKING:
    from alembic.config import Config

APP_ID = "claimdesk"
SUFFIX = ".claimdesk"
_MIGRATIONS = Path(__file__).with_name("migrations")
_SQLITE_MAGIC = b"SQLite format 3\x00"


#: A new project's codebook: name, colour, description.
DEFAULT_CODEBOOK = (
    ("Claim", "#F4D03F", "A statement presented as fact that can be checked."),
    ("Statistic", "#5DADE2", "A number, figure or quantity used as evidence."),
    ("Quote", "#58D68D", "Words attributed to a person, in quotation marks or reported."),
    ("Attribution", "#AF7AC5", "Who a claim or quote is attributed to: a source, an official."),
    ("Opinion", "#F0B27A", "A judgement or view rather than a checkable statement."),
)


class ProjectError(Exception):
    """A project file could not be opened; the message is meant for the user."""


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def schema_revisions() -> list[str]:
    """Every schema revision this version knows, oldest first.

    Each migration file is named after its revision (``0002_search.py``), which spares opening
    a project the cost of loading Alembic.
    """
    return sorted(p.name.split("_", 1)[0] for p in (_MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    register_functions(dbapi_conn)
    for pragma in (
        "page_size = 8192",  # new files only: fewer, larger writes
        "foreign_keys = ON",
        "journal_mode = WAL",
        "synchronous = NORMAL",
        "busy_timeout = 10000",
        "temp_store = MEMORY",
    ):
        dbapi_conn.execute(f"PRAGMA {pragma}")


def fts5_available() -> bool:
    """Whether this Python's SQLite was built with FTS5."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def make_engine(path: Path) -> Engine:
    """An engine on ``path`` whose connections have foreign keys, WAL and search functions."""
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    event.listen(engine, "connect", _on_connect)
    return engine


@dataclass(frozen=True)
class FileState:
    """What a look at an existing file found, without changing it."""

    is_project: bool
    revision: str | None


def inspect_file(path: Path) -> FileState:
    """Look at ``path`` read-only: is it a Claimdesk project, and at which schema revision."""
    with path.open("rb") as fh:
        if fh.read(16) != _SQLITE_MAGIC:
            return FileState(False, None)
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "project_info" not in tables or "alembic_version" not in tables:
                return FileState(False, None)
            app = conn.execute("SELECT value FROM project_info WHERE key='app'").fetchone()
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path.name} could not be read as a project file ({exc}).") from exc
    return FileState(app is not None and app[0] == APP_ID, rev[0] if rev else None)


def backup(path: Path, dest: Path) -> Path:
    """Copy the database at ``path`` to ``dest`` with SQLite's online backup."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as src, closing(sqlite3.connect(dest)) as dst:
        src.backup(dst)
    return dest


class Project:
    """An open project file. Use :meth:`session` for each unit of work."""

    def __init__(self, path: Path, engine: Engine, backup_path: Path | None = None) -> None:
        self.path = path
        self.engine = engine
        self.backup_path = backup_path
        """Where the file was copied before an upgrade, if it was upgraded on opening."""

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
        rolled back.
        """
        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            try:
                yield raw
            finally:
                if raw.in_transaction:
                    raw.rollback()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command  # Alembic loads only to create or upgrade a file

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def create_project(path: Path, *, revision: str = "head") -> None:
    """Create a new, empty project file at ``path`` (which must not hold data)."""
    engine = make_engine(path)
    try:
        _upgrade(engine, revision)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO project_info(key, value) VALUES ('app', ?), ('created', ?)",
                (APP_ID, utc_now()),
            )
            conn.exec_driver_sql(
                "INSERT INTO code(uid, name, color, description, sort) VALUES (?, ?, ?, ?, ?)",
                [
                    (str(uuid.uuid4()), name, color, description, n)
                    for n, (name, color, description) in enumerate(DEFAULT_CODEBOOK)
                ],
            )
    finally:
        engine.dispose()


def open_project(
    path: Path | str, *, create: bool = True, backup_dir: Path | None = None
) -> Project:
    """Open (or create) the project file at ``path``, upgrading an older one after a backup.

    Raises:
        ProjectError: the file is not a Claimdesk project, is newer than this version, is
            damaged, or does not exist and ``create`` is false.
    """
    path = Path(path)
    if not fts5_available():
        raise ProjectError("This Python's SQLite has no FTS5 full-text search; Claimdesk needs it.")
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file.")
    is_new = not path.exists() or path.stat().st_size == 0
    if is_new and not create:
        raise ProjectError(f"There is no project file at {path}.")
    known = schema_revisions()
    backup_path = None
    try:
        if is_new:
            path.parent.mkdir(parents=True, exist_ok=True)
            create_project(path)
        else:
            state = inspect_file(path)
            if not state.is_project:
                raise ProjectError(
                    f"{path.name} is not a Claimdesk project file; it was not changed."
                )
            if state.revision not in known:
                raise ProjectError(
                    f"{path.name} was written by a newer version of Claimdesk (schema "
                    f"{state.revision}); update Claimdesk to open it. The file was not changed."
                )
            if state.revision != known[-1]:
                stamp = utc_now().replace(":", "").replace("-", "")[:15]
                folder = backup_dir or path.parent
                backup_path = backup(path, folder / f"{path.stem}.before-upgrade-{stamp}{SUFFIX}")
                engine = make_engine(path)
                try:
                    _upgrade(engine)
                finally:
                    engine.dispose()
    except (sqlite3.DatabaseError, DBAPIError) as exc:
        raise ProjectError(f"{path.name} is damaged or not a database ({exc}).") from exc
    return Project(path, make_engine(path), backup_path)
