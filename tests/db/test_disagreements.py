"""Where coders disagree in an article: stretches coded differently, never text nobody coded."""

from __future__ import annotations

from db.agreement.disagreements import GOLD, Coding, Disagreement, codings, disagreements
from db.annotate import highlights
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project


def c(coder: str, start: int, end: int, code: str = "Claim", n: int = 0) -> Coding:
    return Coding(n, coder, start, end, code, None)


def test_the_same_coding_is_no_disagreement() -> None:
    assert disagreements([c("Ann", 3, 9), c("Bea", 3, 9)]) == []


def test_overlapping_spans_disagree_where_only_one_coded() -> None:
    found = disagreements([c("Ann", 0, 10), c("Bea", 5, 15)])
    assert [(d.start, d.end) for d in found] == [(0, 5), (10, 15)]
    assert found[0].codes == {"Ann": frozenset({"Claim"}), "Bea": frozenset()}
    assert found[1].codes == {"Ann": frozenset(), "Bea": frozenset({"Claim"})}


def test_another_code_on_the_same_words_is_one_disagreement() -> None:
    (d,) = disagreements([c("Ann", 4, 20, "Claim"), c("Bea", 4, 20, "Quote")])
    assert (d.start, d.end) == (4, 20) and d.codes["Bea"] == {"Quote"}


def test_neighbouring_stretches_that_disagree_alike_are_one() -> None:
    found = disagreements([c("Ann", 0, 5), c("Ann", 5, 9), c("Bea", 20, 30)])
    assert [(d.start, d.end) for d in found] == [(0, 9), (20, 30)]


def test_the_reconciled_layer_and_a_lone_coder_take_no_part() -> None:
    assert disagreements([c("Ann", 0, 5), c(GOLD, 0, 9)]) == []
    assert disagreements([c("Ann", 0, 5), c("Bea", 0, 5), c(GOLD, 0, 9)]) == []
    assert disagreements([c("Ann", 0, 5), c("Bea", 6, 8)], coders=["Ann"]) == []


def test_an_articles_codings_are_read_with_their_coders(project: Project) -> None:
    with project.session() as s:
        (aid,) = store_articles(
            s, [(parse_text("Title\n\nThe council said the bridge opens."), None)]
        )
        highlights.add(s, article_id=aid, start=7, end=20, coder="Ann")
        highlights.add(s, article_id=aid, start=7, end=27, coder="Bea")
        got = codings(s, aid)
    assert [(g.coder, g.start, g.end, g.code) for g in got] == [
        ("Ann", 7, 20, ""),
        ("Bea", 7, 27, ""),
    ]
    (d,) = disagreements(got)
    assert isinstance(d, Disagreement) and (d.start, d.end) == (20, 27)
