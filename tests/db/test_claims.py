"""The claim catalogue: claims apart from the highlights that mention them, claimants, verdicts."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from db.annotate import claims, highlights
from db.articles.edit import set_details
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project

STORY = "Envoy says talks resume\n\nThe UN envoy said talks would resume in Geneva next week.\n"


def article(s: Session, outlet: str, published: str, name: str) -> int:
    (aid,) = store_articles(s, [(parse_text(STORY + f"Filed by {name}.\n"), f"{name}.txt")])
    set_details(s, [aid], {"outlet": outlet, "published": published})
    return aid


def mark(s: Session, aid: int, phrase: str) -> int:
    text = (
        s.connection().exec_driver_sql("SELECT text FROM article WHERE id = ?", (aid,)).scalar_one()
    )
    start = text.index(phrase)
    return highlights.add(s, article_id=aid, start=start, end=start + len(phrase))


@pytest.fixture
def three(project: Project) -> Project:
    with project.session() as s:
        article(s, "Tehran Times", "2017-03-05", "a")
        article(s, "Reuters", "2017-03-04", "b")
        article(s, "Tehran Times", "2017-03-06", "c")
    return project


def test_mentions_count_outlets_and_find_the_first_appearance(three: Project) -> None:
    with three.session() as s:
        envoy = claims.add_claimant(s, "Staffan de Mistura", ["de Mistura", "the UN envoy"])
        cid = claims.add(s, "Talks will resume in Geneva", claimant_id=envoy, made_on="2017-03-04")
        for aid in (1, 2, 3):
            claims.link(s, cid, mark(s, aid, "talks would resume in Geneva"), coder="R. A.")
        (view,) = claims.all_claims(s)
        assert (view.mentions, view.outlets, view.claimant) == (3, 2, "Staffan de Mistura")
        assert view.first_seen == "2017-03-04"
        first = claims.mentions(s, cid)[0]
        assert (first.outlet, first.article_id) == ("Reuters", 2)
        assert first.exact == "talks would resume in Geneva"
        assert claims.find_claimant(s, "THE UN ENVOY") == envoy
        assert claims.all_claims(s, words="geneva") == [view]
        assert claims.all_claims(s, words="mistura") == [view]  # by claimant too
        assert claims.all_claims(s, words="100%") == []  # LIKE's wildcards are text here
        assert claims.all_claims(s, status="checked") == []


def test_a_highlight_mentions_one_claim_and_moves_when_linked_again(three: Project) -> None:
    with three.session() as s:
        a, b = claims.add(s, "Talks resume"), claims.add(s, "Geneva hosts the talks")
        hid = mark(s, 1, "talks would resume")
        assert claims.link(s, a, hid) is None
        assert claims.link(s, b, hid) == a  # moved, the earlier claim said for undo
        assert claims.claim_of(s, hid) == b
        assert [v.mentions for v in claims.all_claims(s)] == [0, 1]
        assert claims.unlink(s, hid) == b and claims.claim_of(s, hid) is None


def test_merging_moves_mentions_and_undoing_it_puts_everything_back(three: Project) -> None:
    with three.session() as s:
        keep, other = claims.add(s, "Talks resume"), claims.add(s, "Talks to restart")
        claims.update(s, keep, tags=["Syria"], evidence=[{"url": "https://un.org/a", "note": ""}])
        claims.update(s, other, tags=["Syria", "Geneva"])
        h1, h2 = mark(s, 1, "talks would resume"), mark(s, 2, "in Geneva")
        claims.link(s, keep, h1)
        claims.link(s, other, h2)
        claims.reject(s, other, 3, 0, 5)
        before = [(v.id, v.mentions, v.tags) for v in claims.all_claims(s)]
        done = claims.merge(s, keep, other)
        (merged,) = claims.all_claims(s)
        assert (merged.id, merged.mentions, merged.tags) == (keep, 2, ("Syria", "Geneva"))
        assert claims.rejected(s, keep) == {(3, 0, 5)}
        claims.unmerge(s, done)
        assert [(v.id, v.mentions, v.tags) for v in claims.all_claims(s)] == before
        assert claims.claim_of(s, h2) == other and claims.rejected(s, other) == {(3, 0, 5)}
        with pytest.raises(claims.ClaimError):
            claims.merge(s, keep, keep)


def test_verdicts_statuses_and_bad_values(three: Project) -> None:
    with three.session() as s:
        true, false = claims.add_rating(s, "True", 5), claims.add_rating(s, "False", 1)
        cid = claims.add(s, "Unemployment fell by half")
        old = claims.update(
            s, cid, status="checked", rating_id=false, reasoning="Statistics office"
        )
        assert old == {"status": "open", "rating_id": None, "reasoning": ""}
        assert claims.all_claims(s)[0].verdict == "False"
        assert [r.label for r in claims.scale(s)] == ["True", "False"] and true
        for bad in (
            {"status": "done"},
            {"wording": "  "},
            {"colour": "red"},
            {"made_on": "3rd May"},
        ):
            with pytest.raises(claims.ClaimError):
                claims.update(s, cid, **bad)
        with pytest.raises(claims.ClaimError):
            claims.add(s, " ")


def test_deleting_a_highlight_or_a_claim_leaves_the_other(three: Project) -> None:
    with three.session() as s:
        cid = claims.add(s, "Talks resume")
        hid = mark(s, 1, "talks would resume")
        claims.link(s, cid, hid)
        claims.delete(s, cid)
        s.flush()
        assert claims.claim_of(s, hid) is None and highlights.highlights_of(s, 1)
        cid = claims.add(s, "Talks resume")
        claims.link(s, cid, hid)
        highlights.delete(s, hid)
        s.flush()
        assert claims.all_claims(s)[0].mentions == 0


def test_a_deleted_highlight_comes_back_mentioning_its_claim(three: Project) -> None:
    with three.session() as s:
        cid = claims.add(s, "Talks resume")
        hid = mark(s, 1, "talks would resume")
        claims.link(s, cid, hid, coder="R. A.")
        snap = highlights.delete(s, hid)
        assert claims.all_claims(s)[0].mentions == 0
        highlights.restore(s, snap)
        assert claims.claim_of(s, hid) == cid
        snap = highlights.delete(s, hid)
        claims.delete(s, cid)
        s.flush()
        highlights.restore(s, snap)  # its claim went meanwhile: it mentions none
        assert claims.claim_of(s, hid) is None
