"""Story grouping (db.index.stories) on short articles written for these tests."""

from __future__ import annotations

from dataclasses import replace

import pytest
from datasketch import MinHash

from db.index.stories import (
    DEFAULT,
    Hasher,
    Signature,
    StoryIndex,
    is_same_story,
    overlap,
    same_story,
    shingles,
)

WIRE = (
    "KESTRELPORT - The regional water authority said on Tuesday that the Halvard reservoir had "
    "fallen to 31 percent of its capacity, the lowest level recorded since measurements began "
    "in 1987. Authority chairman Oskar Lindqvist told reporters that rationing would start in "
    "four districts next Monday unless heavy rain arrived before the weekend. "
    "Households in the affected districts will receive water for 14 hours a day, he said, and "
    "industrial users will be asked to cut their consumption by a fifth. "
    "Farmers in the valley have already reported losses on early crops after two dry winters. "
    "The authority plans to reopen two disused wells near Brennmark and to repair leaking mains "
    "that lose an estimated 12 million litres a day. "
    "Environmental groups have criticised the plan, saying the wells could drain wetlands that "
    "shelter migrating birds each spring. "
    "Lindqvist said a longer-term pipeline from the northern lakes was still under study and "
    "would cost at least 340 million crowns. "
    "The city council is expected to debate the rationing order at an emergency session on "
    "Thursday evening, when residents may put questions to the authority's engineers."
)
# A local paper's cut: its own intro, then the wire's first paragraphs only.
CUT = (
    "Residents of Oldmere woke to warnings on their doorsteps this week. "
    "KESTRELPORT - The regional water authority said on Tuesday that the Halvard reservoir had "
    "fallen to 31 percent of its capacity, the lowest level recorded since measurements began "
    "in 1987. Authority chairman Oskar Lindqvist told reporters that rationing would start in "
    "four districts next Monday unless heavy rain arrived before the weekend. "
    "Households in the affected districts will receive water for 14 hours a day, he said, and "
    "industrial users will be asked to cut their consumption by a fifth."
)
# A light rewrite: same report, sentences reworded here and there, figures kept.
REWRITE = (
    WIRE.replace("said on Tuesday", "announced on Tuesday")
    .replace("told reporters", "said at a news conference")
    .replace("Farmers in the valley", "Valley farmers")
)
# Same topic, a different event and report.
OTHER_EVENT = (
    "KESTRELPORT - Rain returned to the Halvard valley on Sunday, lifting the reservoir to 38 "
    "percent of its capacity within two days, the regional water authority said. "
    "The authority called off the rationing it had planned for four districts, but asked "
    "households to keep saving water through the summer. Engineers will continue repairs on "
    "leaking mains near Brennmark, where 9 crews are at work. "
    "Farmers welcomed the rain but said it came too late for the early crops. "
    "The council cancelled its emergency session and will discuss the northern lakes pipeline "
    "in the autumn, a spokeswoman said."
)
# A later report that reuses two of the wire's sentences as background under a new lead.
BACKGROUND = (
    "KESTRELPORT - Protesters gathered outside the water authority on Friday to oppose the "
    "reopening of the Brennmark wells, which they say would dry out wetlands used by "
    "migrating birds. About 400 people joined the march, police said, and a petition with "
    "8,200 signatures was handed to the chairman's office. Organisers said they would return "
    "every week until the plan is dropped. "
    "The authority plans to reopen two disused wells near Brennmark and to repair leaking mains "
    "that lose an estimated 12 million litres a day. "
    "Environmental groups have criticised the plan, saying the wells could drain wetlands that "
    "shelter migrating birds each spring."
)
# Two daily market reports from one template: same words, different figures.
MARKET = (
    "KESTRELPORT - The Kestrelport exchange's main index rose {0} points to {1} on {2}, the "
    "exchange said. Some {3} million shares worth {4} million crowns changed hands in {5} "
    "trades. Shares of banks and shipping firms led the gains while retailers fell. "
    "The index has gained in each of the past three sessions, helped by expectations of lower "
    "interest rates. Analysts said turnover remained below the yearly average as many "
    "investors waited for the central bank's decision due next week on its lending rate, "
    "which has stood unchanged since the spring."
)
MARKET_A = MARKET.format("1,204", "98,310", "Monday", "410", "2,950", "51,200")
MARKET_B = MARKET.format("866", "99,176", "Tuesday", "388", "2,715", "48,930")


def test_shingles_are_folded_and_deterministic() -> None:
    assert shingles("The Reservoir fell.") == shingles("the reservoir FELL")
    assert shingles("one two three four", 3) == shingles("One, two; three four!", 3)
    assert len(shingles("one two three four five", 3)) == 3
    assert len(shingles("too short", 3)) == 1
    assert shingles("") == set()
    assert shingles(WIRE) == shingles(WIRE)  # no per-process salt


def test_containment_catches_the_cut_that_jaccard_misses() -> None:
    o = overlap(shingles(WIRE), shingles(CUT))
    assert o.jaccard < 0.5  # far from a near-duplicate
    assert o.containment > 0.85  # but nearly all of the cut is in the wire story
    h = Hasher()
    est = h.signature(WIRE).overlap(h.signature(CUT))
    assert est.lead >= 0.7  # the wire's lead survives in the cut's first 50 words
    assert is_same_story(est)
    assert same_story(WIRE, CUT) and same_story(CUT, WIRE)


def test_rewrite_is_the_same_story() -> None:
    assert same_story(WIRE, REWRITE)


@pytest.mark.parametrize("other", [OTHER_EVENT, BACKGROUND])
def test_same_topic_other_report_is_not(other: str) -> None:
    assert not same_story(WIRE, other)


def test_background_reuse_needs_a_shared_lead() -> None:
    h = Hasher()
    o = h.signature(WIRE).overlap(h.signature(BACKGROUND))
    assert o.lead < 0.3  # new lead: not a cut, though the wire's sentences are inside


def test_template_reports_differ_by_their_figures() -> None:
    h = Hasher()
    o = h.signature(MARKET_A).overlap(h.signature(MARKET_B))
    assert o.jaccard > 0.5 and o.figures < 0.5
    assert not same_story(MARKET_A, MARKET_B)


def test_index_groups_stories() -> None:
    index = StoryIndex()
    texts = [WIRE, OTHER_EVENT, CUT, MARKET_A, REWRITE, BACKGROUND, MARKET_B, ""]
    merged = [index.add(n, t) for n, t in enumerate(texts, start=10)]
    assert merged == [[]] * 8  # each copy joined the one story there was
    assert index.groups() == [[10, 12, 14]]
    assert index.story(14) == index.story(12) == 10  # the cut joined the wire story
    assert index.story(15) == 15 and index.story(17) == 17  # an empty text stands alone
    assert len(index) == 8 and 13 in index
    assert index.candidates(index.signature("")) == []
    with pytest.raises(ValueError, match="filed already"):
        index.add(10, WIRE)


def test_a_copy_of_two_stories_makes_them_one() -> None:
    index = StoryIndex()
    h = Hasher()
    # Stored as two stories (as if filed before they could meet), then a copy matching both.
    index.load([(7, h.signature(REWRITE).to_bytes(), 7), (5, h.signature(CUT).to_bytes(), 5)])
    index.load([(8, h.signature(OTHER_EVENT).to_bytes(), None)])
    assert index.add(9, WIRE) == [7]
    assert [index.story(i) for i in (5, 7, 8, 9)] == [5, 5, 8, 5]
    assert index.groups() == [[5, 7, 9]]


def test_signatures_are_datasketchs_and_survive_storage() -> None:
    h = Hasher()
    sig = h.signature(WIRE)
    theirs = MinHash(num_perm=DEFAULT.num_perm, seed=DEFAULT.seed, hashfunc=int, scheme="affine32")
    theirs.update_batch(sorted(shingles(WIRE)))
    assert sig.values.tolist() == [int(v) for v in theirs.hashvalues]
    back = Signature.from_bytes(sig.to_bytes())
    assert back.values.tolist() == sig.values.tolist() and back.size == sig.size == len(
        shingles(WIRE)
    )
    assert back.lead.tolist() == sig.lead.tolist() and back.figures.tolist() == sig.figures.tolist()
    with pytest.raises(ValueError, match="not a story signature"):
        Signature.from_bytes(sig.to_bytes()[:-1])
    with pytest.raises(ValueError, match="other parameters"):
        StoryIndex(replace(DEFAULT, num_perm=64)).load([(1, sig.to_bytes(), None)])


def test_index_is_deterministic() -> None:
    def run() -> list[list[int]]:
        index = StoryIndex()
        for n, t in enumerate([REWRITE, BACKGROUND, WIRE, MARKET_B, CUT, MARKET_A]):
            index.add(n, t)
        return index.groups()

    assert run() == run() == [[0, 2, 4]]


def test_a_batch_finds_copies_within_itself_and_before_it() -> None:
    index = StoryIndex()
    h = Hasher()
    assert index.file([(1, h.signature(WIRE)), (2, h.signature(OTHER_EVENT))]) == [[], []]
    texts = (CUT, REWRITE, REWRITE + " ", "", MARKET_A)
    batch = [(n, h.signature(t)) for n, t in enumerate(texts, start=3)]
    found = [set(f) for f in index.file(batch)]
    assert found == [{1}, {1}, {1, 4}, set(), set()]  # the copy of 4 found within the batch
    with pytest.raises(ValueError, match="filed already"):
        index.file([(9, h.signature(WIRE)), (9, h.signature(CUT))])


def test_signatures_made_together_are_those_made_alone() -> None:
    h = Hasher()
    texts = [WIRE, "", "two words", CUT, "x", "Tehran: قیمت نفت ۱۲۳ دلار و ۴۵ سنت و ۶۷۸ بشکه", REWRITE]
    together = h.signatures(texts)
    for text, sig in zip(texts, together, strict=True):
        alone = h.signature(text)
        assert sig.values.tolist() == alone.values.tolist() and sig.size == alone.size
        assert sig.lead.tolist() == alone.lead.tolist()
        assert sig.figures.tolist() == alone.figures.tolist()
    assert [s.size for s in together[1:3]] == [0, 1]  # no words; one shingle of two words
    assert len(together[5].figures) == 3  # Persian digits are figures too
    assert len(h.signature("in 1987, 31 percent of 14 hours").figures) == 3
