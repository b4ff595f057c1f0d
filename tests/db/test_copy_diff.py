"""Where a copy differs from its source (db.articles.copy_diff), on short reports written here."""

from __future__ import annotations

import random
import re
import time
from itertools import accumulate, pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.articles.copy_diff import (
    CopyDiffError,
    Differences,
    Passage,
    compare,
    compare_articles,
    passages_of,
)
from db.imports import Importer
from db.store.project import Project

# A wire report in five paragraphs (no free-standing punctuation, so that words are what
# str.split finds).
WIRE = [
    "The regional water authority said on Tuesday that the Halvard reservoir had fallen to 31 "
    "percent of its capacity, the lowest level since records began.",
    "Rationing will start in four districts next Monday unless heavy rain arrives before the "
    "weekend, authority chairman Oskar Lindqvist told reporters.",
    "Households will receive water for 14 hours a day and factories will be asked to cut "
    "their use by a fifth.",
    "Farmers in the valley have already reported losses on early crops after two dry winters.",
    "The city council will debate the rationing order at an emergency session on Thursday.",
]
LOCAL = "Residents of Oldmere found warnings on their doorsteps this week."


def kinds(d: Differences) -> list[str]:
    return [p.kind for p in d.passages]


def words(passages: list[str]) -> int:
    return sum(len(p.split()) for p in passages)


def pieces(p: Passage) -> list[tuple[str, str]]:
    return [(x.kind, x.text.strip()) for x in p.pieces]


def test_identical_articles_are_the_same_throughout() -> None:
    d = compare(WIRE, list(WIRE))
    assert kinds(d) == ["same"] * 5
    assert [(p.source, p.copy) for p in d.passages] == list(zip(WIRE, WIRE, strict=True))
    assert (d.added(), d.removed(), d.changed(), d.shared()) == (0, 0, 0, 1.0)


def test_a_local_cut_removes_the_wire_tail() -> None:
    d = compare(WIRE, WIRE[:3])
    assert kinds(d) == ["same", "same", "same", "removed", "removed"]
    assert [p.source for p in d.passages[3:]] == WIRE[3:]
    assert all(p.copy == "" for p in d.passages[3:])
    assert (d.added(), d.removed()) == (0, 2)
    assert d.shared() == pytest.approx(words(WIRE[:3]) / words(WIRE))


def test_local_paragraphs_are_added() -> None:
    d = compare(WIRE, [LOCAL, *WIRE[:2], "The mayor urged calm.", *WIRE[2:]])
    assert kinds(d) == ["added", "same", "same", "added", "same", "same", "same"]
    assert d.passages[0] == Passage("added", "", LOCAL)
    assert (d.added(), d.removed(), d.changed(), d.shared()) == (2, 0, 0, 1.0)


def test_retyping_is_no_change() -> None:
    source = [
        "\u201cWe are not there yet,\u201d Lindqvist said\u2014it\u2019s the driest year in "
        "Malm\u00f6 since 1987.",
        "Water   will\nbe cut.",
    ]
    copy = [
        '"We are NOT there yet," lindqvist said - it\'s the driest year in Malmo since 1987',
        "Water will be cut!",
    ]
    d = compare(source, copy)
    assert kinds(d) == ["same", "same"]
    assert d.passages[0].source == source[0] and d.passages[0].copy == copy[0]
    assert d.shared() == 1.0


def test_a_lightly_reworded_paragraph_is_changed_word_by_word() -> None:
    reworded = (
        "The regional water authority announced on Tuesday that the Halvard reservoir had "
        "dropped to 31 percent of its capacity, the lowest level since records began."
    )
    d = compare(WIRE, [reworded, *WIRE[1:]])
    assert kinds(d) == ["changed", "same", "same", "same", "same"]
    first = d.passages[0]
    assert (first.source, first.copy) == (WIRE[0], reworded)
    assert pieces(first) == [
        ("same", "The regional water authority"),
        ("removed", "said"),
        ("added", "announced"),
        ("same", "on Tuesday that the Halvard reservoir had"),
        ("removed", "fallen"),
        ("added", "dropped"),
        ("same", "to 31 percent of its capacity, the lowest level since records began."),
    ]
    assert "".join(x.text for x in first.pieces if x.kind != "removed") == reworded
    assert (d.added(), d.removed(), d.changed()) == (0, 0, 1)
    assert d.shared() == pytest.approx((words(WIRE) - 2) / words(WIRE))


def test_a_paragraph_cut_short_is_changed_not_replaced() -> None:
    short = "Households will receive water for 14 hours a day."
    d = compare(WIRE, [*WIRE[:2], short, *WIRE[3:]])
    assert kinds(d) == ["same", "same", "changed", "same", "same"]
    assert pieces(d.passages[2]) == [
        ("same", "Households will receive water for 14 hours a day."),
        ("removed", "and factories will be asked to cut their use by a fifth."),
    ]


def test_another_paragraph_in_its_place_is_removed_and_added() -> None:
    # Same report, same names, another sentence: below the bar for "changed".
    other = (
        "Authority chairman Oskar Lindqvist said the reservoir would take two wet winters to "
        "refill."
    )
    d = compare(WIRE, [*WIRE[:1], other, *WIRE[2:]])
    assert kinds(d) == ["same", "removed", "added", "same", "same", "same"]
    assert d.passages[1].source == WIRE[1] and d.passages[2].copy == other
    assert (d.added(), d.removed(), d.changed()) == (1, 1, 0)


def test_pairs_are_judged_by_sequence_matcher_not_by_their_bound() -> None:
    # Half the words in order ("rain rain"): the bound passes; SequenceMatcher takes "floods"
    # first and keeps a quarter, so the passages are not paired.
    d = compare(["Floods, rain, then rain."], ["Rain and rain, floods."])
    assert kinds(d) == ["removed", "added"]


def test_a_split_paragraph_is_one_change() -> None:
    first, second = (
        "Rationing will start in four districts next Monday unless heavy rain arrives.",
        "The weekend will decide, authority chairman Oskar Lindqvist told reporters.",
    )
    source = [
        "Rationing will start in four districts next Monday unless heavy rain arrives. "
        "The weekend will decide, authority chairman Oskar Lindqvist told reporters."
    ]
    d = compare(source, [first, second])
    assert kinds(d) == ["changed"]
    assert d.passages[0].copy == f"{first}\n\n{second}"
    assert {x.kind for x in d.passages[0].pieces} == {"same"}
    assert (d.added(), d.removed(), d.changed(), d.shared()) == (0, 0, 1, 1.0)
    # Two merged into one, with a word changed on the way.
    merged = compare([first, second], [source[0].replace("arrives", "falls")])
    assert kinds(merged) == ["changed"]
    assert merged.passages[0].source == f"{first}\n\n{second}"
    assert [x for x in pieces(merged.passages[0]) if x[0] != "same"] == [
        ("removed", "arrives."),
        ("added", "falls."),
    ]


def test_a_split_keeps_words_added_to_its_halves() -> None:
    first = (
        "From next week households in the four affected districts will receive water for 14 "
        "hours a day."
    )
    second = "Factories will be asked to cut their use by a fifth."
    d = compare(WIRE[2:3], [first, second])
    assert kinds(d) == ["changed"]
    assert [x for x in pieces(d.passages[0]) if x[0] != "same"] == [
        ("added", "From next week"),
        ("added", "in the four affected districts"),
        ("removed", "and"),
    ]


def test_a_split_does_not_swallow_a_new_paragraph() -> None:
    d = compare(WIRE[2:3], [WIRE[2].replace("a fifth", "one fifth"), LOCAL])
    assert kinds(d) == ["changed", "added"]
    assert d.passages[1].copy == LOCAL
    # A new paragraph borrowing a phrase of the source is no second half either: most of its
    # words are new.
    first = "Households will receive water for 14 hours a day."
    borrowing = (
        "Factories in Oldmere, which employ 900 people, say they cannot cut their use by a fifth."
    )
    d = compare(WIRE[2:3], [first, borrowing])
    assert kinds(d) == ["changed", "added"]
    assert d.passages[0].copy == first and d.passages[1].copy == borrowing


def test_long_passages_and_articles_keep_their_common_words() -> None:
    # Over 200 words or passages, difflib's junk heuristic would ignore the common ones.
    sentences = [f"In district {n} {WIRE[n % 5][0].lower()}{WIRE[n % 5][1:]}" for n in range(12)]
    edited = list(sentences)
    edited[6] = edited[6].replace(
        "unless heavy rain arrives before the weekend, authority",
        "if no rain falls in the week, the authority",
    )
    d = compare([" ".join(sentences)], [" ".join(edited)])  # 274 words
    assert [x for x in pieces(d.passages[0]) if x[0] != "same"] == [
        ("removed", "unless heavy"),
        ("added", "if no"),
        ("removed", "arrives before"),
        ("added", "falls in"),
        ("removed", "weekend,"),
        ("added", "week, the"),
    ]
    groups = [(*WIRE[:4], f"Read more: item {n}.", "Advertisement") for n in range(50)]
    article = [p for group in groups for p in group]  # 300 passages
    copy = list(article)
    copy[64] = "Read more: item 10, updated."  # either side of an advertisement
    copy[66] = WIRE[0].replace("fallen", "dropped")
    d = compare(article, copy)
    assert kinds(d) == ["same"] * 64 + ["changed", "same", "changed"] + ["same"] * 233


def test_a_moved_paragraph_is_removed_and_added() -> None:
    d = compare(WIRE, [WIRE[4], *WIRE[:4]])
    assert kinds(d) == ["added", "same", "same", "same", "same", "removed"]
    assert d.passages[0].copy == d.passages[-1].source == WIRE[4]


# Sentences of a wire report, to break into paragraphs one way in the source and another in
# the copy.
A1 = (
    "The regional water authority said on Tuesday that the Halvard reservoir had fallen to 31 "
    "percent of its capacity."
)
A2 = "That is the lowest level since records began in the valley more than a century ago."
B1 = "Rationing will start in four districts next Monday unless heavy rain arrives before the weekend."
B2 = "Authority chairman Oskar Lindqvist told reporters that every household would be warned by letter."
C1 = "Households will receive water for 14 hours a day, and factories will be asked to cut their use."
C2 = "Farmers in the valley have already reported losses on early crops after two dry winters."
BROKEN = [f"{A1} {A2}", f"{B1} {B2}", f"{C1} {C2}"]


def test_breaks_moved_between_sentences_keep_every_word() -> None:
    copy = [A1, f"{A2} {B1}", f"{B2} {C1} {C2}"]
    d = compare(BROKEN, copy)
    assert kinds(d) == ["same", "same", "same"]
    assert [p.copy for p in d.passages] == copy
    assert [p.source for p in d.passages] == [A1, f"{A2}\n\n{B1}", f"{B2}\n\n{C1} {C2}"]
    assert (d.added(), d.removed(), d.changed(), d.shared()) == (0, 0, 0, 1.0)
    # The other way round: the copy's breaks in the source.
    back = compare(copy, BROKEN)
    assert kinds(back) == ["same", "same", "same"] and back.shared() == 1.0
    assert [p.copy for p in back.passages] == BROKEN
    # Two paragraphs made one, one made three: kept whole, and a split still one change.
    copy = [f"{A1} {A2} {B1} {B2}", C1, C2]
    d = compare(BROKEN, copy)
    assert kinds(d) == ["same", "changed"]
    assert [p.copy for p in d.passages] == [copy[0], f"{C1}\n\n{C2}"]
    assert {x.kind for x in d.passages[1].pieces} == {"same"}
    assert (d.added(), d.removed(), d.shared()) == (0, 0, 1.0)


def test_a_word_reworded_across_a_moved_break_is_all_that_changed() -> None:
    copy = [A1, f"{A2} {B1.replace('heavy', 'strong')}", f"{B2} {C1} {C2}"]
    d = compare(BROKEN, copy)
    assert kinds(d) == ["same", "changed", "same"]
    assert [p.copy for p in d.passages] == copy
    assert [x for x in pieces(d.passages[1]) if x[0] != "same"] == [
        ("removed", "heavy"),
        ("added", "strong"),
    ]
    assert (d.added(), d.removed(), d.changed()) == (0, 0, 1)
    assert d.shared() == pytest.approx((words(BROKEN) - 1) / words(BROKEN))


def test_a_sentence_cut_where_breaks_moved_is_removed_alone() -> None:
    # Cut between two of the copy's passages: removed where it was, the rest the same.
    copy = [A1, f"{A2} {B1}", f"{C1} {C2}"]
    d = compare(BROKEN, copy)
    assert kinds(d) == ["same", "same", "removed", "same"]
    assert d.passages[2] == Passage("removed", B2, "")
    assert [p.copy for p in d.passages if p.kind != "removed"] == copy
    assert (d.added(), d.removed(), d.changed()) == (0, 1, 0)
    assert d.shared() == pytest.approx(1 - len(B2.split()) / words(BROKEN))
    # Cut inside one of them: removed there.
    copy = [A1, f"{A2} {B2}", f"{C1} {C2}"]
    d = compare(BROKEN, copy)
    assert kinds(d) == ["same", "changed", "same"]
    assert pieces(d.passages[1]) == [("same", A2), ("removed", B1), ("same", B2)]
    assert d.shared() == pytest.approx(1 - len(B1.split()) / words(BROKEN))


def test_a_word_shared_by_chance_joins_no_passage() -> None:
    # The added sentence's "rationing" could be the cut paragraph's first word, which would
    # make the copy's passage two merged: it keeps too little of that one to be.
    d = compare([WIRE[3], WIRE[1]], [f"{WIRE[3]} {WIRE[4]}"])
    assert kinds(d) == ["changed", "removed"]
    assert [x for x in pieces(d.passages[0]) if x[0] != "same"] == [("added", WIRE[4])]
    assert d.passages[1] == Passage("removed", WIRE[1], "")


def test_a_new_passage_where_breaks_were_is_added() -> None:
    # It has words of the passages either side, in order, but too few among others.
    new = "The valley council said on Monday that rain is expected before the weekend."
    d = compare(BROKEN[:2], [A1, new, B2])
    assert kinds(d) == ["changed", "added", "changed"]
    assert [x for x in pieces(d.passages[0]) if x[0] != "same"] == [("removed", A2)]
    assert d.passages[1].copy == new
    assert [x for x in pieces(d.passages[2]) if x[0] != "same"] == [("removed", B1)]


def test_split_parts_are_judged_by_sequence_matcher_not_by_their_bound() -> None:
    # The second part has half its words in order ("rain rain"), but SequenceMatcher takes
    # "floods": it is a new paragraph, not the source's second half.
    d = compare(
        ["Households will receive water for 14 hours a day. Floods, rain, then rain."],
        ["Households will receive water for 14 hours a day.", "Rain and rain, floods."],
    )
    assert kinds(d) == ["changed", "added"]
    assert [x for x in pieces(d.passages[0]) if x[0] != "same"] == [
        ("removed", "Floods, rain, then rain.")
    ]


WEEK = "The regional water authority said the release would continue for at least a week."


def test_two_passages_merged_round_a_cut_one() -> None:
    # The cut one begins as the second does: its first words are no part of the merge.
    d = compare([B1, WIRE[0], WEEK], [f"{B1} {WEEK}"])
    assert kinds(d) == ["changed"]
    assert d.passages[0].source == f"{B1}\n\n{WIRE[0]}\n\n{WEEK}"
    assert pieces(d.passages[0]) == [("same", B1), ("removed", WIRE[0]), ("same", WEEK)]
    assert d.shared() == pytest.approx(1 - words(WIRE[:1]) / words([B1, WIRE[0], WEEK]))


def test_an_added_passage_takes_no_words_of_the_next() -> None:
    # "it" and "the rules" of the added passage could be the source's: they stay the next's.
    review = "It will review the rules once the flood has passed."
    rules = (
        "The authority said it had followed its operating rules, which limit how fast the "
        "reservoir can be drawn down in spring."
    )
    d = compare([review, FLOOD[3]], [rules, f"{C2} {review}"])
    assert kinds(d) == ["added", "changed", "removed"]
    assert pieces(d.passages[1]) == [("added", C2), ("same", review)]
    assert d.passages[0].copy == rules and d.passages[2].source == FLOOD[3]


def test_a_passage_matched_by_chance_changes_nothing_else() -> None:
    # A sentence printed twice: the first time, its common words could be the cut passage's.
    cut = f"{FLOOD[2].split('. ')[0]}. {B2}"
    source = [f"{A1} It will review the rules once the flood has passed."]
    copy = [f"{A1} {A1}"]
    d = compare([cut, *source], copy)
    assert d.passages == [Passage("removed", cut, ""), *compare(source, copy).passages]


# A wire report, and a local paper's copy of it that breaks its paragraphs elsewhere: its first
# sentence alone, the second with the next paragraph's first, a paragraph in three, another's
# first sentence cut and its second, a word changed, with the next; and a paragraph of its own.
FLOOD = [
    "Engineers at the Halvard dam began releasing water into the Oster river on Wednesday "
    "morning, after three days of heavy rain raised the reservoir to its highest level in a "
    "decade. The regional water authority said the release would continue for at least a week.",
    "Residents of low-lying streets in Brenna and Askvik were told to move cars and valuables to "
    "higher ground by Thursday evening. Police will close the riverside road between the two "
    "towns from midnight.",
    "The authority\u2019s chief engineer, Maria Holt, said the dam itself was sound and that the "
    "release was a precaution. \u201cWe are letting water out slowly so that we never have to "
    "let it out quickly,\u201d she said. Inspectors had checked the spillway gates on Monday.",
    "Forecasters expect another 40 millimetres of rain over the weekend, most of it in the hills "
    "above the reservoir. The river is already running at twice its usual height for the time "
    "of year.",
    "Farmers along the lower valley said fields planted last month were under water. Several "
    "asked why the release had not begun earlier, when the forecast first showed the storm.",
    "The authority said it had followed its operating rules, which limit how fast the reservoir "
    "can be drawn down in spring. It will review the rules once the flood has passed.",
]
FLOOD_COPY = [
    "Engineers at the Halvard dam began releasing water into the Oster river on Wednesday "
    "morning, after three days of heavy rain raised the reservoir to its highest level in a "
    "decade.",
    "The regional water authority said the release would continue for at least a week. "
    "Residents of low-lying streets in Brenna and Askvik were told to move cars and valuables "
    "to higher ground by Thursday evening.",
    "Police will close the riverside road between the two towns from midnight.",
    "The authority's chief engineer, Maria Holt, said the dam itself was sound and that the "
    "release was a precaution.",
    '"We are letting water out slowly so that we never have to let it out quickly," she said.',
    "Inspectors had checked the spillway gates on Monday.",
    "The river is already running at twice its normal height for the time of year. Farmers "
    "along the lower valley said fields planted last month were under water.",
    "Several asked why the release had not begun earlier, when the forecast first showed the "
    "storm.",
    "Brenna's mayor, Tor Eide, said the town hall would open as a shelter on Thursday night.",
    FLOOD[5],
]


def test_a_local_copy_that_breaks_a_report_elsewhere() -> None:
    d = compare(FLOOD, FLOOD_COPY)
    assert kinds(d) == [
        "same",
        "same",
        "same",
        "changed",  # the paragraph in three
        "removed",
        "changed",
        "same",
        "added",
        "same",
    ]
    shown = [p.copy for p in d.passages if p.kind != "removed"]
    assert shown == [*FLOOD_COPY[:3], "\n\n".join(FLOOD_COPY[3:6]), *FLOOD_COPY[6:]]
    assert d.passages[0].source == FLOOD_COPY[0]
    assert d.passages[1].source == FLOOD_COPY[1].replace("week. ", "week.\n\n")
    assert {x.kind for x in d.passages[3].pieces} == {"same"}  # only retyped quotes
    cut = "Forecasters expect another 40 millimetres of rain over the weekend, most of it in the "
    assert d.passages[4] == Passage("removed", cut + "hills above the reservoir.", "")
    assert [x for x in pieces(d.passages[5]) if x[0] != "same"] == [
        ("removed", "usual"),
        ("added", "normal"),
    ]
    assert d.passages[7].copy == FLOOD_COPY[8]
    assert (d.added(), d.removed(), d.changed()) == (1, 1, 2)
    total = words(FLOOD) + 1  # a dash separates words: "low-lying" is two
    assert d.shared() == pytest.approx(1 - 20 / total)  # a sentence and a word


# Sentences of the reports above, to break into paragraphs at random.
_SENTENCES = [A1, A2, B1, B2, C1, C2, LOCAL, *re.split(r"(?<=[.\u201d]) (?=[A-Z\u201c])", FLOOD[2])]


def broken(sentences: list[str], breaks: list[bool]) -> list[str]:
    """The sentences in paragraphs, a paragraph ending after each sentence with a break."""
    out, paragraph = [], []
    for sentence, end in zip(sentences, [*breaks[: len(sentences) - 1], True], strict=True):
        paragraph.append(sentence)
        if end:
            out.append(" ".join(paragraph))
            paragraph = []
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=10, unique=True), st.data())
def test_any_breaks_keep_every_word(sentences: list[str], data: st.DataObject) -> None:
    def breaks() -> list[bool]:
        return data.draw(st.lists(st.booleans(), min_size=len(sentences), max_size=len(sentences)))

    source, copy = broken(sentences, breaks()), broken(sentences, breaks())
    d = compare(source, copy)
    assert (d.added(), d.removed(), d.shared()) == (0, 0, 1.0)
    assert "\n\n".join(p.copy for p in d.passages) == "\n\n".join(copy)
    assert " ".join(p.source for p in d.passages).split() == " ".join(source).split()
    assert all(x.kind == "same" for p in d.passages for x in p.pieces)


def test_an_empty_copy_removes_everything() -> None:
    d = compare(WIRE, [])
    assert kinds(d) == ["removed"] * 5
    assert (d.added(), d.removed(), d.shared()) == (0, 5, 0.0)
    assert compare([], []).passages == [] and compare([], []).shared() == 1.0
    assert kinds(compare([], WIRE[:2])) == ["added", "added"]
    assert compare([], WIRE[:2]).shared() == 0.0


# Passages to draw articles from: the wire's, a local one, an empty one, reworded, split and
# merged ones.
_PASSAGES = st.sampled_from(
    [
        *WIRE,
        LOCAL,
        "",
        WIRE[1].replace("next Monday", "on Monday"),
        *WIRE[1].split(", "),
        WIRE[2].replace(" and factories", ". Factories"),
        WIRE[3] + " " + WIRE[4],
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PASSAGES, max_size=8), st.lists(_PASSAGES, max_size=8))
def test_every_passage_comes_out_once_in_order(source: list[str], copy: list[str]) -> None:
    d = compare(source, copy)
    assert "\n\n".join(p.source for p in d.passages if p.kind != "added") == "\n\n".join(source)
    assert "\n\n".join(p.copy for p in d.passages if p.kind != "removed") == "\n\n".join(copy)
    for p in d.passages:
        assert p.kind in ("same", "added", "removed", "changed")
        if p.kind == "changed":
            assert "".join(x.text for x in p.pieces if x.kind != "removed") == p.copy
            assert any(x.kind == "same" for x in p.pieces)
        else:
            assert p.pieces == ()
    assert 0.0 <= d.shared() <= 1.0
    if source == copy:
        assert set(kinds(d)) <= {"same"} and d.shared() == 1.0


# ---- Articles in a project


def imported(project: Project, folder: Path, name: str, paragraphs: list[str]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("Water rationing looms\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    job = Importer(project, [str(path)], workers=1)
    for _ in job.run():
        pass
    (article_id,) = job.report.article_ids
    return article_id


def test_compare_articles_reads_their_body_passages(project: Project, tmp_path: Path) -> None:
    wire = imported(project, tmp_path / "a", "wire.txt", WIRE)
    local = [LOCAL, WIRE[0], WIRE[1].replace("told reporters", "said"), WIRE[2]]
    cut = imported(project, tmp_path / "b", "cut.txt", local)
    with project.session() as s:
        assert passages_of(s, wire) == WIRE  # the headline is no passage
        d = compare_articles(s, wire, cut)
    assert kinds(d) == ["added", "same", "changed", "same", "removed", "removed"]
    assert [x for x in pieces(d.passages[2]) if x[0] != "same"] == [
        ("removed", "told reporters."),
        ("added", "said."),
    ]
    assert (d.added(), d.removed(), d.changed()) == (1, 2, 1)


def test_a_missing_article_is_an_error(project: Project, tmp_path: Path) -> None:
    wire = imported(project, tmp_path / "a", "wire.txt", WIRE)
    with project.session() as s:
        with pytest.raises(CopyDiffError, match=f"no article {wire + 1}\\b"):
            compare_articles(s, wire, wire + 1)
        with pytest.raises(ValueError, match="no article 999"):
            compare_articles(s, 999, wire)
        with pytest.raises(CopyDiffError) as raised:
            passages_of(s, 0)
        assert raised.value.article_id == 0


def fastest(source: list[str], copy: list[str]) -> tuple[float, Differences]:
    """The quickest of three comparisons, in seconds, and what it found."""
    taken = []
    for _ in range(3):
        start = time.perf_counter()
        d = compare(source, copy)
        taken.append(time.perf_counter() - start)
    return min(taken), d


def test_a_long_article_compares_quickly() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(2000)] + ["the", "a", "of", "to", "said"] * 40
    source = [" ".join(rng.choices(vocabulary, k=rng.randint(25, 70))) for _ in range(100)]
    copy: list[str] = []
    for n, p in enumerate(source):
        if n % 10 == 3:
            continue  # cut
        if n % 10 == 5:
            tokens = p.split()
            tokens[len(tokens) // 2] = "changed"
            p = " ".join(tokens)  # reworded
        if n % 10 == 7:
            copy.append(" ".join(rng.choices(vocabulary, k=40)))  # added
        copy.append(p)
    # The bounds leave room for a busy machine: about 4 ms, then 12 ms, where nothing else runs.
    taken, d = fastest(source, copy)
    assert taken < 0.15
    assert (d.removed(), d.changed(), d.added()) == (10, 10, 10)
    # Every paragraph changed: one run of 100 replaced passages against 100.
    taken, d = fastest(source, [p + " today" for p in source])
    assert taken < 0.25
    assert kinds(d) == ["changed"] * 100 and d.shared() == 1.0
    # Every paragraph split in two.
    halves = [" ".join(p.split()[:20]) for p in source], [" ".join(p.split()[20:]) for p in source]
    taken, d = fastest(source, [h for pair in zip(*halves, strict=True) for h in pair])
    assert taken < 0.25
    assert kinds(d) == ["changed"] * 100 and d.shared() == 1.0
    # Every break moved ten words on: one run of 100 passages, each overlapping two.
    flat = " ".join(source).split()
    ends = [n + 10 for n in accumulate(len(p.split()) for p in source[:-1])]
    moved = [" ".join(flat[a:b]) for a, b in pairwise([0, *ends, len(flat)])]
    taken, d = fastest(source, moved)
    assert taken < 0.25
    assert kinds(d) == ["same"] * 100 and d.shared() == 1.0
    assert [p.copy for p in d.passages] == moved
