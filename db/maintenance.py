"""Checking a project file: a backup first, then SQLite's checks and the search index's.

``check`` is what Tools ▸ Check project and ``claimdesk check`` run. It reports in words what it
found and what it repaired: a search index that disagrees with its tables, or was made by
another version of folding, is rebuilt; damage SQLite cannot repair is reported with the
backup to go back to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from db.index.fold import FOLD_VERSION
from db.index.fts import SPECS, rebuild_statements
from db.store.connect import connect_raw
from db.store.models import utc_now
from db.store.project import Project, describe_error
from db.store.schema import SUFFIX, backup


@dataclass
class CheckReport:
    backup: Path | None = None
    problems: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing is wrong now (what was wrong has been repaired)."""
        return len(self.problems) == len(self.fixed)

    def summary(self) -> str:
        lines = [f"A copy of the project was saved first: {self.backup}"] if self.backup else []
        if not self.problems:
            lines.append("No problems found: the file, its references and its index are sound.")
        lines += [f"Problem: {p}" for p in self.problems]
        lines += [f"Repaired: {f}" for f in self.fixed]
        if not self.ok:
            lines.append(
                "Some problems could not be repaired. Keep the copy above, and go back to an "
                "earlier copy of the project if the work in it matters."
            )
        return "\n".join(lines)


Step = Callable[[sqlite3.Connection, CheckReport], None]


def _integrity(conn: sqlite3.Connection, report: CheckReport) -> None:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        report.problems.append(
            f"SQLite found the file damaged ({len(rows)} findings, first: {rows[0]})."
        )


def _references(conn: sqlite3.Connection, report: CheckReport) -> None:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    if rows:
        tables = sorted({r[0] for r in rows})
        report.problems.append(
            f"{len(rows)} rows point to rows that are gone (in {', '.join(tables)})."
        )


def _index(conn: sqlite3.Connection, report: CheckReport) -> None:
    row = conn.execute("SELECT value FROM project_info WHERE key = 'fold_version'").fetchone()
    stale = row is None or row[0] != FOLD_VERSION
    broken = []
    for s in SPECS:
        try:
            conn.execute(f"INSERT INTO {s.fts}({s.fts}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError:
            broken.append(s.table)
    if not stale and not broken:
        return
    what = (
        f"the search index of {', '.join(broken)} disagreed with its table"
        if broken
        else "the search index was made by another version of Claimdesk"
    )
    report.problems.append(what[0].upper() + what[1:] + ".")
    try:
        conn.execute("BEGIN IMMEDIATE")
        for sql in rebuild_statements():
            conn.execute(sql)
        conn.execute(
            "INSERT OR REPLACE INTO project_info(key, value) VALUES ('fold_version', ?)",
            (FOLD_VERSION,),
        )
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        conn.rollback()
        report.problems.append(f"The search index could not be rebuilt: {describe_error(exc)}")
        return
    report.fixed.append("the search index was rebuilt from the articles, captions and notes.")


STEPS: tuple[Step, ...] = (_integrity, _references, _index)


def index_is_current(project: Project) -> bool:
    """Whether the search index was made by this version's folding (one small read)."""
    with closing(connect_raw(project.path, read_only=True)) as conn:
        row = conn.execute("SELECT value FROM project_info WHERE key = 'fold_version'").fetchone()
    return row is not None and row[0] == FOLD_VERSION


def ensure_current_index(project: Project) -> bool:
    """Rebuild the search index if another version of folding made it; True if it did."""
    if project.read_only or index_is_current(project):
        return False
    report = CheckReport()
    with closing(connect_raw(project.path)) as conn:
        conn.isolation_level = None
        _index(conn, report)
    return bool(report.fixed)


def check(project: Project, *, backup_dir: Path | None = None) -> CheckReport:
    """Back the project up, then check it and repair what can be repaired."""
    report = CheckReport()
    folder = backup_dir or project.path.parent
    stamp = utc_now().replace(":", "").replace("-", "")[:15]
    try:
        dest = folder / f"{project.path.stem}.check-{stamp}{SUFFIX}"
        report.backup = backup(project.path, dest)
    except (OSError, sqlite3.Error) as exc:
        report.problems.append(f"No copy could be made before checking: {describe_error(exc)}")
        return report
    with closing(connect_raw(project.path, read_only=project.read_only)) as conn:
        conn.isolation_level = None
        for step in STEPS:
            if project.read_only and step is _index:
                continue
            try:
                step(conn, report)
            except sqlite3.DatabaseError as exc:
                report.problems.append(describe_error(exc))
    return report
