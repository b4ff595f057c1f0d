"""Creating, inspecting, backing up and upgrading project files, never leaving half a file.

A new file is built under a temporary name beside its destination and linked into place only
when complete, so a kill leaves either no project or a whole one, and of two processes creating
the same file one wins and the other opens it. An upgrade runs every pending revision in one
transaction, so a kill or a full disk leaves the old file as it was.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from db.store.connect import read_only_uri, schema_engine
from db.store.models import utc_now
from db.store.processes import alive

if TYPE_CHECKING:
    from alembic.config import Config

APP_ID = "claimdesk"
SUFFIX = ".claimdesk"
MIGRATIONS = Path(__file__).with_name("migrations")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ALEMBIC = threading.Lock()

#: A new project's codebook: name, colour, description.
DEFAULT_CODEBOOK = (
    ("Claim", "#F4D03F", "A statement presented as fact that can be checked."),
    ("Statistic", "#5DADE2", "A number, figure or quantity used as evidence."),
    ("Quote", "#58D68D", "Words attributed to a person, in quotation marks or reported."),
    ("Attribution", "#AF7AC5", "Who a claim or quote is attributed to: a source, an official."),
    ("Opinion", "#F0B27A", "A judgement or view rather than a checkable statement."),
)


def schema_revisions() -> list[str]:
    """Every schema revision this version knows, oldest first.

    Each migration file is named after its revision (``0002_search.py``), which spares opening
    a project the cost of loading Alembic.
    """
    return sorted(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _migrate(engine: Engine, revision: str) -> None:
    """Run the pending revisions up to ``revision`` in one transaction, references checked."""
    from alembic import command  # Alembic loads only to create or upgrade a file

    cfg = _alembic_config()
    with _ALEMBIC, engine.begin() as conn:  # Alembic's context is one per process
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise sqlite3.IntegrityError(f"the upgraded file breaks {len(broken)} references")


def upgrade(path: Path, revision: str = "head") -> None:
    """Upgrade the file at ``path``: all of it, or nothing if interrupted."""
    engine = schema_engine(path)
    try:
        _migrate(engine, revision)
    finally:
        engine.dispose()


def _build(path: Path, revision: str) -> None:
    engine = schema_engine(path)
    try:
        _migrate(engine, revision)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO project_info(key, value) VALUES ('app', ?), ('created', ?)",
                (APP_ID, utc_now()),
            )
            for n, (name, color, description) in enumerate(DEFAULT_CODEBOOK):
                conn.exec_driver_sql(
                    "INSERT INTO code(uid, name, color, description, sort) VALUES (?, ?, ?, ?, ?)",
                    (str(uuid.uuid4()), name, color, description, n),
                )
    finally:
        engine.dispose()  # the last connection closing folds the WAL into the file


def _remove_abandoned(path: Path, suffix: str = ".new") -> None:
    """Remove what making ``path`` left behind in processes that were killed."""
    for leftover in path.parent.glob(f".{path.name}.*{suffix}*"):
        pid = leftover.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not alive(int(pid)):
            leftover.unlink(missing_ok=True)


def create(path: Path, *, revision: str = "head") -> bool:
    """Create a new, empty project at ``path``; False if another process made it first.

    The file is built as ``.<name>.<pid>.<random>.new`` beside ``path``; what a killed process
    left is removed by the next one.
    """
    _remove_abandoned(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.new")
    try:
        _build(tmp, revision)
        try:
            os.link(tmp, path)  # never over an existing file, unlike a rename
        except FileExistsError:
            if path.stat().st_size == 0:  # an empty file is no project: take its place
                os.replace(tmp, path)
                return True
            return False
        except OSError:  # no hard links here (some network or FAT drives)
            if path.exists():
                return False
            os.replace(tmp, path)
        return True
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)


@dataclass(frozen=True)
class FileState:
    """What a look at an existing file found, without changing it."""

    is_project: bool
    revision: str | None
    has_version: bool = True


def inspect_file(path: Path) -> FileState:
    """Look at ``path`` without changing it or leaving any file beside it.

    Raises:
        OSError: the file cannot be read.
        sqlite3.DatabaseError: it is damaged.
    """
    with path.open("rb") as fh:
        if fh.read(16) != _SQLITE_MAGIC:
            return FileState(False, None)
    # With no write-ahead log beside it, the file is read as it stands: no lock, no -shm.
    immutable = not Path(f"{path}-wal").exists()
    with closing(sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "project_info" not in tables or "alembic_version" not in tables:
            return FileState(False, None)
        app = conn.execute("SELECT value FROM project_info WHERE key='app'").fetchone()
        rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return FileState(app is not None and app[0] == APP_ID, rev[0] if rev else None, rev is not None)


def backup(path: Path, dest: Path) -> Path:
    """Copy the database at ``path`` to ``dest`` with SQLite's online backup, atomically."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(dest, ".part")
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.part")
    try:
        with closing(sqlite3.connect(path)) as src, closing(sqlite3.connect(tmp)) as dst:
            src.backup(dst)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def backup_before_upgrade(path: Path, revision: str, folder: Path) -> Path:
    """The one backup of ``path`` at ``revision``, made now unless an earlier attempt made it.

    An interrupted upgrade leaves the file at its old revision, so a copy named for that
    revision is already the copy wanted; a retry adds no second one.
    """
    dest = folder / f"{path.stem}.schema-{revision}-backup{SUFFIX}"
    if dest.exists():
        try:
            if inspect_file(dest).revision == revision:
                return dest
        except (OSError, sqlite3.DatabaseError):
            pass  # a broken copy is made again
    return backup(path, dest)
