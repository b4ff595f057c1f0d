"""The agreement table: per code, per code and article, and over all codes.

Each row holds, for its coders and units: Krippendorff's alpha over the nominal units (coded with
the code or not, :mod:`db.agreement.units`), the unitizing alpha over character positions, Cohen's
kappa (exactly two coders), Fleiss' kappa, % agreement on coded positions, and bootstrap
intervals for alpha and the kappas. A code's row pools its articles; the overall row pools the
codes (alpha and the kappas over every unit and code, resampling units with all their codes;
uα as ``1 - Σ D_o / Σ D_e``; % agreement over every code's coded positions).

The article variables' rows (:mod:`db.agreement.variables`) follow, of level ``variable``: the
variable's name in the ``code`` column, its level of measurement in ``measure``, the articles
with two or more of its values in ``units``, and a ``note`` where it was not compared (text) or
values were left out. uα and Fleiss' kappa do not apply to them.

Intervals are drawn once for the units all codes share, so the codes' intervals come from the
same draws; an article's row draws its own, seeded by the seed and the article's id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
from sqlmodel import Session

from db.agreement import bootstrap
from db.agreement.bootstrap import DRAWS, Interval
from db.agreement.coefficients import (
    UnitStatistic,
    alpha_statistic,
    cohen_statistic,
    fleiss_statistic,
)
from db.agreement.percent import add_overlaps, mean_percent, pair_overlaps
from db.agreement.unitizing import unitizing_disagreement
from db.agreement.units import (
    SEGMENT,
    AgreementError,
    ArticleCoding,
    Study,
    UnitKind,
    load_study,
)
from db.agreement.variables import VariableRow, variable_agreement

Level = Literal["code", "article", "overall"]
#: The level of the article variables' rows in :meth:`AgreementReport.to_rows`.
VARIABLE = "variable"
#: The overall row's code.
ALL_CODES = "(all codes)"
_BINARY = (0.0, 1.0)  # a unit is coded with the code or not: the values every code shares

Cell = str | int | float | None


@dataclass(frozen=True)
class AgreementRow:
    """One row of the table; NaN where a coefficient is undefined, None where it does not apply."""

    level: Level
    code: str
    article_id: int | None
    coders: tuple[str, ...]
    articles: int  # articles two or more of the coders coded
    units: int  # nominal units with two or more values
    alpha: float
    alpha_ci: Interval | None
    u_alpha: float
    cohen_kappa: float | None  # only with exactly two coders
    cohen_ci: Interval | None
    fleiss_kappa: float
    fleiss_ci: Interval | None
    percent_agreement: float

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "level",
        "code",
        "article_id",
        "coders",
        "articles",
        "units",
        "alpha",
        "alpha_low",
        "alpha_high",
        "u_alpha",
        "cohen_kappa",
        "cohen_low",
        "cohen_high",
        "fleiss_kappa",
        "fleiss_low",
        "fleiss_high",
        "percent_agreement",
        "measure",
        "note",
    )

    def to_row(self) -> dict[str, Cell]:
        """The row for CSV or JSON: coders joined by ``; ``, undefined values as None."""

        def num(x: float | None) -> float | None:
            return None if x is None or np.isnan(x) else x

        def ends(ci: Interval | None) -> tuple[float | None, float | None]:
            return (None, None) if ci is None else (num(ci.low), num(ci.high))

        values = (
            self.level,
            self.code,
            self.article_id,
            "; ".join(self.coders),
            self.articles,
            self.units,
            num(self.alpha),
            *ends(self.alpha_ci),
            num(self.u_alpha),
            num(self.cohen_kappa),
            *ends(self.cohen_ci),
            num(self.fleiss_kappa),
            *ends(self.fleiss_ci),
            num(self.percent_agreement),
            None,
            None,
        )
        return dict(zip(self.COLUMNS, values, strict=True))


def _num(x: float | None) -> float | None:
    return None if x is None or np.isnan(x) else x


def variable_row(row: VariableRow) -> dict[str, Cell]:
    """A variable's row with the columns of :attr:`AgreementRow.COLUMNS` (level ``variable``)."""
    alpha_ci, cohen_ci = row.alpha_ci, row.cohen_ci
    values: dict[str, Cell] = {
        "level": VARIABLE,
        "code": row.variable,
        "article_id": None,
        "coders": "; ".join(row.coders),
        "articles": row.articles,
        "units": row.units,
        "alpha": _num(row.alpha),
        "alpha_low": None if alpha_ci is None else _num(alpha_ci.low),
        "alpha_high": None if alpha_ci is None else _num(alpha_ci.high),
        "u_alpha": None,
        "cohen_kappa": _num(row.cohen_kappa),
        "cohen_low": None if cohen_ci is None else _num(cohen_ci.low),
        "cohen_high": None if cohen_ci is None else _num(cohen_ci.high),
        "fleiss_kappa": None,
        "fleiss_low": None,
        "fleiss_high": None,
        "percent_agreement": _num(row.percent_agreement),
        "measure": row.measure,
        "note": row.note or None,
    }
    return {c: values[c] for c in AgreementRow.COLUMNS}


@dataclass(frozen=True)
class AgreementReport:
    """The rows (each code, its articles if asked, then the overall row) and how they were made.

    ``variables`` holds the article variables' rows, which :meth:`to_rows` puts after the codes'.
    """

    rows: tuple[AgreementRow, ...]
    coders: tuple[str, ...]
    unit: UnitKind
    draws: int
    seed: int
    confidence: float
    variables: tuple[VariableRow, ...] = ()

    def to_rows(self) -> list[dict[str, Cell]]:
        """One dict a row, keys :attr:`AgreementRow.COLUMNS`, for ``csv.DictWriter``."""
        return [r.to_row() for r in self.rows] + [variable_row(v) for v in self.variables]

    def to_json(self) -> dict[str, Any]:
        """The report as JSON: its settings and its rows."""
        return {
            "coders": list(self.coders),
            "unit": self.unit,
            "draws": self.draws,
            "seed": self.seed,
            "confidence": self.confidence,
            "rows": self.to_rows(),
        }


@dataclass(frozen=True)
class _Coefficients:
    """The coefficients of one set of units that the bootstrap resamples together."""

    alpha: UnitStatistic
    fleiss: UnitStatistic
    cohen: UnitStatistic | None


def _coefficients(data: np.ndarray[Any, np.dtype[np.float64]], pair: bool) -> _Coefficients:
    return _Coefficients(
        alpha_statistic(data, values=_BINARY),
        fleiss_statistic(data, values=_BINARY),
        cohen_statistic(data, values=_BINARY) if pair else None,
    )


def _pooled(parts: Sequence[_Coefficients]) -> _Coefficients:
    """The coefficients over every part's units at once: their features added unit by unit."""

    def add(stats: list[UnitStatistic]) -> UnitStatistic:
        return UnitStatistic(np.add.reduce([s.features for s in stats]), stats[0].finish)

    cohens = [p.cohen for p in parts if p.cohen is not None]
    return _Coefficients(
        add([p.alpha for p in parts]),
        add([p.fleiss for p in parts]),
        add(cohens) if cohens and len(cohens) == len(parts) else None,
    )


def _estimate(
    groups: Sequence[_Coefficients], *, draws: int, seed: int | tuple[int, ...], confidence: float
) -> list[tuple[tuple[float, Interval | None], ...]]:
    """Each group's (alpha, Fleiss, Cohen) with intervals, from one set of draws for them all."""
    found = bootstrap.estimates(
        [(g.alpha, g.fleiss, g.cohen) for g in groups],
        draws=draws,
        seed=seed,
        confidence=confidence,
    )
    return [tuple(f) for f in found]


def build_report(
    study: Study,
    *,
    draws: int = DRAWS,
    seed: int = 0,
    confidence: float = 0.95,
    by_article: bool = False,
) -> AgreementReport:
    """The agreement table of a study.

    Args:
        study: the highlights, as :func:`db.agreement.units.load_study` reads them.
        draws: bootstrap draws for the intervals; 0 for none.
        seed: seeds the draws: the same seed, the same intervals.
        confidence: the share of the draws an interval holds.
        by_article: also a row for each code in each article.
    """
    pair = len(study.coders) == 2
    per_code = [_coefficients(study.reliability(code), pair) for code in study.codes]
    groups = [*per_code, _pooled(per_code)] if per_code else []
    estimates = _estimate(groups, draws=draws, seed=seed, confidence=confidence)
    paired = len(study.paired)
    units = len(study.columns)
    by_code = _article_rows(study, draws, seed, confidence) if by_article else {}
    rows: list[AgreementRow] = []
    parts: list[tuple[float, float]] = []
    overlaps: dict[tuple[str, str], tuple[int, int]] = {}
    for code, found in zip(study.codes, estimates[:-1], strict=True):
        continua = study.continua(code)
        parts.append(unitizing_disagreement(continua))
        pairs = pair_overlaps(continua)
        add_overlaps(overlaps, pairs)
        rows.append(_row("code", code.path, study.coders, paired, units, found, parts[-1], pairs))
        rows += by_code.get(code.id, [])
    if study.codes:
        unitizing = (sum(p[0] for p in parts), sum(p[1] for p in parts))
        everything = units * len(study.codes)
        rows.append(
            _row(
                "overall",
                ALL_CODES,
                study.coders,
                paired,
                everything,
                estimates[-1],
                unitizing,
                overlaps,
            )
        )
    return AgreementReport(tuple(rows), study.coders, study.unit, draws, seed, confidence)


def _row(
    level: Level,
    code: str,
    coders: tuple[str, ...],
    articles: int,
    units: int,
    found: tuple[tuple[float, Interval | None], ...],
    unitizing: tuple[float, float],
    overlaps: dict[tuple[str, str], tuple[int, int]],
    article_id: int | None = None,
) -> AgreementRow:
    """A row from the estimates of :func:`_estimate`, uα's (D_o, D_e) and the pairs' overlaps."""
    (alpha, alpha_ci), (fleiss, fleiss_ci), (cohen, cohen_ci) = found
    d_o, d_e = unitizing
    return AgreementRow(
        level=level,
        code=code,
        article_id=article_id,
        coders=coders,
        articles=articles,
        units=units,
        alpha=alpha,
        alpha_ci=alpha_ci,
        u_alpha=1.0 - d_o / d_e if d_e > 0 else float("nan"),
        cohen_kappa=cohen if len(coders) == 2 else None,
        cohen_ci=cohen_ci,
        fleiss_kappa=fleiss,
        fleiss_ci=fleiss_ci,
        percent_agreement=mean_percent(overlaps),
    )


def _article_rows(
    study: Study, draws: int, seed: int, confidence: float
) -> dict[int, list[AgreementRow]]:
    """Each code's rows for the articles two or more coders coded, by code id."""
    out: dict[int, list[AgreementRow]] = {code.id: [] for code in study.codes}
    for i in study.paired:
        article: ArticleCoding = study.articles[i]
        pair = len(article.coders) == 2
        groups = [_coefficients(article.values(code), pair) for code in study.codes]
        found = _estimate(
            groups, draws=draws, seed=(seed, article.article_id), confidence=confidence
        )
        for code, estimates in zip(study.codes, found, strict=True):
            here = article.continuum(code)
            out[code.id].append(
                _row(
                    "article",
                    code.path,
                    article.coders,
                    1,
                    len(article.units),
                    estimates,
                    unitizing_disagreement(here),
                    pair_overlaps(here),
                    article.article_id,
                )
            )
    return out


def agreement(
    s: Session,
    *,
    codes: Sequence[str] | None = None,
    coders: Sequence[str] | None = None,
    articles: Sequence[int] | None = None,
    nested: bool = True,
    unit: UnitKind = "block",
    segment_size: int = SEGMENT,
    draws: int = DRAWS,
    seed: int = 0,
    confidence: float = 0.95,
    by_article: bool = False,
    with_variables: bool = True,
    variables: Sequence[str] | None = None,
) -> AgreementReport:
    """The agreement table of the project's highlights, then of its article variables.

    Takes the arguments of :func:`~db.agreement.units.load_study` and :func:`build_report`;
    ``variables`` chooses the variables by name (default: all), ``with_variables=False`` leaves
    them out. A project whose coders coded variables but no highlights (and no code was asked
    for) has the variables' rows only.

    Raises:
        AgreementError: a code, coder, article or variable does not exist, or fewer than two
            coders coded the articles (their highlights, nor their variables).
    """
    found: tuple[VariableRow, ...] = ()
    if with_variables:
        found = tuple(
            variable_agreement(
                s,
                variables=variables,
                coders=coders,
                articles=articles,
                draws=draws,
                seed=seed,
                confidence=confidence,
            )
        )
    try:
        study = load_study(
            s,
            codes=codes,
            coders=coders,
            articles=articles,
            nested=nested,
            unit=unit,
            segment_size=segment_size,
        )
    except AgreementError:
        if codes or not found or len(found[0].coders) < 2:
            raise
        return AgreementReport((), found[0].coders, unit, draws, seed, confidence, found)
    report = build_report(
        study, draws=draws, seed=seed, confidence=confidence, by_article=by_article
    )
    return dataclasses.replace(report, variables=found)
