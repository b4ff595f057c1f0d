"""The two sample articles: what a researcher sees in them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from db.ingest.pipeline import read_article
from db.store.models import BlockKind as K
from tests.conftest import SAMPLES

SEED_0 = SAMPLES / "000_460a38970724ab14.txt"
SEED_1 = SAMPLES / "001_a7690085cc4894b2.txt"


def kinds(path: Path) -> Counter[str]:
    return Counter(str(b.kind) for b in read_article(path).blocks)


def test_seed_0_structure() -> None:
    art = read_article(SEED_0)
    assert art.section == ["News", "Syria", "News"]
    assert art.title == "UN asks Russia, US to intervene at ‘highest level’ to save Syria talks"
    assert [c.credit for c in art.captions] == ["AFP photo", "AFP"]
    counts = kinds(SEED_0)
    assert counts[K.PARAGRAPH] == 12
    assert counts[K.BOILERPLATE] == 2
    assert counts[K.CAPTION] == 2


def test_seed_0_captions_lose_their_credit_and_stand_before_the_body() -> None:
    art = read_article(SEED_0)
    first_paragraph = art.body_blocks()[0]
    for cap in art.captions:
        assert not cap.text.endswith(")")
        assert cap.anchor == first_paragraph.start
    assert art.text[first_paragraph.start :].startswith("The United Nations has called")


def test_seed_1_structure() -> None:
    art = read_article(SEED_1)
    assert art.section == ["News", "Syria"]
    counts = kinds(SEED_1)
    assert counts[K.PARAGRAPH] == 21
    assert counts[K.BOILERPLATE] == 4
    subheadings = [art.block_text(b) for b in art.blocks if b.kind == K.SUBHEADING]
    assert subheadings == ["‘Daesh loses last Aleppo bastion’"]
    assert len(art.captions) == 3


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
