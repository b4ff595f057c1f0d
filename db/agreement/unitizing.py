"""Krippendorff's unitizing alpha (uα) for one category over continua of character positions.

Each coder cuts a continuum (an article's text, positions 0 … L) into coded segments (units) and
the gaps between them; uα compares the coders' segmentations. It is the category-specific
coefficient of Krippendorff (1995, "On the reliability of unitizing continuous data"; corrected
in "Content Analysis", 2nd ed., 2004) as DKPro Agreement's ``KrippendorffAlphaUnitizingAgreement``
computes it (which INCEpTION reports as Krippendorff's alpha, unitizing):

- Observed: for each pair of coders, each pair of their overlapping segments adds δ²: two units,
  (begin difference)² + (end difference)²; a unit lying wholly inside the other's gap, its length
  squared; anything else 0. D_o = 2 Σ_pairs Σ δ² / (m (m - 1) L²).
- Expected: D_e = (2/L) Σ_units [(N - 1)(2l³ - 3l² + l)/3 + l² Σ_{gaps ≥ l} (gap - l + 1)] /
  (mL (mL - 1) - Σ_units l (l - 1)), over the N units and the gaps of all m coders.
- uα = 1 - D_o / D_e, NaN when no one coded anything (D_e = 0).

Several continua (articles) with different coders are pooled as alpha pools units with missing
values, our extension: only continua with two or more coders count, each pair's δ² is weighted
by 1 / (m_a - 1) for the m_a coders of its continuum, mL becomes n = Σ m_a L_a and L the total
length. With the same coders throughout this is uα of the continua laid end to end (segments
cut at their ends); a coder who did not code an article is missing there, not disagreeing.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True)
class Continuum:
    """One continuum (positions ``[0, length)``) and each of its coders' units.

    ``segments`` maps every coder who coded the continuum to their units, sorted and not
    overlapping (they may touch); a coder with no units there still counts, as finding none.
    """

    length: int
    segments: Mapping[str, Sequence[Span]]

    def __post_init__(self) -> None:
        for coder, spans in self.segments.items():
            end = 0
            for a, b in spans:
                if not end <= a < b <= self.length:
                    raise ValueError(f"{coder}'s units overlap, are unsorted or leave the text")
                end = b


def merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """``spans`` sorted, those that overlap merged into one; spans that only touch stay apart."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return tuple(out)


def _cut(spans: Sequence[Span], length: int) -> list[tuple[int, int, bool]]:
    """The continuum as ``(begin, end, coded)`` segments: the units and the gaps between them."""
    out: list[tuple[int, int, bool]] = []
    at = 0
    for a, b in spans:
        if a > at:
            out.append((at, a, False))
        out.append((a, b, True))
        at = b
    if at < length:
        out.append((at, length, False))
    return out


def _delta(g: tuple[int, int, bool], h: tuple[int, int, bool]) -> int:
    """δ² of two overlapping segments of two coders."""
    (b1, e1, coded1), (b2, e2, coded2) = g, h
    if coded1 and coded2:
        return (b1 - b2) ** 2 + (e1 - e2) ** 2
    if coded1 and b2 <= b1 and e1 <= e2:  # a unit inside the other's gap
        return (e1 - b1) ** 2
    if coded2 and b1 <= b2 and e2 <= e1:
        return (e2 - b2) ** 2
    return 0


def _pair_disagreement(one: list[tuple[int, int, bool]], two: list[tuple[int, int, bool]]) -> int:
    """Σ δ² over the overlapping segments of two coders' segmentations of one continuum."""
    total = i = j = 0
    while i < len(one) and j < len(two):
        total += _delta(one[i], two[j])
        end_one, end_two = one[i][1], two[j][1]
        i += end_one <= end_two  # whichever ends first (both, if together) gives way
        j += end_two <= end_one
    return total


def unitizing_disagreement(continua: Continuum | Sequence[Continuum]) -> tuple[float, float]:
    """uα's observed and expected disagreement (D_o, D_e) for the continua pooled.

    Components of several categories add up: DKPro's uα over all categories is
    ``1 - Σ D_o / Σ D_e``.
    """
    pooled = [continua] if isinstance(continua, Continuum) else list(continua)
    pooled = [c for c in pooled if len(c.segments) >= 2 and c.length > 0]
    if not pooled:
        return 0.0, 0.0
    total = sum(c.length for c in pooled)
    n = sum(len(c.segments) * c.length for c in pooled)
    observed = 0.0
    units: list[int] = []
    gaps: list[int] = []
    for c in pooled:
        cuts = [_cut(spans, c.length) for spans in c.segments.values()]
        pairs = sum(_pair_disagreement(a, b) for a, b in itertools.combinations(cuts, 2))
        observed += 2.0 * pairs / (len(cuts) - 1)
        for segs in cuts:
            for b, e, coded in segs:
                (units if coded else gaps).append(e - b)
    d_o = observed / (n * total)
    gaps.sort()
    above = [*list(itertools.accumulate(reversed(gaps)))[::-1], 0]  # Σ of gaps[i:]
    count = len(units)
    expected = 0.0
    for length in units:
        first = bisect.bisect_left(gaps, length)
        fits = above[first] - (length - 1) * (len(gaps) - first)  # Σ (gap - l + 1), gaps ≥ l
        expected += (count - 1) * (2 * length**3 - 3 * length**2 + length) / 3
        expected += length**2 * fits
    denominator = n * (n - 1) - sum(u * (u - 1) for u in units)
    d_e = 2.0 * expected / total / denominator if denominator > 0 else 0.0
    return d_o, d_e


def unitizing_alpha(continua: Continuum | Sequence[Continuum]) -> float:
    """Krippendorff's uα for one category over one continuum or several pooled.

    Returns:
        uα, or NaN when no coder coded anything (no disagreement can be expected).
    """
    d_o, d_e = unitizing_disagreement(continua)
    return 1.0 - d_o / d_e if d_e > 0 else float("nan")
