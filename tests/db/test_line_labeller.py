"""The line labeller: the bundled CRF model the text parser consults where its rules are unsure.

The committed slice is the labelled articles whose files ship in tests/fixtures/corpora; the
held-out third of the whole labelled set is scored with the corpora (``full_corpora``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from bench.structure import (
    LAYOUTS,
    Labelled,
    in_split,
    load,
    mismatch,
    model_kinds,
    read_labels,
    rules_kinds,
    score,
)
from bench.train_lines import train
from db.ingest.lines.features import Line
from db.ingest.lines.labeller import BUNDLED, MODEL, Labeller, Said
from db.ingest.parse_text import parse_text, rule_lines
from db.ingest.pipeline import read_article
from db.store.models import BlockKind as K
from tests.conftest import CORPORA, FULL_CORPORA_ENV, SHARED


def shipped_slice() -> tuple[list[Labelled], dict[tuple[str, str], str], dict[str, str]]:
    """The labelled articles of tests/fixtures/corpora, their texts and their corpus."""
    articles, texts, sites = [], {}, {}
    for art in read_labels():
        folder = art.archive.removesuffix(".tar.xz")
        path = CORPORA / folder / art.member.rsplit("/", 1)[-1]
        if path.exists():
            text = read_article(path).text
            assert mismatch(art, text) is None, path.name
            articles.append(art)
            texts[(art.archive, art.member)] = text
            sites[art.member] = folder
    assert len(articles) >= 5  # the slice is there to be scored
    return articles, texts, sites


def test_the_bundled_model_is_small_and_read() -> None:
    assert MODEL.stat().st_size < 1_000_000
    assert BUNDLED.available()


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_model_labels_the_shipped_slice_better_than_the_rules_alone(layout: str) -> None:
    articles, texts, sites = shipped_slice()
    rules = score(articles, texts, sites, rules_kinds, LAYOUTS[layout]).parser["all"]
    model = score(articles, texts, sites, model_kinds, LAYOUTS[layout]).parser["all"]
    assert model.accuracy() > rules.accuracy() + 0.03, (model.accuracy(), rules.accuracy())
    assert model.headline_exact() >= rules.headline_exact()


def test_the_import_parses_with_the_model() -> None:
    articles, texts, _ = shipped_slice()
    differ = 0
    for art in articles:
        path = CORPORA / art.archive.removesuffix(".tar.xz") / art.member.rsplit("/", 1)[-1]
        text = texts[(art.archive, art.member)]
        imported = read_article(path).blocks
        assert imported == parse_text(text, filename=path.name, labeller=BUNDLED).blocks
        differ += imported != parse_text(text, filename=path.name, labeller=None).blocks
    assert differ > 0


def test_training_is_deterministic(tmp_path: Path) -> None:
    articles, texts, _ = shipped_slice()
    data = []
    for art in articles:
        lines = rule_lines(texts[(art.archive, art.member)], filename=art.member)
        data.append((lines, [art.kinds[i] for i in range(len(art.kinds))]))
    train(data, tmp_path / "a.crfsuite", max_iterations=30)
    train(data, tmp_path / "b.crfsuite", max_iterations=30)
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
    assert Labeller(tmp_path / "a.crfsuite").available()


STORY = (
    "Harbour reopens after the storm\n\n"
    "The harbour reopened on Tuesday after a week of repairs to the sea wall, the port "
    "authority said in a statement, and the first ferries came in at noon.\n\n"
    "Fishing boats return to the inner basin on Tuesday\n\n"
    "Getty Images\n\n"
    "Crews worked through the night to clear debris from the channel before the ferries came "
    "back, and the council will vote next month on money for a higher wall.\n"
)


@pytest.mark.parametrize("model", ["missing.crfsuite", "corrupt.crfsuite"])
def test_without_a_readable_model_the_rules_alone_parse(tmp_path: Path, model: str) -> None:
    (tmp_path / "corrupt.crfsuite").write_bytes(b"\x00not a model" * 40)
    labeller = Labeller(tmp_path / model)
    got = parse_text(STORY, labeller=labeller)
    rules = parse_text(STORY, labeller=None)
    assert (got.blocks, got.title) == (rules.blocks, rules.title)
    assert not labeller.available()


class Says(Labeller):
    """A labeller that says the given kind of every line (the rest as the rules do)."""

    def __init__(self, kinds: dict[str, str]) -> None:
        super().__init__(Path("unused"))
        self.kinds = kinds

    def label(self, lines: Sequence[Line]) -> list[Said]:
        out = []
        for line in lines:
            kind = next((k for start, k in self.kinds.items() if line.text.startswith(start)), None)
            out.append(Said(kind or line.rule, {kind or line.rule: 0.99}))
        return out


def test_the_models_comments_need_a_sign_of_a_thread_above_them() -> None:
    items = "\n\n".join(f"{n}. Item number {n} of the list" for n in range(1, 6))
    thread = "3 Comments\n\nGreat list, thanks.\n\nI would add one more."
    text = f"{STORY}\n\n{items}\n\n{thread}\n"
    says = Says({**{f"{n}. ": "comment" for n in range(1, 6)}, "I would": "comment"})
    art = parse_text(text, labeller=says)
    got = {art.block_text(b): b.kind for b in art.blocks}
    assert all(got[f"{n}. Item number {n} of the list"] != K.COMMENT for n in range(1, 6)), got
    assert got["I would add one more."] == K.COMMENT


class Counting(Labeller):
    """The bundled model, counting the articles it is asked about."""

    def __init__(self) -> None:
        super().__init__(MODEL)
        self.asked = 0

    def label(self, lines: Sequence[Line]) -> list[Said] | None:
        self.asked += 1
        return super().label(lines)


def test_an_article_of_long_paragraphs_only_is_not_given_to_the_model() -> None:
    counting = Counting()
    tehran = sorted((CORPORA / "tehran-times").glob("*.txt"))[0]
    text = read_article(tehran).text
    assert parse_text(text, labeller=counting).blocks == parse_text(text, labeller=None).blocks
    assert counting.asked == 0
    parse_text(STORY, labeller=counting)  # short lines the rules are unsure of
    assert counting.asked == 1


def test_a_caption_takes_the_credit_on_the_line_beside_it() -> None:
    art = parse_text(STORY, labeller=Says({"Fishing boats": "caption", "Getty": "paragraph"}))
    assert [(c.text, c.credit) for c in art.captions] == [
        ("Fishing boats return to the inner basin on Tuesday", "Getty Images")
    ]
    credit_block = next(b for b in art.blocks if art.block_text(b) == "Getty Images")
    assert credit_block.kind == K.CAPTION  # part of the picture, not of the body
    assert parse_text(STORY, labeller=None).captions == []  # the rules alone see no caption


@pytest.mark.parametrize("copies", [2, 3])
def test_a_headline_saved_twice_is_one_headline(copies: int) -> None:
    title = STORY.split("\n")[0]
    text = STORY.replace(title, "\n\n".join([title] * copies), 1)
    art = parse_text(text, labeller=Says({title: "headline"}))
    got = [b.kind for b in art.blocks if art.block_text(b) == title]
    assert got == [K.HEADLINE] + [K.OTHER] * (copies - 1) and art.title == title


class Twice(Says):
    """Says boilerplate of the first line, whatever it is, and the given kinds of the rest."""

    def label(self, lines: Sequence[Line]) -> list[Said]:
        return [Said("boilerplate", {"boilerplate": 0.99}), *super().label(lines[1:])]


@pytest.mark.parametrize("site", ["", " | Harbour Press"])
def test_the_pages_title_above_its_menus_is_a_copy_of_the_headline(site: str) -> None:
    title = STORY.split("\n")[0]
    text = f"{title}{site}\n\nHome\n\nNews\n\nSport\n\n{STORY}"
    art = parse_text(text, labeller=Twice({title: "headline"}))
    got = [b.kind for b in art.blocks if art.block_text(b) in (title + site, title)]
    assert got == [K.BOILERPLATE if site else K.OTHER, K.HEADLINE] and art.title == title


class Doubtful(Says):
    """Says paragraph of every line, with a headline's chance of 0.3 for the given lines."""

    def label(self, lines: Sequence[Line]) -> list[Said]:
        return [
            Said("paragraph", {"paragraph": 0.7, "headline": 0.3})
            if line.text in self.kinds
            else Said("paragraph", {"paragraph": 0.99, "headline": 0.01})
            for line in lines
        ]


@pytest.mark.parametrize("end", ["!", "?", "."])
def test_with_no_headline_the_likeliest_line_is_one_unless_a_sentence(end: str) -> None:
    credit, title = "© Jo Roe", f"Bye harbour wall, hello river wall{end}"
    text = f"{credit}\n\n{title}\n\n" + STORY.split("\n", 2)[2]
    art = parse_text(text, labeller=Doubtful({title: "headline"}))
    got = {art.block_text(b): b.kind for b in art.blocks}
    assert got[credit] == K.CAPTION  # a picture's credit is no headline
    assert (got[title] == K.HEADLINE) == (end != "."), got


class Fairly(Says):
    """Says boilerplate of the given lines with a chance of ``sure``, the rest as the rules do."""

    def __init__(self, kinds: dict[str, str], sure: float) -> None:
        super().__init__(kinds)
        self.sure = sure

    def label(self, lines: Sequence[Line]) -> list[Said]:
        return [
            Said("boilerplate", {"boilerplate": self.sure, "paragraph": 1 - self.sure})
            if line.text in self.kinds
            else s
            for line, s in zip(lines, super().label(lines), strict=True)
        ]


@pytest.mark.parametrize(("line", "sure", "kept"), [
    ("Is it because of the storm?", 0.55, True),
    ("Is it because of the storm?", 0.95, False),  # the model is sure
    ("Share this story", 0.55, False),  # no sentence
])  # fmt: skip
def test_a_sentence_of_the_body_is_set_aside_only_where_the_model_is_sure(
    line: str, sure: float, kept: bool
) -> None:
    first, rest = STORY.split("\n\n", 1)
    art = parse_text(f"{first}\n\n{line}\n\n{rest}", labeller=Fairly({line: "boilerplate"}, sure))
    got = {art.block_text(b): b.kind for b in art.blocks}
    assert got[line] == (K.PARAGRAPH if kept else K.BOILERPLATE), got


class Unsure(Says):
    """Says the given kinds, with a headline's chance of 0.2 for the lines it calls boilerplate
    and of ``sure`` for those it calls headline."""

    def __init__(self, kinds: dict[str, str], sure: float) -> None:
        super().__init__(kinds)
        self.sure = sure

    def label(self, lines: Sequence[Line]) -> list[Said]:
        chance = {"boilerplate": 0.2, "headline": self.sure}
        return [
            Said(s.kind, {**s.marginals, "headline": chance[s.kind]}) if s.kind in chance else s
            for s in super().label(lines)
        ]


@pytest.mark.parametrize(
    ("above", "sure", "headline"),
    [
        ("Harbour wall vote put off", 0.6, True),
        ("LOCAL", 0.6, False),
        ("Harbour wall vote put off.", 0.6, False),
        ("Harbour wall vote put off", 0.95, False),  # the model is sure of its headline
    ],
)
def test_a_title_above_a_longer_line_taken_for_the_headline(
    above: str, sure: float, headline: bool
) -> None:
    deck = "The council wants the engineers to report first, and the fishermen are not pleased"
    text = f"{above}\n\n{deck}\n\n" + STORY.split("\n", 2)[2]
    art = parse_text(text, labeller=Unsure({deck: "headline", above: "boilerplate"}, sure))
    got = {art.block_text(b): b.kind for b in art.blocks}
    want = (K.HEADLINE, K.STANDFIRST) if headline else (got[above], K.HEADLINE)
    assert (got[above], got[deck]) == want and (art.title == above) == headline


def test_a_letter_or_two_is_never_made_a_caption() -> None:
    text = STORY.replace("Fishing boats return to the inner basin on Tuesday", "S")
    art = parse_text(text, labeller=Says({"S\n": "caption", "S": "caption"}))
    assert art.captions == []


def test_a_huge_line_is_labelled_at_once() -> None:
    text = "Headline of the file\n\n" + "ab.cd-" * 30_000 + "\n\n" + "word " * 200_000
    start = time.perf_counter()
    art = parse_text(text, labeller=BUNDLED)
    assert time.perf_counter() - start < 1.5  # its patterns are looked for near its ends
    assert art.body_blocks()


@pytest.mark.full_corpora
def test_held_out_lines_are_labelled_far_above_the_floor_and_the_rules() -> None:
    corpora = SHARED / "corpora"
    if not (corpora / "horne2017.tar.xz").exists():
        pytest.fail(f"{FULL_CORPORA_ENV}=1 but the corpora are not in ../shared")
    articles = [a for a in read_labels() if in_split(a.member, "held-out")]
    texts, sites = load(articles, corpora)
    model = score(articles, texts, sites, model_kinds)
    rules = score(articles, texts, sites, rules_kinds)
    got, floor = model.parser["all"], model.floor["all"]
    assert got.accuracy() >= 0.88 and got.accuracy() > rules.parser["all"].accuracy() + 0.4
    assert got.accuracy() > floor.accuracy() + 0.5
    assert got.headline_exact() >= 0.8
    # As well where a scraper leaves no blank line between blocks.
    laid = score(articles, texts, sites, model_kinds, LAYOUTS["no-blank-lines"]).parser["all"]
    assert laid.accuracy() >= got.accuracy() - 0.02
