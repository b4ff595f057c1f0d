"""Merging a coder's coding sheet: their variables and the values they coded, never twice.

Variables are matched by uid, else by name; a variable this project lacks comes in with its
options. Each value comes in for the article of the same text (SHA-256) unless the coder has a
value for it here already: the same value is counted as held, another one is a conflict and
this project's stands; so is a value the variable here does not take (an option it lacks).
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
    here = {v.uid: v for v in variables.all_variables(s)}
    by_name = {v.name: v for v in here.values()}
    ids: dict[str, int] = {}  # their variable's uid -> the variable's id here
    names: dict[str, str] = {}
    for v in sheet.variables:
        names[v.uid] = v.name
        mine = here.get(v.uid) or by_name.get(v.name)
        if mine is None:
            options = [(o.value, o.label) for o in v.options]
            ids[v.uid] = variables.add(
                s, v.name, v.kind, label=v.label, description=v.description, options=options,
                uid=v.uid,
            )  # fmt: skip
            out.variables_added += 1
        else:
            ids[v.uid] = mine.id
    articles = ids_by(s, "article", "text_sha256", [x.article_sha for x in sheet.values])
    for x in sheet.values:
        aid, vid = articles.get(x.article_sha), ids.get(x.variable_uid)
        if aid is None or vid is None:
            continue  # an article the merge did not bring (none is left out today)
        held = variables.value_of(s, aid, vid, coder=x.coder)
        who = f"{x.coder or '(no name)'}'s {names[x.variable_uid]} of article {aid}"
        if held == x.value:
            out.values_held += 1
        elif held is not None:
            out.conflicts.append(f"{who} is {held} here and {x.value} there; this one is kept")
        else:
            try:
                variables.set_value(s, aid, vid, x.value, coder=x.coder)
            except VariableError as exc:
                out.conflicts.append(f"{who} did not come in: {exc}")
            else:
                out.values_added += 1
    return out
