"""Inter-coder agreement: coefficients against published examples and the krippendorff package,
unitizing alpha on hand-made continua, % agreement, bootstrap intervals, units from a project."""

from __future__ import annotations

import csv
import io
import json
import math
import time

import krippendorff
import numpy as np
import pytest

from db.agreement.bootstrap import bootstrap_ci, percentile_interval, resampled_totals
from db.agreement.coefficients import (
    LEVELS,
    Level,
    alpha_statistic,
    cohen_kappa,
    cohen_statistic,
    fleiss_kappa,
    fleiss_kappa_table,
    fleiss_statistic,
    krippendorff_alpha,
)
from db.agreement.percent import pair_overlaps, percent_agreement
from db.agreement.report import AgreementRow, agreement
from db.agreement.unitizing import (
    Continuum,
    merge_spans,
    unitizing_alpha,
    unitizing_disagreement,
)
from db.agreement.units import AgreementError, ArticleCoding, CodeRef, Study, load_study
from db.annotate import codes, highlights
from db.cli import main
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project

NAN = float("nan")

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
# twelve units, values 1-5, missing values (unit 12 has one value and cannot be paired).
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
# The figures the paper gives for it.
PUBLISHED_2011 = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}

# Fleiss (1971: 379): 30 patients, each diagnosed by 6 of the psychiatrists into 5 categories.
FLEISS_1971 = [
    (4, 4, 4, 4, 4, 4), (2, 2, 2, 5, 5, 5), (2, 3, 3, 3, 3, 5), (5, 5, 5, 5, 5, 5),
    (2, 2, 2, 4, 4, 4), (1, 1, 3, 3, 3, 3), (3, 3, 3, 3, 5, 5), (1, 1, 3, 3, 3, 4),
    (1, 1, 4, 4, 4, 4), (5, 5, 5, 5, 5, 5), (1, 4, 4, 4, 4, 4), (1, 2, 4, 4, 4, 4),
    (2, 2, 2, 3, 3, 3), (1, 4, 4, 4, 4, 4), (2, 2, 4, 4, 4, 5), (3, 3, 3, 3, 3, 5),
    (1, 1, 1, 4, 5, 5), (1, 1, 1, 1, 1, 2), (2, 2, 4, 4, 4, 4), (1, 3, 3, 5, 5, 5),
    (5, 5, 5, 5, 5, 5), (2, 4, 4, 4, 4, 4), (2, 2, 4, 5, 5, 5), (1, 1, 4, 4, 4, 4),
    (1, 4, 4, 4, 4, 5), (2, 2, 2, 2, 2, 4), (1, 1, 1, 1, 5, 5), (2, 2, 4, 4, 4, 4),
    (1, 3, 3, 3, 3, 3), (5, 5, 5, 5, 5, 5),
]  # fmt: skip


def yes_no(both_yes: int, only_a: int, only_b: int, both_no: int) -> list[list[int]]:
    """Two coders' yes (1) / no (0) answers from the four cells of their 2 × 2 table."""
    a = [1] * both_yes + [1] * only_a + [0] * only_b + [0] * both_no
    b = [1] * both_yes + [0] * only_a + [1] * only_b + [0] * both_no
    return [a, b]


def random_matrix(rng: np.random.Generator, *, low: int = 1) -> np.ndarray:
    coders, units, values = rng.integers(2, 6), rng.integers(2, 40), rng.integers(2, 8)
    m = rng.integers(low, low + values, size=(coders, units)).astype(float)
    m[rng.random(m.shape) < rng.uniform(0.0, 0.5)] = NAN
    return m


# ---- Krippendorff's alpha


@pytest.mark.parametrize("level", LEVELS)
def test_alpha_gives_the_figures_of_krippendorffs_worked_example(level: Level) -> None:
    assert krippendorff_alpha(KRIPPENDORFF_2011, level) == pytest.approx(
        PUBLISHED_2011[level], abs=5e-4
    )


def test_alpha_of_the_two_coder_binary_example_is_0_095() -> None:
    # Krippendorff (2011), section A: o_01 = 4 of n = 20 values, n_0 = 14, n_1 = 6, so
    # alpha = 1 - (n - 1) o_01 / (n_0 n_1) = 1 - 19 * 4 / 84 = 0.0952.
    data = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert krippendorff_alpha(data) == pytest.approx(1 - 19 * 4 / 84)
    assert round(krippendorff_alpha(data), 3) == 0.095


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # the package's 0 / 0
@pytest.mark.parametrize("level", LEVELS)
def test_alpha_matches_the_krippendorff_package_on_random_data_with_gaps(level: Level) -> None:
    rng = np.random.default_rng(20260 + LEVELS.index(level))
    compared = 0
    for _ in range(150):
        m = random_matrix(rng, low=1)
        try:
            expected = krippendorff.alpha(reliability_data=m, level_of_measurement=level)
        except ValueError:  # a single value throughout: alpha is undefined
            assert math.isnan(krippendorff_alpha(m, level))
            continue
        if math.isnan(expected):
            assert math.isnan(krippendorff_alpha(m, level))
            continue
        assert krippendorff_alpha(m, level) == pytest.approx(expected, abs=1e-9)
        compared += 1
    assert compared > 100


def test_alpha_takes_none_as_missing_and_is_nan_when_nothing_pairs() -> None:
    with_none: list[list[float | None]] = [[1, 2, None, 1], [1, None, 2, 2]]
    as_nan = [[1, 2, NAN, 1], [1, NAN, 2, 2]]
    assert krippendorff_alpha(with_none) == krippendorff_alpha(as_nan)
    assert krippendorff_alpha(with_none) == pytest.approx(
        krippendorff.alpha(reliability_data=as_nan, level_of_measurement="nominal")
    )
    assert math.isnan(krippendorff_alpha([[1, NAN], [NAN, 2]]))  # no unit has two values
    assert math.isnan(krippendorff_alpha([[0, 0, 0], [0, 0, 0]]))  # no disagreement expected
    assert krippendorff_alpha([[0, 1, 0, 1], [0, 1, 0, 1]]) == 1.0


def test_alpha_refuses_values_outside_the_domain_it_is_given() -> None:
    with pytest.raises(ValueError, match="outside"):
        alpha_statistic([[0, 2], [0, 1]], values=(0, 1))


# ---- Cohen's and Fleiss' kappa


def test_cohens_kappa_of_the_50_yes_no_answers_is_0_4() -> None:
    # 20 both yes, 5 only A, 10 only B, 15 both no: p_o = 0.7; A says yes to 25, B to 30, so
    # p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5 and kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    assert cohen_kappa(yes_no(20, 5, 10, 15)) == pytest.approx(0.4)


def test_cohens_kappa_differs_for_the_same_observed_agreement() -> None:
    # Both tables have p_o = 0.6; p_e = 0.54 and 0.46 (Wikipedia's second pair of examples).
    assert cohen_kappa(yes_no(45, 15, 25, 15)) == pytest.approx(0.06 / 0.46)
    assert round(cohen_kappa(yes_no(45, 15, 25, 15)), 4) == 0.1304
    assert round(cohen_kappa(yes_no(25, 35, 5, 35)), 4) == 0.2593


def test_cohens_kappa_uses_the_units_both_coded_and_needs_two_coders() -> None:
    data = yes_no(20, 5, 10, 15)
    with_gaps = [[*data[0], 1, NAN], [*data[1], NAN, 0]]
    assert cohen_kappa(with_gaps) == pytest.approx(0.4)
    assert math.isnan(cohen_kappa([[1, 1, 1], [1, 1, 1]]))
    with pytest.raises(ValueError, match="two coders"):
        cohen_kappa([[1, 0], [1, 0], [0, 0]])


def test_fleiss_kappa_of_the_14_raters_on_10_subjects_is_0_210() -> None:
    counts = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]  # fmt: skip
    # P̄ = 0.378, P̄_e = 0.213 (p_j = 0.143, 0.200, 0.279, 0.150, 0.229), kappa = 0.210.
    assert round(fleiss_kappa_table(counts), 3) == 0.210


def test_fleiss_kappa_of_fleiss_1971_diagnoses_is_0_430() -> None:
    data = np.array(FLEISS_1971, dtype=float).T  # 6 coders × 30 units
    stat = fleiss_statistic(data)
    totals = stat.features.sum(axis=0)
    assert totals[0] / totals[1] == pytest.approx(0.5556, abs=1e-4)  # P̄
    assert round(fleiss_kappa(data), 3) == 0.430
    shuffled = np.random.default_rng(1).permuted(data, axis=0)  # which psychiatrist: no matter
    assert fleiss_kappa(shuffled) == pytest.approx(fleiss_kappa(data))


def test_fleiss_kappa_with_missing_values_keeps_each_units_own_coders() -> None:
    # Unit 3 has one value and is left out; units 1-2 have 3 and 2 coders. P_1 = 1/3, P_2 = 1,
    # P̄ = 2/3; values 1, 1, 2, 2, 2 give p = (0.4, 0.6), P̄_e = 0.52; kappa = 0.1467 / 0.48.
    data = [[1.0, 2.0, 1.0], [1.0, 2.0, NAN], [2.0, NAN, NAN]]
    assert fleiss_kappa(data) == pytest.approx((2 / 3 - 0.52) / 0.48)
    assert math.isnan(fleiss_kappa([[1, 1], [1, 1]]))


# ---- Bootstrap


def test_bootstrap_interval_holds_the_estimate_and_comes_back_from_its_seed() -> None:
    rng = np.random.default_rng(7)
    truth = rng.integers(0, 3, size=300)
    noisy = np.where(rng.random(300) < 0.2, rng.integers(0, 3, size=300), truth)
    data = np.array([truth, noisy], dtype=float)
    for stat in (alpha_statistic(data), cohen_statistic(data), fleiss_statistic(data)):
        ci = bootstrap_ci(stat, draws=500, seed=11)
        assert ci.low < stat.estimate() < ci.high
        assert ci.high - ci.low < 0.2 and ci.draws == 500
        assert bootstrap_ci(stat, draws=500, seed=11) == ci
        assert bootstrap_ci(stat, draws=500, seed=12) != ci


def test_bootstrap_draws_resample_the_units() -> None:
    features = np.eye(5)  # each unit's feature is its own column: totals count the picks
    totals = resampled_totals(features, draws=300, seed=3)
    assert totals.shape == (300, 5)
    assert np.all(totals.sum(axis=1) == 5)  # as many units as there are, each draw
    assert 0.8 < totals.mean() < 1.2 and totals.max() > 2  # with replacement, evenly
    assert not np.all(totals == 1)


def test_percentile_interval_leaves_undefined_draws_out() -> None:
    ci = percentile_interval(np.array([NAN, *np.linspace(0.0, 1.0, 101)]), confidence=0.9)
    assert ci.low == pytest.approx(0.05) and ci.high == pytest.approx(0.95) and ci.draws == 101
    assert math.isnan(percentile_interval(np.array([NAN, NAN])).low)


# ---- Unitizing alpha


def continuum(length: int, **coders: list[tuple[int, int]]) -> Continuum:
    return Continuum(length, {name: tuple(spans) for name, spans in coders.items()})


def test_unitizing_alpha_worked_by_hand() -> None:
    # L = 10, two coders: r0 codes [1, 9); r1 codes [2, 3), [4, 5), [6, 7).
    # Observed: r0's unit overlaps each of r1's; δ² = (begin diff)² + (end diff)² =
    # (1-2)² + (9-3)² = 37, (1-4)² + (9-5)² = 25, (1-6)² + (9-7)² = 29; no unit lies inside the
    # other's gap. D_o = 2 · 91 / (m (m-1) L²) = 182 / 200 = 0.91.
    # Expected: N = 4 units (8, 1, 1, 1); gaps 1, 1 (r0) and 2, 1, 1, 3 (r1), Σ = 9.
    # l = 8: (N-1)(2·512 - 3·64 + 8)/3 = 840, no gap ≥ 8; each l = 1: 0 + 1 · Σ gaps = 9.
    # D_e = (2/L)(840 + 27) / (mL (mL-1) - Σ l(l-1)) = 173.4 / (380 - 56) = 0.535185.
    # uα = 1 - 0.91 / 0.535185 = -0.70035 (as DKPro Agreement's own test has it).
    c = continuum(10, r0=[(1, 9)], r1=[(2, 3), (4, 5), (6, 7)])
    d_o, d_e = unitizing_disagreement(c)
    assert d_o == pytest.approx(0.91)
    assert d_e == pytest.approx(173.4 / 324)
    assert unitizing_alpha(c) == pytest.approx(1 - 0.91 / (173.4 / 324))
    assert round(unitizing_alpha(c), 4) == -0.7003


def krippendorff_1995(stretch: float, pairs: str = "ABCD") -> dict[str, Continuum]:
    """Krippendorff's (1995: 57) four pairs of coders on 24 positions, as (offset, length),
    every position multiplied by ``stretch`` (DKPro Agreement's Krippendorff1995Test)."""
    units = {
        "A": ([(2, 8), (14, 6)], [(4, 4), (15, 2)]),
        "B": ([(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]),
        "C": ([(2, 6), (10, 2), (14, 4), (20, 2)], [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]),
        "D": (
            [(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)],
            [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)],
        ),
    }

    def spans(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(int(o * stretch), int(o * stretch) + int(n * stretch)) for o, n in pairs]

    return {
        k: continuum(int(24 * stretch), one=spans(a), two=spans(b))
        for k, (a, b) in units.items()
        if k in pairs
    }


def test_unitizing_alpha_of_krippendorffs_1995_examples() -> None:
    observed = {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}
    for k, c in krippendorff_1995(1).items():
        assert unitizing_disagreement(c)[0] == pytest.approx(observed[k], abs=1e-5)
    # D_e depends on the continuum's resolution: exact at half of it (DKPro: 0.05494) ...
    half = krippendorff_1995(0.5, "C")["C"]
    assert unitizing_disagreement(half)[1] == pytest.approx(0.05494, abs=1e-5)
    # ... and near the published alphas once positions are fine-grained (the paper's D_e has
    # small errors, DKPro notes; it allows 0.02).
    published = {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}
    for k, c in krippendorff_1995(50_000).items():
        assert unitizing_disagreement(c)[0] == pytest.approx(observed[k], abs=1e-5)
        assert unitizing_alpha(c) == pytest.approx(published[k], abs=0.02)


def test_unitizing_alpha_is_1_for_identical_units_and_0_for_a_lone_unit() -> None:
    same = [(3, 9), (20, 31), (31, 40)]
    assert unitizing_alpha(continuum(50, a=same, b=same, c=same)) == 1.0
    assert unitizing_alpha(continuum(50, a=[(0, 50)], b=[(0, 50)])) == 1.0
    # One unit by one of three coders: D_o = D_e (DKPro: agreement 0).
    assert unitizing_alpha(continuum(20, a=[(0, 1)], b=[], c=[])) == pytest.approx(0.0)
    assert math.isnan(unitizing_alpha(continuum(20, a=[], b=[])))  # nothing coded


def test_unitizing_alpha_invariances() -> None:
    c = continuum(60, x=[(2, 10), (30, 41)], y=[(4, 12), (25, 40), (50, 55)], z=[(3, 11)])
    value = unitizing_alpha(c)
    assert -1 < value < 1
    # Coders' names and order do not matter.
    renamed = continuum(60, b=[(3, 11)], a=[(4, 12), (25, 40), (50, 55)], c=[(2, 10), (30, 41)])
    assert unitizing_alpha(renamed) == pytest.approx(value)
    # Nor the direction of reading: mirrored positions, same value.
    mirror = {k: [(60 - b, 60 - a) for a, b in reversed(v)] for k, v in c.segments.items()}
    assert unitizing_alpha(continuum(60, **mirror)) == pytest.approx(value)
    # Stretching leaves D_o as it is.
    double = {k: [(2 * a, 2 * b) for a, b in v] for k, v in c.segments.items()}
    assert unitizing_disagreement(continuum(120, **double))[0] == pytest.approx(
        unitizing_disagreement(c)[0]
    )
    # A worse coder lowers it.
    worse = continuum(60, x=[(2, 10), (30, 41)], y=[(4, 12), (25, 40), (50, 55)], z=[(40, 59)])
    assert unitizing_alpha(worse) < value


def test_pooled_continua_are_one_continuum_laid_end_to_end() -> None:
    # Each ends and begins with a unit, so no gap runs across the join.
    one = continuum(20, a=[(0, 5), (12, 20)], b=[(1, 5), (10, 20)])
    two = continuum(30, a=[(0, 8), (20, 25)], b=[(0, 9), (18, 24)])
    joined = continuum(
        50, a=[(0, 5), (12, 20), (20, 28), (40, 45)], b=[(1, 5), (10, 20), (20, 29), (38, 44)]
    )
    assert unitizing_alpha([one, two]) == pytest.approx(unitizing_alpha(joined))


def test_a_coder_missing_from_an_article_is_not_a_coder_who_found_nothing() -> None:
    first = continuum(40, a=[(5, 15)], b=[(5, 15)], c=[(5, 15)])
    without_c = continuum(40, a=[(20, 30)], b=[(20, 30)])
    with_c_empty = continuum(40, a=[(20, 30)], b=[(20, 30)], c=[])
    assert unitizing_alpha([first, without_c]) == 1.0
    assert unitizing_alpha([first, with_c_empty]) < 0.9
    assert percent_agreement([first, without_c]) == 100.0
    assert percent_agreement([first, with_c_empty]) < 100.0
    # An article only one coder coded adds nothing.
    partial = continuum(40, a=[(5, 15)], b=[(8, 15)])
    alone = continuum(40, a=[(20, 30)])
    assert unitizing_alpha([partial, alone]) == unitizing_alpha(partial)
    assert percent_agreement([partial, alone]) == percent_agreement(partial) == 70.0


def test_continuum_refuses_overlapping_units_and_merge_spans_joins_them() -> None:
    with pytest.raises(ValueError, match="overlap"):
        continuum(10, a=[(0, 5), (4, 8)], b=[])
    with pytest.raises(ValueError):
        continuum(10, a=[(5, 12)], b=[])
    assert merge_spans([(4, 8), (0, 5), (8, 9), (20, 22), (21, 22)]) == (
        (0, 8),
        (8, 9),
        (20, 22),
    )


# ---- Percent agreement


def test_percent_agreement_ignores_the_text_nobody_coded() -> None:
    # Two coders, disjoint spans of a 10,000-character article: 40 of 10,000 positions differ,
    # which position by position would be 99.6 % agreement; on coded positions it is none.
    c = continuum(10_000, a=[(100, 120)], b=[(5_000, 5_020)])
    assert percent_agreement(c) == 0.0
    # [0, 30) and [10, 40): 20 positions both coded of 40 either coded.
    assert percent_agreement(continuum(10_000, a=[(0, 30)], b=[(10, 40)])) == 50.0


def test_percent_agreement_averages_pairs_pooled_over_articles() -> None:
    one = continuum(100, a=[(0, 10)], b=[(0, 10)], c=[(50, 60)])
    two = continuum(100, a=[(0, 10)], b=[(5, 10)])
    overlaps = pair_overlaps([one, two])
    # a-b: 10 + 5 both of 10 + 10 either = 75 %; a-c and b-c: 0 of 20.
    assert overlaps == {("a", "b"): (15, 20), ("a", "c"): (0, 20), ("b", "c"): (0, 20)}
    assert percent_agreement([one, two]) == pytest.approx(25.0)
    # A pair that together coded nothing has no percentage: a-b 100 %, a-c, a-d, b-c, b-d 0 %,
    # c-d none (left out of the mean, not 0).
    assert percent_agreement(continuum(100, a=[(0, 10)], b=[(0, 10)], c=[], d=[])) == 20.0
    assert math.isnan(percent_agreement(continuum(100, a=[], b=[])))


# ---- Units from a project

FIRST = (
    "Minister hails jobs figures\n\n"
    "The minister said unemployment fell by 40% in a single year.\n\n"
    "Critics said the report showed a fall of 4%.\n\n"
    "The opposition called the claim a lie.\n"
)
SECOND = (
    "Envoy says talks resume\n\n"
    "The UN envoy said talks would resume in Geneva next week.\n\n"
    "Officials in Damascus did not comment.\n"
)


def block(text: str, starting: str) -> tuple[int, int]:
    """The span of the line (block) of ``text`` that starts with ``starting``."""
    start = text.index(starting)
    return start, text.index("\n", start)


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def coded(project: Project) -> Project:
    """Two articles: ann and bob coded both, cy only the first; "Economy" is inside "Claim"."""
    with project.session() as s:
        first, second = store_articles(
            s, [(parse_text(FIRST), "first.txt"), (parse_text(SECOND), "second.txt")]
        )
        book = {c.name: c.id for c in codes.all_codes(s)}
        economy = codes.add(s, "Economy", parent_id=book["Claim"])
        for aid, body, phrase, code, coder in (
            (first, FIRST, "hails jobs figures", book["Quote"], "ann"),  # the headline: a unit
            (first, FIRST, "unemployment fell by 40%", book["Claim"], "ann"),
            (first, FIRST, "the claim a lie", book["Opinion"], "ann"),
            (first, FIRST, "unemployment fell by 40% in a single year", book["Claim"], "bob"),
            (first, FIRST, "a fall of 4%", economy, "bob"),  # counts for Claim, nested
            (first, FIRST, "The minister said unemployment", book["Claim"], "cy"),
            (first, FIRST, "minister said", book["Claim"], "cy"),  # overlaps: one unit
            (second, SECOND, "talks would resume in Geneva", book["Claim"], "ann"),
            (second, SECOND, "did not comment", book["Claim"], "bob"),
            (second, SECOND, "Officials", None, "bob"),  # uncoded
        ):
            a, b = span(body, phrase)
            highlights.add(s, article_id=aid, start=a, end=b, code_id=code, coder=coder)
    return project


# Claim (with Economy) on the units: first's headline and three paragraphs, second's two
# paragraphs (its headline no one touched); cy did not code the second article.
CLAIM: list[list[float]] = [
    [0, 1, 0, 0, 1, 0],  # ann
    [0, 1, 1, 0, 0, 1],  # bob
    [0, 1, 0, 0, NAN, NAN],  # cy
]


def code_ref(study: Study, path: str) -> CodeRef:
    return next(c for c in study.codes if c.path == path)


def test_units_are_body_blocks_and_touched_blocks_and_missing_coders_are_nan(
    coded: Project,
) -> None:
    with coded.session() as s:
        study = load_study(s)
        claim = code_ref(study, "Claim")
        first, second = study.articles
        assert study.coders == ("ann", "bob", "cy")
        assert (first.coders, second.coders) == (("ann", "bob", "cy"), ("ann", "bob"))
        assert first.units == (
            block(FIRST, "Minister"),
            block(FIRST, "The minister"),
            block(FIRST, "Critics"),
            block(FIRST, "The opposition"),
        )
        assert second.units == (block(SECOND, "The UN"), block(SECOND, "Officials"))
        np.testing.assert_array_equal(study.reliability(claim), np.array(CLAIM))
        # Only the codes someone used, in codebook order; Economy inside Claim.
        assert [c.path for c in study.codes] == [
            "Claim", "Claim/Economy", "Quote", "Opinion",
        ]  # fmt: skip
        exact = code_ref(load_study(s, nested=False), "Claim")
        assert np.array_equal(load_study(s, nested=False).reliability(exact)[1], [0, 1, 0, 0, 0, 1])


def test_a_unit_is_coded_when_a_highlight_covers_one_of_its_characters() -> None:
    article = ArticleCoding(
        1, 40, ((0, 10), (10, 20), (20, 30), (30, 40)), ("ann", "bob"),
        {"ann": {7: [(10, 20)]}, "bob": {7: [(29, 31)], 8: [(0, 40)]}},
    )  # fmt: skip
    code = CodeRef(7, "Claim", frozenset({7}))
    np.testing.assert_array_equal(article.values(code), [[0, 1, 0, 0], [0, 0, 1, 1]])


def test_a_coder_with_only_uncoded_highlights_coded_the_article(project: Project) -> None:
    with project.session() as s:
        (aid,) = store_articles(s, [(parse_text(SECOND), "second.txt")])
        claim = next(c.id for c in codes.all_codes(s) if c.name == "Claim")
        for phrase, code, coder in (("talks", claim, "ann"), ("Officials", None, "bob")):
            a, b = span(SECOND, phrase)
            highlights.add(s, article_id=aid, start=a, end=b, code_id=code, coder=coder)
        study = load_study(s)
        # Units: the headline ("talks" is in it) and the two paragraphs; bob's values are 0.
        np.testing.assert_array_equal(study.reliability(study.codes[0]), [[1, 0, 0], [0, 0, 0]])


def test_unitizing_view_merges_a_coders_overlapping_spans(coded: Project) -> None:
    with coded.session() as s:
        study = load_study(s)
        claim = code_ref(study, "Claim")
        one, two = study.continua(claim)
    assert one.length == len(FIRST)
    assert one.segments == {
        "ann": (span(FIRST, "unemployment fell by 40%"),),
        "bob": (
            span(FIRST, "unemployment fell by 40% in a single year"),
            span(FIRST, "a fall of 4%"),
        ),
        "cy": (span(FIRST, "The minister said unemployment"),),  # "minister said" is inside it
    }
    assert set(two.segments) == {"ann", "bob"}  # cy is missing, not empty


def test_report_rows_match_the_coefficients_of_the_units(coded: Project) -> None:
    with coded.session() as s:
        report = agreement(s, draws=200, seed=5, by_article=True)
        study = load_study(s)
    rows = {(r.level, r.code, r.article_id): r for r in report.rows}
    claim = rows[("code", "Claim", None)]
    assert claim.coders == ("ann", "bob", "cy") and claim.units == 6 and claim.articles == 2
    expected = krippendorff.alpha(reliability_data=np.array(CLAIM), level_of_measurement="nominal")
    assert claim.alpha == pytest.approx(expected)
    assert claim.fleiss_kappa == pytest.approx(fleiss_kappa(CLAIM))
    assert claim.cohen_kappa is None  # three coders
    assert claim.u_alpha == pytest.approx(unitizing_alpha(study.continua(code_ref(study, "Claim"))))
    # % agreement on Claim's coded positions, pairs pooled over the articles both coded.
    ann, bob = (
        span(FIRST, "unemployment fell by 40%"),
        span(FIRST, "unemployment fell by 40% in a single year"),
    )
    fall, geneva, comment = (
        span(FIRST, "a fall of 4%"),
        span(SECOND, "talks would resume in Geneva"),
        span(SECOND, "did not comment"),
    )
    length = lambda sp: sp[1] - sp[0]  # noqa: E731
    minister = span(FIRST, "The minister said unemployment")
    ann_bob = length(ann) / (length(bob) + length(fall) + length(geneva) + length(comment))
    ann_cy = len("unemployment") / (ann[1] - minister[0])
    bob_cy = len("unemployment") / (bob[1] - minister[0] + length(fall))
    assert claim.percent_agreement == pytest.approx(100 * (ann_bob + ann_cy + bob_cy) / 3)
    # The second article, two coders: Cohen's kappa there, from its own units.
    second = rows[("article", "Claim", 2)]
    assert second.coders == ("ann", "bob") and second.units == 2
    # ann 1, 0 and bob 0, 1: p_o = 0, p_e = 0.5, kappa = -1; alpha = 1 - 3 · 2 / (2 · 2).
    assert second.cohen_kappa == pytest.approx(-1.0)
    assert second.alpha == pytest.approx(-0.5)
    assert rows[("article", "Claim", 1)].alpha == pytest.approx(
        krippendorff.alpha(reliability_data=np.array(CLAIM)[:, :4], level_of_measurement="nominal")
    )
    overall = rows[("overall", "(all codes)", None)]
    # uα pools the codes' disagreements; % agreement each pair's positions over every code.
    parts = [unitizing_disagreement(study.continua(c)) for c in study.codes]
    assert overall.u_alpha == pytest.approx(1 - sum(p[0] for p in parts) / sum(p[1] for p in parts))
    pairs = [pair_overlaps(study.continua(c)) for c in study.codes]
    mean = sum(
        100 * sum(p[k][0] for p in pairs if k in p) / sum(p[k][1] for p in pairs if k in p)
        for k in (("ann", "bob"), ("ann", "cy"), ("bob", "cy"))
    )
    assert overall.percent_agreement == pytest.approx(mean / 3)
    pooled = np.hstack([study.reliability(c) for c in study.codes])
    assert overall.units == pooled.shape[1] == 24
    assert overall.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=pooled, level_of_measurement="nominal")
    )
    assert overall.fleiss_kappa == pytest.approx(fleiss_kappa(pooled))
    assert [r.level for r in report.rows][-1] == "overall"


def test_report_intervals_hold_the_estimate_and_follow_the_seed(coded: Project) -> None:
    with coded.session() as s:
        # Few draws, so that an interval's ends move with the draws even on a few units.
        one = agreement(s, draws=20, seed=1, by_article=True)
        again = agreement(s, draws=20, seed=1, by_article=True)
        other = agreement(s, draws=20, seed=2, by_article=True)
        none = agreement(s, draws=0)
    assert one.to_rows() == again.to_rows()  # (rows with NaN are never == themselves)
    assert [r.alpha_ci for r in one.rows if r.level == "article"] != [
        r.alpha_ci for r in other.rows if r.level == "article"
    ]
    assert [r.alpha_ci for r in one.rows if r.level != "article"] != [
        r.alpha_ci for r in other.rows if r.level != "article"
    ]
    for row in one.rows:
        if math.isnan(row.alpha):  # no interval for what is undefined
            assert row.alpha_ci is None
        else:
            assert row.alpha_ci is not None
            assert row.alpha_ci.low <= row.alpha <= row.alpha_ci.high
        if row.fleiss_ci is not None:
            assert row.fleiss_ci.low <= row.fleiss_kappa <= row.fleiss_ci.high
    assert any(math.isnan(r.alpha) for r in one.rows)  # Economy in the second article
    assert all(r.alpha_ci is None and r.fleiss_ci is None for r in none.rows)


def test_disjoint_spans_in_a_long_article_agree_0_percent(project: Project) -> None:
    body = "Long report\n\n" + "\n\n".join(f"Paragraph {i} " + "words " * 50 for i in range(12))
    with project.session() as s:
        (aid,) = store_articles(s, [(parse_text(body), "long.txt")])
        claim = next(c.id for c in codes.all_codes(s) if c.name == "Claim")
        highlights.add(s, article_id=aid, start=100, end=130, code_id=claim, coder="ann")
        highlights.add(s, article_id=aid, start=2500, end=2530, code_id=claim, coder="bob")
        (row, _) = agreement(s, draws=0).rows
    assert len(body) > 3000
    assert row.percent_agreement == 0.0
    assert row.alpha < 0 and row.u_alpha < 0


def test_load_study_refuses_what_is_not_there(coded: Project) -> None:
    with coded.session() as s:
        with pytest.raises(AgreementError, match="no code named 'Nope'"):
            load_study(s, codes=["Claim", "Nope"])
        with pytest.raises(AgreementError, match="no article with id 99"):
            load_study(s, articles=[1, 99])
        with pytest.raises(AgreementError, match="no highlights by coder 'zed'"):
            load_study(s, coders=["ann", "zed"])
        with pytest.raises(AgreementError, match="fewer than two coders"):
            load_study(s, coders=["ann"])
        with pytest.raises(AgreementError, match="fewer than two coders"):
            load_study(s, coders=["ann", "cy"], articles=[2])  # cy did not code it
        # By path, and the ones asked for even if unused.
        study = load_study(s, codes=["Claim/Economy", "Attribution"], articles=[1])
        assert [c.path for c in study.codes] == ["Claim/Economy", "Attribution"]


# ---- Command line


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), out=out, err=err), out.getvalue(), err.getvalue()


def test_cli_prints_a_table_json_and_csv(coded: Project) -> None:
    where = ("--project", str(coded.path))
    code, said, _ = run("agreement", *where, "--draws", "100")
    assert code == 0
    lines = said.splitlines()
    assert lines[0] == "3 coders: ann, bob, cy; units of alpha and kappa: paragraphs (blocks)"
    claim = next(line for line in lines if line.startswith("Claim "))
    alpha = krippendorff.alpha(reliability_data=np.array(CLAIM), level_of_measurement="nominal")
    assert claim.split()[1:4] == ["2", "6", f"{alpha:.3f}"]
    assert lines[-1].startswith("(all codes)")
    code, said, _ = run(
        "agreement", *where, "--json", "--code", "Claim", "--coder", "ann", "--coder", "bob"
    )
    assert code == 0
    found = json.loads(said)
    assert found["coders"] == ["ann", "bob"] and found["draws"] == 1000
    row, overall = found["rows"]
    assert overall["level"] == "overall"
    assert row["code"] == "Claim" and row["cohen_kappa"] is not None
    assert row["alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=np.array(CLAIM[:2]), level_of_measurement="nominal")
    )
    assert row["alpha_low"] <= row["alpha"] <= row["alpha_high"]
    code, said, _ = run(
        "agreement", *where, "--csv", "--by-article", "--article", "2", "--draws", "0"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(said)))
    assert tuple(rows[0]) == AgreementRow.COLUMNS
    assert [(r["level"], r["article_id"]) for r in rows if r["code"] == "Claim"] == [
        ("code", ""),
        ("article", "2"),
    ]
    assert rows[0]["alpha_low"] == "" and rows[0]["coders"] == "ann; bob"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--code", "Nope"), "no code named 'Nope'"),
        (("--article", "42"), "no article with id 42"),
        (("--coder", "zed"), "no highlights by coder 'zed'"),
        (("--coder", "cy"), "fewer than two coders"),
        (("--coder", "cy", "--coder", "ann", "--article", "2"), "fewer than two coders"),
    ],
)
def test_cli_exits_2_with_a_message(coded: Project, args: tuple[str, ...], message: str) -> None:
    code, said, err = run("agreement", "--project", str(coded.path), *args)
    assert (code, said) == (2, "")
    assert message in err and len(err.strip().splitlines()) == 1


def test_cli_exits_2_on_a_project_no_one_coded(project: Project) -> None:
    code, _, err = run("agreement", "--project", str(project.path))
    assert code == 2 and "fewer than two coders" in err


# ---- Speed


def test_two_hundred_double_coded_articles_take_well_under_a_second(project: Project) -> None:
    rng = np.random.default_rng(0)
    words = ("the", "minister", "said", "unemployment", "fell", "by", "forty", "percent", "while")
    texts = []
    for i in range(200):
        paragraphs = [
            " ".join(rng.choice(words, size=int(rng.integers(25, 60)))).capitalize() + "."
            for _ in range(14)
        ]
        texts.append(f"Report {i}\n\n" + "\n\n".join(paragraphs))
    with project.session() as s:
        store_articles(s, [(parse_text(t), f"{i}.txt") for i, t in enumerate(texts)])
        book = [c.id for c in codes.all_codes(s)]
        stored = s.connection().exec_driver_sql("SELECT id, text, text_sha256 FROM article")
        rows = []
        for aid, body, digest in stored.all():
            for coder in ("ann", "bob"):
                for start in rng.integers(0, len(body) - 200, size=10):
                    a, b = int(start), int(start + rng.integers(20, 150))
                    rows.append(
                        highlights.new_row(
                            article_id=aid, text=body, text_sha256=digest, start=a, end=b,
                            code_id=int(rng.choice(book)), coder=coder,
                        )
                    )  # fmt: skip
        s.add_all(rows)
    assert min(map(len, texts)) > 2500
    with project.session() as s:
        started = time.perf_counter()
        report = agreement(s)  # every code, 1,000 bootstrap draws
        took = time.perf_counter() - started
    assert len(report.rows) == len(book) + 1 and report.rows[0].units > 2000
    assert took < 1.0, f"{took:.2f} s"
