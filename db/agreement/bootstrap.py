"""Bootstrap confidence intervals for the coefficients of :mod:`db.agreement.coefficients`.

The plain unit bootstrap with percentile intervals: each draw takes as many units as there are,
with replacement, and computes the coefficient over them; the interval holds the middle
``confidence`` share of the draws' coefficients. Draws where the coefficient is undefined (one
category throughout, say) are left out. A draw is a vector of how often each unit was taken, so
the sums a coefficient needs are one matrix product with its features (for many coefficients
over the same units at once). The same seed gives the same draws, so the same interval.

This resamples units, not pairable values as Hayes and Krippendorff (2007) do for alpha.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from db.agreement.coefficients import FloatArray, UnitStatistic

#: Draws a bootstrap takes unless told otherwise.
DRAWS = 1000
#: Draws made at a time: bounds the memory a draw matrix takes (chunk × units).
_CHUNK = 200


@dataclass(frozen=True)
class Interval:
    """A percentile bootstrap interval; ``draws`` counts the draws where it was defined."""

    low: float
    high: float
    confidence: float
    draws: int


def resampled_totals(
    features: FloatArray, *, draws: int = DRAWS, seed: int | Sequence[int] = 0
) -> FloatArray:
    """Per draw, the features (units × k) summed over a resample of the units: draws × k.

    Args:
        features: one row per unit.
        draws: how many resamples.
        seed: seeds the generator (numpy's default, PCG64); the same seed, the same draws.
    """
    units = len(features)
    rng = np.random.default_rng(seed)
    out = np.empty((draws, features.shape[1]))
    if units == 0:
        out[:] = 0.0
        return out
    for at in range(0, draws, _CHUNK):
        n = min(_CHUNK, draws - at)
        picks = rng.integers(0, units, size=(n, units))
        offsets = (np.arange(n) * units)[:, None]
        taken = np.bincount((picks + offsets).ravel(), minlength=n * units).reshape(n, units)
        out[at : at + n] = taken @ features
    return out


def percentile_interval(estimates: FloatArray, *, confidence: float = 0.95) -> Interval:
    """The interval holding the middle ``confidence`` share of the defined ``estimates``."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    defined = estimates[~np.isnan(estimates)]
    if defined.size == 0:
        return Interval(float("nan"), float("nan"), confidence, 0)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(defined, [tail, 1.0 - tail])
    return Interval(float(low), float(high), confidence, int(defined.size))


def bootstrap_ci(
    statistic: UnitStatistic,
    *,
    draws: int = DRAWS,
    seed: int | Sequence[int] = 0,
    confidence: float = 0.95,
) -> Interval:
    """A percentile bootstrap interval for the coefficient, resampling its units.

    Args:
        statistic: the coefficient, as :mod:`db.agreement.coefficients` builds it.
        draws: how many resamples.
        seed: seeds the resampling; the same seed gives the same interval.
        confidence: the share of the draws the interval holds.
    """
    totals = resampled_totals(statistic.features, draws=draws, seed=seed)
    return percentile_interval(statistic.finish(totals), confidence=confidence)


def estimates(
    groups: Sequence[Sequence[UnitStatistic | None]],
    *,
    draws: int,
    seed: int | Sequence[int],
    confidence: float,
) -> list[list[tuple[float, Interval | None]]]:
    """Each group's coefficients (None: not computed) with their intervals.

    One set of draws serves them all, so the coefficients of one report are resampled over the
    same units; a coefficient undefined on the data gets no interval.
    """
    stats = [s for g in groups for s in g if s is not None]
    totals = None
    if draws > 0 and stats:
        totals = resampled_totals(np.hstack([s.features for s in stats]), draws=draws, seed=seed)
    out: list[list[tuple[float, Interval | None]]] = []
    at = 0
    for g in groups:
        found: list[tuple[float, Interval | None]] = []
        for s in g:
            if s is None:
                found.append((float("nan"), None))
                continue
            width = s.features.shape[1]
            value = s.estimate()
            ci = None
            if totals is not None and not np.isnan(value):
                ci = percentile_interval(
                    s.finish(totals[:, at : at + width]), confidence=confidence
                )
            found.append((value, ci))
            at += width
        out.append(found)
    return out
