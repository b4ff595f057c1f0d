"""Agreement on article variables: alpha per level against the krippendorff package on a project,
the option order of ordinal variables, the missing-coder rule, text left out, the command line
(table, JSON, CSV, XLSX) and the speed of a large coding sheet."""

from __future__ import annotations

import csv
import io
import json
import math
import time
from datetime import date
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
import openpyxl
import pytest

from db.agreement.coefficients import cohen_kappa
from db.agreement.report import agreement
from db.agreement.units import AgreementError
from db.agreement.variables import TEXT_NOTE, VariableRow, variable_agreement, variable_rows
from db.annotate import codes, highlights
from db.annotate import variables as v
from db.annotate.variables import Option, SheetRow, VariableView
from db.cli import main
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project

NAN = float("nan")
CODERS = ("ann", "bob", "cy")
# Ten articles. ann and bob coded all of them; cy the first six only (None: no value).
# tone: ordinal, options in the order 3 (negative), 1 (neutral), 2 (positive), so that codes 3
# and 1 are neighbours; the disagreements are between neighbours.
TONE: dict[str, list[Any]] = {
    "ann": [3, 1, 2, 2, 1, 3, 1, 2, 3, 1],
    "bob": [1, 1, 2, 1, 1, 3, 3, 2, 3, 2],
    "cy": [3, 1, 1, 2, 1, 1, None, None, None, None],
}
RANK = {3: 0, 1: 1, 2: 2}
TOPIC: dict[str, list[Any]] = {
    "ann": [1, 2, 3, 1, 2, 3, 1, 2, 3, 1],
    "bob": [1, 2, 3, 2, 2, 3, 1, 1, 3, 1],
    "cy": [1, 2, 1, 1, None, 3, None, None, None, None],  # cy left article 4 blank
}
FACT: dict[str, list[Any]] = {
    "ann": [1, 1, 0, 0, 1, 0, 1, 1, 0, 0],
    "bob": [1, 0, 0, 0, 1, 0, 1, 1, 1, 0],
    "cy": [1, 1, 0, None, 1, 0, None, None, None, None],
}
COUNT: dict[str, list[Any]] = {
    "ann": [2.5, 10, 3, 4, 0, 7, 1, 1, 12, 5],
    "bob": [2.5, 9, 3, 5, 0, 7, 2, 1, 11, 5],
    "cy": [3.0, 10, 2, 4, 1, 7, None, None, None, None],
}
WHEN: dict[str, list[Any]] = {
    "ann": ["2024-03-01", "2024-03-02", "2024-03-05", "2024-04-01", "2024-03-01"] + [None] * 5,
    "bob": ["2024-03-01", "2024-03-03", "2024-03-05", "2024-04", "2024-03-09"] + [None] * 5,
    "cy": [None] * 10,
}


def day(value: str | None) -> float:
    return NAN if value is None or len(value) < 10 else float(date.fromisoformat(value).toordinal())


def matrix(values: dict[str, list], convert=float) -> np.ndarray:  # type: ignore[no-untyped-def,type-arg]
    return np.array(
        [[NAN if x is None else convert(x) for x in values[c]] for c in CODERS], dtype=float
    )


@pytest.fixture
def sheet(project: Project) -> Project:
    """Ten articles, three coders, a variable of each kind (and "remark", text)."""
    with project.session() as s:
        ids = store_articles(
            s,
            [(parse_text(f"Headline {i}\n\nThe body of article {i}.\n"), None) for i in range(10)],
        )
        tone = v.add(s, "tone", "ordinal", options=[(3, "negative"), (1, "neutral"), (2, "pos")])
        topic = v.add(s, "topic", "nominal", options=[(1, "economy"), (2, "health"), (3, "war")])
        fact = v.add(s, "fact", "yesno")
        count = v.add(s, "count", "numeric")
        when = v.add(s, "when", "date")
        remark = v.add(s, "remark", "text")
        for variable, values in ((tone, TONE), (topic, TOPIC), (fact, FACT), (count, COUNT)):
            for coder, row in values.items():
                for aid, x in zip(ids, row, strict=True):
                    if x is not None:
                        v.set_value(s, aid, variable, x, coder=coder)
        for coder, row in WHEN.items():
            for aid, x in zip(ids, row, strict=True):
                if x is not None:
                    v.set_value(s, aid, when, x, coder=coder)
        v.set_value(s, ids[0], remark, "a fine piece", coder="ann")
        v.set_value(s, ids[0], remark, "a fine piece", coder="bob")
    return project


def rows_of(project: Project, **kwargs: object) -> dict[str, VariableRow]:
    with project.session() as s:
        return {r.variable: r for r in variable_agreement(s, **kwargs)}  # type: ignore[arg-type]


def test_alpha_per_level_matches_the_krippendorff_package(sheet: Project) -> None:
    rows = rows_of(sheet, draws=200)
    assert list(rows) == ["tone", "topic", "fact", "count", "when", "remark"]
    expected = {
        "tone": krippendorff.alpha(
            reliability_data=matrix(TONE, RANK.__getitem__),
            level_of_measurement="ordinal",
            value_domain=[0, 1, 2],
        ),
        "topic": krippendorff.alpha(reliability_data=matrix(TOPIC), level_of_measurement="nominal"),
        "fact": krippendorff.alpha(reliability_data=matrix(FACT), level_of_measurement="nominal"),
        "count": krippendorff.alpha(
            reliability_data=matrix(COUNT), level_of_measurement="interval"
        ),
        "when": krippendorff.alpha(
            reliability_data=matrix(WHEN, day), level_of_measurement="interval"
        ),
    }
    measures = {"tone": "ordinal", "topic": "nominal", "fact": "nominal", "count": "interval"}
    for name, alpha in expected.items():
        row = rows[name]
        assert row.alpha == pytest.approx(alpha), name
        assert row.measure == measures.get(name, "interval")
        assert row.coders == CODERS
        assert row.alpha_ci is not None and row.alpha_ci.low <= row.alpha <= row.alpha_ci.high
        assert row.cohen_kappa is None  # three coders
    assert rows["when"].note == "1 dates without a day left out"
    assert rows["when"].units == 4  # 2024-04 has no day: article 4 has one value only


def test_ordinal_follows_the_option_order_and_differs_from_nominal(sheet: Project) -> None:
    tone = rows_of(sheet, variables=["tone"], draws=0)["tone"]
    nominal = krippendorff.alpha(reliability_data=matrix(TONE), level_of_measurement="nominal")
    by_code = krippendorff.alpha(reliability_data=matrix(TONE), level_of_measurement="ordinal")
    # Disagreements between neighbouring options weigh less than nominal ones...
    assert tone.alpha > nominal + 0.05
    # ...and the neighbours are those of the option order, not of the codes' numbers.
    assert abs(tone.alpha - by_code) > 0.05


def test_a_coder_who_did_not_code_an_article_is_missing_for_it(sheet: Project) -> None:
    rows = rows_of(sheet, draws=0)
    # cy coded articles 1-6 only; ann and bob all ten: every article has two coders or more.
    assert rows["topic"].articles == 10 and rows["topic"].units == 10
    # A blank yes/no is no value, not a "no": the alpha equals the package's with NaN there.
    fact = matrix(FACT)
    assert math.isnan(fact[2, 3])
    assert rows["fact"].alpha == pytest.approx(
        krippendorff.alpha(reliability_data=fact, level_of_measurement="nominal")
    )
    only = rows_of(sheet, coders=["cy", "ann"], draws=0)
    assert only["topic"].articles == 6 and only["topic"].units == 5  # cy left topic 5 blank
    assert only["topic"].coders == ("ann", "cy")


def test_percent_agreement_and_cohen_with_two_coders(sheet: Project) -> None:
    rows = rows_of(sheet, coders=["ann", "bob"], draws=100)
    pair = matrix(TOPIC)[:2]
    assert rows["topic"].percent_agreement == pytest.approx(80.0)  # 8 of 10 articles
    assert rows["topic"].cohen_kappa == pytest.approx(cohen_kappa(pair))
    assert rows["fact"].cohen_kappa == pytest.approx(cohen_kappa(matrix(FACT)[:2]))
    assert rows["tone"].cohen_kappa is None and rows["count"].cohen_kappa is None
    assert rows["count"].percent_agreement == pytest.approx(60.0)  # 6 of 10 equal
    three = rows_of(sheet, draws=0)["topic"]
    # Pairs pooled over articles: ann-bob 8 of 10, ann-cy 4 of 5, bob-cy 3 of 5.
    assert three.percent_agreement == pytest.approx(100 * 15 / 20)


def test_text_is_skipped_with_a_reason(sheet: Project) -> None:
    remark = rows_of(sheet)["remark"]
    assert remark.measure is None and remark.note == TEXT_NOTE
    assert math.isnan(remark.alpha) and remark.alpha_ci is None
    assert math.isnan(remark.percent_agreement)


def test_unknown_variable_is_refused(sheet: Project) -> None:
    with sheet.session() as s, pytest.raises(AgreementError, match="no variable named 'nope'"):
        variable_agreement(s, variables=["tone", "nope"])


def test_report_puts_the_variables_after_the_codes(sheet: Project) -> None:
    with sheet.session() as s:
        report = agreement(s, draws=0)
        chosen = agreement(s, draws=0, variables=["fact"])
    assert [r["code"] for r in report.to_rows()] == [
        "tone",
        "topic",
        "fact",
        "count",
        "when",
        "remark",
    ]
    assert {r["level"] for r in report.to_rows()} == {"variable"}
    with sheet.session() as s, pytest.raises(AgreementError, match="fewer than two coders"):
        agreement(s, draws=0, with_variables=False)  # nothing left to compare
    assert [r.variable for r in chosen.variables] == ["fact"]


# ---- Command line


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), out=out, err=err), out.getvalue(), err.getvalue()


def test_cli_table_json_and_csv(sheet: Project) -> None:
    where = ("agreement", "--project", str(sheet.path), "--draws", "50")
    code, said, _ = run(*where)
    assert code == 0
    line = next(x for x in said.splitlines() if x.startswith("tone "))
    tone = rows_of(sheet, variables=["tone"], draws=0)["tone"]
    assert line.split()[1:5] == ["ordinal", "10", "10", f"{tone.alpha:.3f}"]
    assert TEXT_NOTE in next(x for x in said.splitlines() if x.startswith("remark "))
    code, said, _ = run(*where, "--json", "--variable", "topic", "fact")
    assert code == 0
    found = json.loads(said)["rows"]
    assert [(r["level"], r["code"], r["measure"]) for r in found] == [
        ("variable", "topic", "nominal"),
        ("variable", "fact", "nominal"),
    ]
    assert found[0]["alpha_low"] <= found[0]["alpha"] <= found[0]["alpha_high"]
    code, said, _ = run(*where, "--csv", "--coder", "ann", "--coder", "bob")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(said)))
    topic = next(r for r in rows if r["code"] == "topic")
    assert float(topic["percent_agreement"]) == pytest.approx(80.0)
    assert float(topic["cohen_kappa"]) == pytest.approx(cohen_kappa(matrix(TOPIC)[:2]))
    assert next(r for r in rows if r["code"] == "remark")["note"] == TEXT_NOTE
    code, _, err = run(*where, "--no-variables")
    assert code == 2 and "fewer than two coders" in err  # no highlights, no variables
    code, _, err = run(*where, "--variable", "nope")
    assert code == 2 and "no variable named 'nope'" in err


def test_cli_writes_a_workbook(sheet: Project, tmp_path: Path) -> None:
    out = tmp_path / "agreement.xlsx"
    code, _, _ = run("agreement", "--project", str(sheet.path), "--draws", "0", "--xlsx", str(out))
    assert code == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Codes", "Variables"]  # no per-article rows asked for
    ws = book["Variables"]
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("variable", "kind", "measure")
    found = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert list(found) == ["tone", "topic", "fact", "count", "when", "remark"]
    tone = rows_of(sheet, variables=["tone"], draws=0)["tone"]
    assert found["tone"]["alpha"] == pytest.approx(tone.alpha)
    assert found["tone"]["kind"] == "ordinal" and found["tone"]["coders"] == "ann; bob; cy"
    assert found["remark"]["note"] == TEXT_NOTE and found["remark"]["alpha"] is None
    assert book["Codes"]["A1"].value == "level" and book["Codes"].freeze_panes == "A2"


def test_a_failed_workbook_leaves_no_file(
    sheet: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "agreement.xlsx"
    out.write_bytes(b"the previous report")

    save = openpyxl.Workbook.save

    def fail(self: openpyxl.Workbook, path: str) -> None:
        save(self, path)  # the temporary file is written, then the disk fills up
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", fail)
    code, _, err = run(
        "agreement", "--project", str(sheet.path), "--draws", "0", "--xlsx", str(out)
    )
    assert code == 2 and "No space left" in err
    assert out.read_bytes() == b"the previous report"
    left = [p.name for p in tmp_path.iterdir() if not p.name.startswith("test.claimdesk")]
    assert left == ["agreement.xlsx"]


# ---- Speed


def test_34000_double_coded_articles_with_ten_variables_are_quick() -> None:
    rng = np.random.default_rng(0)
    kinds = ["nominal", "ordinal", "yesno", "numeric", "date"] * 2
    options = tuple(Option(i, f"option {i}") for i in range(1, 6))
    views = [
        VariableView(i + 1, f"u{i}", f"v{i}", "", kind, "", i, options if i % 5 < 2 else ())
        for i, kind in enumerate(kinds)
    ]
    articles = 34_000
    truth = rng.integers(1, 6, size=(articles, len(views)))
    rows = []
    for coder in ("ann", "bob"):
        noisy = np.where(rng.random(truth.shape) < 0.2, rng.integers(1, 6, truth.shape), truth)
        for aid in range(articles):
            values = {}
            for j, view in enumerate(views):
                x = int(noisy[aid, j])
                if view.kind == "yesno":
                    values[view.id] = str(x % 2)
                elif view.kind == "date":
                    values[view.id] = f"2024-03-{x:02d}"
                else:
                    values[view.id] = str(x)
            rows.append(SheetRow(aid + 1, None, None, None, None, coder, values))
    started = time.perf_counter()
    found = variable_rows(views, rows)  # 1,000 bootstrap draws
    took = time.perf_counter() - started
    assert [r.units for r in found] == [articles] * len(views)
    assert all(0.6 < r.alpha < 0.95 and r.alpha_ci is not None for r in found)
    assert took < 15.0, f"{took:.2f} s"


def test_workbook_with_highlights_has_codes_articles_and_text_cells(
    project: Project, tmp_path: Path
) -> None:
    body = "Minister hails jobs figures\n\nUnemployment fell by 40% in a year, he said.\n"
    with project.session() as s:
        (aid,) = store_articles(s, [(parse_text(body), "a.txt")])
        claim = next(c.id for c in codes.all_codes(s) if c.name == "Claim")
        start = body.index("Unemployment")
        for coder, end in (("ann", start + 24), ("=cmd()", start + 30)):
            highlights.add(s, article_id=aid, start=start, end=end, code_id=claim, coder=coder)
        fact = v.add(s, "fact", "yesno")
        v.set_value(s, aid, fact, "yes", coder="ann")
        v.set_value(s, aid, fact, "yes", coder="=cmd()")
    out = tmp_path / "a.xlsx"
    where = ("agreement", "--project", str(project.path), "--draws", "0", "--by-article")
    code, _, _ = run(*where, "--xlsx", str(out))
    assert code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Codes", "Articles", "Variables"]
    levels = [r[0] for r in book["Codes"].iter_rows(min_row=2, values_only=True)]
    assert "code" in levels and levels[-1] == "overall"
    assert {r[0] for r in book["Articles"].iter_rows(min_row=2, values_only=True)} == {"article"}
    coders = book["Variables"]["D2"]
    assert coders.value == "=cmd(); ann" and coders.data_type == "s"  # text, never a formula
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
