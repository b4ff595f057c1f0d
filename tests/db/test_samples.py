"""Samples and assignments: reproducible draws, proportional strata, one per story, sets drawn
from sets, Krippendorff's minimum for a reliability test, coders' progress, and the commands.
"""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from db.annotate import highlights
from db.annotate import variables as v
from db.articles import samples
from db.articles.samples import SampleError
from db.cli import main
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project, open_project

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "projects"


def articles(project: Project, n: int) -> list[int]:
    with project.session() as s:
        return store_articles(
            s,
            [(parse_text(f"Headline {i}\n\nThe body of article number {i}, long enough.\n"), None)
             for i in range(n)],
        )  # fmt: skip


def set_column(project: Project, column: str, values: dict[int, object]) -> None:
    with project.session() as s:
        for aid, value in values.items():
            s.execute(
                text(f"UPDATE article SET {column} = :v WHERE id = :a"), {"v": value, "a": aid}
            )


# ---- Drawing


def test_the_same_seed_draws_the_same_sample_and_another_seed_another(project: Project) -> None:
    articles(project, 40)
    with project.session() as s:
        one = samples.draw_sample(s, "one", n=10, seed=7)
        again = samples.draw_sample(s, "again", n=10, seed=7)
        other = samples.draw_sample(s, "other", n=10, seed=8)
        assert samples.members(s, one) == samples.members(s, again)
        assert samples.members(s, one) != samples.members(s, other)
        assert len(set(samples.members(s, one))) == 10
        method = samples.get(s, one).method
        assert method["seed"] == 7 and method["population"] == 40 and method["design"] == "simple"
        assert samples.redraw(s, one) == samples.members(s, one)
        # Without a seed one is chosen and kept, so the draw can still be made again.
        free = samples.draw_sample(s, "free", n=10)
        assert isinstance(samples.get(s, free).method["seed"], int)
        assert samples.redraw(s, free) == samples.members(s, free)


def test_largest_remainder_allocation_by_hand() -> None:
    # 10 of 7 + 4 + 4 + 2 = 17: quotas 4.118, 2.353, 2.353, 1.176.
    # Whole parts 4 + 2 + 2 + 1 = 9; the one left goes to the largest remainder: .353 (a tie of
    # b and c, equal sizes, so the first by name, b).
    assert samples.allocate({"a": 7, "b": 4, "c": 4, "d": 2}, 10) == {
        "a": 4,
        "b": 3,
        "c": 2,
        "d": 1,
    }
    # 5 of 3 + 3 + 4 = 10: quotas 1.5, 1.5, 2.0; one left, to a (tie with b, same size, by name).
    assert samples.allocate({"a": 3, "b": 3, "c": 4}, 5) == {"a": 2, "b": 1, "c": 2}
    # A tie between strata of different sizes goes to the larger: 3 of 1 + 2 + 3, quotas 0.5,
    # 1.0, 1.5; the one left goes to z, not x.
    assert samples.allocate({"x": 1, "y": 2, "z": 3}, 3) == {"x": 0, "y": 1, "z": 2}
    with pytest.raises(SampleError, match="cannot draw 5 articles from 4"):
        samples.allocate({"a": 4}, 5)


def test_stratified_by_outlet_month_section_and_variable(project: Project) -> None:
    ids = articles(project, 17)
    outlets = ["A"] * 7 + ["B"] * 4 + ["C"] * 4 + ["D"] * 2
    set_column(project, "outlet", dict(zip(ids, outlets, strict=True)))
    with project.session() as s:
        sid = samples.draw_sample(s, "by outlet", n=10, stratify="outlet", seed=1)
        got = [outlets[ids.index(a)] for a in samples.members(s, sid)]
        assert {o: got.count(o) for o in "ABCD"} == {"A": 4, "B": 3, "C": 2, "D": 1}
        assert samples.get(s, sid).method["allocation"] == {"A": 4, "B": 3, "C": 2, "D": 1}
    months = ["2024-01-05"] * 6 + ["2024-02-10T08:00:00Z"] * 6 + [None] * 5
    set_column(project, "published", dict(zip(ids, months, strict=True)))
    sections = ['["World", "Europe"]'] * 12 + ['["Sport"]'] * 5
    set_column(project, "section", dict(zip(ids, sections, strict=True)))
    with project.session() as s:
        by_month = samples.strata_of(s, ids, "month")
        assert [by_month[a] for a in ids] == ["2024-01"] * 6 + ["2024-02"] * 6 + [""] * 5
        sid = samples.draw_sample(s, "by month", fraction=0.5, stratify="month", seed=2)
        # 9 of 17 (8.5 rounded half up): quotas 3.18, 3.18, 2.65: 3, 3, 2 and one to "".
        assert samples.get(s, sid).method["allocation"] == {"": 3, "2024-01": 3, "2024-02": 3}
        by_section = samples.strata_of(s, ids, "section")
        assert {by_section[a] for a in ids} == {"World", "Sport"}
        tone = v.add(s, "tone", "nominal", options=((1, "positive"), (2, "negative")))
        for aid in ids[:5]:
            v.set_value(s, aid, tone, "1", coder="Ann")
        by_tone = samples.strata_of(s, ids, "variable:tone", coder="Ann")
        assert [by_tone[a] for a in ids] == ["1"] * 5 + [""] * 12
        with pytest.raises(SampleError, match="no variable named 'mood'"):
            samples.draw_sample(s, "x", n=2, stratify="variable:mood")
        with pytest.raises(SampleError, match="cannot stratify by 'colour'"):
            samples.draw_sample(s, "x", n=2, stratify="colour")


def test_one_per_story_takes_each_storys_first_article(project: Project) -> None:
    ids = articles(project, 6)
    # Stories: 1-2-3 one, 4-5 another, 6 alone (a story is named by its first article's id).
    set_column(
        project,
        "story",
        {ids[0]: ids[0], ids[1]: ids[0], ids[2]: ids[0], ids[3]: ids[3], ids[4]: ids[3]},
    )
    with project.session() as s:
        assert samples.population(s, one_per_story=True) == [ids[0], ids[3], ids[5]]
        sid = samples.draw_sample(s, "stories", n=3, one_per_story=True, seed=3)
        assert sorted(samples.members(s, sid)) == [ids[0], ids[3], ids[5]]
        with pytest.raises(SampleError, match="cannot draw 4 articles: the population holds"):
            samples.draw_sample(s, "too many", n=4, one_per_story=True)


def test_a_sample_drawn_from_a_set(project: Project) -> None:
    ids = articles(project, 30)
    with project.session() as s:
        outer = samples.draw_sample(s, "outer", n=12, seed=4)
        inner = samples.draw_sample(s, "inner", n=5, seed=5, from_set="outer")
        assert set(samples.members(s, inner)) <= set(samples.members(s, outer))
        assert samples.get(s, inner).method["population"] == 12
        assert samples.get(s, inner).method["from_set"] == "outer"
        with pytest.raises(SampleError, match="no set named 'nowhere'"):
            samples.draw_sample(s, "x", n=1, from_set="nowhere")
    assert len(ids) == 30


def test_a_sample_larger_than_its_population_is_refused_in_words(project: Project) -> None:
    articles(project, 5)
    with project.session() as s:
        with pytest.raises(
            SampleError, match="cannot draw 6 articles: the population holds only 5"
        ):
            samples.draw_sample(s, "big", n=6)
        with pytest.raises(SampleError, match="not both or neither"):
            samples.draw_sample(s, "both", n=2, fraction=0.5)
        with pytest.raises(SampleError, match="at most 1"):
            samples.draw_sample(s, "frac", fraction=1.5)
        samples.draw_sample(s, "ok", n=5, seed=1)
        with pytest.raises(SampleError, match="already a set named 'ok'"):
            samples.draw_sample(s, "ok", n=1)
        assert [x.name for x in samples.all_sets(s)] == ["ok"]


# ---- Reliability


def test_reliability_size_matches_krippendorffs_table() -> None:
    # Krippendorff's table (Bloch & Kraemer's formula): four equally frequent values (p_c = .25),
    # p = .05: 139 units for alpha_min = .800, 81 for .667.
    assert samples.reliability_size(0.8, 0.05, 0.25) == 139
    assert samples.reliability_size(0.667, 0.05, 0.25) == 81
    # The formula by hand for two equal values: 2 * 1.6449^2 * (1.8 * 2.2 / 0.2 - 0.8) = 102.8.
    assert samples.reliability_size(0.8, 0.05, 0.5) == 103
    with pytest.raises(SampleError, match="smallest acceptable alpha"):
        samples.reliability_size(1.0)


def test_reliability_sample_is_drawn_at_random_and_refused_when_too_few(project: Project) -> None:
    articles(project, 110)
    with project.session() as s:
        sid = samples.draw_reliability_sample(s, "rel", seed=9)
        view = samples.get(s, sid)
        assert view.kind == "reliability" and view.size == 103
        assert view.method["alpha_min"] == 0.8 and view.method["p"] == 0.05
        with pytest.raises(SampleError, match="needs 139 articles; the population holds only 110"):
            samples.draw_reliability_sample(s, "rel4", p_c=0.25)
        samples.draw_sample(s, "base", n=100, seed=1)
        with pytest.raises(SampleError, match="needs 103 articles; the population holds only 100"):
            samples.draw_reliability_sample(s, "rel2", from_set="base")


# ---- Sets


def test_manual_sets_rename_delete_and_restore(project: Project) -> None:
    ids = articles(project, 6)
    with project.session() as s:
        sid = samples.create(s, "picked", [ids[2], ids[0]])
        assert samples.add_articles(s, sid, [ids[0], ids[4]]) == [ids[4]]
        assert samples.members(s, sid) == [ids[2], ids[0], ids[4]]
        assert samples.remove_articles(s, sid, [ids[0], ids[5]]) == [ids[0]]
        assert samples.members(s, sid) == [ids[2], ids[4]]
        with pytest.raises(SampleError, match="no article 9999"):
            samples.add_articles(s, sid, [9999])
        drawn = samples.draw_sample(s, "drawn", n=2, seed=1)
        with pytest.raises(SampleError, match="manual sets only"):
            samples.add_articles(s, drawn, [ids[1]])
        assert samples.rename(s, sid, "chosen") == "picked"
        with pytest.raises(SampleError, match="already a set named 'drawn'"):
            samples.rename(s, sid, "drawn")
        samples.assign(s, sid, ["Ann", "Ben"])
        snap = samples.delete(s, sid)
        assert samples.find(s, "chosen") is None
        assert (
            s.execute(
                text("SELECT count(*) FROM article_set_member WHERE set_id = :s"), {"s": sid}
            ).scalar_one()
            == 0
        )
    with project.session() as s:
        assert samples.restore(s, snap) == sid
        view = samples.get(s, sid)
        assert (view.name, view.coders) == ("chosen", ("Ann", "Ben"))
        assert samples.members(s, sid) == [ids[2], ids[4]]


# ---- Assignments and progress


def test_progress_counts_highlights_and_variable_values_per_coder(project: Project) -> None:
    ids = articles(project, 5)
    with project.session() as s:
        sid = samples.create(s, "work", ids)
        assert samples.assign(s, sid, ["Ann", "Ben"]) == ["Ann", "Ben"]
        assert samples.assign(s, sid, ["Ann"]) == []
        highlights.add(s, article_id=ids[0], start=0, end=8, coder="Ann")
        tone = v.add(s, "tone", "nominal", options=((1, "positive"),))
        v.set_value(s, ids[1], tone, "1", coder="Ann")
        v.set_value(s, ids[1], tone, "1", coder="Ben")  # Ben's value counts for Ben only
        highlights.add(s, article_id=ids[3], start=0, end=8, coder="")  # no one named
        outside = samples.create(s, "other", [ids[4]])
        got = {p.coder: (p.coded, p.size) for p in samples.progress(s, sid)}
        assert got == {"Ann": (2, 5), "Ben": (1, 5)}
        assert samples.progress(s, sid)[0].share == 0.4
        assert samples.next_uncoded(s, sid, "Ann") == ids[2]
        assert samples.next_uncoded(s, sid, "Ben") == ids[0]
        assert samples.next_uncoded(s, outside, "Ann") == ids[4]
        for aid in ids[2:]:
            highlights.add(s, article_id=aid, start=0, end=8, coder="Ann")
        assert samples.next_uncoded(s, sid, "Ann") is None
        assert samples.unassign(s, sid, "Ben") and not samples.unassign(s, sid, "Ben")
        with pytest.raises(SampleError, match="cannot be empty"):
            samples.assign(s, sid, [" "])


def test_next_uncoded_follows_the_drawn_order(project: Project) -> None:
    articles(project, 8)
    with project.session() as s:
        sid = samples.draw_sample(s, "s", n=4, seed=11)
        order = samples.members(s, sid)
        assert samples.next_uncoded(s, sid, "Ann") == order[0]
        highlights.add(s, article_id=order[0], start=0, end=8, coder="Ann")
        assert samples.next_uncoded(s, sid, "Ann") == order[1]


# ---- The command line


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_commands(tmp_path: Path) -> None:
    path = tmp_path / "p.claimdesk"
    with open_project(path, create=True) as project:
        ids = articles(project, 120)
        set_column(project, "outlet", {a: "AB"[a % 2] for a in ids})
    p = ("--project", str(path))
    code, out, err = run("sample", *p, "--name", "main", "--n", "20", "--seed", "5",
                         "--stratify", "outlet")  # fmt: skip
    assert (code, err) == (0, "") and out == "main: 20 of 120 articles, seed 5\n"
    code, out, err = run("sample", *p, "--name", "sub", "--fraction", "0.25", "--from", "main")
    assert code == 0 and out.startswith("sub: 5 of 20 articles, seed ")
    code, out, err = run("sample", *p, "--name", "huge", "--n", "500")
    assert code == 1 and err == "cannot draw 500 articles: the population holds only 120\n"
    code, out, err = run("reliability-sample", *p, "--name", "rel", "--seed", "1")
    assert code == 0 and out == "rel: 103 of 120 articles, seed 1\n"
    code, out, err = run("reliability-sample", *p, "--name", "rel4", "--pc", "0.25")
    assert code == 1 and "needs 139 articles" in err
    code, out, err = run("assign", *p, "main", "Ann", "Ben")
    assert (code, out) == (0, "main: assigned to Ann, Ben\n")
    code, out, err = run("assign", *p, "nowhere", "Ann")
    assert code == 1 and err == "no set named 'nowhere'\n"
    with open_project(path) as project, project.session() as s:
        first = samples.members(s, samples.find(s, "main").id)[0]  # type: ignore[union-attr]
        highlights.add(s, article_id=first, start=0, end=8, coder="Ann")
    code, out, err = run("sets", *p, "--json")
    assert code == 0
    found = {x["name"]: x for x in json.loads(out)}
    assert set(found) == {"main", "sub", "rel"}
    assert found["main"]["method"]["allocation"] == {"A": 10, "B": 10}
    assert found["main"]["progress"] == [
        {"coder": "Ann", "coded": 1, "size": 20, "share": 0.05},
        {"coder": "Ben", "coded": 0, "size": 20, "share": 0.0},
    ]
    code, out, err = run("sets", *p)
    assert code == 0 and "  Ann: 1/20 (5%)\n" in out and "rel  reliability  103 articles" in out


# ---- The schema


def test_deleting_an_article_takes_it_out_of_its_sets(project: Project) -> None:
    ids = articles(project, 3)
    with project.session() as s:
        sid = samples.create(s, "all", ids)
        s.execute(text("DELETE FROM article WHERE id = :a"), {"a": ids[1]})
        assert samples.members(s, sid) == [ids[0], ids[2]]


def test_an_older_project_upgrades_with_its_data_and_takes_sets(tmp_path: Path) -> None:
    path = tmp_path / "old.claimdesk"
    path.write_bytes((FIXTURES / "schema-0012.claimdesk").read_bytes())
    with closing(sqlite3.connect(path)) as conn:
        before = conn.execute("SELECT count(*) FROM article").fetchone()[0]
        values = conn.execute("SELECT count(*) FROM variable_value").fetchone()[0]
    with open_project(path, backup_dir=tmp_path / "backups") as project, project.session() as s:
        assert s.execute(text("SELECT count(*) FROM article")).scalar_one() == before
        assert s.execute(text("SELECT count(*) FROM variable_value")).scalar_one() == values
        sid = samples.draw_sample(s, "after upgrade", n=before, seed=1)
        assert len(samples.members(s, sid)) == before


def test_a_drawn_sets_record_written_by_another_program_reads_as_none(project: Project) -> None:
    articles(project, 3)
    with project.session() as s:
        bad = samples.draw_sample(s, "not json", n=1, seed=1)
        listed = samples.draw_sample(s, "a list", n=1, seed=1)
        s.execute(text("UPDATE article_set SET method = 'draw?' WHERE id = :i"), {"i": bad})
        s.execute(text("UPDATE article_set SET method = '[1, 2]' WHERE id = :i"), {"i": listed})
    with project.session() as s:
        methods = {view.name: view.method for view in samples.all_sets(s)}
    assert methods == {"a list": {}, "not json": {}}
