"""Article variables: defined and checked by kind, coded per coder, deleted and put back, read
as one sheet (in one query, fast on 34,000 articles), and exported as CSV, XLSX, SPSS and Stata.

The .sav and .dta files are read back by pyreadstat and by readers that share no code with the
writer: IBM's SPSS I/O library (through pyspssio) and pandas' own Stata reader.
"""

from __future__ import annotations

import csv
import io
import json
import math
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pyreadstat
import pytest
from sqlalchemy import event

from db.annotate import variables as v
from db.annotate.variables import Option, VariableError
from db.cli import main
from db.formats.collect import Scope, generator
from db.formats.export import export
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project, open_project

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "projects"
TONE = ((1, "positive"), (2, "neutral"), (3, "negative"))


def articles(project: Project, n: int = 3) -> list[int]:
    with project.session() as s:
        return store_articles(
            s,
            [(parse_text(f"Headline {i}\n\nThe body of article {i}, long enough.\n"), None)
             for i in range(n)],
        )  # fmt: skip


@contextmanager
def statements(project: Project) -> Iterator[list[str]]:
    """The SQL statements run on the project's engine meanwhile."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(project.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(project.engine, "before_cursor_execute", count)


# ---- Defining


def test_each_kind_is_defined_in_order_with_its_options(project: Project) -> None:
    with project.session() as s:
        for kind in v.KINDS:
            options = TONE if kind in v.CATEGORICAL else ()
            v.add(s, f"x_{kind}", kind, label=f"  The {kind}  variable ", options=options)
        made = v.all_variables(s)
    assert [x.kind for x in made] == list(v.KINDS)
    assert [x.position for x in made] == list(range(len(v.KINDS)))
    assert made[0].label == "The nominal variable"
    assert made[0].options == tuple(Option(c, label) for c, label in TONE)
    assert made[1].option_label(3) == "negative" and made[2].options == ()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("", "needs a name"),
        ("main frame", "ASCII letters"),
        ("1st", "starting with a letter"),
        ("tón", "ASCII letters"),
        ("_x", "starting with a letter"),
        ("a" * 33, "longer than 32"),
        ("Title", "column of the sheet"),
        ("coder", "column of the sheet"),
        ("WITH", "SPSS or Stata keeps"),
        ("str12", "SPSS or Stata keeps"),
    ],
)
def test_a_name_spss_or_stata_would_refuse_is_refused(name: str, says: str) -> None:
    with pytest.raises(VariableError, match=says):
        v.check_name(name)


def test_a_name_is_taken_once_in_any_case(project: Project) -> None:
    with project.session() as s:
        v.add(s, "tone", "nominal", options=TONE)
        other = v.add(s, "frame", "text")
        with pytest.raises(VariableError, match="there is a variable named tone already"):
            v.add(s, "TONE", "text")
        with pytest.raises(VariableError, match="named tone already"):
            v.update(s, other, name="Tone")
        assert v.check_name(" main_frame2 ") == "main_frame2"


@pytest.mark.parametrize(
    ("kind", "options", "says"),
    [
        ("category", (), "nominal, ordinal, numeric, yesno, date, text; not 'category'"),
        ("numeric", TONE, "only nominal and ordinal variables have a list of codes"),
        ("nominal", ((1, "a"), (1, "b")), "code 1 is listed twice"),
        ("nominal", ((1, " "),), "code 1 of x needs a label"),
        ("ordinal", (("one", "a"),), "a code of x is a whole number, not 'one'"),
        ("ordinal", ((1.5, "a"),), "not 1.5"),
    ],
)
def test_a_kind_or_list_that_cannot_be_is_refused(
    project: Project, kind: str, options: Any, says: str
) -> None:
    with project.session() as s, pytest.raises(VariableError, match=says):
        v.add(s, "x", kind, options=options)


ACCEPTED = [
    ("nominal", 2, "2"),
    ("nominal", " 3 ", "3"),
    ("nominal", 1.0, "1"),
    ("ordinal", "+1", "1"),
    ("numeric", "2.50", "2.5"),
    ("numeric", "-3", "-3"),
    ("numeric", "1e3", "1000"),
    ("numeric", 0.1, "0.1"),
    ("numeric", 7, "7"),
    ("numeric", ".5", "0.5"),
    ("numeric", "12345678901234567890", "12345678901234567890"),
    ("numeric", 1e300, "1e+300"),
    ("yesno", "Yes", "1"),
    ("yesno", "FALSE", "0"),
    ("yesno", True, "1"),
    ("yesno", 0, "0"),
    ("yesno", "1", "1"),
    ("date", "2024-02-29", "2024-02-29"),
    ("date", "2024-03", "2024-03"),
    ("date", "1999", "1999"),
    ("date", date(2020, 1, 2), "2020-01-02"),
    ("text", "  Cafe\u0301 said so  ", "Café said so"),
    ("text", "   ", None),
    ("numeric", None, None),
    ("nominal", "", None),
]


def variable(kind: str) -> v.VariableView:
    options = tuple(Option(*o) for o in TONE) if kind in v.CATEGORICAL else ()
    return v.VariableView(1, "u", "x", "", kind, "", 0, options)


@pytest.mark.parametrize(("kind", "value", "stored"), ACCEPTED)
def test_a_value_is_made_canonical_by_kind(kind: str, value: object, stored: str | None) -> None:
    assert v.canonical(variable(kind), value) == stored


def test_values_are_stored_canonically(project: Project) -> None:
    [aid] = articles(project, 1)
    with project.session() as s:
        ids = {
            k: v.add(s, f"x_{k}", k, options=TONE if k in v.CATEGORICAL else ()) for k in v.KINDS
        }
        for kind, value, stored in ACCEPTED:
            v.set_value(s, aid, ids[kind], value)
            assert v.value_of(s, aid, ids[kind]) == stored, (kind, value)


REFUSED = [
    ("nominal", 4, "x takes one of its codes, 1 (positive), 2 (neutral), 3 (negative); not 4"),
    ("nominal", "positive", "not 'positive'"),
    ("nominal", True, "not True"),
    ("ordinal", "1.5", "not '1.5'"),
    ("numeric", "2,5", "x takes a number, such as 3 or 2.5 (not '2,5')"),
    ("numeric", "nan", "takes a number"),
    ("numeric", float("inf"), "takes a number"),
    ("numeric", "1 000", "takes a number"),
    ("numeric", False, "takes a number"),
    ("yesno", "maybe", "x takes yes or no (true/false, 1/0), not 'maybe'"),
    ("yesno", 2, "takes yes or no"),
    ("date", "2023-02-29", "x takes a date as YYYY-MM-DD, YYYY-MM or YYYY"),
    ("date", "2024-13", "YYYY-MM-DD"),
    ("date", "24-03-01", "YYYY-MM-DD"),
    ("date", "2024-3-1", "YYYY-MM-DD"),
    ("date", "0000", "YYYY-MM-DD"),
    ("date", "01/03/2024", "YYYY-MM-DD"),
]


@pytest.mark.parametrize(("kind", "value", "says"), REFUSED)
def test_a_value_the_kind_does_not_take_is_refused_saying_why(
    kind: str, value: object, says: str
) -> None:
    with pytest.raises(VariableError, match=re.escape(says)):
        v.canonical(variable(kind), value)


def test_a_refused_value_leaves_the_one_stored(project: Project) -> None:
    [aid] = articles(project, 1)
    with project.session() as s:
        vid = v.add(s, "x", "numeric")
        v.set_value(s, aid, vid, 4)
        with pytest.raises(VariableError, match="takes a number"):
            v.set_value(s, aid, vid, "four")
        assert v.value_of(s, aid, vid) == "4"


def test_a_list_without_codes_says_to_add_them(project: Project) -> None:
    [aid] = articles(project, 1)
    with project.session() as s:
        vid = v.add(s, "frame", "nominal")
        with pytest.raises(VariableError, match="frame has no codes yet: add its options first"):
            v.set_value(s, aid, vid, 1)
        v.add_option(s, vid, 1, "conflict")
        assert v.set_value(s, aid, vid, 1) is None
        with pytest.raises(VariableError, match="there is no article 99"):
            v.set_value(s, 99, vid, 1)


# ---- Values per coder


def test_each_coder_has_their_own_value_and_setting_returns_the_one_before(
    project: Project,
) -> None:
    [aid, other, _] = articles(project)
    with project.session() as s:
        tone = v.add(s, "tone", "nominal", options=TONE)
        assert v.set_value(s, aid, tone, 1, coder="Ana") is None
        assert v.set_value(s, aid, tone, 3, coder=" Ben ") is None
        assert v.set_value(s, aid, tone, 2, coder="Ana") == "1"
        assert v.set_value(s, other, tone, 2) is None
        assert v.value_of(s, aid, tone, coder="Ana") == "2"
        assert v.value_of(s, aid, tone, coder="Ben") == "3"
        assert v.value_of(s, aid, tone) is None
        assert v.values_of(s, aid, coder="Ben") == {tone: "3"}
        assert v.coders(s) == ["", "Ana", "Ben"]
        # Undo puts back what setting returned; clearing returns the value it cleared.
        assert v.set_value(s, aid, tone, "1", coder="Ana") == "2"
        assert v.clear_value(s, aid, tone, coder="Ana") == "1"
        assert v.value_of(s, aid, tone, coder="Ana") is None
        assert v.clear_value(s, aid, tone, coder="Ana") is None


def test_values_go_with_their_article(project: Project) -> None:
    [aid, other, _] = articles(project)
    with project.session() as s:
        n = v.add(s, "sources", "numeric")
        v.set_value(s, aid, n, 4)
        v.set_value(s, other, n, 5)
        s.connection().exec_driver_sql("DELETE FROM article WHERE id = ?", (aid,))
        count = s.connection().exec_driver_sql("SELECT count(*) FROM variable_value").scalar()
        assert count == 1


# ---- Editing, deleting, undoing


def test_deleting_a_variable_takes_its_values_and_restore_puts_all_back(
    project: Project,
) -> None:
    ids = articles(project)
    with project.session() as s:
        tone = v.add(s, "tone", "nominal", label="Tone", options=TONE)
        keep = v.add(s, "keep", "text")
        for i, aid in enumerate(ids):
            v.set_value(s, aid, tone, i + 1, coder="Ana")
        v.set_value(s, ids[0], keep, "stays")
        before = v.get(s, tone)
        stored = s.connection().exec_driver_sql("SELECT * FROM variable_value").fetchall()
        snap = v.delete(s, tone)
        assert [x.name for x in v.all_variables(s)] == ["keep"]
        assert [r.values for r in v.sheet(s)][:1] == [{keep: "stays"}]
        count = "SELECT count(*) FROM variable_value WHERE variable_id = ?"
        assert s.connection().exec_driver_sql(count, (tone,)).scalar() == 0
    with project.session() as s:
        v.restore(s, snap)
    with project.session() as s:
        assert v.get(s, tone) == before
        again = s.connection().exec_driver_sql("SELECT * FROM variable_value").fetchall()
        assert sorted(again) == sorted(stored)  # created and modified too


def test_an_option_in_use_is_removed_only_when_forced(project: Project) -> None:
    ids = articles(project)
    with project.session() as s:
        tone = v.add(s, "tone", "nominal", options=TONE)
        v.set_value(s, ids[0], tone, 3, coder="Ana")
        v.set_value(s, ids[1], tone, 3, coder="Ben")
        v.set_value(s, ids[2], tone, 1, coder="Ben")
        says = 'Code 3 \\("negative"\\) of tone is coded for 2 articles by 2 coders: clear'
        with pytest.raises(VariableError, match=says):
            v.remove_option(s, tone, 3)
        with pytest.raises(VariableError, match="recode or clear those values first"):
            v.update(s, tone, options=TONE[:2])
        assert v.get(s, tone).options == tuple(Option(*o) for o in TONE)
        v.remove_option(s, tone, 2)  # unused: no force needed
        snap = v.remove_option(s, tone, 3, force=True)
        assert [o.value for o in v.get(s, tone).options] == [1]
        assert v.value_of(s, ids[0], tone, coder="Ana") is None
        with pytest.raises(VariableError, match="tone has no code 3"):
            v.remove_option(s, tone, 3)
        v.restore(s, snap)
        assert [o.value for o in v.get(s, tone).options] == [1, 3]
        assert v.value_of(s, ids[1], tone, coder="Ben") == "3"


def test_update_returns_what_undoes_it(project: Project) -> None:
    [aid, *_] = articles(project)
    with project.session() as s:
        tone = v.add(s, "tone", "nominal", label="Tone", options=TONE)
        v.set_value(s, aid, tone, 2)
        old = v.update(s, tone, name="mood", label="Mood", description=" How it reads ")
        assert old == {"name": "tone", "label": "Tone", "description": ""}
        assert v.find(s, "MOOD") is not None and v.find(s, "tone") is None
        # A nominal variable whose codes are numbers becomes numeric, its list dropped...
        back = v.update(s, tone, kind="numeric")
        assert back == {"kind": "nominal", "options": [Option(*o) for o in TONE]}
        assert v.get(s, tone).options == ()
        # ...and the same call with the old values puts it back.
        v.update(s, tone, **back)
        v.update(s, tone, **old)
        view = v.get(s, tone)
        assert (view.name, view.label, view.description, view.kind) == (
            "tone",
            "Tone",
            "",
            "nominal",
        )
        assert view.options == tuple(Option(*o) for o in TONE)
        assert v.value_of(s, aid, tone) == "2"
        with pytest.raises(VariableError, match="variables have no field colour"):
            v.update(s, tone, colour="red")


def test_a_kind_that_stored_values_do_not_fit_is_refused(project: Project) -> None:
    ids = articles(project)
    with project.session() as s:
        note = v.add(s, "remark", "text")
        v.set_value(s, ids[0], note, "12")
        v.set_value(s, ids[1], note, "about the ministry")
        says = (
            "remark cannot become numeric: it is coded with values that are not numbers "
            "(about the ministry) for 1 article; recode or clear them first."
        )
        with pytest.raises(VariableError, match=re.escape(says)):
            v.update(s, note, kind="numeric")
        v.clear_value(s, ids[1], note)
        assert v.update(s, note, kind="numeric") == {"kind": "text"}
        with pytest.raises(VariableError, match="remark cannot become yesno"):
            v.update(s, note, kind="yesno")
        # Codes of a new list must cover the values: 12 is not among them.
        with pytest.raises(VariableError, match="cannot become nominal"):
            v.update(s, note, kind="nominal", options=TONE)
        v.update(s, note, kind="nominal", options=[*TONE, (12, "other")])
        assert v.value_of(s, ids[0], note) == "12"


def test_options_are_relabelled_recoded_and_reordered(project: Project) -> None:
    [aid, *_] = articles(project)
    with project.session() as s:
        tone = v.add(s, "tone", "ordinal", options=TONE)
        v.set_value(s, aid, tone, 3)
        assert v.update_option(s, tone, 3, label="hostile", new_value=-1) == {
            "label": "negative",
            "new_value": 3,
        }
        assert v.get(s, tone).option_label(-1) == "hostile"
        assert v.value_of(s, aid, tone) == "-1"  # recoded with it
        with pytest.raises(VariableError, match="code 1 is listed twice"):
            v.update_option(s, tone, -1, new_value=1)
        v.update_option(s, tone, -1, label="negative", new_value=3)
        assert v.value_of(s, aid, tone) == "3"
        assert v.reorder_options(s, tone, [3, 2, 1]) == [1, 2, 3]
        assert [o.value for o in v.get(s, tone).options] == [3, 2, 1]
        v.add_option(s, tone, 0, "none", index=0)
        assert [o.value for o in v.get(s, tone).options] == [0, 3, 2, 1]
        with pytest.raises(VariableError, match="give every code of tone once"):
            v.reorder_options(s, tone, [3, 2])


def test_variables_are_reordered_and_moved(project: Project) -> None:
    with project.session() as s:
        a, b, c = (v.add(s, name, "text") for name in ("a", "b", "c"))
        assert v.reorder(s, [c, a, b]) == [a, b, c]
        assert [x.name for x in v.all_variables(s)] == ["c", "a", "b"]
        assert v.move(s, c, 9) == 0
        assert [x.name for x in v.all_variables(s)] == ["a", "b", "c"]
        with pytest.raises(VariableError, match="give every variable once"):
            v.reorder(s, [a, b])


# ---- The sheet


def test_the_sheet_has_a_row_per_article_per_coder_in_article_order(project: Project) -> None:
    ids = articles(project, 4)
    with project.session() as s:
        tone = v.add(s, "tone", "nominal", options=TONE)
        n = v.add(s, "sources", "numeric")
        v.set_value(s, ids[2], tone, 1, coder="Ben")
        v.set_value(s, ids[2], n, 2, coder="Ana")
        v.set_value(s, ids[2], tone, 3, coder="Ana")
        v.set_value(s, ids[0], n, 5)
        rows = v.sheet(s)
        by_ana = v.sheet(s, coder="Ana")
        some = v.sheet(s, article_ids=[ids[2], ids[1]])
    assert [(r.article_id, r.coder, r.values) for r in rows] == [
        (ids[0], "", {n: "5"}),
        (ids[1], "", {}),  # nobody coded it
        (ids[2], "Ana", {tone: "3", n: "2"}),
        (ids[2], "Ben", {tone: "1"}),
        (ids[3], "", {}),
    ]
    assert rows[0].title == "Headline 0"
    assert [(r.article_id, r.coder, r.values) for r in by_ana] == [
        (ids[0], "Ana", {}),
        (ids[1], "Ana", {}),
        (ids[2], "Ana", {tone: "3", n: "2"}),
        (ids[3], "Ana", {}),
    ]
    assert [(r.article_id, r.coder) for r in some] == [
        (ids[1], ""),
        (ids[2], "Ana"),
        (ids[2], "Ben"),
    ]


def test_the_sheet_is_one_query_whatever_the_number_of_articles(project: Project) -> None:
    ids = articles(project, 12)
    with project.session() as s:
        tone = v.add(s, "tone", "nominal", options=TONE)
        for aid in ids:
            v.set_value(s, aid, tone, 1)
    with project.session() as s:
        s.connection()  # the connection's own setup is not the sheet's
        with statements(project) as seen:
            rows = v.sheet(s)
    assert len(rows) == 12
    assert len(seen) == 1, seen


def synthetic(path: Path, n: int, variables: int = 5) -> None:
    """A project of ``n`` articles, each coded by one coder on every variable, every tenth by
    a second; written with SQL, as an import would take minutes to make it."""
    with open_project(path) as p, p.session() as s:
        kinds = ("nominal", "numeric", "yesno", "date", "text")
        ids = [
            v.add(s, f"v{i}", kinds[i % 5], options=TONE if i % 5 == 0 else ())
            for i in range(variables)
        ]
    values = {"nominal": "2", "numeric": "3.5", "yesno": "1", "date": "2020-05", "text": "ok"}
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany(
            "INSERT INTO article(id, uid, section, text, text_sha256, hidden_spans, imported_at)"
            " VALUES (?, ?, '[]', ?, ?, '', '2024-01-01T00:00:00Z')",
            ((i, f"u{i}", f"Article {i}", f"h{i}") for i in range(1, n + 1)),
        )
        rows = [
            (a, vid, coder, values[kinds[k % 5]])
            for a in range(1, n + 1)
            for coder in (("Ana", "Ben") if a % 10 == 0 else ("Ana",))
            for k, vid in enumerate(ids)
        ]
        conn.executemany(
            "INSERT INTO variable_value(article_id, variable_id, coder, value, created, modified)"
            " VALUES (?, ?, ?, ?, '', '')",
            rows,
        )


def test_the_sheet_of_34000_articles_reads_quickly(tmp_path: Path) -> None:
    path = tmp_path / "big.claimdesk"
    synthetic(path, 34_000)
    with open_project(path) as p, p.session() as s:
        t0 = time.perf_counter()
        rows = v.sheet(s)
        took = time.perf_counter() - t0
        assert len(rows) == 34_000 + 3_400
        assert rows[9].coder == "Ana" and rows[10].coder == "Ben"
        assert len(v.sheet(s, coder="Ben")) == 34_000
    assert took < 5.0, f"{took:.2f} s"  # about a third of a second on a laptop


# ---- Older projects


def test_a_project_of_schema_0011_upgrades_to_variables(tmp_path: Path) -> None:
    path = shutil.copyfile(FIXTURES / "schema-0011.claimdesk", tmp_path / "old.claimdesk")
    with closing(sqlite3.connect(path)) as old:
        notes = old.execute("SELECT id, body FROM note ORDER BY id").fetchall()
    with open_project(path, backup_dir=tmp_path / "backups") as p, p.session() as s:
        conn = s.connection()
        rows = conn.exec_driver_sql("SELECT id, body, coder FROM note ORDER BY id").fetchall()
        assert notes and rows == [(i, body, "") for i, body in notes]  # its coder unknown
        assert v.all_variables(s) == []
        tone = v.add(s, "tone", "nominal", options=TONE)
        aid = conn.exec_driver_sql("SELECT min(id) FROM article").scalar_one()
        v.set_value(s, aid, tone, 2, coder="Ana")
        assert [(r.article_id, r.values) for r in v.sheet(s, coder="Ana") if r.values] == [
            (aid, {tone: "2"})
        ]


# ---- Exports


SPSS_READER = """
import json, math, sys
import pyspssio
out = {}
for path in sys.argv[1:]:
    df, meta = pyspssio.read_sav(path)
    keys = ("var_types", "var_formats", "var_labels", "var_value_labels", "var_measure_levels")
    rows = [
        {k: None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
         for k, v in r.items()}
        for r in df.astype(object).where(df.notna(), None).to_dict("records")
    ]
    out[path] = {"meta": {k: meta[k] for k in keys}, "rows": rows, "encoding": meta["encoding"]}
print(json.dumps(out))
"""


def spss_sees(*paths: Path) -> dict[str, Any]:
    """What IBM's SPSS I/O library reads of each file (in a process of its own: it aborts
    rather than raise on a file SPSS cannot read). Its wheels are for x86-64 alone."""
    if platform.machine() not in ("x86_64", "AMD64"):
        pytest.skip("IBM's SPSS I/O library is built for x86-64 only")
    done = subprocess.run(
        [sys.executable, "-c", SPSS_READER, *map(str, paths)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found: dict[str, Any] = json.loads(done.stdout)
    return found


@pytest.fixture
def coded(project: Project) -> Project:
    """Three articles, one of each kind of variable, two coders; the third article uncoded."""
    a1, a2, a3 = articles(project)
    with project.session() as s:
        conn = s.connection()
        for aid, outlet, published, url in (
            (a1, "Tehran Times", "2024-03-01", "https://example.org/a"),
            (a2, "الجزيرة", "2024-03", None),
        ):
            conn.exec_driver_sql(
                "UPDATE article SET outlet = ?, published = ?, url = ? WHERE id = ?",
                (outlet, published, url, aid),
            )
        ids = {
            "tone": v.add(s, "tone", "nominal", label="Tone towards the government",
                          options=[*TONE, (-9, "not applicable")]),
            "prominence": v.add(s, "prominence", "ordinal", label="Prominence",
                                options=[(1, "brief"), (2, "story"), (3, "lead")]),
            "sources": v.add(s, "sources", "numeric", label="Sources quoted"),
            "official": v.add(s, "official", "yesno", label="An official is quoted"),
            "event_date": v.add(s, "event_date", "date", label="تاريخ الحدث"),
            "comment": v.add(s, "comment", "text"),
        }  # fmt: skip
        for aid, coder, values in (
            (a1, "Ana", {"tone": 3, "prominence": 2, "sources": "2.5", "official": "yes",
                         "event_date": "2024-02-28", "comment": "=SUM(A1) shouted"}),
            (a1, "Ben", {"tone": 1, "sources": 4, "official": "no", "event_date": "2024-02"}),
            (a2, "Ana", {"tone": -9, "prominence": 3, "comment": "نرخ تورم"}),
        ):  # fmt: skip
            for name, value in values.items():
                v.set_value(s, aid, ids[name], value, coder=coder)
    assert a3
    return project


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_the_csv_has_a_row_per_article_per_coder(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "sheet.csv"
    result = export(coded, "variables-csv", out)
    rows = read_csv(out)
    assert result.count == len(rows) == 4
    assert list(rows[0]) == [*v.SHEET_COLUMNS, "tone", "prominence", "sources", "official",
                             "event_date", "comment"]  # fmt: skip
    assert [(r["article_id"], r["coder"], r["tone"], r["official"]) for r in rows] == [
        ("1", "Ana", "3", "1"), ("1", "Ben", "1", "0"), ("2", "Ana", "-9", ""), ("3", "", "", ""),
    ]  # fmt: skip
    assert rows[0] | {"title": ""} == {
        "article_id": "1", "title": "", "outlet": "Tehran Times", "published": "2024-03-01",
        "url": "https://example.org/a", "coder": "Ana", "tone": "3", "prominence": "2",
        "sources": "2.5", "official": "1", "event_date": "2024-02-28",
        "comment": "=SUM(A1) shouted",
    }  # fmt: skip
    export(coded, "variables-csv", out, coder="Ben", spreadsheet_safe=True)
    rows = read_csv(out)
    assert [(r["article_id"], r["coder"], r["sources"]) for r in rows] == [
        ("1", "Ben", "4"), ("2", "Ben", ""), ("3", "Ben", ""),
    ]  # fmt: skip
    export(coded, "variables-csv", out, coder="Ana", spreadsheet_safe=True)
    assert read_csv(out)[0]["comment"] == "'=SUM(A1) shouted"


def test_the_sheet_keeps_to_the_articles_in_scope(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "some.sav"
    assert export(coded, "sav", out, scope=Scope(article_ids=[3, 1])).count == 3
    df, _ = pyreadstat.read_sav(str(out))
    assert df["article_id"].tolist() == [1.0, 1.0, 3.0]  # in article order, a row per coder


def test_a_coder_who_coded_nothing_is_said_not_exported(coded: Project, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    args = ["export", "--project", str(coded.path), "--format", "sav", "--coder", "Anna"]
    code = main([*args, "--output", str(tmp_path / "x.sav")], out=out, err=err)
    assert code == 2 and not (tmp_path / "x.sav").exists()
    assert err.getvalue() == "no values were coded by 'Anna'; the coders are 'Ana', 'Ben'\n"
    code = main([*args[:-1], "Ben", "--output", str(tmp_path / "x.sav")], out=out, err=err)
    assert code == 0 and out.getvalue() == f"3 rows written to {tmp_path / 'x.sav'}\n"


def test_the_workbook_has_a_variables_sheet_of_typed_cells(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    export(coded, "xlsx", out)
    ws = openpyxl.load_workbook(out)["Variables"]
    header, *rows = ws.iter_rows()
    names = [c.value for c in header]
    first = {n: c for n, c in zip(names, rows[0], strict=True)}
    assert names[:6] == list(v.SHEET_COLUMNS) and len(rows) == 4
    assert [first[k].value for k in ("tone", "sources", "official")] == [3, 2.5, 1]
    assert {first[k].data_type for k in ("article_id", "tone", "sources", "official")} == {"n"}
    assert first["comment"].value == "=SUM(A1) shouted" and first["comment"].data_type == "s"
    assert first["event_date"].value == "2024-02-28"
    assert [c.value for c in rows[3]][6:] == [None] * 6  # the uncoded article: blank cells


def test_the_sav_file_reads_back_typed_labelled_and_missing_where_not_coded(
    coded: Project, tmp_path: Path
) -> None:
    out = tmp_path / "sheet.sav"
    result = export(coded, "sav", out)
    assert result.count == 4
    assert result.warnings == (
        "2 dates give only a month or a year (published, event_date): SPSS has them as the "
        "first day of it",
    )
    df, meta = pyreadstat.read_sav(str(out))
    assert list(df.columns) == [*v.SHEET_COLUMNS, "tone", "prominence", "sources", "official",
                                "event_date", "comment"]  # fmt: skip
    assert meta.readstat_variable_types == {
        "article_id": "double", "title": "string", "outlet": "string", "published": "double",
        "url": "string", "coder": "string", "tone": "double", "prominence": "double",
        "sources": "double", "official": "double", "event_date": "double", "comment": "string",
    }  # fmt: skip
    formats = meta.original_variable_types
    assert (formats["published"], formats["event_date"], formats["tone"]) == (
        "DATE11", "DATE11", "F8.0",
    )  # fmt: skip
    assert formats["sources"] == "F8.1"
    assert meta.variable_value_labels == {
        "tone": {1: "positive", 2: "neutral", 3: "negative", -9: "not applicable"},
        "prominence": {1: "brief", 2: "story", 3: "lead"},
        "official": {1: "yes", 0: "no"},
    }
    labels = meta.column_names_to_labels
    assert labels["tone"] == "Tone towards the government"
    assert labels["event_date"] == "تاريخ الحدث" and labels["comment"] == "comment"
    assert meta.variable_measure["prominence"] == "ordinal"
    assert meta.variable_measure["sources"] == "scale"
    rows = df.to_dict("records")
    assert rows[0]["event_date"] == date(2024, 2, 28) and rows[1]["event_date"] == date(2024, 2, 1)
    assert rows[0]["published"] == date(2024, 3, 1) and rows[2]["published"] == date(2024, 3, 1)
    assert (rows[0]["sources"], rows[1]["official"], rows[2]["tone"]) == (2.5, 0.0, -9.0)
    uncoded = rows[3]
    assert all(math.isnan(uncoded[k]) for k in ("tone", "sources", "official", "published"))
    assert pd.isna(uncoded["event_date"]) and uncoded["comment"] == ""
    assert rows[2]["outlet"] == "الجزيرة" and rows[2]["comment"] == "نرخ تورم"


def test_spss_itself_reads_the_sav_file(coded: Project, tmp_path: Path) -> None:
    """IBM's SPSS I/O library (what SPSS Statistics opens files with) sees the same file."""
    out = tmp_path / "sheet.sav"
    export(coded, "sav", out)
    seen = spss_sees(out)[str(out)]
    meta = seen["meta"]
    assert seen["encoding"] == "UTF-8"
    # 0 is numeric; a string's type is its width in bytes.
    assert {k: t for k, t in meta["var_types"].items() if t == 0} == dict.fromkeys(
        ("article_id", "published", "tone", "prominence", "sources", "official", "event_date"), 0
    )
    assert meta["var_types"]["comment"] == max(
        len(c.encode()) for c in ("=SUM(A1) shouted", "نرخ تورم")
    )
    assert meta["var_formats"]["event_date"] == "DATE11"
    assert meta["var_labels"]["event_date"] == "تاريخ الحدث"
    assert meta["var_value_labels"]["tone"] == {
        "1.0": "positive", "2.0": "neutral", "3.0": "negative", "-9.0": "not applicable",
    }  # fmt: skip
    assert meta["var_value_labels"]["official"] == {"0.0": "no", "1.0": "yes"}
    assert meta["var_measure_levels"]["tone"] == "nominal"
    rows = seen["rows"]
    assert [r["event_date"] for r in rows] == [
        "2024-02-28 00:00:00", "2024-02-01 00:00:00", None, None,
    ]  # fmt: skip
    assert [r["tone"] for r in rows] == ["3.0", "1.0", "-9.0", None]
    assert rows[3]["sources"] is None and rows[3]["coder"] == ""


def test_the_dta_file_reads_back_in_stata_s_terms(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "sheet.dta"
    result = export(coded, "dta", out)
    assert result.count == 4 and "Stata has them as the first day" in result.warnings[0]
    df, meta = pyreadstat.read_dta(str(out))
    assert meta.original_variable_types["event_date"] == "%td"
    assert meta.readstat_variable_types["tone"] == "double"
    assert meta.readstat_variable_types["comment"] == "string"
    assert meta.variable_value_labels["official"] == {0: "no", 1: "yes"}
    assert df["event_date"].tolist()[:2] == [date(2024, 2, 28), date(2024, 2, 1)]
    # pandas' own Stata reader, which shares no code with the writer.
    with pd.io.stata.StataReader(out) as reader:
        data = reader.read(convert_categoricals=False)
        labels = reader.variable_labels()
        value_labels = reader.value_labels()
    assert reader.data_label == generator()
    assert labels["tone"] == "Tone towards the government" and labels["comment"] == "comment"
    assert labels["event_date"] == "تاريخ الحدث"
    assert {k: dict(x) for k, x in value_labels.items()}[meta.variable_to_label["tone"]] == {
        1: "positive", 2: "neutral", 3: "negative", -9: "not applicable",
    }  # fmt: skip
    assert str(data["event_date"].dtype).startswith("datetime64")
    assert data["event_date"].tolist()[:2] == [pd.Timestamp(2024, 2, 28), pd.Timestamp(2024, 2, 1)]
    assert str(data["sources"].dtype) == "float64" and data["sources"].tolist()[:2] == [2.5, 4.0]
    uncoded = data.iloc[3]
    assert math.isnan(uncoded["tone"]) and pd.isna(uncoded["event_date"])
    assert uncoded["comment"] == "" and uncoded["coder"] == ""
    assert data.iloc[2]["comment"] == "نرخ تورم"


def test_what_a_format_cannot_hold_is_cut_and_said(project: Project, tmp_path: Path) -> None:
    [aid] = articles(project, 1)
    long_label, long_text = "A variable label of many words " * 4, "ج" * 20_000  # 40,000 bytes
    with project.session() as s:
        x = v.add(s, "remark", "text", label=long_label)
        v.set_value(s, aid, x, long_text)
    sav, dta = tmp_path / "a.sav", tmp_path / "a.dta"
    said = export(project, "sav", sav).warnings
    assert said == ("labels or texts longer than SPSS holds were cut, ending in …: remark",)
    assert "Stata holds were cut, ending in …: remark" in export(project, "dta", dta).warnings[0]
    seen = spss_sees(sav)[str(sav)]
    assert seen["meta"]["var_types"]["remark"] == 32_767  # whole characters, then "…"
    assert seen["rows"][0]["remark"] == "ج" * 16_382 + "…"
    _, meta = pyreadstat.read_sav(str(sav))
    assert meta.column_names_to_labels["remark"] == long_label.strip()
    df, meta = pyreadstat.read_dta(str(dta))
    assert meta.column_names_to_labels["remark"] == long_label.strip()[:79] + "…"
    assert df["remark"][0] == long_text  # a strL holds it whole


def test_the_command_line_starts_without_pandas_or_pyreadstat() -> None:
    check = "import sys, db.cli; print(sorted({'pandas', 'pyreadstat'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr
