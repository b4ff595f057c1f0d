"""Carrying an article's highlights to the other copies of its story (db.articles.carry)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session

from db.annotate import claims, codes, highlights, notes
from db.articles import carry, structure
from db.articles.stories import story_of
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.models import Article
from db.store.project import Project
from tests.db.test_stories import CUT, OTHER_EVENT, REWRITE, WIRE

CHAIRMAN = "Authority chairman Oskar Lindqvist told reporters"
FARMERS = "Farmers in the valley have already reported losses on early crops after two dry winters."
LOWEST = "fallen to 31 percent of its capacity"


def add(project: Project, *bodies: str, title: str = "Water rationing") -> list[int]:
    with project.session() as s:
        return store_articles(s, [(parse_text(f"{title}\n\n{b}\n"), None) for b in bodies])


def one_story(project: Project, ids: list[int]) -> None:
    """Make the articles one story, as the story filer would have."""
    with project.session() as s:
        s.execute(
            text("UPDATE article SET story = :s WHERE id IN (SELECT value FROM json_each(:ids))"),
            {"s": min(ids), "ids": str(ids)},
        )


def text_of(s: Session, article_id: int) -> str:
    article = s.get(Article, article_id)
    assert article is not None
    return article.text


def mark(
    s: Session, article_id: int, quote: str, *, code: int | None = None, after: str = ""
) -> int:
    """Highlight ``quote`` (its first occurrence after ``after``) in the article."""
    body = text_of(s, article_id)
    start = body.index(quote, body.index(after) if after else 0)
    return highlights.add(
        s, article_id=article_id, start=start, end=start + len(quote), code_id=code
    )


def claim_code(s: Session) -> int:
    code = codes.all_codes(s)[0].id
    assert code is not None
    return code


def rows(s: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every highlight, claim link and note, as stored."""
    return {
        table: [tuple(r) for r in s.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
        for table in ("highlight", "mention", "note")
    }


def test_exact_quote_is_carried_with_its_code_and_claim_but_not_its_note(project: Project) -> None:
    wire, cut = add(project, WIRE, CUT)
    with project.session() as s:
        code = claim_code(s)
        hid = mark(s, wire, CHAIRMAN, code=code)
        claim = claims.add(s, "Rationing starts in four districts next Monday")
        claims.link(s, claim, hid)
        notes.save(s, "check against the council minutes", highlight_id=hid)
    with project.session() as s:
        plan = carry.plan(s, wire, targets=[cut])
        start = text_of(s, cut).index(CHAIRMAN)
        assert plan.placed == [
            carry.Placed(hid, cut, start, start + len(CHAIRMAN), 100.0, CHAIRMAN)
        ]
        assert plan.unplaced == [] and plan.already == 0
        (new,) = carry.apply(s, plan, coder="ana")
    with project.session() as s:
        (view,) = highlights.highlights_of(s, cut)
        assert (view.id, view.start, view.exact, view.code_id, view.coder) == (
            new,
            start,
            CHAIRMAN,
            code,
            "ana",
        )
        body = text_of(s, cut)
        assert (view.prefix, view.suffix) == highlights.context(body, start, start + len(CHAIRMAN))
        assert claims.claim_of(s, new) == claim
        assert notes.get(s, highlight_id=new) is None  # the coder's thought stays on the source
        assert notes.body(s, highlight_id=hid) == "check against the council minutes"


def test_a_quote_twice_in_the_copy_goes_where_its_context_is(project: Project) -> None:
    # The copy opens with the quote in another sentence, nearer the source's place in its text.
    decoy = "Rumours that rationing would start in four districts spread on Sunday."
    wire, copy = add(project, WIRE, f"{decoy} {CUT}")
    quote = "rationing would start in four districts"
    with project.session() as s:
        hid = mark(s, wire, quote)
        body = text_of(s, copy)
        assert body.count(quote) == 2
        right = body.index(quote, body.index(CHAIRMAN))
        plan = carry.plan(s, wire, targets=[copy])
    assert [(p.source_id, p.start, p.end, p.score) for p in plan.placed] == [
        (hid, right, right + len(quote), 100.0)
    ]


def test_the_body_is_preferred_over_boilerplate(project: Project) -> None:
    lead = "The regional water authority said on Tuesday that rationing would start on Monday."
    source, copy = add(project, f"{lead}\n\nFarmers fear for their crops.", f"{lead}\n\n{lead}")
    with project.session() as s:
        hid = mark(s, source, lead)
        body = text_of(s, copy)
        teaser = body.index(lead)
        real = body.index(lead, teaser + 1)
        structure.relabel(s, copy, teaser, teaser + len(lead), "boilerplate")
        structure.relabel(s, copy, real, real + len(lead), "paragraph")
        plan = carry.plan(s, source, targets=[copy])
    assert [(p.source_id, p.start) for p in plan.placed] == [(hid, real)]


def test_a_retyped_quote_is_placed_fuzzily(project: Project) -> None:
    said = 'Lindqvist said the cuts were "painful but unavoidable" and would end once the reservoir recovered.'
    typed = "Lindqvist said the cuts were “painful but necessary” and would end once the reservoir recovered."
    quote = 'the cuts were "painful but unavoidable" and would end once the reservoir recovered'
    source, copy = add(project, f"{WIRE} {said}", f"{CUT} {typed}")
    with project.session() as s:
        hid = mark(s, source, quote)
        plan = carry.plan(s, source, targets=[copy])
        body = text_of(s, copy)
        start, end = body.index("the cuts were “"), body.index("recovered.") + len("recovered")
    (placed,) = plan.placed
    assert (placed.source_id, placed.start, placed.end) == (hid, start, end)
    assert placed.exact == body[start:end]
    assert 80 < placed.score < 100


def test_a_fuzzy_match_is_cut_at_word_boundaries(project: Project) -> None:
    said = "Lindqvist said the cuts would end once the reservoir recovered, and promised updates."
    typed = "Lindqvist said the restrictions would end once the reservoir refilled, and promised updates."
    source, copy = add(project, f"{WIRE} {said}", f"{CUT} {typed}")
    with project.session() as s:
        starts = mark(s, source, "cuts would end once the reservoir")
        ends = mark(s, source, "would end once the reservoir recovered", code=claim_code(s))
        plan = carry.plan(s, source, targets=[copy])
    got = {p.source_id: p.exact for p in plan.placed}
    assert got == {
        starts: "restrictions would end once the reservoir",
        ends: "would end once the reservoir refilled",
    }


def test_retyped_spacing_and_quote_marks_only(project: Project) -> None:
    said = "He called the plan 'a last resort' for the valley."
    typed = "He called the plan ‘a last resort’\nfor the valley."
    source, copy = add(project, f"{WIRE} {said}", f"{CUT} {typed}")
    with project.session() as s:
        mark(s, source, "'a last resort' for the valley")
        (placed,) = carry.plan(s, source, targets=[copy]).placed
        body = text_of(s, copy)
    assert placed.exact == "‘a last resort’\nfor the valley"
    assert placed.start == body.index("‘a last")
    assert placed.score < 100


def test_a_quote_cut_from_the_copy_is_listed_with_its_reason(project: Project) -> None:
    wire, cut = add(project, WIRE, CUT)
    with project.session() as s:
        hid = mark(s, wire, FARMERS)
        plan = carry.plan(s, wire, targets=[cut])
    assert plan.placed == []
    assert plan.unplaced == [carry.Unplaced(hid, cut, FARMERS, carry.NOT_THERE)]


def test_a_copy_with_other_figures_is_not_given_the_claim(project: Project) -> None:
    wire, copy = add(project, WIRE, REWRITE.replace("31 percent", "38 percent"))
    with project.session() as s:
        hid = mark(s, wire, LOWEST)
        plan = carry.plan(s, wire, targets=[copy])
    assert plan.placed == []
    assert plan.unplaced == [carry.Unplaced(hid, copy, LOWEST, carry.FIGURES)]


def test_carrying_twice_makes_no_duplicates(project: Project) -> None:
    wire, cut, rewrite = add(project, WIRE, CUT, REWRITE)
    with project.session() as s:
        code = claim_code(s)
        claim = claims.add(s, "The reservoir is at its lowest since 1987")
        first = mark(s, wire, LOWEST, code=code)
        claims.link(s, claim, first)
        mark(s, wire, CHAIRMAN, code=code)
        mark(s, wire, "rationing would start", code=code)
        plan = carry.plan(s, wire, targets=[cut, rewrite])
        made = carry.apply(s, plan)
    assert len(made) == len(plan.placed) >= 5
    with project.session() as s:
        before = rows(s)
        again = carry.plan(s, wire, targets=[cut, rewrite])
        assert again.placed == [] and again.already == len(made)
        assert again.unplaced == plan.unplaced
        assert carry.apply(s, again) == []
        assert rows(s) == before


def test_an_overlapping_highlight_of_the_same_code_blocks_another_code_does_not(
    project: Project,
) -> None:
    wire, cut = add(project, WIRE, CUT)
    with project.session() as s:
        code = claim_code(s)
        other = codes.add(s, "Figures")
        coded = mark(s, wire, LOWEST, code=code)
        figures = mark(s, wire, LOWEST, code=other)
        mark(s, cut, "31 percent", code=code)  # by hand, shorter
        plan = carry.plan(s, wire, targets=[cut])
    assert [p.source_id for p in plan.placed] == [figures]
    assert plan.unplaced == [carry.Unplaced(coded, cut, LOWEST, carry.OVERLAPS)]
    assert plan.already == 0


def test_default_targets_are_the_other_copies_of_the_story(project: Project) -> None:
    wire, cut, rewrite, other = add(project, WIRE, CUT, REWRITE, OTHER_EVENT)
    with project.session() as s:
        assert {c.id for c in story_of(s, wire)} == {wire, cut, rewrite}  # the filer's stories
        hid = mark(s, wire, LOWEST)
        mark(s, other, "the regional water authority said")
        plan = carry.plan(s, wire)
        alone = carry.plan(s, other)
        chosen = carry.plan(s, wire, targets=[other, wire, other])
    assert [(p.source_id, p.article_id) for p in plan.placed] == [(hid, cut), (hid, rewrite)]
    assert plan.unplaced == []
    assert alone == carry.CarryPlan([], [], 0)
    assert chosen.placed == [] and [u.article_id for u in chosen.unplaced] == [other]


def test_highlight_ids_restrict_what_is_carried(project: Project) -> None:
    wire, cut = add(project, WIRE, CUT)
    with project.session() as s:
        mark(s, wire, CHAIRMAN)
        chosen = mark(s, wire, LOWEST)
        mark(s, wire, FARMERS)
        plan = carry.plan(s, wire, targets=[cut], highlight_ids=[chosen])
        none = carry.plan(s, wire, targets=[cut], highlight_ids=[])
    assert [p.source_id for p in plan.placed] == [chosen] and plan.unplaced == []
    assert none == carry.CarryPlan([], [], 0)


def test_undo_deletes_what_apply_made_and_redo_restores_it(project: Project) -> None:
    wire, cut, rewrite = add(project, WIRE, CUT, REWRITE)
    with project.session() as s:
        claim = claims.add(s, "Rationing starts next Monday")
        for quote in (CHAIRMAN, LOWEST, "rationing would start in four districts"):
            claims.link(s, claim, mark(s, wire, quote, code=claim_code(s)))
        mark(s, cut, "Oldmere")  # the copies' own highlights stay as they are
    with project.session() as s:
        before = rows(s)
        made = carry.apply(s, carry.plan(s, wire, targets=[cut, rewrite]))
        assert made
    with project.session() as s:
        after = rows(s)
        assert len(after["highlight"]) == len(before["highlight"]) + len(made)
        assert len(after["mention"]) == len(before["mention"]) + len(made)
        snaps = [highlights.delete(s, i) for i in reversed(made)]
    with project.session() as s:
        assert rows(s) == before
        for snap in reversed(snaps):
            highlights.restore(s, snap)
    with project.session() as s:
        assert rows(s) == after


def test_a_stale_plan_changes_nothing(project: Project) -> None:
    wire, cut = add(project, WIRE, CUT)
    with project.session() as s:
        mark(s, wire, CHAIRMAN)
        gone = mark(s, wire, LOWEST)
        plan = carry.plan(s, wire, targets=[cut])
        highlights.delete(s, gone)
        before = rows(s)
        with pytest.raises(carry.CarryError):
            carry.apply(s, plan)
        assert rows(s) == before


def test_there_is_no_such_article(project: Project) -> None:
    with project.session() as s, pytest.raises(carry.CarryError):
        carry.plan(s, 404)


def test_fifty_highlights_into_twenty_copies_is_quick(project: Project) -> None:
    sentences = [
        f"In district {n}, the authority said {n * 37} households would get water for "
        f"{n % 9 + 10} hours a day, and officials from the {n}th ward promised tankers."
        for n in range(1, 51)
    ]
    base = " ".join(sentences)
    assert 5_000 <= len(base) <= 7_000
    copies = [
        # Each copy its own: an intro of its own, and every other one retyped here and there.
        f"Copy {k} of the report. "
        + (
            base
            if k % 2
            else base.replace(" said ", " told reporters ").replace("promised", "vowed")
        )
        for k in range(20)
    ]
    ids = add(project, base, *copies)
    one_story(project, ids)
    source = ids[0]
    with project.session() as s:
        for n, sentence in enumerate(sentences):
            mark(s, source, sentence if n % 2 else sentence.split(",")[0])
    with project.session() as s:
        began = time.perf_counter()
        plan = carry.plan(s, source)
        took = time.perf_counter() - began
    assert len(plan.placed) + len(plan.unplaced) == 50 * 20
    assert sum(p.score < 100 for p in plan.placed) >= 200  # the retyped copies took the fuzzy path
    assert took < 1.0, f"{took:.2f} s"
