"""The codebook's audit trail: who changed which code how, and when.

Each event says who created, renamed, moved, recoloured, described, merged, deleted or restored
a code. Events name the code by uid (the trail outlives the code) and keep its name at the time,
so a deleted code's history still reads. :mod:`db.annotate.codes` writes them, :func:`history`
reads them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from db.store.models import Code, CodeEvent

#: The memo fields besides ``description`` (the definition); their edits are "describe" events.
MEMO_FIELDS = ("description", "when_to_use", "when_not", "example")
_MEMO_WORDS = dict(
    zip(MEMO_FIELDS, ("definition", "when to use", "when not", "example"), strict=True)
)
#: The action an edited field makes, in the order a change's events are written.
_ACTIONS = {
    "name": "rename",
    "parent_id": "move",
    "sort": "move",
    "color": "recolour",
    **{f: "describe" for f in MEMO_FIELDS},
}


@dataclass(frozen=True)
class Event:
    id: int
    code_uid: str
    name: str  # the code's name when it happened
    action: str
    coder: str
    at: str
    detail: Mapping[str, object]


def log(s: Session, code: Code, action: str, coder: str, **detail: object) -> None:
    """Write one event for ``code`` (its name goes in the detail)."""
    data = {"name": code.name, **detail}
    s.add(CodeEvent(code_uid=code.uid, action=action, coder=coder, detail=json.dumps(data)))


def log_edit(s: Session, code: Code, old: Mapping[str, object], coder: str) -> None:
    """An event for each kind of change an edit made (rename, move, …), with old and new values.

    Values that stayed the same make none; a parent is named by its uid (ids mean nothing once
    the code is gone).
    """
    changed: dict[str, dict[str, object]] = {}
    for name, was in old.items():
        now = getattr(code, name)
        if now != was:
            if name == "parent_id":
                was, now = code_uid(s, was), code_uid(s, now)
            changed.setdefault(_ACTIONS[name], {})[name] = {"old": was, "new": now}
    for action, fields in changed.items():
        log(s, code, action, coder, **fields)


def history(s: Session, code_id: int | None = None, *, uid: str | None = None) -> list[Event]:
    """The codebook's events, newest first: all, or one code's, a merge into it included.

    The code is named by id, or by uid once it is deleted.
    """
    query = select(CodeEvent)
    if code_id is not None:
        row = s.get(Code, code_id)
        if row is None:
            raise ValueError(f"there is no code {code_id}")
        uid = row.uid
    if uid is not None:
        into = func.json_extract(col(CodeEvent.detail), "$.into")
        query = query.where(or_(col(CodeEvent.code_uid) == uid, into == uid))
    rows = s.exec(query.order_by(col(CodeEvent.id).desc())).all()
    return [_view(r) for r in rows if r.id is not None]


def _view(row: CodeEvent) -> Event:
    try:
        detail = json.loads(row.detail)
    except ValueError:
        detail = {}
    if not isinstance(detail, dict):
        detail = {}
    name = detail.get("name")
    if isinstance(name, dict):  # a rename: the code's name is the new one
        name = name.get("new")
    assert row.id is not None
    return Event(
        row.id,
        row.code_uid,
        name if isinstance(name, str) else "",
        row.action,
        row.coder,
        row.at,
        detail,
    )


def code_uid(s: Session, code_id: object) -> str | None:
    """The uid of the code with this id, None for none."""
    row = s.get(Code, code_id) if isinstance(code_id, int) else None
    return row.uid if row else None


def describe(event: Event, names: Mapping[str, str]) -> str:
    """What the event did, in a sentence; ``names`` gives codes' names by uid."""
    d = event.detail

    def named(uid: object) -> str:
        return f"“{names.get(uid, '(a deleted code)')}”" if isinstance(uid, str) else "top level"

    def change(key: str) -> Mapping[str, object]:
        value = d.get(key)
        return value if isinstance(value, Mapping) else {}

    held = d.get("highlights", 0)
    if event.action == "create":
        made = "Imported" if d.get("imported") else "Created"
        return made + (f" inside {named(d['parent'])}" if d.get("parent") else "")
    if event.action == "rename":
        return f"Renamed from “{change('name').get('old')}” to “{change('name').get('new')}”"
    if event.action == "move":
        moved = change("parent_id")
        return f"Moved to {named(moved.get('new'))}" if moved else "Moved among its siblings"
    if event.action == "recolour":
        return f"Colour changed from {change('color').get('old')} to {change('color').get('new')}"
    if event.action == "describe":
        return "Memo changed: " + ", ".join(w for k, w in _MEMO_WORDS.items() if k in d)
    if event.action == "merge":
        parts = [
            _count(d.get("moved"), "highlight", "moved"),
            _count(d.get("dropped"), "duplicate", "removed"),
            _count(d.get("children"), "nested code", "moved in"),
        ]
        done = ", ".join(p for p in parts if p) or "nothing coded with it"
        return f"Merged into {named(d.get('into'))}: {done}"
    if event.action == "delete":
        return f"Deleted, {_count(held, 'highlight', 'uncoded')}" if held else "Deleted"
    if event.action == "restore":
        again = f", {_count(held, 'highlight', 'coded again')}" if held else ""
        return f"Restored (undoing a {d.get('undoes', 'delete')}){again}"
    return event.action


def _count(n: object, thing: str, done: str) -> str:
    """``3 highlights moved``; "" for none."""
    if not isinstance(n, int) or n <= 0:
        return ""
    return f"{n} {thing}{'' if n == 1 else 's'} {done}"
