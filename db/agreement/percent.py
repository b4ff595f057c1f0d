"""Percent agreement over coded positions, which text nobody coded does not inflate.

For two coders of a continuum, with A and B the positions each coded: |A ∩ B| / |A ∪ B|, the
share of the positions either coded that both coded (the Jaccard index of the coded positions;
positive specific agreement, 2|A ∩ B| / (|A| + |B|), is 2J / (1 + J)). Text neither coded is
left out, so two coders who coded disjoint spans of a long article agree 0 %, not 99 %.

Over several continua each pair's intersections and unions are summed over the continua both
coded, then the pairs' percentages are averaged (pairs that together coded nothing have no
percentage and are left out). Only coders of a continuum count for it: one who did not code an
article is missing there, not disagreeing.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from db.agreement.unitizing import Continuum, Span

Pair = tuple[str, str]


def _covered(spans: Sequence[Span]) -> int:
    return sum(b - a for a, b in spans)


def _common(one: Sequence[Span], two: Sequence[Span]) -> int:
    """Positions both sorted, non-overlapping span lists cover."""
    total = i = j = 0
    while i < len(one) and j < len(two):
        total += max(0, min(one[i][1], two[j][1]) - max(one[i][0], two[j][0]))
        end_one, end_two = one[i][1], two[j][1]
        i += end_one <= end_two
        j += end_two <= end_one
    return total


def pair_overlaps(continua: Continuum | Sequence[Continuum]) -> dict[Pair, tuple[int, int]]:
    """For each pair of coders (names in order), the positions both and either coded, summed.

    Pairs are counted over the continua both coded; results for other codes or articles can be
    added pair by pair and passed to :func:`mean_percent`.
    """
    out: dict[Pair, tuple[int, int]] = {}
    for c in [continua] if isinstance(continua, Continuum) else continua:
        for one, two in itertools.combinations(sorted(c.segments), 2):
            a, b = c.segments[one], c.segments[two]
            both = _common(a, b)
            was = out.get((one, two), (0, 0))
            out[(one, two)] = (was[0] + both, was[1] + _covered(a) + _covered(b) - both)
    return out


def add_overlaps(
    into: dict[Pair, tuple[int, int]], more: Mapping[Pair, tuple[int, int]]
) -> dict[Pair, tuple[int, int]]:
    """``into`` with ``more`` added pair by pair (``into`` is changed and returned)."""
    for pair, (both, either) in more.items():
        was = into.get(pair, (0, 0))
        into[pair] = (was[0] + both, was[1] + either)
    return into


def mean_percent(overlaps: Mapping[Pair, tuple[int, int]]) -> float:
    """The mean over coder pairs of 100 · both / either, NaN if no pair coded anything."""
    shares = [100.0 * both / either for both, either in overlaps.values() if either > 0]
    return sum(shares) / len(shares) if shares else float("nan")


def percent_agreement(continua: Continuum | Sequence[Continuum]) -> float:
    """Percent agreement on coded positions (0–100), averaged over coder pairs.

    Returns:
        The percentage, or NaN when no two coders of a continuum coded anything in it.
    """
    return mean_percent(pair_overlaps(continua))
