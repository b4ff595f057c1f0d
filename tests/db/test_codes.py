"""The codebook's keys 1–9 and the colours new codes get."""

from __future__ import annotations

import itertools
import json

from sqlmodel import Session

from db.annotate import codes, highlights
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.models import Article, Code, ProjectInfo
from db.store.project import Project


def keys(s: Session) -> dict[str, int | None]:
    return {c.name: c.key for c in codes.all_codes(s)}


def test_a_new_project_keys_its_codes_in_codebook_order(project: Project) -> None:
    with project.session() as s:
        assert keys(s) == {"Claim": 1, "Statistic": 2, "Quote": 3, "Attribution": 4, "Opinion": 5}


def test_keys_stay_with_their_codes_when_codes_are_nested_moved_and_deleted(
    project: Project,
) -> None:
    with project.session() as s:
        book = {c.name: c.id for c in codes.all_codes(s)}
        codes.update(s, book["Opinion"], parent_id=book["Claim"])  # now second in order
        codes.update(s, book["Claim"], sort=9)  # Claim (and Opinion in it) last
    with project.session() as s:
        assert [c.name for c in codes.all_codes(s)][-2:] == ["Claim", "Opinion"]
        assert keys(s) == {"Statistic": 2, "Quote": 3, "Attribution": 4, "Claim": 1, "Opinion": 5}
    with project.session() as s:
        snap = codes.delete(s, book["Quote"])
        new = codes.add(s, "Economy")  # the first free key: Quote's
        assert keys(s)["Economy"] == 3
        codes.delete(s, new)
        codes.delete(s, book["Statistic"])  # frees 2, before Quote's 3
        codes.restore(s, snap)
        assert keys(s)["Quote"] == 3  # back with its own key


def test_keys_are_in_the_file_by_code_uid(project: Project) -> None:
    with project.session() as s:
        codes.add(s, "Economy")
    with project.session() as s:
        row = s.get(ProjectInfo, codes.KEYS_INFO)
        assert row is not None
        stored = json.loads(row.value)
        assert stored == {c.uid: c.key for c in codes.all_codes(s)}
        assert sorted(stored.values()) == [1, 2, 3, 4, 5, 6]


def test_a_restored_code_whose_key_was_taken_gets_the_first_free_one(project: Project) -> None:
    with project.session() as s:
        book = {c.name: c.id for c in codes.all_codes(s)}
        snap = codes.delete(s, book["Statistic"])  # frees 2
        codes.add(s, "Economy")  # takes 2
        codes.restore(s, snap)
        assert keys(s) == {
            "Claim": 1, "Statistic": 6, "Quote": 3, "Attribution": 4, "Opinion": 5, "Economy": 2,
        }  # fmt: skip


def test_only_nine_codes_have_keys_and_a_freed_key_goes_to_the_next_new_code(
    project: Project,
) -> None:
    with project.session() as s:
        ids = [codes.add(s, f"Code {n}") for n in range(6, 13)]  # 6 .. 12
        assert [c.key for c in codes.all_codes(s)] == [1, 2, 3, 4, 5, 6, 7, 8, 9, None, None, None]
        codes.delete(s, ids[1])  # "Code 7" frees 7
        assert keys(s)["Code 11"] is None  # a code without a key keeps none
        codes.add(s, "Newest")
        assert keys(s)["Newest"] == 7


def test_codes_that_arrived_without_keys_get_the_free_ones_and_keep_them(
    project: Project,
) -> None:
    with project.session() as s:
        book = {c.name: c.id for c in codes.all_codes(s)}
        codes.delete(s, book["Quote"])  # the map now holds four codes
        s.add(Code(uid="imported-1", name="Imported", parent_id=None, sort=-1))
    with project.session() as s:
        assert keys(s)["Imported"] == 3  # first in order, first free key
        imported = next(c.id for c in codes.all_codes(s) if c.name == "Imported")
        codes.update(s, imported, sort=99)  # last in order now: its key does not move
    with project.session() as s:
        assert keys(s)["Imported"] == 3


def test_a_damaged_key_map_gives_keys_anew(project: Project) -> None:
    for value in ("not json", "[1, 2]", json.dumps({"x": "one"})):
        with project.session() as s:
            s.merge(ProjectInfo(key=codes.KEYS_INFO, value=value))
        with project.session() as s:
            assert list(keys(s).values()) == [1, 2, 3, 4, 5]


def test_usage_counts_highlights_in_the_code_and_its_nested_codes(project: Project) -> None:
    with project.session() as s:
        (aid,) = store_articles(s, [(parse_text("Title\n\nOne two three four five six."), None)])
        claim = codes.all_codes(s)[0].id
        child = codes.add(s, "Economy", parent_id=claim)
        codes.add(s, "Prices", parent_id=child)
        text = s.get(Article, aid).text  # type: ignore[union-attr]
        for word, code in (("One", claim), ("two", child), ("three", child), ("four", None)):
            i = text.index(word)
            highlights.add(s, article_id=aid, start=i, end=i + len(word), code_id=code)
        assert codes.usage(s, claim) == (3, 2)
        assert codes.usage(s, child) == (2, 1)


def test_new_codes_get_distinct_colours_from_the_palette() -> None:
    defaults = ["#F4D03F", "#5DADE2", "#58D68D", "#AF7AC5", "#F0B27A"]
    in_use = list(defaults)
    for _ in range(5):
        color = codes.new_color(in_use)
        assert color in codes.PALETTE and color not in in_use
        lab = codes._lab(color)
        assert all(codes._delta(lab, codes._lab(u)) >= codes.DISTINCT for u in in_use), color
        in_use.append(color)
    assert "#4E79A7" not in in_use  # the palette's blue is too near Statistic's
    assert codes.new_color([]) == codes.PALETTE[0]


def test_a_full_palette_goes_round_again_evenly() -> None:
    in_use = list(codes.PALETTE)
    again = []
    for _ in range(len(codes.PALETTE)):
        color = codes.new_color(in_use)
        again.append(color)
        in_use.append(color)
    assert sorted(again) == sorted(codes.PALETTE)
    assert min(codes._delta(codes._lab(a), codes._lab(b))
               for a, b in itertools.combinations(codes.PALETTE, 2)) >= codes.DISTINCT  # fmt: skip
