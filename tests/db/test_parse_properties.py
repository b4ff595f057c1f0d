"""Properties that hold for any input: the parser never raises and loses nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from db.ingest.decode import DecodeError, canonical, decode
from db.ingest.parse_text import parse_text
from tests.db.test_parse_corpora import assert_covers

# Text built from the pieces articles are made of, so the interesting rules get exercised.
pieces = st.sampled_from(
    [
        "News / World",
        "Headline about things",
        "(AFP)",
        "(Photo by AFP)",
        "PHOTO: A view",
        "EF/MG",
        "END",
        "Share this article",
        "Read more",
        "www.example.org",
        "licensed under a Creative Commons License.",
        "The minister said the figure rose.",
        "“Quote,” he said.",
        "\u00a0",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "Image copyrightGETTY IMAGES",
        "Image caption",
        "By Jane Roe",
        "March 3, 2017",
        "😀",
        "كَتَبَ",
    ]
)
texts = st.one_of(st.text(), st.lists(pieces, max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_parser_never_raises_and_blocks_cover_text(raw: str) -> None:
    text, _ = canonical(raw)
    art = parse_text(text, filename="some_file.txt")
    assert_covers(art)
    for cap in art.captions:
        assert 0 <= cap.anchor <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_decode_never_raises_anything_but_decode_error(data: bytes) -> None:
    try:
        result = decode(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert "\r" not in result.text and not result.text.startswith("\ufeff")
    assert_covers(parse_text(result.text))


WORDS = ["share", "this", "follow", "us", "on", "twitter", "download", "our", "app", "the",
         "newsletter", "click", "here", "can", "be", "reached", "at", "alternate", "address",
         "App Store", "google play", "www.x.org", "Related", "FOLLOW", "Jane", "|", " ", "•"]  # fmt: skip


@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_the_word_gate_never_hides_a_boilerplate_line(line: str) -> None:
    import re

    from db.ingest import patterns

    start, anywhere = patterns._LINE_START.pattern, patterns._LINE_ANY.pattern
    whole = re.compile(f"{start}|{anywhere}", re.IGNORECASE)
    assert patterns.boilerplate_line(line) == bool(whole.search(line))
