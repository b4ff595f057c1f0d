"""Merging a coder's project: another coder's codings brought into this project, never twice.

Double coding on laptops: each coder works in a copy of the project, then one merges the
others'. The other file is never written to: it is copied (SQLite's backup, so a copy taken
while its coder works is whole), the copy opened (and upgraded, if it is older), and its work
read as a Claimdesk JSON export would carry it. Then, in one write transaction:

- codes are matched by uid, else by their path (``Frame/Conflict``); the rest are added;
- articles are matched by their text's SHA-256; those this project lacks come in whole;
- into an article held here, each highlight comes in unless it is here already (its uid, or the
  same span, code and coder); a highlight whose uid is here on another span or code is a
  conflict, and this project's own stands; so do notes;
- claims, claimants and the rating scale come in by uid, with the mentions the project lacks;
- the coding sheet's variables and values come in as :mod:`db.formats.merge_variables` says.

What was added, found already there, and in conflict is reported in a :class:`MergeReport`.
"""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from db.annotate.codes import all_codes, path
from db.annotate.highlights import new_row
from db.formats.collect import FormatError, ProjectData
from db.formats.merge_variables import Sheet, merge_sheet, read_sheet
from db.formats.project_json import load_json, write_json
from db.ingest.annotated import ArticleIn, ExchangeError, Incoming, ids_by, note_row, store
from db.ingest.rows import begin_write, sha256
from db.store.project import Project, ProjectError, open_project


@dataclass
class MergeReport:
    articles_added: int = 0
    highlights_added: int = 0  # into articles both projects hold
    highlights_held: int = 0  # there already
    notes_added: int = 0
    codes_added: int = 0
    variables_added: int = 0
    values_added: int = 0  # variable values, coded for articles
    values_held: int = 0
    coders: list[str] = field(default_factory=list)  # whose highlights the other project holds
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{self.articles_added:,} new article{'s' * (self.articles_added != 1)}",
            f"{self.highlights_added:,} highlight{'s' * (self.highlights_added != 1)} added to "
            "articles held here",
            f"{self.highlights_held:,} already here",
        ]
        if self.codes_added:
            parts.append(f"{self.codes_added:,} new code{'s' * (self.codes_added != 1)}")
        if self.values_added or self.values_held:
            parts.append(
                f"{self.values_added:,} variable value{'s' * (self.values_added != 1)} added "
                f"({self.values_held:,} already here)"
            )
        if self.variables_added:
            n = self.variables_added
            parts.append(f"{n:,} new variable{'s' * (n != 1)}")
        if self.conflicts:
            parts.append(f"{len(self.conflicts):,} in conflict (this project's kept)")
        who = ", ".join(self.coders) or "no one"
        return f"Merged the codings of {who}: " + "; ".join(parts) + "."


def merge_project(project: Project, other: Path) -> MergeReport:
    """Bring the codings of the project file ``other`` into ``project``.

    Raises:
        FormatError: ``other`` is this project, or not a readable Claimdesk project, or what it
            holds cannot be merged (the message says why); nothing was merged.
    """
    if _same_file(project.path, other):
        raise FormatError(f"{other.name} is this project itself: choose another coder's copy")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "other.claimdesk"
        _copy(other, copy)
        exported = Path(tmp) / "other.json"
        try:
            with (
                open_project(copy, create=False, backup_dir=Path(tmp)) as theirs,
                theirs.session() as s,
            ):
                write_json(ProjectData(s), exported)
                sheet = read_sheet(s)
        except ProjectError as exc:
            raise FormatError(f"{other.name} cannot be merged: {exc}") from exc
        incoming = load_json(exported)
    try:
        with project.session() as s:
            return _merge(s, incoming, sheet)
    except ExchangeError as exc:
        raise FormatError(f"{other.name}: {exc}; nothing of it was merged") from exc


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except OSError:
        return False


def _copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise FormatError(f"{source.name} is not a file")
    try:
        with (
            closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as src,
            closing(sqlite3.connect(target)) as dst,
        ):
            src.backup(dst)
    except sqlite3.DatabaseError as exc:
        raise FormatError(f"{source.name} is not a readable project ({exc})") from exc


def _merge(s: Session, inc: Incoming, sheet: Sheet) -> MergeReport:
    conn = s.connection().connection.dbapi_connection
    assert isinstance(conn, sqlite3.Connection)
    begin_write(conn)
    coders = {h.coder for a in inc.articles for h in a.highlights} | {
        v.coder for v in sheet.values
    }
    report = MergeReport(coders=sorted(c or "(no name)" for c in coders))
    report.codes_added = _match_codes(s, inc)
    shas = [sha256(a.article.text) for a in inc.articles]
    held = ids_by(s, "article", "text_sha256", shas)
    fresh: list[ArticleIn] = []
    for a, sha in zip(inc.articles, shas, strict=True):
        if sha in held:
            _into_held(s, held[sha], a, report)
        else:
            fresh.append(a)
    inc.articles = fresh
    report.articles_added = store(s, inc)[0]  # new articles, new codes, claims and mentions
    merged = merge_sheet(s, sheet)
    report.variables_added, report.values_added = merged.variables_added, merged.values_added
    report.values_held = merged.values_held
    report.conflicts += merged.conflicts
    return report


def _match_codes(s: Session, inc: Incoming) -> int:
    """Point the file's codes at this project's where their uid or path match; count the rest."""
    mine = all_codes(s)
    by_uid = {c.uid for c in mine}
    by_path = {path(mine, c.id): c.uid for c in mine}
    theirs: dict[str, str] = {}  # their uid -> the uid it is here
    paths: dict[str, str] = {}  # their uid -> their path
    kept = []
    for c in inc.codes:  # parents come before their children
        parent = paths.get(c.parent or "", "")
        paths[c.uid] = f"{parent}/{c.name}" if parent else c.name
        if c.uid in by_uid:
            theirs[c.uid] = c.uid
        elif paths[c.uid] in by_path:
            theirs[c.uid] = by_path[paths[c.uid]]
        else:
            c.parent = theirs.get(c.parent or "", c.parent)
            theirs[c.uid] = c.uid
            kept.append(c)
    inc.codes = kept
    for a in inc.articles:
        for h in a.highlights:
            if h.code is not None:
                h.code = theirs.get(h.code, h.code)
    return len(kept)


def _into_held(s: Session, article_id: int, a: ArticleIn, report: MergeReport) -> None:
    """Add the article's highlights and notes this project lacks; report those in conflict."""
    codes = {c.uid: c.id for c in all_codes(s)}
    here = s.execute(
        text(
            'SELECT h.uid, h.start, h."end", c.uid, h.coder FROM highlight h '
            "LEFT JOIN code c ON c.id = h.code_id WHERE h.article_id = :a"
        ),
        {"a": article_id},
    ).all()
    by_uid = {r[0]: (r[1], r[2], r[3]) for r in here}
    spans = {(r[1], r[2], r[3], r[4]) for r in here}
    notes = _held_notes(s, a)
    title = a.article.title or f"article {article_id}"
    for h in a.highlights:
        if h.uid in by_uid:
            if by_uid[h.uid] == (h.start, h.end, h.code):
                report.highlights_held += 1
            else:
                report.conflicts.append(
                    f"{title!r}: the highlight {h.uid} is coded differently here; this "
                    "project's is kept"
                )
            continue
        if (h.start, h.end, h.code, h.coder) in spans:
            report.highlights_held += 1
            continue
        row = new_row(
            article_id=article_id,
            text=a.article.text,
            text_sha256=sha256(a.article.text),
            start=h.start,
            end=h.end,
            code_id=codes.get(h.code) if h.code else None,
            coder=h.coder,
            uid=h.uid,
            created=h.created,
            modified=h.modified,
            status=h.status,
        )
        s.add(row)
        s.flush()
        report.highlights_added += 1
        if h.note is not None and h.note.uid not in notes:
            s.add(note_row(h.note, highlight_id=row.id))
            report.notes_added += 1
    if a.note is not None and a.note.uid not in notes:
        own = s.execute(
            text("SELECT body FROM note WHERE article_id = :a"), {"a": article_id}
        ).scalar()
        if own is None:
            s.add(note_row(a.note, article_id=article_id))
            report.notes_added += 1
        elif own != a.note.body:
            report.conflicts.append(
                f"{title!r}: the note on the article differs; this project's is kept"
            )


def _held_notes(s: Session, a: ArticleIn) -> set[str]:
    """Which of the article's notes (on it, on its highlights) this project holds, by uid."""
    uids = [n.uid for n in (a.note, *(h.note for h in a.highlights)) if n is not None]
    return set(ids_by(s, "note", "uid", uids))
