"""Notes on the project as a whole: a journal, the project memo, memos other tools keep."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from db.annotate.notes import FORMATS
from db.store.models import Memo, utc_now


def all_memos(s: Session) -> list[Memo]:
    """Every memo, oldest first."""
    return list(s.exec(select(Memo).order_by(col(Memo.created), col(Memo.id))))


def save(
    s: Session, title: str, body: str, *, uid: str | None = None, fmt: str = "text/plain"
) -> Memo | None:
    """Write the memo ``uid`` (a new one without it); an empty body deletes it.

    Raises:
        ValueError: ``fmt`` is not one of the note formats.
    """
    if fmt not in FORMATS:
        raise ValueError(f"memos are plain text or Markdown, not {fmt}")
    memo = s.exec(select(Memo).where(Memo.uid == uid)).first() if uid else None
    if not body.strip():
        if memo:
            s.delete(memo)
        return None
    memo = memo or Memo(uid=uid or str(uuid.uuid4()))
    memo.title, memo.body, memo.format, memo.modified = title, body, fmt, utc_now()
    s.add(memo)
    return memo
