"""Encodings and line ends researchers' files come in, and files that are not text."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from db.ingest.decode import MAX_BYTES, DecodeError, decode

SAMPLE = "Café “quoted” — naïve\r\nSecond line\r\n"
CANON = "Café “quoted” — naïve\nSecond line\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM
        SAMPLE.encode("utf-16-le"),  # no BOM
        SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1252"],
)
def test_encodings_give_the_same_canonical_text(data: bytes) -> None:
    assert decode(data).text == CANON


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\r\r\n", "\n"])
def test_line_endings_become_lf(ending: str) -> None:
    text = decode(f"one{ending}two{ending}".encode()).text
    assert "\r" not in text and text.startswith("one\n") and "two" in text


def test_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "café Zürich")
    assert decode(decomposed.encode()).text == "café Zürich"


@pytest.mark.parametrize("stray", ["\x00", "\x1b", "\x7f", "\x92", "\x9f"])
def test_stray_control_characters_are_removed_with_a_warning(stray: str) -> None:
    text = f"Ordinary text with a stray{stray} control character in it, café, as scraped."
    for encoding in ("utf-8", "utf-8-sig", "utf-16"):
        result = decode(text.encode(encoding))
        assert stray not in result.text and "café" in result.text
        assert any("control" in w for w in result.warnings)


def test_clean_text_has_no_warnings() -> None:
    assert decode("Tab\there, NBSP\xa0there, “quotes”.\n".encode()).warnings == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\r\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
        (bytes(range(32)) * 50, "control characters"),
        (b"a" * (MAX_BYTES + 1), "too large"),
    ],
)
def test_unreadable_files_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode(data)


def test_other_single_byte_scripts_are_not_taken_for_cp1252() -> None:
    russian = "Привет, как дела? Это тест русского текста."
    assert decode(russian.encode("cp1251")).text == russian
