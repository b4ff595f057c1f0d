"""Paragraphs hard-wrapped at a fixed width (a text browser's dump) are parsed as paragraphs,
the text itself untouched. Texts written here."""

from __future__ import annotations

import textwrap

import pytest

from db.ingest.lines.labeller import BUNDLED
from db.ingest.parse_text import parse_text
from db.ingest.unwrap import unwrapped, wrap_width
from db.store.models import BlockKind as K
from tests.conftest import SAMPLES

HEADLINE = "Harbour Wall Vote Put Off Until Spring"
BODY = [
    "The council said on Tuesday that the vote on the new harbour wall would wait for the "
    "engineers' report, which is due in March, and that no money would be spent before then.",
    "Fishermen who use the harbour said the delay would cost them another winter of damaged "
    "boats, while the council's finance committee argued that the report had to come first, "
    "as it had promised the auditors last year.",
    "The wall was first proposed six years ago, after a storm flooded the lower town and closed "
    "the harbour road for a week, and it has been argued over at every election since then.",
]
MENU = ["Home", "News", "Sport", "Weather", "Contact us"]


def wrapped(width: int) -> str:
    blocks = [HEADLINE, "By Jo Roe", *(textwrap.fill(p, width) for p in BODY)]
    return "\n\n".join(blocks) + "\n"


@pytest.mark.parametrize("width", [60, 72, 78])
@pytest.mark.parametrize("labeller", [None, BUNDLED], ids=["rules", "model"])
def test_a_wrapped_paragraph_is_one_paragraph(width: int, labeller: object) -> None:
    text = wrapped(width)
    art = parse_text(text, labeller=labeller)  # type: ignore[arg-type]
    assert art.text == text
    got = {" ".join(art.block_text(b).split()): b.kind for b in art.blocks}
    assert all(got.get(p) == K.PARAGRAPH for p in BODY), got
    assert (got[HEADLINE], got["By Jo Roe"]) == (K.HEADLINE, K.BYLINE)


def test_the_joined_text_keeps_every_offset() -> None:
    text = wrapped(72)
    joined = unwrapped(text)
    assert len(joined) == len(text) and joined != text
    assert [i for i, (a, b) in enumerate(zip(text, joined, strict=True)) if a != b] == [
        i for i, c in enumerate(text) if c == "\n" and joined[i] == " "
    ]
    width = wrap_width(text.split("\n"))
    assert width is not None and 60 < width <= 72


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_unwrapped_texts_and_short_lines_are_left_alone(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    assert unwrapped(text) == text
    menu = "\n".join(MENU * 4) + "\n"
    assert unwrapped(menu) == menu
