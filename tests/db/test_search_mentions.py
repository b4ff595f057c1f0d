"""Find other mentions: passages across the corpus that may state a claim, best first."""

from __future__ import annotations

from sqlmodel import Session

from db.annotate import claims, highlights
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.search_mentions import Candidate, find
from db.store.project import Project

ARTICLES = {
    "wire": "Envoy sets date\n\nThe UN envoy said peace talks would resume in Geneva on March 23. "
    "Delegations are expected to arrive on Monday.\n",
    "copy": "Geneva talks\n\nLocal reaction was muted. The UN envoy said the peace talks would "
    "resume in Geneva on 23 March, officials confirmed.\n",
    "rewrite": "Talks back on\n\nPeace talks will resume in Geneva this month, according to the "
    "envoy. Markets rose.\n",
    "other": "Weather\n\nRain is expected in Geneva on Monday, with talks of snow later in March.\n",
    "far": "Football\n\nThe league resumed on Sunday after a two-week break.\n",
    "arabic": "محادثات\n\nقَالَ المَبْعُوثُ إِنَّ مُحَادَثَاتِ السَّلَامِ سَتُسْتَأْنَفُ فِي جِنِيفَ.\n",
}


def ids(s: Session) -> dict[str, int]:
    made = store_articles(s, [(parse_text(t), f"{k}.txt") for k, t in ARTICLES.items()])
    return dict(zip(ARTICLES, made, strict=True))


def passage_ids(found: list[Candidate], by_name: dict[str, int]) -> list[str]:
    names = {v: k for k, v in by_name.items()}
    return [names[c.article_id] for c in found]


def test_copies_and_rewrites_are_found_first_and_known_mentions_left_out(project: Project) -> None:
    with project.session() as s:
        art = ids(s)
        cid = claims.add(s, "Peace talks will resume in Geneva on March 23")
        text = (
            s.connection()
            .exec_driver_sql("SELECT text FROM article WHERE id = ?", (art["wire"],))
            .scalar_one()
        )
        quote = "peace talks would resume in Geneva on March 23"
        start = text.index(quote)
        claims.link(
            s, cid, highlights.add(s, article_id=art["wire"], start=start, end=start + len(quote))
        )
        found = find(s, cid)
        order = passage_ids(found, art)
        assert order[:2] == ["copy", "rewrite"]  # the wire story itself is a mention already
        assert "wire" not in order and "far" not in order
        best = found[0]
        assert best.passage.startswith("The UN envoy said the peace talks would resume")
        marked = {best.passage[a:b].lower() for a, b in best.marks}
        assert {"peace", "talks", "resume", "geneva", "march", "23"} <= marked
        assert all(c.score <= found[0].score for c in found)


def test_a_rejected_passage_is_not_offered_again(project: Project) -> None:
    with project.session() as s:
        art = ids(s)
        cid = claims.add(s, "Peace talks will resume in Geneva")
        first = find(s, cid)
        copy = next(c for c in first if c.article_id == art["copy"])
        claims.reject(s, cid, copy.article_id, copy.start, copy.end)
        assert art["copy"] not in {c.article_id for c in find(s, cid)}
        assert len(find(s, cid)) == len(first) - 1


def test_text_with_harakat_is_found_by_its_folded_words(project: Project) -> None:
    with project.session() as s:
        art = ids(s)
        cid = claims.add(s, "محادثات السلام ستستأنف في جنيف")
        found = find(s, cid)
        assert [c.article_id for c in found] == [art["arabic"]]
        assert "جِنِيفَ" in found[0].passage


def test_a_claim_of_common_words_only_finds_nothing_to_search(project: Project) -> None:
    with project.session() as s:
        ids(s)
        assert find(s, claims.add(s, "It is what it is")) == []
