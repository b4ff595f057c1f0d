"""Merging a coder's coding sheet: their variables and the values they coded, never twice.

Variables are matched by uid, else by name among those not matched by uid; a variable this
project lacks comes in with its options (under a free name). A list's options are matched by
label, so a code numbered otherwise there is read as the code of the same label here; a
variable of another kind there, or with options this one lacks, is a conflict and none of its
values come in. Each value comes in for the article of the same text (SHA-256) unless the coder
has a value for it here already: the same value is counted as held, another one is a conflict
and this project's stands; so is a value the variable here does not take.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session

from db.annotate import variables
from db.annotate.variables import VariableError, VariableView
from db.ingest.annotated import ids_by


@dataclass(frozen=True)
class Value:
    article_sha: str
    variable_uid: str
    coder: str
    value: str


@dataclass(frozen=True)
class Sheet:
    """A project's coding sheet as it leaves it: its variables and every value coded."""

    variables: list[VariableView]
    values: list[Value]


@dataclass
class SheetMerged:
    variables_added: int = 0
    values_added: int = 0
    values_held: int = 0
    conflicts: list[str] = field(default_factory=list)


def read_sheet(s: Session) -> Sheet:
    """The variables and values of the project open in ``s``."""
    rows = s.execute(
        text(
            "SELECT a.text_sha256, v.uid, x.coder, x.value FROM variable_value x "
            "JOIN variable v ON v.id = x.variable_id JOIN article a ON a.id = x.article_id "
            "ORDER BY a.id, v.position, x.coder"
        )
    ).all()
    return Sheet(variables.all_variables(s), [Value(*r) for r in rows])


def merge_sheet(s: Session, sheet: Sheet) -> SheetMerged:
    """Bring ``sheet`` into the project of ``s`` (after its articles have come in)."""
    out = SheetMerged()
    matched = _match(variables.all_variables(s), sheet.variables)
    ids: dict[str, int] = {}  # their variable's uid -> the variable's id here
    codes: dict[str, dict[str, str]] = {}  # and how their codes read here, by their code
    names = {v.uid: v.name for v in sheet.variables}
    for v in sheet.variables:
        mine = matched.get(v.uid)
        if mine is None:
            options = [(o.value, o.label) for o in v.options]
            ids[v.uid] = variables.add(
                s, variables.free_name(s, v.name), v.kind, label=v.label,
                description=v.description, options=options, uid=v.uid,
            )  # fmt: skip
            out.variables_added += 1
        elif (why := _differs(mine, v)) is not None:
            out.conflicts.append(f"The variable {v.name} {why}; its values did not come in")
            continue
        else:
            ids[v.uid] = mine.id
            codes[v.uid] = _recode(v, mine)
    articles = ids_by(s, "article", "text_sha256", [x.article_sha for x in sheet.values])
    for x in sheet.values:
        aid, vid = articles.get(x.article_sha), ids.get(x.variable_uid)
        if aid is None or vid is None:
            continue  # a variable in conflict, or an article the merge did not bring
        value = codes.get(x.variable_uid, {}).get(x.value, x.value)
        held = variables.value_of(s, aid, vid, coder=x.coder)
        who = f"{x.coder or '(no name)'}'s {names[x.variable_uid]} of article {aid}"
        if held == value:
            out.values_held += 1
        elif held is not None:
            out.conflicts.append(f"{who} is {held} here and {value} there; this one is kept")
        else:
            try:
                variables.set_value(s, aid, vid, value, coder=x.coder)
            except VariableError as exc:
                out.conflicts.append(f"{who} did not come in: {exc}")
            else:
                out.values_added += 1
    return out


def _match(mine: list[VariableView], theirs: list[VariableView]) -> dict[str, VariableView]:
    """Their variables' counterparts here: by uid first, then by name among the rest."""
    by_uid = {v.uid: v for v in mine}
    out = {v.uid: by_uid[v.uid] for v in theirs if v.uid in by_uid}
    taken = {v.uid for v in out.values()}
    by_name = {v.name: v for v in mine if v.uid not in taken}
    for v in theirs:
        if v.uid not in out and v.name in by_name:
            out[v.uid] = by_name.pop(v.name)
    return out


def _differs(mine: VariableView, theirs: VariableView) -> str | None:
    """Why their values cannot be read on the variable here (None: they can)."""
    if mine.kind != theirs.kind:
        return f"is {theirs.kind} there and {mine.kind} here"
    labels = {o.label for o in mine.options}
    if missing := [o.label for o in theirs.options if o.label not in labels]:
        return f"has options there that it lacks here ({', '.join(missing)})"
    return None


def _recode(theirs: VariableView, mine: VariableView) -> dict[str, str]:
    """Their option codes as the codes of the same labels here."""
    here = {o.label: o.value for o in mine.options}
    return {str(o.value): str(here[o.label]) for o in theirs.options if o.label in here}
