"""Merging a coder's copy of the project: codings come in once, codes by path, conflicts told."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from db.annotate import claims, codes, highlights, notes, variables
from db.formats.collect import FormatError
from db.formats.merge import merge_project
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project, open_project
from tests.db.test_export import run

BODY = (
    "The council said on Monday that the new bridge would open in June, two years late. "
    "Residents had waited since 2019 for the crossing, which cost 40 million to build."
)


def article(s: object, title: str, extra: str = "") -> int:
    from sqlmodel import Session

    assert isinstance(s, Session)
    (aid,) = store_articles(s, [(parse_text(f"{title}\n\n{BODY} {extra}\n"), f"{title}.txt")])
    return aid


def span(s: object, aid: int, phrase: str, code: int | None, coder: str) -> int:
    from sqlmodel import Session

    assert isinstance(s, Session)
    body = s.execute(text("SELECT text FROM article WHERE id = :a"), {"a": aid}).scalar_one()
    start = body.index(phrase)
    return highlights.add(
        s, article_id=aid, start=start, end=start + len(phrase), code_id=code, coder=coder
    )


def code_named(s: object, name: str, parent: str | None = None) -> int:
    from sqlmodel import Session

    assert isinstance(s, Session)
    views = codes.all_codes(s)
    parent_id = next((c.id for c in views if c.name == parent), None) if parent else None
    found = next((c.id for c in views if c.name == name and c.parent_id == parent_id), None)
    return found or codes.add(s, name, parent_id=parent_id)


@pytest.fixture
def two_coders(project: Project, tmp_path: Path) -> tuple[Project, Path]:
    """Ann's project and Bea's copy of it, each coded since the copy was made."""
    with project.session() as s:
        first = article(s, "Bridge opens late")
        article(s, "Bridge costs questioned", "Critics asked who pays.")
        code_named(s, "Frame")
        conflict = code_named(s, "Conflict", "Frame")
        span(s, first, "two years late", conflict, "Ann")
    copy = tmp_path / "bea.claimdesk"
    project.close()
    shutil.copy(project.path, copy)
    with open_project(project.path) as ann, ann.session() as s:
        code_named(s, "Tone")  # made by each coder apart: two uids, one path
        span(s, 1, "40 million", code_named(s, "Tone"), "Ann")
    with open_project(copy) as bea, bea.session() as s:
        tone, economy = code_named(s, "Tone"), code_named(s, "Economy", "Frame")
        kept = span(s, 1, "40 million", tone, "Bea")
        span(s, 1, "the new bridge would open in June", economy, "Bea")
        notes.save(s, "Is June confirmed?", highlight_id=kept)
        third = article(s, "Bridge named after a poet", "The name was chosen by a vote.")
        span(s, third, "chosen by a vote", tone, "Bea")
        claim = claims.add(s, "The bridge opens in June")
        claims.link(s, claim, kept)
    return open_project(project.path), copy


def rows(p: Project, sql: str) -> list[tuple[object, ...]]:
    with p.session() as s:
        return [tuple(r) for r in s.execute(text(sql))]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_coders_copy_comes_in_once_codes_matched_by_path(
    two_coders: tuple[Project, Path],
) -> None:
    ann, bea = two_coders
    before = digest(bea)
    report = merge_project(ann, bea)
    assert digest(bea) == before  # the other coder's file is never written
    assert (report.articles_added, report.highlights_added, report.codes_added) == (1, 2, 1)
    assert report.highlights_held == 1 and report.coders == ["Ann", "Bea"]  # Ann's, copied
    paths = rows(ann, "SELECT name FROM code ORDER BY name")
    assert [p[0] for p in paths].count("Tone") == 1  # one code, though two coders made it
    coded = rows(
        ann,
        "SELECT h.coder, c.name FROM highlight h JOIN code c ON c.id = h.code_id "
        "WHERE h.exact = '40 million' ORDER BY h.coder",
    )
    assert coded == [("Ann", "Tone"), ("Bea", "Tone")]
    assert rows(ann, "SELECT body FROM note") == [("Is June confirmed?",)]
    assert rows(ann, "SELECT count(*) FROM mention") == [(1,)]
    again = merge_project(ann, bea)  # nothing twice
    assert (again.articles_added, again.highlights_added, again.notes_added) == (0, 0, 0)
    assert rows(ann, "SELECT count(*) FROM highlight") == [(5,)]


def test_a_highlight_recoded_by_the_other_coder_is_a_conflict_and_ours_stands(
    two_coders: tuple[Project, Path],
) -> None:
    ann, bea = two_coders
    with open_project(bea) as other, other.session() as s:
        s.execute(
            text("UPDATE highlight SET code_id = :c WHERE exact = 'two years late'"),
            {"c": code_named(s, "Tone")},
        )
    report = merge_project(ann, bea)
    assert len(report.conflicts) == 1 and "coded differently" in report.conflicts[0]
    assert rows(
        ann,
        "SELECT c.name FROM highlight h JOIN code c ON c.id = h.code_id "
        "WHERE h.exact = 'two years late'",
    ) == [("Conflict",)]


def test_what_cannot_be_merged_is_refused_in_words(
    two_coders: tuple[Project, Path], tmp_path: Path
) -> None:
    ann, _ = two_coders
    with pytest.raises(FormatError, match="this project itself"):
        merge_project(ann, ann.path)
    junk = tmp_path / "junk.claimdesk"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(FormatError, match=r"junk\.claimdesk"):
        merge_project(ann, junk)
    with pytest.raises(FormatError, match="not a file"):
        merge_project(ann, tmp_path / "missing.claimdesk")
    assert rows(ann, "SELECT count(*) FROM article") == [(2,)]  # nothing of it was merged


def test_merge_from_the_command_line(two_coders: tuple[Project, Path], tmp_path: Path) -> None:
    ann, bea = two_coders
    ann.close()
    code, said, _ = run("merge", "--project", str(ann.path), str(bea), "--json")
    (report,) = json.loads(said)
    assert code == 0 and report["articles_added"] == 1 and report["highlights_added"] == 2
    code, said, err = run("merge", "--project", str(ann.path), str(bea), str(tmp_path / "no"))
    assert code == 2 and "no is not a file" in err and "0 new articles" in said


def test_the_same_coding_made_in_both_copies_is_kept_once(
    two_coders: tuple[Project, Path],
) -> None:
    ann, bea = two_coders
    for path in (ann.path, bea):  # the same coder marked the same words in each copy
        with open_project(path) as p, p.session() as s:
            span(s, 2, "Critics asked who pays", code_named(s, "Tone"), "Cy")
    report = merge_project(ann, bea)
    assert rows(ann, "SELECT count(*) FROM highlight WHERE coder = 'Cy'") == [(1,)]
    assert report.highlights_held == 2  # Ann's, copied before the split, and Cy's


def test_one_coders_highlights_are_exported_alone(
    two_coders: tuple[Project, Path], tmp_path: Path
) -> None:
    from db.formats.export import export

    ann, bea = two_coders
    merge_project(ann, bea)
    out = tmp_path / "bea.csv"
    assert export(ann, "csv", out, coder="Bea").count == 3
    assert export(ann, "csv", out).count == 5
    assert export(ann, "csv", out, coder="Nobody").count == 0


def test_the_coding_sheet_comes_in_variables_by_uid_or_name_values_once(
    project: Project, tmp_path: Path
) -> None:
    """Given a shared variable, one each coder defined apart, and a value coded in both copies."""
    with project.session() as s:
        article(s, "Bridge opens late")
        tone = variables.add(s, "tone", "ordinal", options=[(1, "neg"), (2, "neu"), (3, "pos")])
    copy = tmp_path / "bea.claimdesk"
    project.close()
    shutil.copy(project.path, copy)
    with open_project(project.path) as ann, ann.session() as s:
        variables.add(s, "sources", "numeric")  # Ann's own, under the same name as Bea's
        variables.set_value(s, 1, tone, 1, coder="Ann")
        variables.set_value(s, 1, tone, 2, coder="Bea")  # Ann typed Bea's in by hand: held
    with open_project(copy) as bea, bea.session() as s:
        variables.set_value(s, 1, tone, 3, coder="Ann")  # Ann coded it otherwise: a conflict
        variables.set_value(s, 1, tone, 2, coder="Bea")
        sources = variables.add(s, "sources", "numeric")
        variables.set_value(s, 1, sources, "4", coder="Bea")
        frame = variables.add(s, "frame", "nominal", options=[(1, "conflict"), (2, "economy")])
        variables.set_value(s, 1, frame, 2, coder="Bea")
    mine = open_project(project.path)
    report = merge_project(mine, copy)
    again = merge_project(mine, copy)
    with mine.session() as s:
        by_name = {v.name: v for v in variables.all_variables(s)}
        got = {
            (v.name, coder): variables.value_of(s, 1, v.id, coder=coder)
            for v in by_name.values()
            for coder in ("Ann", "Bea")
        }
    mine.close()
    assert sorted(by_name) == ["frame", "sources", "tone"]  # sources once, matched by name
    assert [o.label for o in by_name["frame"].options] == ["conflict", "economy"]
    assert got == {
        ("tone", "Ann"): "1",  # this project's stands
        ("tone", "Bea"): "2",
        ("sources", "Ann"): None,
        ("sources", "Bea"): "4",
        ("frame", "Ann"): None,
        ("frame", "Bea"): "2",
    }
    assert (report.variables_added, report.values_added, report.values_held) == (1, 2, 1)
    assert report.conflicts == [
        "Ann's tone of article 1 is 1 here and 3 there; this one is kept"
    ]
    assert "2 variable values added (1 already here)" in report.summary()
    assert (again.variables_added, again.values_added, again.values_held) == (0, 0, 3)


def test_merged_values_keep_their_meaning_and_a_variable_defined_otherwise_is_a_conflict(
    project: Project, tmp_path: Path
) -> None:
    """Given options numbered otherwise there, a variable renamed there and made anew under
    its old name, and one of another kind."""
    with project.session() as s:
        article(s, "Bridge opens late")
        tone = variables.add(s, "tone", "nominal", options=[(1, "for"), (2, "against")])
    copy = tmp_path / "bea.claimdesk"
    project.close()
    shutil.copy(project.path, copy)
    with open_project(project.path) as ann, ann.session() as s:
        variables.add(s, "stance", "nominal", options=[(1, "for"), (2, "against")])
        variables.add(s, "sources", "numeric")
        variables.add(s, "frame", "nominal", options=[(1, "conflict")])
    with open_project(copy) as bea, bea.session() as s:
        frame = variables.add(s, "frame", "nominal", options=[(1, "conflict"), (2, "economy")])
        variables.set_value(s, 1, frame, 2, coder="Bea")
        variables.update(s, tone, name="tone_old")  # the same uid, another name
        anew = variables.add(s, "tone", "numeric")  # the old name, another variable
        variables.set_value(s, 1, tone, 2, coder="Bea")  # against
        variables.set_value(s, 1, anew, 7, coder="Bea")
        stance = variables.add(s, "stance", "nominal", options=[(1, "against"), (2, "for")])
        variables.set_value(s, 1, stance, 1, coder="Bea")  # against, numbered 1 there
        sources = variables.add(s, "sources", "yesno")
        variables.set_value(s, 1, sources, True, coder="Bea")
    mine = open_project(project.path)
    report = merge_project(mine, copy)
    with mine.session() as s:
        views = {v.name: v for v in variables.all_variables(s)}
        got = {n: variables.value_of(s, 1, v.id, coder="Bea") for n, v in views.items()}
    mine.close()
    assert got == {"tone": "2", "stance": "2", "sources": None, "frame": None, "tone_2": "7"}
    assert views["tone"].id == tone and views["tone_2"].kind == "numeric"
    assert report.conflicts == [
        "The variable frame has options there that it lacks here (economy); its values did not "
        "come in",
        "The variable sources is yesno there and numeric here; its values did not come in",
    ]
