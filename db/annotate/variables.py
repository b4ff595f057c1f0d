"""Article variables: the content analyst's coding sheet, coded once per article per coder.

A variable has a kind (:data:`KINDS`). Nominal and ordinal ones take the codes of their options
(1 "positive", 2 "negative"), listed in the options' order. Values are stored as canonical text
(:func:`canonical`): codes and numbers as Python writes them (``3``, ``2.5``), yes/no as ``1``
and ``0``, dates ISO 8601 (a day, a month or a year), so that equal values compare equal in SQL
and exports read them back without guessing. Names are ASCII identifiers that SPSS and Stata
both take (:func:`check_name`), since they become the columns of those files.

Functions take a session and return plain values. Each change returns what undoing it needs:
:func:`set_value` the value it replaced, :func:`update` and :func:`update_option` the fields
they changed, :func:`reorder` the order before; :func:`delete` and :func:`remove_option` a
:class:`Snapshot` that :func:`restore` puts back exactly. :func:`sheet` reads the values of
every article in one query, for the exports.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete as sa_delete
from sqlalchemy import func, insert, text
from sqlmodel import Session, col, select

from db.store.models import Article, Variable, VariableKind, VariableOption, VariableValue, utc_now

KINDS = tuple(k.value for k in VariableKind)
#: The kinds whose values are the codes of their options.
CATEGORICAL = frozenset({VariableKind.NOMINAL.value, VariableKind.ORDINAL.value})
#: The article's columns in the exports' sheet, before the variables: no variable takes their names.
SHEET_COLUMNS = ("article_id", "title", "outlet", "published", "url", "coder")
#: Stata and SPSS take names of at most 32 and 64 bytes: the shorter, in ASCII, fits both.
NAME_LIMIT = 32
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: Words SPSS (ALL … WITH) or Stata (byte … using, and str1 to str2045) keep for themselves.
_RESERVED = frozenset(
    ("all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with",
     "byte", "double", "float", "if", "in", "int", "long", "strl", "using")
)  # fmt: skip
_STR_TYPE = re.compile(r"str\d+", re.IGNORECASE)
_EDITABLE = frozenset({"name", "label", "kind", "description", "options"})
_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YES, _NO = frozenset({"yes", "true", "1"}), frozenset({"no", "false", "0"})
#: Beyond this a double no longer holds every integer: written in exponent form instead.
_EXACT = 2**53


class VariableError(ValueError):
    """A variable or value cannot be changed as asked (the message says why)."""


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class VariableView:
    id: int
    uid: str
    name: str
    label: str
    kind: str
    description: str
    position: int
    options: tuple[Option, ...] = ()

    def option_label(self, code: int) -> str | None:
        """The label of the option with this code, if the variable has one."""
        return next((o.label for o in self.options if o.value == code), None)

    def title(self) -> str:
        """The label if it has one, else the name: what a reader is shown."""
        return self.label or self.name


@dataclass(frozen=True)
class Snapshot:
    """What :func:`delete` (a variable) or :func:`remove_option` (options) took away, for undo."""

    variable_id: int
    variable: dict[str, Any] | None  # the variable's row; None when only options went
    options: list[dict[str, Any]] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class SheetRow:
    """One article as one coder coded it: the article's columns and the values by variable id."""

    article_id: int
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    coder: str
    values: dict[int, str]


# ---- Variables


def all_variables(s: Session) -> list[VariableView]:
    """Every variable in the sheet's order, each with its options in theirs."""
    options: dict[int, list[Option]] = {}
    for o in s.exec(
        select(VariableOption).order_by(col(VariableOption.position), col(VariableOption.value))
    ):
        options.setdefault(o.variable_id, []).append(Option(o.value, o.label))
    rows = s.exec(select(Variable).order_by(col(Variable.position), col(Variable.id))).all()
    return [_view(v, options.get(v.id or 0, [])) for v in rows]


def get(s: Session, variable_id: int) -> VariableView:
    """The variable with its options.

    Raises:
        VariableError: there is no such variable.
    """
    row = _row(s, variable_id)
    return _view(row, _options(s, variable_id))


def find(s: Session, name: str) -> VariableView | None:
    """The variable of that name (in any case), if there is one."""
    row = s.exec(select(Variable).where(func.lower(Variable.name) == name.strip().lower())).first()
    return _view(row, _options(s, row.id or 0)) if row else None


def check_name(name: str) -> str:
    """``name`` stripped, if a variable can take it (see the module's description).

    Raises:
        VariableError: it is empty, too long, not an ASCII identifier, or a name SPSS, Stata or
            the sheet's own columns keep.
    """
    name = name.strip()
    if not name:
        raise VariableError("a variable needs a name")
    if not _NAME.fullmatch(name):
        raise VariableError(
            f"{name!r} cannot name a variable: use ASCII letters, digits and _, starting with "
            "a letter (as SPSS and Stata want it), such as tone or main_frame"
        )
    if len(name) > NAME_LIMIT:
        raise VariableError(f"{name!r} is longer than {NAME_LIMIT} characters (Stata's limit)")
    low = name.lower()
    if low in SHEET_COLUMNS:
        raise VariableError(f"{name!r} is a column of the sheet already; choose another name")
    if low in _RESERVED or _STR_TYPE.fullmatch(name):
        raise VariableError(f"{name!r} is a word SPSS or Stata keeps; choose another name")
    return name


def add(
    s: Session,
    name: str,
    kind: str,
    *,
    label: str = "",
    description: str = "",
    options: Iterable[Option | tuple[int, str]] = (),
    uid: str | None = None,
) -> int:
    """A new variable, last in the sheet; returns its id.

    Raises:
        VariableError: the name is taken or cannot be used, the kind is unknown, or the options
            are given for a kind without them or are not distinct codes with labels.
    """
    name = _free_name(s, check_name(name))
    kind = _check_kind(kind)
    chosen = _check_options(kind, options, name)
    last = s.exec(select(func.max(Variable.position))).one()
    row = Variable(
        uid=uid or str(uuid.uuid4()),
        name=name,
        label=_line(label),
        kind=kind,
        description=description.strip(),
        position=(last if last is not None else -1) + 1,
    )
    s.add(row)
    s.flush()
    assert row.id is not None
    _put_options(s, row.id, chosen)
    return row.id


def update(s: Session, variable_id: int, **fields: Any) -> dict[str, Any]:
    """Change name, label, kind, description or options; returns the old values (for undo).

    ``options`` replaces the whole list (codes with labels, in order). Nothing is changed that
    would leave a value the variable no longer takes: an option still coded cannot be dropped
    here (:func:`remove_option` can, with its values), and the kind can change only when every
    value stored is already a value of the new kind. A kind without options drops them.

    Raises:
        VariableError: no such variable or field, or the change is refused (the message says
            why).
    """
    row = _row(s, variable_id)
    if unknown := set(fields) - _EDITABLE:
        raise VariableError(f"variables have no field {', '.join(sorted(unknown))}")
    new: dict[str, Any] = {}
    if "name" in fields:
        new["name"] = _free_name(s, check_name(fields["name"]), but=variable_id)
    if "label" in fields:
        new["label"] = _line(fields["label"])
    if "description" in fields:
        new["description"] = str(fields["description"]).strip()
    kind = _check_kind(fields["kind"]) if "kind" in fields else row.kind
    before = _options(s, variable_id)
    options = before
    if "options" in fields:
        options = _check_options(kind, fields["options"], row.name)
    elif kind not in CATEGORICAL:
        options = []
    if kind != row.kind:
        new["kind"] = kind
    if kind != row.kind or options != before:
        _check_values_fit(s, row, kind, options)
    old = {k: getattr(row, k) for k in new}
    if options != before:
        old["options"] = before
        s.execute(sa_delete(VariableOption).where(col(VariableOption.variable_id) == variable_id))
        _put_options(s, variable_id, options)
    for key, value in new.items():
        setattr(row, key, value)
    s.add(row)
    s.flush()
    return old


def reorder(s: Session, ids: Sequence[int]) -> list[int]:
    """Put the variables in the order of ``ids`` (all of them); returns the order before.

    Raises:
        VariableError: ``ids`` is not every variable once.
    """
    rows = s.exec(select(Variable).order_by(col(Variable.position), col(Variable.id))).all()
    before = [r.id for r in rows if r.id is not None]
    if sorted(ids) != sorted(before):
        raise VariableError("give every variable once to put them in an order")
    by_id = {r.id: r for r in rows}
    for position, variable_id in enumerate(ids):
        by_id[variable_id].position = position
        s.add(by_id[variable_id])
    s.flush()
    return before


def move(s: Session, variable_id: int, index: int) -> int:
    """Move the variable to ``index`` in the sheet's order (clamped); returns where it was."""
    order = [v.id for v in all_variables(s)]
    if variable_id not in order:
        raise VariableError(_GONE)
    was = order.index(variable_id)
    order.remove(variable_id)
    order.insert(max(0, min(index, len(order))), variable_id)
    reorder(s, order)
    return was


def delete(s: Session, variable_id: int) -> Snapshot:
    """Delete the variable with its options and every value coded on it; see :func:`restore`."""
    row = _row(s, variable_id)
    snap = Snapshot(
        variable_id,
        row.model_dump(),
        _rows(s, "SELECT * FROM variable_option WHERE variable_id = :v", v=variable_id),
        _rows(s, "SELECT * FROM variable_value WHERE variable_id = :v", v=variable_id),
    )
    s.flush()
    s.expunge(row)
    # Its options and values go with it (ON DELETE CASCADE).
    s.execute(sa_delete(Variable).where(col(Variable.id) == variable_id))
    return snap


def restore(s: Session, snap: Snapshot) -> None:
    """Put back what :func:`delete` or :func:`remove_option` took, with the same ids.

    Values of articles deleted meanwhile stay gone.

    Raises:
        VariableError: another variable has taken the name meanwhile, the variable has gone
            (for options), or a code removed has been added again.
    """
    if snap.variable is not None:
        _free_name(s, str(snap.variable["name"]))
        s.add(Variable.model_validate(snap.variable))
        s.flush()
    else:
        held = {o.value for o in _options(s, _row(s, snap.variable_id).id or 0)}
        again = sorted(held & {int(o["value"]) for o in snap.options})
        if again:
            raise VariableError(
                f"code {', '.join(map(str, again))} is in the list again; remove it first"
            )
    if snap.options:
        s.execute(insert(VariableOption), snap.options)
    if snap.values:
        alive = set(s.execute(text("SELECT id FROM article")).scalars())
        kept = [v for v in snap.values if v["article_id"] in alive]
        if kept:
            s.execute(insert(VariableValue), kept)
    s.flush()


# ---- Options


def add_option(
    s: Session, variable_id: int, value: int, label: str, *, index: int | None = None
) -> None:
    """Add a code to a nominal or ordinal variable's list, last or at ``index``.

    Raises:
        VariableError: the variable takes no options, or the code is taken or has no label.
    """
    view = get(s, variable_id)
    options = list(view.options)
    options.insert(len(options) if index is None else index, Option(value, label))
    update(s, variable_id, options=options)


def update_option(
    s: Session,
    variable_id: int,
    value: int,
    *,
    label: str | None = None,
    new_value: int | None = None,
) -> dict[str, Any]:
    """Relabel an option, or give it another code (its values are recoded with it).

    Returns the old ``label`` and ``new_value`` (the code it had) of those given, for undo:
    ``update_option(s, id, new_code, label=old_label, new_value=old_code)``.

    Raises:
        VariableError: no such option, the new code is taken, or the label is empty.
    """
    view = get(s, variable_id)
    found = next((o for o in view.options if o.value == value), None)
    if found is None:
        raise VariableError(f"{view.name} has no code {value}")
    code = _integer(new_value) if new_value is not None else value
    if code is None:
        raise VariableError(f"a code is a whole number, not {new_value!r}")
    changed = Option(code, found.label if label is None else label)
    options = [changed if o.value == value else o for o in view.options]
    checked = _check_options(view.kind, options, view.name)
    s.execute(sa_delete(VariableOption).where(col(VariableOption.variable_id) == variable_id))
    if code != value:
        s.execute(
            text(
                "UPDATE variable_value SET value = :new, modified = :now"
                " WHERE variable_id = :v AND value = :old"
            ),
            {"new": str(code), "old": str(value), "v": variable_id, "now": utc_now()},
        )
    _put_options(s, variable_id, checked)
    old: dict[str, Any] = {}
    if label is not None:
        old["label"] = found.label
    if new_value is not None:
        old["new_value"] = value
    return old


def remove_option(s: Session, variable_id: int, value: int, *, force: bool = False) -> Snapshot:
    """Remove a code from the list; with ``force``, with the values coded with it.

    Raises:
        VariableError: no such option, or it is coded for some article and ``force`` is not
            given (the message says how often).
    """
    view = get(s, variable_id)
    found = next((o for o in view.options if o.value == value), None)
    if found is None:
        raise VariableError(f"{view.name} has no code {value}")
    where = "FROM variable_value WHERE variable_id = :v AND value = :c"
    used = _rows(s, f"SELECT * {where}", v=variable_id, c=str(value))
    if used and not force:
        coders = {u["coder"] for u in used}
        raise VariableError(
            f'Code {value} ("{found.label}") of {view.name} is coded for '
            f"{_count({u['article_id'] for u in used}, 'article')}"
            + (f" by {_count(coders, 'coder')}" if len(coders) > 1 else "")
            + ": clear those values first, or remove the code with its values."
        )
    option = _rows(
        s, "SELECT * FROM variable_option WHERE variable_id = :v AND value = :c", v=variable_id,
        c=value,
    )  # fmt: skip
    s.execute(text(f"DELETE {where}"), {"v": variable_id, "c": str(value)})
    s.execute(
        sa_delete(VariableOption).where(
            col(VariableOption.variable_id) == variable_id, col(VariableOption.value) == value
        )
    )
    s.flush()
    return Snapshot(variable_id, None, option, used)


def reorder_options(s: Session, variable_id: int, values: Sequence[int]) -> list[int]:
    """Put the options in the order of ``values`` (all of them); returns the order before."""
    view = get(s, variable_id)
    before = [o.value for o in view.options]
    if sorted(values) != sorted(before):
        raise VariableError(f"give every code of {view.name} once to put them in an order")
    by_code = {o.value: o for o in view.options}
    update(s, variable_id, options=[by_code[v] for v in values])
    return before


# ---- Values


def canonical(variable: VariableView, value: object) -> str | None:
    """``value`` as the variable stores it; None for no value (None or blank text).

    Nominal, ordinal: one of the option codes (``2``, ``"2"``). Numeric: a number (``2.5``,
    ``"-3"``, ``"1e3"``; not NaN or infinity). Yes/no: yes, no, true, false, 1, 0 (any case)
    or a bool. Date: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (or a :class:`datetime.date`).
    Text: any text, stripped, in NFC.

    Raises:
        VariableError: the value is not one the variable takes (the message says what is).
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        if not value:
            return None
    kind, name = variable.kind, variable.name
    if kind in CATEGORICAL:
        code = _integer(value)
        codes = [o.value for o in variable.options]
        if code is not None and code in codes:
            return str(code)
        if not codes:
            raise VariableError(f"{name} has no codes yet: add its options first")
        listed = ", ".join(f"{o.value} ({o.label})" for o in variable.options[:12])
        more = ", …" if len(codes) > 12 else ""
        raise VariableError(f"{name} takes one of its codes, {listed}{more}; not {value!r}")
    if kind == VariableKind.NUMERIC:
        number = _number(value)
        if number is None:
            raise VariableError(f"{name} takes a number, such as 3 or 2.5 (not {value!r})")
        return number
    if kind == VariableKind.YESNO:
        word = str(int(value)) if isinstance(value, bool) else str(value).strip().lower()
        if word in _YES | _NO:
            return "1" if word in _YES else "0"
        raise VariableError(f"{name} takes yes or no (true/false, 1/0), not {value!r}")
    if kind == VariableKind.DATE:
        day = _date(value)
        if day is None:
            raise VariableError(
                f"{name} takes a date as YYYY-MM-DD, YYYY-MM or YYYY, such as 2024-03-01; "
                f"not {value!r}"
            )
        return day
    return unicodedata.normalize("NFC", str(value)).strip() or None


def set_value(
    s: Session, article_id: int, variable_id: int, value: object, *, coder: str = ""
) -> str | None:
    """Code ``value`` for the article on the variable as ``coder``; returns the value before.

    A value of None (or blank text) clears it. To undo, set the returned value again.

    Raises:
        VariableError: no such article or variable, or a value the variable does not take.
    """
    view = get(s, variable_id)
    stored = canonical(view, value)
    if s.get(Article, article_id) is None:
        raise VariableError(f"there is no article {article_id}")
    who = _coder(coder)
    row = s.get(VariableValue, {"article_id": article_id, "variable_id": variable_id, "coder": who})
    old = row.value if row else None
    if stored is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        s.add(
            VariableValue(article_id=article_id, variable_id=variable_id, coder=who, value=stored)
        )
    elif row.value != stored:
        row.value, row.modified = stored, utc_now()
        s.add(row)
    s.flush()
    return old


def clear_value(s: Session, article_id: int, variable_id: int, *, coder: str = "") -> str | None:
    """Clear the coder's value for the article on the variable; returns the value before."""
    return set_value(s, article_id, variable_id, None, coder=coder)


def value_of(s: Session, article_id: int, variable_id: int, *, coder: str = "") -> str | None:
    """The stored value, if the coder coded one."""
    key = {"article_id": article_id, "variable_id": variable_id, "coder": _coder(coder)}
    row = s.get(VariableValue, key)
    return row.value if row else None


def values_of(s: Session, article_id: int, *, coder: str = "") -> dict[int, str]:
    """The coder's values for the article, by variable id."""
    q = select(VariableValue.variable_id, VariableValue.value).where(
        VariableValue.article_id == article_id, VariableValue.coder == _coder(coder)
    )
    return {v: value for v, value in s.exec(q)}


def coders(s: Session) -> list[str]:
    """Everyone who has coded a value, in alphabetical order (the unnamed coder as "")."""
    q = select(VariableValue.coder).distinct().order_by(col(VariableValue.coder))
    return list(s.exec(q))


_SHEET = """
SELECT a.id, a.title, a.outlet, a.published, a.url, v.coder, v.variable_id, v.value
FROM article a LEFT JOIN variable_value v ON v.article_id = a.id {coder}
ORDER BY a.id, v.coder
"""


def sheet(
    s: Session, *, coder: str | None = None, article_ids: Iterable[int] | None = None
) -> list[SheetRow]:
    """The coding sheet: one row per article per coder, in article id order, in one query.

    With ``coder``, one row for each article with that coder's values (none where they coded
    nothing). Without, one row for each coder who coded the article, and one with coder ""
    and no values for an article nobody coded. ``article_ids`` keeps only those articles.
    """
    chosen = None if article_ids is None else set(article_ids)
    params = {} if coder is None else {"c": _coder(coder)}
    sql = _SHEET.format(coder="" if coder is None else "AND v.coder = :c")
    out: list[SheetRow] = []
    last: tuple[int, str] | None = None
    for aid, title, outlet, published, url, who, variable_id, value in s.execute(text(sql), params):
        if chosen is not None and aid not in chosen:
            continue
        key = (aid, params.get("c", who or ""))
        if key != last:
            out.append(SheetRow(aid, title, outlet, published, url, key[1], {}))
            last = key
        if variable_id is not None:
            out[-1].values[variable_id] = value
    return out


# ---- Helpers

_GONE = "that variable is no longer in the project (it was deleted elsewhere)"


def _view(row: Variable, options: Sequence[Option]) -> VariableView:
    return VariableView(
        row.id or 0,
        row.uid,
        row.name,
        row.label,
        row.kind,
        row.description,
        row.position,
        tuple(options),
    )


def _row(s: Session, variable_id: int) -> Variable:
    row = s.get(Variable, variable_id)
    if row is None:
        raise VariableError(_GONE)
    return row


def _options(s: Session, variable_id: int) -> list[Option]:
    q = (
        select(VariableOption)
        .where(VariableOption.variable_id == variable_id)
        .order_by(col(VariableOption.position), col(VariableOption.value))
    )
    return [Option(o.value, o.label) for o in s.exec(q)]


def _put_options(s: Session, variable_id: int, options: Sequence[Option]) -> None:
    if options:
        rows = [
            {"variable_id": variable_id, "value": o.value, "label": o.label, "position": i}
            for i, o in enumerate(options)
        ]
        s.execute(insert(VariableOption), rows)


def _rows(s: Session, sql: str, **params: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in s.execute(text(sql), params)]


def free_name(s: Session, name: str) -> str:
    """``name``, or if a variable has it, ``name_2`` (``_3``, …): the first no variable has."""
    taken = {n.lower() for n in s.exec(select(Variable.name))}
    found, n = name, 1
    while found.lower() in taken:
        n += 1
        found = f"{name[: 60 - len(str(n))]}_{n}"
    return found


def count_values(s: Session, variable_id: int) -> int:
    """How many values are coded on the variable (every coder's, every article's)."""
    q = select(func.count()).select_from(VariableValue).where(
        VariableValue.variable_id == variable_id
    )
    return int(s.exec(q).one())


def _free_name(s: Session, name: str, *, but: int | None = None) -> str:
    other = s.exec(select(Variable).where(func.lower(Variable.name) == name.lower())).first()
    if other is not None and other.id != but:
        raise VariableError(f"there is a variable named {other.name} already")
    return name


def _check_kind(kind: str) -> str:
    kind = str(kind).strip().lower()
    if kind not in KINDS:
        raise VariableError(f"a variable is {', '.join(KINDS)}; not {kind!r}")
    return kind


def _check_options(
    kind: str, options: Iterable[Option | tuple[int, str]], name: str
) -> list[Option]:
    out: list[Option] = []
    for item in options:
        raw_value, raw_label = (item.value, item.label) if isinstance(item, Option) else item
        code = _integer(raw_value)
        if code is None:
            raise VariableError(f"a code of {name} is a whole number, not {raw_value!r}")
        label = _line(str(raw_label))
        if not label:
            raise VariableError(f"code {code} of {name} needs a label")
        if any(o.value == code for o in out):
            raise VariableError(f"code {code} is listed twice for {name}")
        out.append(Option(code, label))
    if out and kind not in CATEGORICAL:
        raise VariableError(f"only nominal and ordinal variables have a list of codes ({name})")
    return out


def _check_values_fit(s: Session, row: Variable, kind: str, options: Sequence[Option]) -> None:
    """Refuse a kind or list that some stored value of the variable would not fit."""
    if kind == row.kind and kind not in CATEGORICAL:
        return
    probe = VariableView(row.id or 0, row.uid, row.name, row.label, kind, "", 0, tuple(options))
    misfits: list[str] = []
    articles: set[int] = set()
    q = select(VariableValue.article_id, VariableValue.value).where(
        VariableValue.variable_id == row.id
    )
    for article_id, value in s.exec(q):
        try:
            fits = canonical(probe, value) == value
        except VariableError:
            fits = False
        if not fits:
            misfits.append(value)
            articles.add(article_id)
    if not misfits:
        return
    example = ", ".join(sorted(set(misfits), key=str)[:3])
    if kind == row.kind:
        raise VariableError(
            f"{row.name} is still coded with codes the new list leaves out ({example}) for "
            f"{_count(articles, 'article')}: recode or clear those values first, or remove the "
            "codes one by one with their values."
        )
    raise VariableError(
        f"{row.name} cannot become {kind}: it is coded with values that are not "
        f"{_KIND_WORDS[kind]} ({example}) for {_count(articles, 'article')}; recode or clear "
        "them first."
    )


_KIND_WORDS = {
    "nominal": "its codes",
    "ordinal": "its codes",
    "numeric": "numbers",
    "yesno": "yes or no",
    "date": "dates",
    "text": "text",
}


def _count(items: Sequence[object] | set[Any], word: str) -> str:
    return f"{len(items)} {word}{'s' if len(items) != 1 else ''}"


def _line(value: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _coder(coder: str) -> str:
    return unicodedata.normalize("NFC", coder).strip()


def _integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        return int(value) if math.isfinite(value) and value == int(value) else None
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return None


def _number(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        if _INTEGER.fullmatch(value):
            return str(int(value))
        if not _NUMBER.fullmatch(value):
            return None
    if not isinstance(value, str | float | Decimal):
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    if number.is_integer() and abs(number) < _EXACT:
        return str(int(number))
    return repr(number)


def _date(value: object) -> str | None:
    if isinstance(value, date):  # a datetime too: its day
        return value.isoformat()[:10]
    m = _DATE.fullmatch(str(value).strip())
    if m is None:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        date(year or 0, month or 1, day or 1)
    except ValueError:
        return None
    return m[0]
