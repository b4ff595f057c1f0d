"""Released migrations are frozen: each builds exactly the schema its release built.

``tests/fixtures/projects/schema-NNNN.sql`` holds what the code that released revision NNNN
made of a new project (see make_fixture.py there); today's migrations must make the same.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from types import ModuleType

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from db.store.project import create_project

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "projects"
VERSIONS = Path(__file__).resolve().parents[2] / "db" / "store" / "migrations" / "versions"
FROZEN = ("0001", "0002", "0003", "0004")

Master = dict[tuple[str, str], tuple[str, str | None]]  # (type, name) -> (tbl_name, sql)
Config = set[tuple[str, str, object]]  # (config table, k, v)

_ENTRY = re.compile(r"^-- @(table|index|view|trigger) (\S+) ON (\S+)$", re.MULTILINE)
_CONFIG_ROW = re.compile(r"INSERT INTO (\w+_fts_config)\(k, v\) VALUES \(.*\);")


def squeeze(sql: str | None) -> str | None:
    return None if sql is None else " ".join(sql.split())


def parse_snapshot(text: str) -> tuple[Master, Config]:
    """The sqlite_master rows and FTS5 config rows a schema snapshot records."""
    entries, marker, config_part = text.partition("\n-- @config\n")
    assert marker, "the snapshot has no config section"
    parts = _ENTRY.split(entries)[1:]
    master: Master = {}
    for kind, name, table, sql in zip(*[iter(parts)] * 4, strict=True):
        body = sql.strip().removesuffix(";")
        master[(kind, name)] = (table, squeeze(body) if body else None)
    config: Config = set()
    with closing(sqlite3.connect(":memory:")) as conn:
        for line in config_part.splitlines():
            m = _CONFIG_ROW.fullmatch(line)
            assert m, f"not a config row: {line!r}"
            conn.execute(f"CREATE TABLE IF NOT EXISTS {m[1]}(k PRIMARY KEY, v)")
            conn.execute(line)
            config |= {(m[1], k, v) for k, v in conn.execute(f"SELECT k, v FROM {m[1]}")}
    return master, config


def read_schema(path: Path) -> tuple[Master, Config]:
    """The same two things, read from a project file."""
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        master: Master = {(kind, name): (table, squeeze(sql)) for kind, name, table, sql in rows}
        config: Config = set()
        for kind, name in master:
            if kind == "table" and name.endswith("_fts_config"):
                config |= {(name, k, v) for k, v in conn.execute(f"SELECT k, v FROM {name}")}
    return master, config


def snapshot(revision: str) -> tuple[Master, Config]:
    return parse_snapshot((FIXTURES / f"schema-{revision}.sql").read_text(encoding="utf-8"))


def migration_files() -> list[Path]:
    files = sorted(VERSIONS.glob("[0-9]*_*.py"))
    assert len(files) >= len(FROZEN)
    return files


def load_migration(revision: str) -> ModuleType:
    (path,) = VERSIONS.glob(f"{revision}_*.py")
    spec = importlib.util.spec_from_file_location(f"migration_{revision}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("revision", FROZEN)
def test_revision_builds_the_released_schema(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "new.claimdesk"
    create_project(path, revision=revision)
    master, config = read_schema(path)
    expected_master, expected_config = snapshot(revision)
    assert ("table", "article") in expected_master
    assert sorted(master.items()) == sorted(expected_master.items())
    assert sorted(config, key=repr) == sorted(expected_config, key=repr)


@pytest.mark.parametrize("revision", FROZEN)
def test_downgrade_gives_back_the_schema_before(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "new.claimdesk"
    create_project(path, revision=revision)
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
            load_migration(revision).downgrade()
    finally:
        engine.dispose()
    master, config = read_schema(path)
    before = FROZEN.index(revision) - 1
    if before < 0:  # below the first revision only Alembic's own table is left
        assert set(master) == {
            ("table", "alembic_version"),
            ("index", "sqlite_autoindex_alembic_version_1"),
        }
        assert config == set()
    else:
        expected_master, expected_config = snapshot(FROZEN[before])
        assert sorted(master.items()) == sorted(expected_master.items())
        assert sorted(config, key=repr) == sorted(expected_config, key=repr)


@pytest.mark.parametrize("path", migration_files(), ids=lambda p: p.name)
def test_migration_imports_nothing_from_db(path: Path) -> None:
    imported: list[tuple[str, tuple[str, ...]]] = []  # (module, names taken from it)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=path.name)):
        if isinstance(node, ast.Import):
            imported += [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            imported.append(("." * node.level + (node.module or ""), names))
    assert imported, "a migration needs alembic's op"
    assert [m for m, _ in imported if m == "db" or m.startswith(("db.", "."))] == []
    if path.name.split("_", 1)[0] in FROZEN:
        assert imported == [("alembic", ("op",))]
