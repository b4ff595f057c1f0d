"""Properties that hold for any input: the parser never raises and loses nothing."""

from __future__ import annotations

import signal

import pytest
from hypothesis import example, given, settings
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
@example("Some body text that is long enough.©")  # once looped for ever: an empty tail piece
@example("A line.\n\nAnother line ending in a quote.”©")
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


@pytest.mark.parametrize("ending", [".©", ".”©", "!©", "©"])
def test_a_text_ending_in_a_copyright_sign_is_parsed_promptly(ending: str) -> None:
    if not hasattr(signal, "SIGALRM"):
        pytest.skip("needs SIGALRM")

    def too_slow(*_: object) -> None:
        raise TimeoutError("parse_text did not finish in 5 s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(5)
    try:
        art = parse_text(f"Headline here\n\nSome body text that is long enough{ending}")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert_covers(art)
    if ending[0] in ".!":  # the sentence stays body text; the sign alone is set aside
        assert art.text[art.body_blocks()[-1].start :].startswith("Some body text")
