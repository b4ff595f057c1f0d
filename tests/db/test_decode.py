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


# Two sentences of news in each script, on two lines, as a scraped article has them.
SCRIPTS = {
    "russian": "Президент заявил в понедельник, что переговоры продолжатся.\n"
    "По его словам, стороны договорились о новой встрече в Москве.",
    "arabic": "قال الرئيس يوم الاثنين إن المفاوضات ستستمر.\n"
    "وبحسب قوله، اتفق الطرفان على عقد اجتماع جديد في القاهرة.",
    "persian": "رئیس جمهور روز دوشنبه گفت که مذاکرات ادامه خواهد یافت.\n"
    "به گفته او، دو طرف بر سر دیدار تازه‌ای در تهران توافق کردند.",
    "chinese": "国家主席在周一表示，谈判将继续进行。\n据他说，双方同意在北京举行新的会谈。",
    "hindi": "राष्ट्रपति ने सोमवार को कहा कि बातचीत जारी रहेगी।\n"
    "उनके अनुसार, दोनों पक्ष दिल्ली में नई बैठक पर सहमत हुए।",
    "greek": "Ο πρόεδρος δήλωσε τη Δευτέρα ότι οι συνομιλίες θα συνεχιστούν.\n"
    "Σύμφωνα με τον ίδιο, οι δύο πλευρές συμφώνησαν σε νέα συνάντηση.",
    "hebrew": "הנשיא אמר ביום שני כי השיחות יימשכו.\nלדבריו, הצדדים הסכימו על פגישה חדשה.",
    "japanese": "大統領は月曜日、交渉は続くと述べた。\n彼によると、双方は東京で新たな会談を開く。",
    "korean": "대통령은 월요일 협상이 계속될 것이라고 말했다.\n양측은 서울에서 새로운 회담을 열기로 합의했다.",
    "thai": "ประธานาธิบดีกล่าวเมื่อวันจันทร์ว่าการเจรจาจะดำเนินต่อไป\nทั้งสองฝ่ายตกลงที่จะพบกันอีกครั้ง",
    "chinese, one line": "国家主席在周一表示谈判将继续进行据他说双方同意在北京举行新的会谈",
}


@pytest.mark.parametrize("endian", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("script", list(SCRIPTS))
def test_utf16_without_a_bom_is_read_in_any_script(script: str, endian: str) -> None:
    result = decode(SCRIPTS[script].encode(endian))
    assert (result.text, result.encoding) == (SCRIPTS[script], endian)


@pytest.mark.parametrize(
    ("script", "legacy"),
    [("russian", "cp1251"), ("russian", "koi8-r"), ("arabic", "cp1256"), ("greek", "cp1253"),
     ("chinese", "gb18030"), ("korean", "euc-kr"), ("thai", "cp874")],
)  # fmt: skip
def test_single_and_double_byte_encodings_are_not_taken_for_utf16(script: str, legacy: str) -> None:
    result = decode(SCRIPTS[script].encode(legacy))
    assert result.text == SCRIPTS[script] and not result.encoding.startswith("utf-16")


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 * 3 + b"Headline\n\nBody.",
        codecs.BOM_UTF16_LE + "\ufeff\ufeffHeadline\n\nBody.".encode("utf-16-le"),
        codecs.BOM_UTF8 + "\x00\ufeffHeadline\n\nBody.".encode(),
        codecs.BOM_UTF8 * 2 + "Caf\u00e9 owners\n\nThe caf\u00e9 closed.".encode("cp1252"),
        "\ufeff\ufeff\ufeffHeadline\n\nBody.".encode("utf-16-be"),
    ],
    ids=["utf8-boms", "utf16-bom-and-boms", "bom-nul-bom", "utf8-boms-on-cp1252", "utf16be-boms"],
)
def test_canonical_text_never_starts_with_a_bom(data: bytes) -> None:
    text = decode(data).text
    assert not text.startswith(("\ufeff", "ï»¿")) and text.lstrip("\ufeff").startswith(("H", "C"))
    assert "\ufffd" not in text


def test_utf8_and_windows_1252_pasted_together_each_read_as_what_it_is() -> None:
    """A headline saved as UTF-8 above a body saved as Windows-1252 (scraped, then joined)."""
    data = "Votes found by the “tens of thousands”\r\n\r\n".encode() + "It’s mine — 5 €.".encode(
        "cp1252"
    )
    got = decode(data)
    assert got.text == "Votes found by the “tens of thousands”\n\nIt’s mine — 5 €."
    assert any("mixes UTF-8 and Windows-1252" in w for w in got.warnings)
