"""Agreement on article variables: Krippendorff's alpha per variable at its level of measurement.

The units are articles, the coders those who coded the article: a coder coded an article when
they gave any variable of it a value, and a coder who did not is missing for it (as for the
highlights, :mod:`db.agreement.units`). A coder who coded the article but left one variable
blank is missing for that variable too: a blank is no value, not a "no" or a zero.

Each kind of variable has its level of measurement (:data:`MEASURES`):

* nominal and yes/no: alpha nominal, and Cohen's kappa when there are exactly two coders;
* ordinal: alpha ordinal over the ranks of the options in the variable's order (not the codes'
  numeric order), every option counted as a rank even if nobody chose it;
* numeric: alpha interval on the numbers;
* date: alpha interval on day numbers (days since 0001-01-01). Dates coded to a month or a
  year only have no day and are left out as missing; the row's note says how many;
* text: not compared (free text has no level of measurement); the row says so.

% agreement is the share (0–100) of pairable article pairs with equal values: every article,
every pair of its coders who both gave the variable a value, pooled over articles and pairs.

Intervals come from one set of bootstrap draws over the articles (:mod:`db.agreement.bootstrap`)
for every variable at once, as the codes' intervals do. The data are read with one
:func:`db.annotate.variables.sheet` and put in a coders × articles matrix per variable, so the
work is a few numpy operations a variable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import numpy as np
from sqlmodel import Session

from db.agreement.bootstrap import DRAWS, Interval, estimates
from db.agreement.coefficients import (
    FloatArray,
    Level,
    UnitStatistic,
    alpha_statistic,
    cohen_statistic,
)
from db.agreement.units import AgreementError
from db.annotate import variables as var
from db.annotate.variables import SheetRow, VariableView

#: The level of measurement of each kind of variable; None where it is not compared.
MEASURES: dict[str, Level | None] = {
    "nominal": "nominal",
    "yesno": "nominal",
    "ordinal": "ordinal",
    "numeric": "interval",
    "date": "interval",
    "text": None,
}
TEXT_NOTE = "text: free text has no level of measurement, not compared"


@dataclass(frozen=True)
class VariableRow:
    """Agreement on one variable; NaN where undefined, None where a coefficient does not apply."""

    variable: str
    kind: str
    measure: Level | None  # alpha's level of measurement; None when not compared
    coders: tuple[str, ...]
    articles: int  # articles two or more of the coders coded
    units: int  # articles with two or more values of the variable
    alpha: float
    alpha_ci: Interval | None
    cohen_kappa: float | None  # nominal and yes/no, exactly two coders
    cohen_ci: Interval | None
    percent_agreement: float
    note: str = ""


def _day(value: str) -> float:
    """A YYYY-MM-DD date as a day number, NaN for a month or year without a day."""
    return float(date.fromisoformat(value).toordinal()) if len(value) == 10 else float("nan")


def _numbers(view: VariableView, given: list[str]) -> tuple[FloatArray, FloatArray | None, int]:
    """The values as numbers, the values alpha may take (None: those given), how many unusable."""
    if view.kind in var.CATEGORICAL or view.kind == "yesno":
        options = [o.value for o in view.options] if view.kind != "yesno" else [0, 1]
        rank = {str(code): float(i) for i, code in enumerate(options)}
        out = np.array([rank.get(v, np.nan) for v in given], dtype=np.float64)
        domain: FloatArray | None = np.arange(len(options), dtype=np.float64)
    elif view.kind == "date":
        out = np.array([_day(v) for v in given], dtype=np.float64)
        domain = None
    else:
        out = np.array(given, dtype=np.float64)
        domain = None
    return out, domain, int(np.isnan(out).sum())


def percent_equal(matrix: FloatArray) -> float:
    """% of pairable pairs (an article, two of its coders with values) whose values are equal."""
    pairs = equal = 0
    for a, b in combinations(range(len(matrix)), 2):
        x, y = matrix[a], matrix[b]
        both = ~np.isnan(x) & ~np.isnan(y)
        pairs += int(both.sum())
        equal += int((x[both] == y[both]).sum())
    return 100.0 * equal / pairs if pairs else float("nan")


@dataclass
class _Prepared:
    view: VariableView
    matrix: FloatArray | None
    alpha: UnitStatistic | None
    cohen: UnitStatistic | None
    note: str


def variable_rows(
    views: Sequence[VariableView],
    rows: Sequence[SheetRow],
    *,
    coders: Sequence[str] | None = None,
    draws: int = DRAWS,
    seed: int = 0,
    confidence: float = 0.95,
) -> list[VariableRow]:
    """A row for each variable of ``views`` from the coding sheet's ``rows``.

    Args:
        views: the variables, in the order of the rows.
        rows: :func:`db.annotate.variables.sheet` without a coder: a row per article and coder.
        coders: only these coders (default: everyone who coded a value).
        draws: bootstrap draws for the intervals; 0 for none.
        seed: seeds the draws.
        confidence: the share of the draws an interval holds.
    """
    chosen = None if coders is None else set(coders)
    kept = [r for r in rows if r.values and (chosen is None or r.coder in chosen)]
    names = tuple(sorted({r.coder for r in kept}))
    coder_at = {c: i for i, c in enumerate(names)}
    article_at: dict[int, int] = {}
    for r in kept:
        article_at.setdefault(r.article_id, len(article_at))
    coder_index = np.array([coder_at[r.coder] for r in kept], dtype=np.intp)
    article_index = np.array([article_at[r.article_id] for r in kept], dtype=np.intp)
    per_article = np.bincount(article_index, minlength=len(article_at))
    paired = int((per_article >= 2).sum())
    shape = (len(names), len(article_at))
    pair = len(names) == 2

    prepared: list[_Prepared] = []
    for view in views:
        measure = MEASURES.get(view.kind)
        if measure is None:
            prepared.append(_Prepared(view, None, None, None, TEXT_NOTE))
            continue
        where = [i for i, r in enumerate(kept) if view.id in r.values]
        given = [kept[i].values[view.id] for i in where]
        numbers, domain, unusable = _numbers(view, given)
        matrix = np.full(shape, np.nan)
        matrix[coder_index[where], article_index[where]] = numbers
        note = ""
        if unusable:
            what = "dates without a day" if view.kind == "date" else "values not among the options"
            note = f"{unusable} {what} left out"
        if domain is None:
            domain = np.unique(numbers[~np.isnan(numbers)])
        alpha = alpha_statistic(matrix, measure, values=domain)
        cohen = cohen_statistic(matrix, values=domain) if pair and measure == "nominal" else None
        prepared.append(_Prepared(view, matrix, alpha, cohen, note))

    found_all = estimates(
        [(p.alpha, p.cohen) for p in prepared],
        draws=draws if article_at else 0,
        seed=seed,
        confidence=confidence,
    )
    out: list[VariableRow] = []
    for p, found in zip(prepared, found_all, strict=True):
        (alpha_value, alpha_ci), (cohen_value, cohen_ci) = found
        units = 0
        if p.matrix is not None:
            units = int(((~np.isnan(p.matrix)).sum(axis=0) >= 2).sum())
        out.append(
            VariableRow(
                variable=p.view.name,
                kind=p.view.kind,
                measure=MEASURES.get(p.view.kind),
                coders=names,
                articles=paired,
                units=units,
                alpha=alpha_value,
                alpha_ci=alpha_ci,
                cohen_kappa=cohen_value if p.cohen is not None else None,
                cohen_ci=cohen_ci,
                percent_agreement=(
                    percent_equal(p.matrix) if p.matrix is not None else float("nan")
                ),
                note=p.note,
            )
        )
    return out


def variable_agreement(
    s: Session,
    *,
    variables: Sequence[str] | None = None,
    coders: Sequence[str] | None = None,
    articles: Sequence[int] | None = None,
    draws: int = DRAWS,
    seed: int = 0,
    confidence: float = 0.95,
) -> list[VariableRow]:
    """A row for each article variable of the project (or those named), in the sheet's order.

    Args:
        s: the project's session.
        variables: only these variables, by name, in this order.
        coders: only these coders.
        articles: only these articles.
        draws: bootstrap draws for the intervals; 0 for none.
        seed: seeds the draws.
        confidence: the share of the draws an interval holds.

    Raises:
        AgreementError: a variable asked for does not exist.
    """
    views = var.all_variables(s)
    if variables is not None:
        by_name = {v.name: v for v in views}
        missing = [n for n in variables if n not in by_name]
        if missing:
            raise AgreementError(f"no variable named {missing[0]!r}")
        views = [by_name[n] for n in variables]
    if not views:
        return []
    rows = var.sheet(s, article_ids=articles)
    return variable_rows(views, rows, coders=coders, draws=draws, seed=seed, confidence=confidence)
