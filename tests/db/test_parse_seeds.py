"""The two sample articles: what a researcher sees in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.ingest.parse_text import parse_text
from db.ingest.pipeline import read_article
from db.store.models import BlockKind as K
from tests.conftest import ROOT, SAMPLES

SEED_0 = SAMPLES / "000_460a38970724ab14.txt"
SEED_1 = SAMPLES / "001_a7690085cc4894b2.txt"
LABELS = ROOT / "tests" / "fixtures" / "seeds"


def labels(path: Path) -> dict[int, str]:
    """Line number -> what a reader takes the line for (hand labels, see their README)."""
    out = {}
    for line in (LABELS / f"{path.stem}.labels").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            number, kind = line.split()
            out[int(number)] = kind
    return out


@pytest.mark.parametrize("path", [SEED_0, SEED_1], ids=lambda p: p.stem)
def test_every_line_is_what_a_reader_takes_it_for(path: Path) -> None:
    art = read_article(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    expected = labels(path)
    assert sorted(expected) == [n for n, line in enumerate(lines, 1) if line.strip()]
    pos, found = 0, {}
    for number, line in enumerate(lines, 1):
        start, end = pos, pos + len(line)
        pos = end + 1
        kinds = {str(b.kind) for b in art.blocks if b.start < end and b.end > start}
        if line.strip():
            found[number] = ",".join(sorted(kinds))
    assert found == expected


def test_seed_0_metadata_and_credits() -> None:
    art = read_article(SEED_0)
    assert art.section == ["News", "Syria", "News"]
    assert art.title == "UN asks Russia, US to intervene at ‘highest level’ to save Syria talks"
    assert [c.credit for c in art.captions] == ["AFP photo", "AFP"]


def test_seed_0_captions_lose_their_credit_and_stand_before_the_body() -> None:
    art = read_article(SEED_0)
    first_paragraph = art.body_blocks()[0]
    for cap in art.captions:
        assert not cap.text.endswith(")")
        assert cap.anchor == first_paragraph.start
    assert art.text[first_paragraph.start :].startswith("The United Nations has called")


def test_seed_1_metadata_and_subheading() -> None:
    art = read_article(SEED_1)
    assert art.section == ["News", "Syria"]
    subheadings = [art.block_text(b) for b in art.blocks if b.kind == K.SUBHEADING]
    assert subheadings == ["‘Daesh loses last Aleppo bastion’"]


def test_seed_1_captions_stand_where_they_stood() -> None:
    """Each caption is anchored to the paragraph that followed it in the file."""
    art = read_article(SEED_1)
    for cap in art.captions:
        following = art.text[cap.end : cap.anchor]
        assert following.strip() == "", "nothing but space between a caption and its anchor"
        assert art.text[cap.anchor : cap.anchor + 1].isalnum() or art.text[cap.anchor] in "‘“"
    anchors = [c.anchor for c in art.captions]
    assert anchors == sorted(anchors) and len(set(anchors)) == 3


def test_boilerplate_is_not_body() -> None:
    for path in (SEED_0, SEED_1):
        art = read_article(path)
        body = " ".join(art.block_text(b) for b in art.body_blocks())
        assert "alternate addresses" not in body
        assert "Roku" not in body


@pytest.mark.parametrize(
    ("first", "headline"),
    [
        ("Trump Hired Me As An Attorney. Please Don’t Support Him For President.", True),
        ("TRUMP PICKS EL CHAPO TO RUN D.E.A.", True),
        ("The minister said the figures were wrong and would be revised.", False),
    ],
)
def test_a_title_cased_first_line_is_a_headline_though_it_ends_in_a_full_stop(
    first: str, headline: bool
) -> None:
    body = "The campaign said on Monday it would answer the claims in full next week."
    art = parse_text(f"{first}\n\n{body}\n\n{body}\n")
    assert (art.title == first) is headline
