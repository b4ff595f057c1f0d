"""Merging two codes: the source's highlights and nested codes go to the target, then it goes.

Nothing coded is lost: each highlight of the source is coded with the target instead, except a
bare duplicate (the same coder's highlight of the same span, already coded with the target, and
no note or claim of its own), which is removed rather than doubled. :func:`unmerge` puts it all
back as it was, ids included, which is what undo needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from db.annotate import codes, highlights
from db.annotate.code_history import log
from db.store.models import Code, Highlight, Mention, Note


@dataclass(frozen=True)
class MergeSnapshot:
    source: codes.Snapshot  # the source as deleted, with the highlights it held
    target_id: int
    children: list[tuple[int, int]]  # (code id, its sort) of the codes nested in the source
    dropped: list[highlights.Snapshot]  # duplicates removed


def merge(s: Session, source_id: int, target_id: int, *, coder: str = "") -> MergeSnapshot:
    """Merge the code ``source_id`` into ``target_id``; returns what :func:`unmerge` needs.

    Refused (ValueError) for a code merged into itself or into a code nested in it.
    """
    source, target = s.get(Code, source_id), s.get(Code, target_id)
    if source is None or target is None:
        raise ValueError(f"there is no code {source_id if source is None else target_id}")
    if source_id == target_id:
        raise ValueError("a code cannot be merged into itself")
    if codes.is_within(s, target_id, source_id):
        raise ValueError(f"“{source.name}” cannot be merged into “{target.name}”, nested in it")
    children = s.exec(select(Code).where(Code.parent_id == source_id).order_by(col(Code.sort)))
    nested = [(c.id, c.sort) for c in children if c.id is not None]
    for child_id, _ in nested:
        codes.update(s, child_id, parent_id=target_id, coder=coder)
    dropped = [highlights.delete(s, hid) for hid in _duplicates(s, source_id, target_id)]
    target_uid = target.uid
    snap = codes.take_out(s, source_id)
    for highlight_id, _ in snap.uses:
        h = s.get(Highlight, highlight_id)
        if h is not None:
            h.code_id = target_id
            s.add(h)
    log(
        s,
        Code.model_validate(snap.codes[0]),
        "merge",
        coder,
        into=target_uid,
        moved=len(snap.uses),
        dropped=len(dropped),
        children=len(nested),
    )
    return MergeSnapshot(snap, target_id, nested, dropped)


def unmerge(s: Session, snap: MergeSnapshot, *, coder: str = "") -> None:
    """Undo :func:`merge`: the source back with its ids, highlights and nested codes."""
    codes.restore(s, snap.source, coder=coder, undoes="merge")
    source_id = int(str(snap.source.codes[0]["id"]))
    for child_id, sort in snap.children:
        codes.update(s, child_id, parent_id=source_id, sort=sort, coder=coder)
    for dropped in snap.dropped:
        highlights.restore(s, dropped)


def moving(s: Session, source_id: int) -> int:
    """How many highlights a merge of the code would move (its own, not its nested codes')."""
    return len(s.exec(select(Highlight.id).where(Highlight.code_id == source_id)).all())


def _duplicates(s: Session, source_id: int, target_id: int) -> list[int]:
    """The source's bare duplicates of the target's highlights.

    The same span and coder, already coded with the target, with no note or claim of their own.
    """
    kept = {
        (h.article_id, h.start, h.end, h.coder)
        for h in s.exec(select(Highlight).where(Highlight.code_id == target_id))
    }
    carried = set(s.exec(select(Note.highlight_id)).all()) | set(
        s.exec(select(Mention.highlight_id)).all()
    )
    return [
        h.id
        for h in s.exec(select(Highlight).where(Highlight.code_id == source_id))
        if h.id is not None
        and h.id not in carried
        and (h.article_id, h.start, h.end, h.coder) in kept
    ]
