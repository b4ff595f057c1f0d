"""Where a copy differs from its source (db.articles.copy_diff), on short reports written here."""

from __future__ import annotations

import random
import time
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
