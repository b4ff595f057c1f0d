"""The codebook: named, coloured codes that can nest, in a chosen order."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import delete as sa_delete
from sqlmodel import Session, col, select

from db.store.models import Code, Highlight
from db.store.project import DEFAULT_CODEBOOK

#: The colour a code gets when the one asked for is not a colour.
FALLBACK_COLOR = "#BBBBBB"
_HEX = re.compile(r"#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")


def clean_color(value: object) -> str | None:
    """``value`` as ``#RRGGBB`` (upper case) if it is a hex colour (``#abc`` too), else None.

    Colours from other tools' files go into reports and style sheets: nothing else may pass.
    """
    m = _HEX.fullmatch(value.strip()) if isinstance(value, str) else None
    if m is None:
        return None
    digits = m[1] if len(m[1]) == 6 else "".join(ch * 2 for ch in m[1])
    return "#" + digits.upper()


_EDITABLE = frozenset({"name", "color", "description", "parent_id", "sort"})


@dataclass(frozen=True)
class CodeView:
    id: int
    uid: str
    name: str
    color: str
    description: str
    parent_id: int | None
    sort: int


@dataclass(frozen=True)
class Snapshot:
    """A deleted code with its descendants and the highlights that used them, for undo."""

    codes: list[dict[str, object]]  # parents before children
    uses: list[tuple[int, int]]  # (highlight id, code id)


def all_codes(s: Session) -> list[CodeView]:
    """Every code, parents before their children, siblings in their order."""
    rows = s.exec(select(Code).order_by(col(Code.sort), col(Code.id))).all()
    by_parent: dict[int | None, list[Code]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    out: list[CodeView] = []

    def walk(parent: int | None) -> None:
        for c in by_parent.get(parent, []):
            assert c.id is not None
            out.append(CodeView(c.id, c.uid, c.name, c.color, c.description, c.parent_id, c.sort))
            walk(c.id)

    walk(None)
    return out


def path(codes: list[CodeView], code_id: int | None) -> str:
    """The code's full path in the codebook, such as ``Claim/Statistic``."""
    by_id = {c.id: c for c in codes}
    names: list[str] = []
    while code_id is not None and code_id in by_id:
        names.insert(0, by_id[code_id].name)
        code_id = by_id[code_id].parent_id
    return "/".join(names)


def add(
    s: Session,
    name: str,
    *,
    color: str = "#F4D03F",
    description: str = "",
    parent_id: int | None = None,
) -> int:
    """Add a code at the end of its siblings; returns its id."""
    last = s.exec(select(Code.sort).where(Code.parent_id == parent_id)).all()
    row = Code(
        uid=str(uuid.uuid4()),
        name=name.strip() or "Untitled code",
        color=color,
        description=description,
        parent_id=parent_id,
        sort=max(last, default=-1) + 1,
    )
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def update(s: Session, code_id: int, **fields: object) -> dict[str, object]:
    """Change name, color, description, parent_id or sort; returns the old values (for undo).

    A code moved to another parent goes last among its new siblings.
    """
    row = s.get(Code, code_id)
    if row is None:
        raise ValueError(f"there is no code {code_id}")
    if unknown := set(fields) - _EDITABLE:
        raise ValueError(f"codes have no field {', '.join(sorted(unknown))}")
    parent = fields.get("parent_id")
    if isinstance(parent, int) and _is_within(s, parent, code_id):
        raise ValueError("a code cannot be nested inside itself")
    if "parent_id" in fields and "sort" not in fields:  # moved: last among its new siblings
        siblings = s.exec(select(Code.sort).where(Code.parent_id == parent)).all()
        fields["sort"] = max(siblings, default=-1) + 1
    old = {k: getattr(row, k) for k in fields}
    for key, value in fields.items():
        setattr(row, key, value)
    s.add(row)
    return old


def delete(s: Session, code_id: int) -> Snapshot:
    """Delete the code and the codes nested in it; their highlights become uncoded."""
    ids = [code_id, *_descendants(s, code_id)]
    codes = [s.get(Code, i) for i in ids]
    uses = [
        (h.id, h.code_id)
        for h in s.exec(select(Highlight).where(col(Highlight.code_id).in_(ids))).all()
        if h.id is not None and h.code_id is not None
    ]
    snap = Snapshot([c.model_dump() for c in codes if c], uses)
    s.expunge_all()
    # Nested codes go with their parent (ON DELETE CASCADE), highlights lose the code (SET NULL).
    s.execute(sa_delete(Code).where(col(Code.id) == code_id))
    return snap


def restore(s: Session, snap: Snapshot) -> None:
    """Put deleted codes back with their ids, and re-code the highlights that used them."""
    for data in snap.codes:
        s.add(Code.model_validate(data))
        s.flush()
    for highlight_id, code_id in snap.uses:
        h = s.get(Highlight, highlight_id)
        if h:
            h.code_id = code_id
            s.add(h)


def is_untouched_default(s: Session) -> bool:
    """Whether the codebook is the default one, unchanged and not yet used."""
    now = [(c.name, c.color, c.description, c.parent_id) for c in all_codes(s)]
    used = s.exec(select(Highlight.id).where(col(Highlight.code_id).is_not(None))).first()
    return used is None and now == [(n, c, d, None) for n, c, d in DEFAULT_CODEBOOK]


def _descendants(s: Session, code_id: int) -> list[int]:
    out: list[int] = []
    frontier = [code_id]
    while frontier:
        children = s.exec(select(Code.id).where(col(Code.parent_id).in_(frontier))).all()
        frontier = [c for c in children if c is not None]
        out += frontier
    return out


def _is_within(s: Session, candidate: int, code_id: int) -> bool:
    return candidate == code_id or candidate in _descendants(s, code_id)
