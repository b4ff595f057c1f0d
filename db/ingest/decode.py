"""From bytes on disk to canonical text: UTF-8 in Python, LF line ends, NFC, no BOM.

Offsets of highlights are code points of the canonical text, so this is done once, at import.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from db.ingest import utf16

MAX_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive or office document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "a program",
    b"MZ": "a program",
    b"SQLite format 3": "an SQLite database",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
# Control characters other than tab and line ends; stray NULs appear in scraped text.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# The same, found in UTF-8 bytes far faster than in decoded text: C0 and DEL bytes, C1 sequences.
_C0_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])
_NOT_C0_BYTES = bytes(b for b in range(256) if b not in _C0_BYTES)
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_OTHER_BREAK_CHARS = "\u2028\u2029\x85\x0b\x0c"  # a form feed or vertical tab ends a line too
_OTHER_BREAKS = re.compile(f"[{_OTHER_BREAK_CHARS}]")
# What canonical() drops: the CR of CRLF, and control characters (NEL is a line end instead).
_DROPPED = re.compile(r"\r(?=\n)|[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


class DecodeError(ValueError):
    """The bytes are not text Claimdesk can read; the message says why, for the user."""


def too_large(size: int | None, limit: int = MAX_BYTES) -> DecodeError:
    """The error for a file over ``limit`` bytes (its ``size``, if known)."""
    most = f"{limit // 2**20:,} MB"
    if size is None:
        return DecodeError(f"too large (more than {most}, the limit)")
    return DecodeError(f"too large ({size / 1e6:,.1f} MB; the limit is {most})")


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def canonical(text: str, *, controls: bool = True) -> tuple[str, list[str]]:
    """Canonicalise decoded text: no BOM, LF line ends, no control characters, NFC.

    ``controls=False`` says the caller knows the text holds no control characters.
    """
    warnings = []
    text = text.lstrip("\ufeff")  # a BOM, or several: one inside another
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in text for ch in _OTHER_BREAK_CHARS):  # str.find is far faster than a regex
        text = _OTHER_BREAKS.sub("\n", text)
    text, n = _CONTROLS.subn("", text) if controls else (text, 0)
    if n:
        warnings.append(f"removed {n} control character(s) such as NUL")
        text = text.lstrip("\ufeff")  # a BOM that stood behind a NUL
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text, warnings


def canonical_positions(raw: str) -> tuple[str, Callable[[int], int]]:
    """:func:`canonical` text, and where a position in ``raw`` falls in it.

    Canonical text drops characters (a leading BOM, the CR of CRLF, control characters) and
    may compose others (NFC); offsets into ``raw`` move with them.
    """
    text, _ = canonical(raw)
    dropped = [m.start() for m in _DROPPED.finditer(raw)]
    gone, lead = set(dropped), 0
    while lead < len(raw) and (raw[lead] == "\ufeff" or lead in gone):
        lead += 1  # BOMs with nothing kept before them
    if lead:
        dropped = sorted(gone.union(range(lead)))
    if len(raw) - len(dropped) == len(text):  # nothing composed: a plain shift
        return text, lambda pos: pos - bisect_left(dropped, pos)
    gone = set(dropped)
    bare = "".join(ch for i, ch in enumerate(raw) if i not in gone).replace("\r", "\n")
    bare = _OTHER_BREAKS.sub("\n", bare)

    def composed(pos: int) -> int:
        return len(unicodedata.normalize("NFC", bare[: pos - bisect_left(dropped, pos)]))

    return text, composed


def _sniff_utf16(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 of Latin text from the share of NUL bytes at even or odd positions."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _web_1252(exc: UnicodeError) -> tuple[str | bytes, int]:
    """The five bytes cp1252 leaves undefined map to U+0081 etc. and back, as in browsers."""
    if isinstance(exc, UnicodeDecodeError):
        return chr(exc.object[exc.start]), exc.start + 1
    if isinstance(exc, UnicodeEncodeError) and all(
        0x80 <= ord(ch) <= 0x9F for ch in exc.object[exc.start : exc.end]
    ):
        return exc.object[exc.start : exc.end].encode("latin-1"), exc.end
    raise exc


codecs.register_error("web-1252", _web_1252)


def _stray_1252(exc: UnicodeError) -> tuple[str, int]:
    """In UTF-8 text, a byte that is not UTF-8 is read as Windows-1252 (files pasted together)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252", errors="web-1252"), exc.end


codecs.register_error("stray-1252", _stray_1252)

# A character of more than one byte in UTF-8.
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


# What non-ASCII characters Western text decoded as Windows-1252 is made of.
_WESTERN = {chr(c) for c in range(0xA0, 0x100)} | {
    bytes([b]).decode("cp1252", errors="web-1252") for b in range(0x80, 0xA0)
}


def _plausible_cp1252(data: bytes) -> bool:
    """Western text: high bytes are sparse, and read as cp1252 they are letters and typography."""
    text = data.decode("cp1252", errors="web-1252")
    high = [ch for ch in text if ord(ch) > 0x7F]
    if len(high) > len(text) * 0.35:
        return False
    return sum(ch in _WESTERN for ch in high) >= 0.9 * len(high)


def _guess(data: bytes, utf8: str | None) -> str:
    """The encoding of bytes with no BOM that are not plain UTF-8 text.

    ``utf8`` is their text if they are valid UTF-8 (then full of control characters).
    """
    western = utf8 is None and _plausible_cp1252(data)
    if (not western or utf16.may_be_utf16(data)) and (found := utf16.sniff(data)):
        return found
    if utf8 is not None:
        return "utf-8"
    if western:
        return "windows-1252"
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else "cp1252"


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes to canonical text.

    Raises:
        DecodeError: empty, too large, binary, or not text in any encoding tried.
    """
    raw, controls = _text_of(data)
    text, more = canonical(raw.text, controls=controls)
    if not text.strip():
        raise DecodeError("empty file")
    return Decoded(text, raw.encoding, raw.warnings + more)


def decode_raw(data: bytes) -> Decoded:
    """Decode bytes as :func:`decode` does, but leave the text as it is, not canonical.

    For files whose offsets count the characters of the text as stored.

    Raises:
        DecodeError: empty, too large, binary, or not text in any encoding tried.
    """
    return _text_of(data)[0]


_BOM_AS_CP1252 = codecs.BOM_UTF8.decode("cp1252")


def _text_of(data: bytes) -> tuple[Decoded, bool]:
    """The decoded text, and whether it may hold control characters."""
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
    if not data.strip():
        raise DecodeError("empty file")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise DecodeError(f"not a text file (looks like {what})")
    warnings: list[str] = []
    bom = next(((b, enc) for b, enc in _BOMS if data.startswith(b)), None)
    if bom is not None:
        data, encoding = data[len(bom[0]) :], bom[1]
    else:
        encoding = _sniff_utf16(data) or ""
    text = _utf8(data) if encoding in ("", "utf-8") else None
    if text is None and encoding == "utf-8":
        encoding = ""  # a UTF-8 BOM on text in another encoding
    if text is not None and _has_controls(data) and _looks_binary(text):
        encoding = _guess(data, text)  # UTF-16 of a script other than Latin reads as controls
        text = text if encoding == "utf-8" else None
    if text is not None:
        encoding = "utf-8"
    else:
        encoding = encoding or _guess(data, None)
        try:
            text = data.decode(encoding) if encoding != "windows-1252" else _western(data, warnings)
        except (UnicodeDecodeError, LookupError):
            text = data.decode("utf-8" if encoding == "ascii" else encoding, errors="replace")
            warnings.append(f"some bytes were not valid {encoding} and were replaced")
    controls = encoding != "utf-8" or bool(warnings) or _has_controls(data)
    if controls and _looks_binary(text):
        raise DecodeError("not a text file (too many control characters)")
    return Decoded(text, encoding, warnings), controls


def _western(data: bytes, warnings: list[str]) -> str:
    """Windows-1252 text, where any UTF-8 characters mixed in are read as UTF-8."""
    if _UTF8_MULTI.search(data) is None:
        return data.decode("cp1252", errors="web-1252").removeprefix(_BOM_AS_CP1252)
    warnings.append("the file mixes UTF-8 and Windows-1252; each part was read as what it is")
    return data.decode("utf-8", errors="stray-1252").removeprefix("\ufeff")


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _has_controls(utf8: bytes) -> bool:
    """Whether UTF-8 bytes hold a control character other than tab and line ends."""
    return bool(utf8.translate(None, _NOT_C0_BYTES)) or _C1_UTF8.search(utf8) is not None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = len(_CONTROLS.findall(sample)) + sample.count("\ufffd")
    return controls > max(8, len(sample) // 20)
