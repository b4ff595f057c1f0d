"""Articles that arrive with their codes, highlights and notes: what a project exchange file adds.

A format (Claimdesk JSON, REFI-QDA) reads its file into an :class:`Incoming` without touching the
project. :func:`check` then holds it to what a project needs: valid, unique uids; blocks,
captions and highlights inside their text; notes of a known format; colours that are colours.
:func:`store` writes it in one write transaction, where it is checked against the project too:
a text the project holds is a duplicate, a uid it holds on something else is refused. Whatever
is refused raises :class:`ExchangeError`, and the caller rolls the whole file back.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import text as sql
from sqlmodel import Session

from db.annotate import claims
from db.annotate import codes as codebook
from db.annotate.claims import CLAIMANT_KINDS, STATUSES
from db.annotate.code_history import log
from db.annotate.highlights import HighlightError, new_row
from db.annotate.notes import FORMATS
from db.ingest.article import ParsedArticle
from db.ingest.rows import begin_write, sha256, store_rows, to_rows
from db.store.models import Claim, Claimant, Code, Memo, Note, Rating

T = TypeVar("T", Note, Memo, Claim)


class ExchangeError(ValueError):
    """The file cannot be imported as it is; the message says what is wrong and where."""


@dataclass
class NoteIn:
    uid: str
    body: str
    format: str = "text/plain"
    lang: str | None = None
    created: str | None = None
    modified: str | None = None


@dataclass
class MemoIn(NoteIn):
    """A note on the project as a whole, with its title."""

    title: str = ""


@dataclass
class ClaimIn:
    """A claim and the uids of the highlights that mention it (in the file or the project)."""

    uid: str
    wording: str
    claimant: str | None = None  # a claimant's uid
    made_on: str | None = None
    status: str = "open"
    rating: str | None = None  # a rating's uid
    reasoning: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    evidence: list[dict[str, str]] = field(default_factory=list)
    created: str | None = None
    modified: str | None = None
    mentions: list[str] = field(default_factory=list)


@dataclass
class ClaimantIn:
    uid: str
    name: str
    kind: str = "person"
    aliases: list[str] = field(default_factory=list)


@dataclass
class RatingIn:
    uid: str
    label: str
    value: float


@dataclass
class CodeIn:
    uid: str
    name: str
    color: str | None
    description: str = ""  # the definition; the rest of the memo follows
    parent: str | None = None  # a code's uid: earlier in the file, or in the project
    sort: int = 0
    when_to_use: str = ""
    when_not: str = ""
    example: str = ""


@dataclass
class HighlightIn:
    uid: str
    start: int
    end: int
    code: str | None = None  # a code's uid, in the file or in the project
    coder: str = ""
    status: str = "anchored"
    created: str | None = None
    modified: str | None = None
    note: NoteIn | None = None


@dataclass
class ArticleIn:
    uid: str
    article: ParsedArticle
    origin_path: str | None = None
    imported_at: str | None = None
    note: NoteIn | None = None
    highlights: list[HighlightIn] = field(default_factory=list)


@dataclass
class Incoming:
    """A file's work, as read; ``warnings`` name what was left out of it and why."""

    codes: list[CodeIn] = field(default_factory=list)
    articles: list[ArticleIn] = field(default_factory=list)
    memos: list[MemoIn] = field(default_factory=list)
    claimants: list[ClaimantIn] = field(default_factory=list)
    ratings: list[RatingIn] = field(default_factory=list)
    claims: list[ClaimIn] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def clean_uid(value: object, where: str) -> str:
    """``value`` as a uid (a UUID, lower case, braces and case of GUIDs forgiven).

    Raises:
        ExchangeError: it is not a UUID.
    """
    if isinstance(value, str) and len(value) <= 40:
        try:
            return str(uuid.UUID(value.strip().strip("{}")))
        except ValueError:
            pass
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    raise ExchangeError(f"{where} has an invalid uid ({shown}); uids are UUIDs")


def check(inc: Incoming) -> None:
    """Hold ``inc`` to what a project needs, before anything is written; uids made canonical.

    Raises:
        ExchangeError: something in it is out of place (the message says what and where).
    """
    seen: dict[str, set[str]] = {
        "code": set(),
        "article": set(),
        "highlight": set(),
        "note": set(),
        "memo": set(),
        "claim": set(),
        "claimant": set(),
        "rating": set(),
    }

    def unique(kind: str, uid: str, where: str) -> str:
        uid = clean_uid(uid, where)
        if uid in seen[kind]:
            raise ExchangeError(f"{where} has the uid {uid}, which another {kind} in the file has")
        seen[kind].add(uid)
        return uid

    for n, c in enumerate(inc.codes, start=1):
        where = f"code {n} ({c.name!r})"
        c.uid = unique("code", c.uid, where)
        if c.parent is not None:
            c.parent = clean_uid(c.parent, f"{where}'s parent")
            if c.parent == c.uid:
                raise ExchangeError(f"{where} is its own parent")
        c.name = c.name.strip() or "Untitled code"
        color = codebook.clean_color(c.color)
        if color is None:
            inc.warnings.append(
                f"{where}: {c.color!r} is not a colour; it was given {codebook.FALLBACK_COLOR}"
            )
        c.color = color or codebook.FALLBACK_COLOR
    for n, memo in enumerate(inc.memos, start=1):
        where = f"project note {n} ({memo.title!r})"
        memo.uid = unique("memo", memo.uid, where)
        _check_note(memo, where)
    _check_claims(inc, unique)
    for n, a in enumerate(inc.articles, start=1):
        where = f"article {n}"
        a.uid = unique("article", a.uid, where)
        _check_article(a.article, where)
        if a.note:
            a.note.uid = unique("note", a.note.uid, f"{where}'s note")
            _check_note(a.note, f"{where}'s note")
        text = a.article.text
        for m, h in enumerate(a.highlights, start=1):
            spot = f"{where}, highlight {m}"
            h.uid = unique("highlight", h.uid, spot)
            if h.code is not None:
                h.code = clean_uid(h.code, f"{spot}'s code")
            try:  # the rule every highlight is made by, tried before anything is written
                new_row(article_id=0, text=text, text_sha256="", start=h.start, end=h.end)
            except HighlightError as exc:
                raise ExchangeError(
                    f"{spot} ({h.start}-{h.end}) does not mark text of the article"
                ) from exc
            if h.note:
                h.note.uid = unique("note", h.note.uid, f"{spot}'s note")
                _check_note(h.note, f"{spot}'s note")


def _check_claims(inc: Incoming, unique: Callable[[str, str, str], str]) -> None:
    for n, p in enumerate(inc.claimants, start=1):
        where = f"claimant {n} ({p.name!r})"
        p.uid = unique("claimant", p.uid, where)
        if not p.name.strip() or p.kind not in CLAIMANT_KINDS:
            raise ExchangeError(f"{where} needs a name and is a person or an organisation")
    for n, r in enumerate(inc.ratings, start=1):
        r.uid = unique("rating", r.uid, f"rating {n} ({r.label!r})")
    for n, c in enumerate(inc.claims, start=1):
        where = f"claim {n} ({c.wording[:40]!r})"
        c.uid = unique("claim", c.uid, where)
        if not c.wording.strip() or c.status not in STATUSES:
            raise ExchangeError(f"{where} needs its wording and a status of {', '.join(STATUSES)}")
        c.claimant = clean_uid(c.claimant, f"{where}'s claimant") if c.claimant else None
        c.rating = clean_uid(c.rating, f"{where}'s rating") if c.rating else None
        c.mentions = [clean_uid(m, f"{where}'s mention") for m in c.mentions]


def _check_article(art: ParsedArticle, where: str) -> None:
    if not art.text.strip():
        raise ExchangeError(f"{where} has no text")
    size, last = len(art.text), 0
    for n, b in enumerate(art.blocks, start=1):
        if not last <= b.start < b.end <= size:
            raise ExchangeError(
                f"{where}, block {n} ({b.start}-{b.end}) lies outside the text or overlaps "
                "the block before"
            )
        last = b.end
    for n, c in enumerate(art.captions, start=1):
        if not (0 <= c.start < c.end <= size and 0 <= c.anchor <= size):
            raise ExchangeError(f"{where}, caption {n} ({c.start}-{c.end}) lies outside the text")


def _check_note(note: NoteIn, where: str) -> None:
    if note.format not in FORMATS:
        raise ExchangeError(
            f"{where} is in the format {note.format!r}; notes are {' or '.join(FORMATS)}"
        )


def store(s: Session, inc: Incoming) -> tuple[int, int]:
    """Write a checked :class:`Incoming` in one write transaction; (articles added, duplicates).

    Commit is the caller's, and so is the rollback when this raises.

    Raises:
        ExchangeError: a uid of the file is already in the project on something else, or a code it
            refers to is in neither.
    """
    conn = s.connection().connection.dbapi_connection
    assert isinstance(conn, sqlite3.Connection)
    begin_write(conn)  # what the project holds is read where no one else writes
    code_ids = _store_codes(s, inc.codes)
    _store_memos(s, inc.memos)
    shas = [sha256(a.article.text) for a in inc.articles]
    texts = set(_held(s, "article", "text_sha256", shas))
    new: list[ArticleIn] = []
    for a, sha in zip(inc.articles, shas, strict=True):
        if sha not in texts:  # not in the project, nor earlier in the file
            texts.add(sha)
            new.append(a)
    _refuse_held(s, "article", [a.uid for a in new])
    _refuse_held(s, "highlight", [h.uid for a in new for h in a.highlights])
    notes = [n for a in new for n in (a.note, *(h.note for h in a.highlights)) if n]
    _refuse_held(s, "note", [n.uid for n in notes])
    if not new:
        store_claims(s, inc)
        return 0, len(inc.articles)
    ids = store_rows(
        conn,
        [(to_rows(a.article), a.origin_path) for a in new],
        uids=[a.uid for a in new],
        imported=[a.imported_at for a in new],
    )
    rows = []
    for aid, a in zip(ids, new, strict=True):
        if a.note:
            s.add(note_row(a.note, article_id=aid))
        for h in a.highlights:
            if h.code is not None and h.code not in code_ids:
                raise ExchangeError(
                    f"highlight {h.uid} has the code {h.code}, which is neither in the file nor "
                    "in the project"
                )
            try:
                row = new_row(
                    article_id=aid,
                    text=a.article.text,
                    text_sha256=sha256(a.article.text),
                    start=h.start,
                    end=h.end,
                    code_id=code_ids[h.code] if h.code else None,
                    coder=h.coder,
                    uid=h.uid,
                    created=h.created,
                    modified=h.modified,
                    status=h.status,
                )
            except HighlightError as exc:  # check() let none through
                raise ExchangeError(f"highlight {h.uid} does not mark text of its article") from exc
            s.add(row)
            rows.append((row, h.note))
    s.flush()
    for row, note in rows:
        if note:
            s.add(note_row(note, highlight_id=row.id))
    s.flush()
    store_claims(s, inc)
    return len(new), len(inc.articles) - len(new)


def note_row(n: NoteIn, *, article_id: int | None = None, highlight_id: int | None = None) -> Note:
    """The note's row, on an article or on a highlight, with the times the file gives."""
    row = Note(
        uid=n.uid,
        body=n.body,
        format=n.format,
        lang=n.lang,
        article_id=article_id,
        highlight_id=highlight_id,
    )
    return _dated(row, n.created, n.modified)


def _dated(row: T, created: str | None, modified: str | None) -> T:
    """``row`` with the times the file gives (``modified`` defaults to ``created``), else now."""
    row.created = created or row.created
    row.modified = modified or created or row.modified
    return row


def _store_memos(s: Session, memos: list[MemoIn]) -> None:
    """Add the memos the project lacks: one it holds already (same uid) is the same memo."""
    held = set(_held(s, "memo", "uid", [m.uid for m in memos]))
    for m in memos:
        if m.uid not in held:
            row = Memo(uid=m.uid, title=m.title, body=m.body, format=m.format, lang=m.lang)
            s.add(_dated(row, m.created, m.modified))


def store_claims(s: Session, inc: Incoming) -> None:
    """Add the file's claimants, ratings and claims the project lacks, and their mentions.

    A claim the project holds (same uid) is the same claim: only mentions it lacks are added.
    A highlight that already mentions a claim keeps it.
    """
    people = _ids_by_uid(s, "claimant", [p.uid for p in inc.claimants])
    for p in inc.claimants:
        if p.uid not in people:
            row = Claimant(uid=p.uid, name=p.name, kind=p.kind, aliases=json.dumps(p.aliases))
            s.add(row)
            s.flush()
            assert row.id is not None
            people[p.uid] = row.id
    ratings = _ids_by_uid(s, "rating", [r.uid for r in inc.ratings])
    for r in inc.ratings:
        if r.uid not in ratings:
            rating = Rating(uid=r.uid, label=r.label, value=r.value)
            s.add(rating)
            s.flush()
            assert rating.id is not None
            ratings[r.uid] = rating.id
    held = _ids_by_uid(s, "claim", [c.uid for c in inc.claims])
    mentioned = _ids_by_uid(s, "highlight", [m for c in inc.claims for m in c.mentions])
    for c in inc.claims:
        if c.uid not in held:
            claim = Claim(
                uid=c.uid,
                wording=c.wording,
                claimant_id=people.get(c.claimant or ""),
                made_on=c.made_on,
                status=c.status,
                rating_id=ratings.get(c.rating or ""),
                reasoning=c.reasoning,
                tags=json.dumps(c.tags, ensure_ascii=False),
                notes=c.notes,
                evidence=json.dumps(c.evidence, ensure_ascii=False),
            )
            s.add(_dated(claim, c.created, c.modified))
            s.flush()
            assert claim.id is not None
            held[c.uid] = claim.id
        for m in c.mentions:
            if m in mentioned and claims.claim_of(s, mentioned[m]) is None:
                claims.link(s, held[c.uid], mentioned[m])


def _ids_by_uid(s: Session, table: str, uids: list[str]) -> dict[str, int]:
    """The id of each of ``uids`` the project's ``table`` holds."""
    return ids_by(s, table, "uid", uids)


def _held(s: Session, table: str, column: str, values: Iterable[str]) -> list[str]:
    """Which of ``values`` the project's ``table`` holds in ``column``."""
    return list(ids_by(s, table, column, values))


def ids_by(s: Session, table: str, column: str, values: Iterable[str]) -> dict[str, int]:
    """``column`` value -> id, for the rows of ``table`` that hold one of ``values``."""
    found: dict[str, int] = {}
    values = list(values)
    for i in range(0, len(values), 500):
        part = values[i : i + 500]
        marks = ", ".join(f":v{j}" for j in range(len(part)))
        rows = s.execute(
            sql(f"SELECT {column}, id FROM {table} WHERE {column} IN ({marks})"),
            {f"v{j}": v for j, v in enumerate(part)},
        )
        found.update({str(v): int(i) for v, i in rows})
    return found


def _refuse_held(s: Session, table: str, uids: list[str]) -> None:
    if held := _held(s, table, "uid", uids):
        raise ExchangeError(
            f"the project already has a {table} with the uid {held[0]}, on another "
            f"{'text' if table == 'article' else 'article'}"
        )


def _store_codes(s: Session, items: list[CodeIn]) -> dict[str, int]:
    """Add the file's codes the project lacks; returns every code's id by uid."""
    if items and codebook.is_untouched_default(s):
        for default in codebook.all_codes(s):
            codebook.delete(s, default.id)
    ids = {c.uid: c.id for c in codebook.all_codes(s)}
    for c in items:  # parents come before their children
        if c.uid in ids:
            continue
        if c.parent is not None and c.parent not in ids:
            raise ExchangeError(
                f"the code {c.name!r} is nested in the code {c.parent}, which is neither before "
                "it in the file nor in the project"
            )
        row = Code(
            uid=c.uid,
            name=c.name,
            color=c.color or codebook.FALLBACK_COLOR,
            description=c.description,
            parent_id=ids[c.parent] if c.parent else None,
            sort=c.sort,
            when_to_use=c.when_to_use,
            when_not=c.when_not,
            example=c.example,
        )
        s.add(row)
        s.flush()
        assert row.id is not None
        ids[c.uid] = row.id
        log(s, row, "create", "", parent=c.parent, imported=True)  # in the codebook's history
    return ids
