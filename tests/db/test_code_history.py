"""Code memos, the codebook's audit trail, and merging two codes with nothing coded lost."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from db.annotate import code_history, code_merge, codes, highlights, notes
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.models import Code, Highlight, Mention, Note
from db.store.project import Project

BODY = "The minister said unemployment fell to 12 percent last year, down from 15."


def book(s: Session) -> dict[str, int]:
    return {c.name: c.id for c in codes.all_codes(s)}


def article(s: Session) -> int:
    return store_articles(s, [(parse_text(BODY), None)])[0]


def coded(s: Session) -> list[tuple[int, int | None, str]]:
    rows = s.exec(select(Highlight).order_by(Highlight.id)).all()  # type: ignore[arg-type]
    return [(h.id or 0, h.code_id, h.coder) for h in rows]


def everything(s: Session) -> dict[str, list[str]]:
    """The rows a merge may touch, to compare before and after an undo."""
    return {
        name: sorted(repr(r.model_dump()) for r in s.exec(select(model)).all())
        for name, model in (
            ("code", Code),
            ("highlight", Highlight),
            ("note", Note),
            ("mention", Mention),
        )
    }


def test_memo_fields_are_edited_and_read_back(project: Project) -> None:
    with project.session() as s:
        quote = book(s)["Quote"]
        old = codes.update(
            s,
            quote,
            description="Words attributed to a person.",
            when_to_use="Direct or reported speech.",
            when_not="Paraphrase with no speaker.",
            example="“We will win,” she said.",
        )
        assert old["when_to_use"] == old["example"] == ""
    with project.session() as s:
        (view,) = [c for c in codes.all_codes(s) if c.id == quote]
        assert (view.description, view.when_to_use, view.when_not, view.example) == (
            "Words attributed to a person.",
            "Direct or reported speech.",
            "Paraphrase with no speaker.",
            "“We will win,” she said.",
        )
        with pytest.raises(ValueError, match="no field"):
            codes.update(s, quote, definition="x")


def test_every_change_is_in_the_trail_with_who_and_what(project: Project) -> None:
    with project.session() as s:
        claim = book(s)["Claim"]
        econ = codes.add(s, "Economy", parent_id=claim, coder="Ana")
        codes.update(s, econ, name="Economic claim", color="#112233", coder="Ben")
        codes.update(s, econ, parent_id=None, when_not="Opinion pieces", coder="Ana")
        codes.update(s, econ, name="Economic claim", coder="Ana")  # no change: no event
        aid = article(s)
        highlights.add(s, article_id=aid, start=0, end=12, code_id=econ)
        snap = codes.delete(s, econ, coder="Ben")
        codes.restore(s, snap, coder="Ana")
    with project.session() as s:
        trail = code_history.history(s, econ)
        claim_uid = s.get(Code, claim).uid  # type: ignore[union-attr]
    assert [(e.action, e.coder) for e in trail] == [
        ("restore", "Ana"),
        ("delete", "Ben"),
        ("describe", "Ana"),
        ("move", "Ana"),
        ("recolour", "Ben"),
        ("rename", "Ben"),
        ("create", "Ana"),
    ]
    assert trail[-1].detail["parent"] == claim_uid and trail[-1].name == "Economy"
    assert trail[-2].detail["name"] == {"old": "Economy", "new": "Economic claim"}
    assert trail[-4].detail["parent_id"] == {"old": claim_uid, "new": None}
    assert trail[-5].detail["when_not"] == {"old": "", "new": "Opinion pieces"}
    assert trail[1].detail["highlights"] == trail[0].detail["highlights"] == 1
    assert all(e.at.endswith("Z") for e in trail)
    assert [e.id for e in trail] == sorted((e.id for e in trail), reverse=True)


def test_a_deleted_codes_history_is_kept_and_read_by_uid(project: Project) -> None:
    with project.session() as s:
        parent = codes.add(s, "Topics")
        child = codes.add(s, "Prices", parent_id=parent)
        uid = s.get(Code, child).uid  # type: ignore[union-attr]
        parent_uid = s.get(Code, parent).uid  # type: ignore[union-attr]
        codes.delete(s, parent, coder="Ana")
    with project.session() as s:
        assert s.get(Code, child) is None
        deleted = code_history.history(s, uid=uid)
        everyone = code_history.history(s)
    assert [(e.action, e.name) for e in deleted] == [("delete", "Prices"), ("create", "Prices")]
    assert deleted[0].detail["within"] == parent_uid  # went with its parent
    assert {e.name for e in everyone if e.action == "delete"} == {"Topics", "Prices"}


def test_merge_moves_codings_children_and_logs_counts(project: Project) -> None:
    with project.session() as s:
        b = book(s)
        source, target = b["Statistic"], b["Claim"]
        nested = codes.add(s, "Figures", parent_id=source)
        aid = article(s)
        highlights.add(s, article_id=aid, start=0, end=12, code_id=source, coder="Ana")
        highlights.add(s, article_id=aid, start=13, end=20, code_id=source, coder="Ana")
        highlights.add(s, article_id=aid, start=30, end=40, code_id=nested, coder="Ana")
        highlights.add(s, article_id=aid, start=0, end=12, code_id=target, coder="Ben")
        code_merge.merge(s, source, target, coder="Ana")
    with project.session() as s:
        assert s.get(Code, source) is None
        assert s.get(Code, nested).parent_id == target  # type: ignore[union-attr]
        assert [c for _, c, _ in coded(s)] == [target, target, nested, target]
        (event,) = [e for e in code_history.history(s, target) if e.action == "merge"]
    assert event.coder == "Ana" and event.name == "Statistic"
    assert dict(event.detail) | {"into": None} == {
        "name": "Statistic",
        "into": None,
        "moved": 2,
        "dropped": 0,
        "children": 1,
    }


def test_a_bare_duplicate_is_not_doubled_but_one_with_a_note_stays(project: Project) -> None:
    with project.session() as s:
        b = book(s)
        source, target = b["Quote"], b["Attribution"]
        aid = article(s)
        for code in (target, source):  # the same span, twice, by one coder
            highlights.add(s, article_id=aid, start=0, end=12, code_id=code, coder="Ana")
            highlights.add(s, article_id=aid, start=20, end=30, code_id=code, coder="Ana")
        with_note = coded(s)[-1][0]
        notes.save(s, "Check the figure", highlight_id=with_note)
        before = everything(s)
    with project.session() as s:
        snap = code_merge.merge(s, source, target)
    with project.session() as s:
        assert [(hid, c) for hid, c, _ in coded(s)] == [
            (with_note - 3, target),
            (with_note - 2, target),
            (with_note, target),
        ]
        assert len(snap.dropped) == 1
        assert code_history.history(s, target)[0].detail["dropped"] == 1
    with project.session() as s:
        code_merge.unmerge(s, snap, coder="Ana")
    with project.session() as s:
        assert everything(s) == before


def test_undoing_a_merge_gives_back_ids_codings_keys_and_nesting(project: Project) -> None:
    with project.session() as s:
        b = book(s)
        source, target = b["Claim"], b["Opinion"]
        first = codes.add(s, "Economy", parent_id=source)
        codes.add(s, "Health", parent_id=source)
        codes.add(s, "Prices", parent_id=first)
        aid = article(s)
        hid = highlights.add(s, article_id=aid, start=0, end=12, code_id=source)
        notes.save(s, "A note", highlight_id=hid)
        keys = {c.name: c.key for c in codes.all_codes(s)}
        order = [(c.id, c.parent_id, c.sort) for c in codes.all_codes(s)]
        before = everything(s)
    with project.session() as s:
        snap = code_merge.merge(s, source, target)
    with project.session() as s:
        assert codes.usage(s, target) == (1, 3)
        code_merge.unmerge(s, snap)
    with project.session() as s:
        assert everything(s) == before
        assert {c.name: c.key for c in codes.all_codes(s)} == keys
        assert [(c.id, c.parent_id, c.sort) for c in codes.all_codes(s)] == order
        assert code_history.history(s, source)[0].detail["undoes"] == "merge"


def test_merging_into_itself_or_a_nested_code_is_refused(project: Project) -> None:
    with project.session() as s:
        claim = book(s)["Claim"]
        child = codes.add(s, "Economy", parent_id=claim)
        grandchild = codes.add(s, "Prices", parent_id=child)
        with pytest.raises(ValueError, match="into itself"):
            code_merge.merge(s, claim, claim)
        with pytest.raises(ValueError, match="nested in it"):
            code_merge.merge(s, claim, grandchild)
        with pytest.raises(ValueError, match="no code"):
            code_merge.merge(s, claim, 9999)
        assert [e.action for e in code_history.history(s)].count("merge") == 0


def test_moving_counts_the_codes_own_highlights(project: Project) -> None:
    with project.session() as s:
        b = book(s)
        child = codes.add(s, "Economy", parent_id=b["Claim"])
        aid = article(s)
        highlights.add(s, article_id=aid, start=0, end=5, code_id=b["Claim"])
        highlights.add(s, article_id=aid, start=6, end=9, code_id=b["Claim"])
        highlights.add(s, article_id=aid, start=10, end=19, code_id=child)
        assert code_merge.moving(s, b["Claim"]) == 2


def test_each_event_reads_as_a_sentence(project: Project) -> None:
    with project.session() as s:
        b = book(s)
        econ = codes.add(s, "Economy", parent_id=b["Claim"], coder="Ana")
        codes.update(s, econ, name="Economic claim", color="#112233", parent_id=None)
        codes.update(s, econ, example="Prices fell", when_not="Opinion")
        aid = article(s)
        highlights.add(s, article_id=aid, start=0, end=12, code_id=econ)
        snap = codes.delete(s, econ)
        codes.restore(s, snap)
        code_merge.merge(s, econ, b["Statistic"])
        names = {c.uid: c.name for c in codes.all_codes(s)}
        trail = code_history.history(s, uid=str(snap.codes[0]["uid"]))
        said = [code_history.describe(e, names) for e in trail]
        renamed = next(e for e in trail if e.action == "rename")
    assert said == [
        "Merged into “Statistic”: 1 highlight moved",
        "Restored (undoing a delete), 1 highlight coded again",
        "Deleted, 1 highlight uncoded",
        "Memo changed: when not, example",
        "Moved to top level",
        "Colour changed from #F4D03F to #112233",
        "Renamed from “Economy” to “Economic claim”",
        "Created inside “Claim”",
    ]
    assert renamed.name == "Economic claim"  # a rename is listed under the code's new name
