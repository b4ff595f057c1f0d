"""The codebook: named, coloured codes that can nest, in a chosen order, with their keys 1–9.

A code's key (the number key that marks with it) is stored by code uid in ``project_info``, so it
stays the same when codes are added, nested, moved or deleted; a new code takes the first free
key. Codes that arrived without one (older projects, imported codebooks) get the free keys in
codebook order, written down by the next change to the codebook.

Each code has a memo: its definition (``description``), when to use it, when not to, and an
example. Every change is written to the codebook's audit trail (:mod:`db.annotate.code_history`)
under the coder who made it.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import delete as sa_delete
from sqlmodel import Session, col, select

from db.annotate.code_history import MEMO_FIELDS, code_uid, log, log_edit
from db.store.models import Code, Highlight, ProjectInfo
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


_EDITABLE = frozenset({"name", "color", "parent_id", "sort", *MEMO_FIELDS})


@dataclass(frozen=True)
class CodeView:
    id: int
    uid: str
    name: str
    color: str
    description: str
    parent_id: int | None
    sort: int
    key: int | None = None  # the number key (1–9) that marks with it, if it has one
    when_to_use: str = ""
    when_not: str = ""
    example: str = ""


@dataclass(frozen=True)
class Snapshot:
    """A deleted code with its descendants and the highlights that used them, for undo."""

    codes: list[dict[str, object]]  # parents before children
    uses: list[tuple[int, int]]  # (highlight id, code id)
    keys: dict[str, int] = field(default_factory=dict)  # code uid -> its key


def all_codes(s: Session) -> list[CodeView]:
    """Every code, parents before their children, siblings in their order, with its key."""
    rows = _in_order(s)
    keys = _keys(rows, _stored_keys(s))
    return [
        CodeView(
            c.id,
            c.uid,
            c.name,
            c.color,
            c.description,
            c.parent_id,
            c.sort,
            keys[c.uid],
            when_to_use=c.when_to_use,
            when_not=c.when_not,
            example=c.example,
        )
        for c in rows
        if c.id is not None
    ]


def _in_order(s: Session) -> list[Code]:
    rows = s.exec(select(Code).order_by(col(Code.sort), col(Code.id))).all()
    by_parent: dict[int | None, list[Code]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    out: list[Code] = []

    def walk(parent: int | None) -> None:
        for c in by_parent.get(parent, []):
            out.append(c)
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
    coder: str = "",
) -> int:
    """Add a code at the end of its siblings, with the first free key; returns its id."""
    keys = _current_keys(s)
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
    keys[row.uid] = _first_free(keys)
    _save_keys(s, keys)
    log(s, row, "create", coder, parent=code_uid(s, parent_id))
    return row.id


def update(s: Session, code_id: int, *, coder: str = "", **fields: object) -> dict[str, object]:
    """Change name, color, parent_id, sort or a memo field; returns the old values (for undo).

    A code moved to another parent goes last among its new siblings.
    """
    row = s.get(Code, code_id)
    if row is None:
        raise ValueError(f"there is no code {code_id}")
    if unknown := set(fields) - _EDITABLE:
        raise ValueError(f"codes have no field {', '.join(sorted(unknown))}")
    parent = fields.get("parent_id")
    if isinstance(parent, int) and is_within(s, parent, code_id):
        raise ValueError("a code cannot be nested inside itself")
    if "parent_id" in fields and "sort" not in fields:  # moved: last among its new siblings
        siblings = s.exec(select(Code.sort).where(Code.parent_id == parent)).all()
        fields["sort"] = max(siblings, default=-1) + 1
    _save_keys(s, _current_keys(s))  # keys given in codebook order stay with their codes
    old = {k: getattr(row, k) for k in fields}
    for key, value in fields.items():
        setattr(row, key, value)
    s.add(row)
    log_edit(s, row, old, coder)
    return old


def delete(s: Session, code_id: int, *, coder: str = "") -> Snapshot:
    """Delete the code and the codes nested in it; their highlights become uncoded.

    Each deleted code's event says how many highlights it held (undo codes them again).
    """
    snap = take_out(s, code_id)
    held = Counter(c for _, c in snap.uses)
    for data in snap.codes:
        code = Code.model_validate(data)
        within = None if code.id == code_id else _uid_in(snap, code.parent_id)
        log(s, code, "delete", coder, highlights=held[code.id or 0], within=within)
    return snap


def take_out(s: Session, code_id: int) -> Snapshot:
    """Delete as :func:`delete` does, writing no event (for a caller that writes its own)."""
    ids = [code_id, *_descendants(s, code_id)]
    codes = [s.get(Code, i) for i in ids]
    uses = [
        (h.id, h.code_id)
        for h in s.exec(select(Highlight).where(col(Highlight.code_id).in_(ids))).all()
        if h.id is not None and h.code_id is not None
    ]
    keys = _current_keys(s)
    gone = {c.uid: keys.pop(c.uid, None) for c in codes if c}
    _save_keys(s, keys)
    snap = Snapshot(
        [c.model_dump() for c in codes if c], uses, {u: k for u, k in gone.items() if k}
    )
    s.flush()
    s.expunge_all()
    # Nested codes go with their parent (ON DELETE CASCADE), highlights lose the code (SET NULL).
    s.execute(sa_delete(Code).where(col(Code.id) == code_id))
    return snap


def _uid_in(snap: Snapshot, code_id: int | None) -> str | None:
    return next((str(c["uid"]) for c in snap.codes if c["id"] == code_id), None)


def restore(s: Session, snap: Snapshot, *, coder: str = "", undoes: str = "delete") -> None:
    """Put deleted codes back with their ids and keys, and re-code the highlights that used them.

    A key another code took meanwhile is not taken back: the code gets the first free one. Each
    code's event says what was undone (``undoes``) and how many highlights were coded again.
    """
    keys = _current_keys(s)
    held = Counter(c for _, c in snap.uses)
    for data in snap.codes:
        row = Code.model_validate(data)
        s.add(row)
        s.flush()
        log(s, row, "restore", coder, undoes=undoes, highlights=held[row.id or 0])
        if row.uid in snap.keys:
            key = snap.keys[row.uid]
            keys[row.uid] = key if key not in keys.values() else _first_free(keys)
        else:
            keys[row.uid] = None
    _save_keys(s, keys)
    for highlight_id, code_id in snap.uses:
        h = s.get(Highlight, highlight_id)
        if h:
            h.code_id = code_id
            s.add(h)


def usage(s: Session, code_id: int) -> tuple[int, int]:
    """How many highlights the code and those nested in it hold, and how many codes are nested."""
    nested = _descendants(s, code_id)
    ids = [code_id, *nested]
    held = s.exec(select(Highlight.id).where(col(Highlight.code_id).in_(ids))).all()
    return len(held), len(nested)


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


def is_within(s: Session, candidate: int, code_id: int) -> bool:
    """Whether ``candidate`` is the code ``code_id`` or nested in it."""
    return candidate == code_id or candidate in _descendants(s, code_id)


# ---- Keys


#: The ``project_info`` entry holding the codes' keys: JSON ``{code uid: key or null}``.
KEYS_INFO = "code_keys"
KEYS = range(1, 10)


def _stored_keys(s: Session) -> dict[str, int | None]:
    row = s.get(ProjectInfo, KEYS_INFO)
    try:
        data = json.loads(row.value) if row else {}
    except ValueError:
        data = {}  # written by hand, badly: the keys are given anew
    if not isinstance(data, dict):
        return {}
    return {
        uid: key if type(key) is int and key in KEYS else None
        for uid, key in data.items()
        if isinstance(uid, str)
    }


def _keys(rows: list[Code], stored: dict[str, int | None]) -> dict[str, int | None]:
    """Each code's key: its stored one, else (for a code never given one) the first free key."""
    out: dict[str, int | None] = {}
    for c in rows:  # codebook order: of two codes claiming one key, the first keeps it
        if c.uid in stored:
            key = stored[c.uid]
            out[c.uid] = key if key not in out.values() else None
    for c in rows:
        if c.uid not in out:
            out[c.uid] = _first_free(out)
    return out


def _first_free(keys: dict[str, int | None]) -> int | None:
    taken = set(keys.values())
    return next((k for k in KEYS if k not in taken), None)


def _current_keys(s: Session) -> dict[str, int | None]:
    return _keys(_in_order(s), _stored_keys(s))


def _save_keys(s: Session, keys: dict[str, int | None]) -> None:
    row = s.get(ProjectInfo, KEYS_INFO) or ProjectInfo(key=KEYS_INFO, value="")
    row.value = json.dumps(keys, sort_keys=True)
    s.add(row)


# ---- Colours

#: Tableau 10 (2016), a palette made to tell categories apart: new codes take its colours.
PALETTE = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
    "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC",
)  # fmt: skip
#: Colours at least this far apart (CIE76 ΔE) tell apart; the palette's closest two are 25.9.
DISTINCT = 25.0


def new_color(in_use: list[str]) -> str:
    """A colour for a new code: the palette's first that stands apart from every one in use.

    Once none does, the one near the fewest colours in use (then the farthest from them).
    """
    used = [_lab(c) for c in map(clean_color, in_use) if c]

    def apart(color: str) -> float:
        lab = _lab(color)
        return min((_delta(lab, u) for u in used), default=float("inf"))

    for color in PALETTE:
        if apart(color) >= DISTINCT:
            return color

    def near(color: str) -> int:
        lab = _lab(color)
        return sum(_delta(lab, u) < DISTINCT for u in used)

    return min(PALETTE, key=lambda c: (near(c), -apart(c)))


Lab = tuple[float, float, float]


def _lab(color: str) -> Lab:
    """``#RRGGBB`` (sRGB, D65) in CIE L*a*b*."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(color[i : i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _delta(a: Lab, b: Lab) -> float:
    return float(sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5)
