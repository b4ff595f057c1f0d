"""Notes on an article or on a highlight: one each, saved whole (empty text removes it)."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from db.store.models import Note, utc_now

FORMATS = ("text/plain", "text/markdown")


def get(
    s: Session, *, article_id: int | None = None, highlight_id: int | None = None
) -> Note | None:
    """The note on the article or the highlight, if there is one."""
    return s.exec(_where(article_id, highlight_id)).first()


def body(s: Session, *, article_id: int | None = None, highlight_id: int | None = None) -> str:
    note = get(s, article_id=article_id, highlight_id=highlight_id)
    return note.body if note else ""


def save(
    s: Session,
    text: str,
    *,
    article_id: int | None = None,
    highlight_id: int | None = None,
    fmt: str | None = None,
    coder: str | None = None,
) -> None:
    """Save ``text`` as the note on the article or the highlight; empty text deletes the note.

    ``coder`` is who wrote it (a note keeps the name it was first written under when None).

    Raises:
        ValueError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"notes are plain text or Markdown, not {fmt}")
    note = get(s, article_id=article_id, highlight_id=highlight_id)
    if not text.strip():
        if note:
            s.delete(note)
        return
    if note is None:
        note = Note(uid=str(uuid.uuid4()), article_id=article_id, highlight_id=highlight_id)
    note.body, note.modified = text, utc_now()
    if fmt:
        note.format = fmt
    if coder is not None:
        note.coder = coder
    s.add(note)


def _where(article_id: int | None, highlight_id: int | None) -> SelectOfScalar[Note]:
    if (article_id is None) == (highlight_id is None):
        raise ValueError("a note is on an article or on a highlight")
    if article_id is not None:
        return select(Note).where(Note.article_id == article_id)
    return select(Note).where(Note.highlight_id == highlight_id)
