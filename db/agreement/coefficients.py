"""Agreement coefficients over reliability data: Krippendorff's alpha, Cohen's and Fleiss' kappa.

Reliability data is a coders × units matrix of numbers, NaN (or None) where a coder gave a unit
no value. Each coefficient is built as a :class:`UnitStatistic`: one row of features per unit
whose column sums are all the coefficient needs (coincidences, a contingency table, counts per
category), and a ``finish`` that turns such sums into the coefficient. The estimate is ``finish``
of the sums over every unit; a bootstrap draw (:mod:`db.agreement.bootstrap`) is ``finish`` of
the sums over a resample of the units, so a thousand draws cost one matrix product. Units that
cannot be paired (fewer than two values, or for Cohen's kappa not both coders) have zero rows.

A coefficient that is undefined for the data (no pairable values, a single category throughout
so that no disagreement can be expected) is NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")
FloatArray = NDArray[np.float64]
#: Reliability data: coders × units, as an array or nested lists (None or NaN where missing).
Data = ArrayLike | Sequence[Sequence[float | None]]


@dataclass(frozen=True)
class UnitStatistic:
    """A coefficient as per-unit features (units × k) and a function of their sums (draws × k)."""

    features: FloatArray
    finish: Callable[[FloatArray], FloatArray]

    def estimate(self) -> float:
        """The coefficient over all units."""
        return float(self.finish(self.features.sum(axis=0)[None, :])[0])

    def of_units(self, index: NDArray[np.intp]) -> UnitStatistic:
        """The same coefficient over some of the units only (rows ``index``)."""
        return UnitStatistic(self.features[index], self.finish)


def reliability_matrix(data: Data) -> FloatArray:
    """``data`` as a float coders × units matrix with NaN for missing values (None too)."""
    matrix = np.array(data, dtype=np.float64)  # None becomes NaN
    if matrix.ndim != 2:
        raise ValueError("reliability data must be a coders × units matrix")
    return matrix


def value_counts(matrix: FloatArray, values: FloatArray) -> FloatArray:
    """How many coders gave each unit each value: a units × values matrix.

    Raises:
        ValueError: a value of ``matrix`` is not among ``values``.
    """
    present = ~np.isnan(matrix)
    given = matrix[present]
    index = np.minimum(np.searchsorted(values, given), max(len(values) - 1, 0))
    if given.size and (len(values) == 0 or np.any(values[index] != given)):
        raise ValueError("the data hold a value outside the given values")
    units = np.broadcast_to(np.arange(matrix.shape[1]), matrix.shape)[present]
    counts = np.zeros((matrix.shape[1], len(values)))
    np.add.at(counts, (units, index), 1.0)
    return counts


def _domain(matrix: FloatArray, values: ArrayLike | None) -> FloatArray:
    given = matrix[~np.isnan(matrix)] if values is None else np.asarray(values, dtype=np.float64)
    return np.asarray(np.unique(given), dtype=np.float64)


# ---- Krippendorff's alpha


def _distances(values: FloatArray, level: Level) -> FloatArray:
    """The squared difference function δ² between every two values (not for ordinal data)."""
    c, k = values[:, None], values[None, :]
    if level == "nominal":
        return np.not_equal(c, k).astype(np.float64)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(total == 0, 0.0, (c - k) / np.where(total == 0, 1.0, total))
        return ratio**2
    raise ValueError(f"no fixed distances for level {level!r}")


def alpha_statistic(
    data: Data, level: Level = "nominal", *, values: ArrayLike | None = None
) -> UnitStatistic:
    """Krippendorff's alpha as a :class:`UnitStatistic` (see :func:`krippendorff_alpha`).

    Args:
        data: coders × units, NaN or None where missing.
        level: the level of measurement, which sets the difference function δ².
        values: every value the data may hold (default: those they hold). Statistics summed
            together (pooled over codes, say) must share their values.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    matrix = reliability_matrix(data)
    domain = _domain(matrix, values)
    counts = value_counts(matrix, domain)
    m = counts.sum(axis=1)
    pairable = m >= 2
    counts[~pairable] = 0.0
    weight = np.where(pairable, 1.0 / np.maximum(m - 1.0, 1.0), 0.0)
    size = len(domain)
    if level == "ordinal":
        # δ² depends on the marginal frequencies, so each draw needs the whole coincidence matrix:
        # o_ck of a unit = (n_c n_k - [c = k] n_c) / (m - 1).
        outer = counts[:, :, None] * counts[:, None, :]
        outer[:, np.arange(size), np.arange(size)] -= counts
        coincidences = (outer * weight[:, None, None]).reshape(len(counts), size * size)
        return UnitStatistic(coincidences, lambda t: _ordinal_alpha(t, size))
    delta = _distances(domain, level)
    # Σ_ck o_ck δ²_ck of a unit is n δ² nᵀ / (m - 1) (δ²_cc = 0); with the value counts it is all
    # that D_o and D_e need.
    observed = np.einsum("uc,ck,uk->u", counts, delta, counts) * weight
    return UnitStatistic(np.column_stack([observed, counts]), lambda t: _fixed_alpha(t, delta))


def _alpha(observed: FloatArray, expected: FloatArray, n: FloatArray) -> FloatArray:
    """Alpha: 1 - D_o / D_e = 1 - (n - 1) Σ o δ² / Σ n_c n_k δ², NaN where D_e = 0."""
    out = np.full(len(n), np.nan)
    defined = (expected > 0) & (n > 1)
    out[defined] = 1.0 - (n[defined] - 1.0) * observed[defined] / expected[defined]
    return out


def _fixed_alpha(totals: FloatArray, delta: FloatArray) -> FloatArray:
    n_c = totals[:, 1:]
    expected = np.einsum("dc,ck,dk->d", n_c, delta, n_c)
    return _alpha(totals[:, 0], expected, n_c.sum(axis=1))


def _ordinal_alpha(totals: FloatArray, size: int) -> FloatArray:
    o = totals.reshape(len(totals), size, size)
    n_c = o.sum(axis=2)
    cum = np.cumsum(n_c, axis=1)
    # δ_ck = Σ_{g=c..k} n_g - (n_c + n_k) / 2 for c ≤ k: cum_k - cum_c + (n_c - n_k) / 2, whose
    # square is symmetric.
    delta = (cum[:, None, :] - cum[:, :, None] + (n_c[:, :, None] - n_c[:, None, :]) / 2) ** 2
    observed = np.einsum("dck,dck->d", o, delta)
    expected = np.einsum("dc,dck,dk->d", n_c, delta, n_c)
    return _alpha(observed, expected, n_c.sum(axis=1))


def krippendorff_alpha(
    data: Data, level: Level = "nominal", *, values: ArrayLike | None = None
) -> float:
    """Krippendorff's alpha of reliability data, any number of coders, values missing allowed.

    As in Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": coincidences of the
    pairable values (units with two or more), then ``1 - D_o / D_e`` with the nominal, ordinal,
    interval or ratio difference function.

    Args:
        data: coders × units, NaN or None where a coder gave the unit no value.
        level: ``nominal``, ``ordinal``, ``interval`` or ``ratio``.
        values: the values the data may take (default: those they hold).

    Returns:
        alpha, or NaN when fewer than two values are pairable or no disagreement is expected.
    """
    return alpha_statistic(data, level, values=values).estimate()


# ---- Cohen's kappa


def cohen_statistic(data: Data, *, values: ArrayLike | None = None) -> UnitStatistic:
    """Cohen's kappa as a :class:`UnitStatistic`: each unit's cell of the contingency table.

    Raises:
        ValueError: the data do not have exactly two coders.
    """
    matrix = reliability_matrix(data)
    if matrix.shape[0] != 2:
        raise ValueError("Cohen's kappa needs exactly two coders")
    domain = _domain(matrix, values)
    size = len(domain)
    first, second = (value_counts(matrix[i : i + 1], domain) for i in (0, 1))
    # One coder's counts are 0 or 1 a unit: their product is the unit's cell, 0 if one is missing.
    cells = (first[:, :, None] * second[:, None, :]).reshape(matrix.shape[1], size * size)
    return UnitStatistic(cells, lambda t: _cohen(t, size))


def _cohen(totals: FloatArray, size: int) -> FloatArray:
    table = totals.reshape(len(totals), size, size)
    n = table.sum(axis=(1, 2))
    out = np.full(len(totals), np.nan)
    ok = n > 0
    observed = np.trace(table, axis1=1, axis2=2)[ok] / n[ok]
    chance = np.einsum("dc,dc->d", table.sum(axis=2)[ok], table.sum(axis=1)[ok]) / n[ok] ** 2
    defined = chance < 1.0 - 1e-12  # both coders used one category throughout: undefined
    kappa = np.full(len(observed), np.nan)
    kappa[defined] = (observed[defined] - chance[defined]) / (1.0 - chance[defined])
    out[ok] = kappa
    return out


def cohen_kappa(data: Data) -> float:
    """Cohen's (1960) kappa of two coders over the units both coded.

    ``(p_o - p_e) / (1 - p_e)``: p_o the share of units on which they agree, p_e the agreement
    expected from each coder's own distribution of values.

    Args:
        data: 2 × units, NaN or None where a coder gave the unit no value.

    Returns:
        kappa, or NaN when no unit has both values or both coders used one category throughout.
    """
    return cohen_statistic(data).estimate()


# ---- Fleiss' kappa


def fleiss_table_statistic(counts: Data) -> UnitStatistic:
    """Fleiss' kappa as a :class:`UnitStatistic` from a units × categories table of counts."""
    table = np.array(counts, dtype=np.float64)
    if table.ndim != 2:
        raise ValueError("counts must be a units × categories table")
    m = table.sum(axis=1)
    pairable = m >= 2
    with np.errstate(invalid="ignore", divide="ignore"):
        agreement = np.where(
            pairable, ((table**2).sum(axis=1) - m) / np.where(pairable, m * (m - 1), 1.0), 0.0
        )
    table = np.where(pairable[:, None], table, 0.0)
    features = np.column_stack([agreement, pairable.astype(np.float64), table])
    return UnitStatistic(features, _fleiss)


def _fleiss(totals: FloatArray) -> FloatArray:
    """Kappa: (P̄ - P̄_e) / (1 - P̄_e): P̄ the mean of the units' P_i, P̄_e = Σ_j p_j²."""
    units, n_j = totals[:, 1], totals[:, 2:]
    n = n_j.sum(axis=1)
    out = np.full(len(totals), np.nan)
    ok = (units > 0) & (n > 0)
    mean = totals[ok, 0] / units[ok]
    chance = ((n_j[ok] / n[ok, None]) ** 2).sum(axis=1)
    defined = chance < 1.0 - 1e-12
    kappa = np.full(len(mean), np.nan)
    kappa[defined] = (mean[defined] - chance[defined]) / (1.0 - chance[defined])
    out[ok] = kappa
    return out


def fleiss_statistic(data: Data, *, values: ArrayLike | None = None) -> UnitStatistic:
    """Fleiss' kappa as a :class:`UnitStatistic` from reliability data (coders × units)."""
    matrix = reliability_matrix(data)
    return fleiss_table_statistic(value_counts(matrix, _domain(matrix, values)))


def fleiss_kappa(data: Data) -> float:
    """Fleiss' (1971) kappa of any number of coders, from reliability data.

    With m_i coders on unit i and n_ij of them choosing category j: P_i = (Σ_j n_ij² - m_i) /
    (m_i (m_i - 1)), P̄ their mean, p_j = Σ_i n_ij / Σ_i m_i, and kappa = (P̄ - Σ p_j²) /
    (1 - Σ p_j²). Fleiss assumed the same number of coders on every unit; with values missing,
    units with fewer than two are left out and the others keep their own m_i (the usual
    generalisation; with a constant m it is Fleiss' formula exactly).

    Args:
        data: coders × units, NaN or None where a coder gave the unit no value.

    Returns:
        kappa, or NaN when no unit has two values or a single category was used throughout.
    """
    return fleiss_statistic(data).estimate()


def fleiss_kappa_table(counts: Data) -> float:
    """Fleiss' kappa from a units × categories table of how many coders chose each category."""
    return fleiss_table_statistic(counts).estimate()
