"""Highlights: spans of an article's canonical text (code points), each with its quote and code.

Functions take a session and return plain values. :func:`delete` returns a :class:`Snapshot`
that :func:`restore` puts back exactly (same id and uid), which is what undo needs.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import regex
from sqlmodel import Session, col, select

from db.store.models import Article, Claim, Code, Highlight, Mention, Note, utc_now

#: Code points of prefix and suffix: each cut is then widened to the nearest grapheme-cluster
#: boundary (see :func:`context`), and stops at the text's edges.
CONTEXT = 32
_CLUSTER = regex.compile(r"\X")
_LAST = regex.compile(r"\X*(\X)")
# A cluster never runs on into an ASCII character, unless after a prepended mark or a CR: the
# last such character before a cut is where its segmentation can start (searched backwards).
_ASCII = regex.compile(r"(?r)(?<![\p{Grapheme_Cluster_Break=Prepend}\r])[\x00-\x7f]")


class HighlightError(ValueError):
    """A highlight cannot be made as asked (the message says why)."""


@dataclass(frozen=True)
class Snapshot:
    """Everything needed to put a deleted highlight back, its note included."""

    row: dict[str, object]
    note: dict[str, object] | None
    mention: dict[str, object] | None = None  # the claim it mentioned


@dataclass(frozen=True)
class HighlightView:
    id: int
    uid: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    code_id: int | None
    code: str | None
    color: str | None
    coder: str
    status: str
    created: str
    modified: str
    note: str


def highlights_of(s: Session, article_id: int) -> list[HighlightView]:
    """The article's highlights in text order, with code and note."""
    q = (
        select(Highlight, Code, Note)
        .join(Code, col(Code.id) == col(Highlight.code_id), isouter=True)
        .join(Note, col(Note.highlight_id) == col(Highlight.id), isouter=True)
        .where(Highlight.article_id == article_id)
        .order_by(col(Highlight.start), col(Highlight.end), col(Highlight.id))
    )
    return [
        HighlightView(
            h.id or 0,
            h.uid,
            h.start,
            h.end,
            h.exact,
            h.prefix,
            h.suffix,
            h.code_id,
            c.name if c else None,
            c.color if c else None,
            h.coder,
            h.status,
            h.created,
            h.modified,
            n.body if n else "",
        )
        for h, c, n in s.exec(q).all()
    ]


def coders(s: Session) -> list[str]:
    """Everyone who has highlighted something in the project, by name."""
    found = s.exec(select(Highlight.coder).distinct().order_by(col(Highlight.coder)))
    return list(found)


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix of ``text[start:end]``, as quote selectors store them.

    Each is :data:`CONTEXT` code points, widened outwards to the nearest grapheme-cluster
    boundary: a cut never splits a flag, an emoji sequence or a letter from its marks, and takes
    no more than the rest of the cluster it would have split (and never less than 32 code
    points, short of the text's edges).
    """
    lo = _boundary(text, max(0, start - CONTEXT), up=False)
    hi = _boundary(text, min(len(text), end + CONTEXT), up=True)
    return text[lo:start], text[end:hi]


def _boundary(text: str, i: int, *, up: bool) -> int:
    """The grapheme-cluster boundary at ``i``, or the nearest one below it (above, with ``up``)."""
    safe = _ASCII.search(text, 0, i + 1)
    begin = int(safe.start()) if safe else 0
    if begin == i:
        return i
    # The clusters from there as if the text ended at i: all but the last are the text's own.
    first = int(_LAST.match(text, begin, i).start(1))
    whole = int(_CLUSTER.match(text, first).end())  # the last one, not cut short at i
    return whole if up or whole == i else first


def new_row(
    *,
    article_id: int,
    text: str,
    text_sha256: str,
    start: int,
    end: int,
    code_id: int | None = None,
    coder: str = "",
    uid: str | None = None,
    created: str | None = None,
    modified: str | None = None,
    status: str = "anchored",
) -> Highlight:
    """The one way a highlight row is made: its quote and context cut from ``text``.

    Every creation path (marking, and each importer) builds its rows here, so a stored quote
    always matches its span.

    Raises:
        HighlightError: the span is empty, blank, or outside the text.
    """
    if not 0 <= start < end <= len(text) or not text[start:end].strip():
        raise HighlightError("select some text of the article first")
    now = utc_now()
    prefix, suffix = context(text, start, end)
    return Highlight(
        uid=uid or str(uuid.uuid4()),
        article_id=article_id,
        start=start,
        end=end,
        exact=text[start:end],
        prefix=prefix,
        suffix=suffix,
        text_sha256=text_sha256,
        code_id=code_id,
        coder=coder,
        status=status,
        created=created or now,
        modified=modified or created or now,
    )


def add(
    s: Session,
    *,
    article_id: int,
    start: int,
    end: int,
    code_id: int | None = None,
    coder: str = "",
) -> int:
    """Highlight ``[start, end)`` of the article's canonical text; returns the new id.

    Raises:
        HighlightError: the article does not exist, or the span is empty or outside its text.
    """
    article = s.get(Article, article_id)
    if article is None:
        raise HighlightError(f"there is no article {article_id}")
    row = new_row(
        article_id=article_id,
        text=article.text,
        text_sha256=article.text_sha256,
        start=start,
        end=end,
        code_id=code_id,
        coder=coder,
    )
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def uid_of(s: Session, highlight_id: int) -> str:
    return _get(s, highlight_id).uid


def set_code(
    s: Session, highlight_id: int, code_id: int | None, *, uid: str | None = None
) -> int | None:
    """Code the highlight with ``code_id``; returns the code it had before.

    With ``uid``, the highlight must still be that one (see :func:`delete`).
    """
    row = _get(s, highlight_id, uid)
    old = row.code_id
    row.code_id, row.modified = code_id, utc_now()
    s.add(row)
    return old


def delete(s: Session, highlight_id: int, *, uid: str | None = None) -> Snapshot:
    """Delete the highlight (its note, its link to a claim); returns what :func:`restore` needs.

    With ``uid``, the highlight must still be that one: an undo never deletes another's claim.
    """
    row = _get(s, highlight_id, uid)
    note = s.exec(select(Note).where(Note.highlight_id == highlight_id)).first()
    mention = s.exec(select(Mention).where(Mention.highlight_id == highlight_id)).first()
    snap = Snapshot(
        row.model_dump(),
        note.model_dump() if note else None,
        mention.model_dump() if mention else None,
    )
    s.delete(row)  # the note and the mention go with it (ON DELETE CASCADE)
    s.flush()
    for gone in (note, mention):
        if gone:
            s.expunge(gone)
    return snap


def restore(s: Session, snap: Snapshot) -> int:
    """Put back a deleted highlight with its id, uid and note.

    If its code has gone meanwhile (deleted, or replaced by an imported codebook), it comes
    back uncoded; if its claim has gone, it comes back mentioning none.
    """
    row = Highlight.model_validate(snap.row)
    if row.code_id is not None and s.get(Code, row.code_id) is None:
        row.code_id = None
    s.add(row)
    s.flush()
    if snap.note:
        s.add(Note.model_validate(snap.note))
    if snap.mention and s.get(Claim, snap.mention["claim_id"]) is not None:
        s.add(Mention.model_validate(snap.mention))  # unless its claim has gone meanwhile
    assert row.id is not None
    return row.id


def _get(s: Session, highlight_id: int, uid: str | None = None) -> Highlight:
    row = s.get(Highlight, highlight_id)
    if row is None or (uid is not None and row.uid != uid):
        raise HighlightError(
            "That highlight is no longer in the project (it was deleted or changed elsewhere)."
        )
    return row
