"""UTF-16 without a byte order mark, in any script.

Latin text in UTF-16 is half NUL bytes, which is easy to see. Russian, Arabic, Chinese or Hindi
text has few or none, so both byte orders are decoded and judged: text read the right way is made
of one script's letters, spaces and punctuation; read the wrong way (or when the bytes were never
UTF-16) its characters scatter over unrelated blocks, unassigned code points and controls.
"""

from __future__ import annotations

import codecs
import unicodedata
from bisect import bisect_right
from collections import Counter

SAMPLE = 8192  # bytes judged

# Ranges of code points, each one writing system's (first, last, name); what lies outside them
# and above ASCII counts as a script of its own per 256 code points.
_SCRIPTS = sorted(
    [
        (0x0080, 0x024F, "latin"),
        (0x1E00, 0x1EFF, "latin"),
        (0x0370, 0x03FF, "greek"),
        (0x1F00, 0x1FFF, "greek"),
        (0x0400, 0x052F, "cyrillic"),
        (0x0530, 0x058F, "armenian"),
        (0x0590, 0x05FF, "hebrew"),
        (0x0600, 0x06FF, "arabic"),
        (0x0750, 0x077F, "arabic"),
        (0x08A0, 0x08FF, "arabic"),
        (0xFB50, 0xFDFF, "arabic"),
        (0xFE70, 0xFEFF, "arabic"),
        (0x0900, 0x0DFF, "indic"),
        (0x0E00, 0x0EFF, "thai"),
        (0x10A0, 0x10FF, "georgian"),
        (0x1100, 0x11FF, "hangul"),
        (0x3130, 0x318F, "hangul"),
        (0xAC00, 0xD7AF, "hangul"),
        (0x2000, 0x206F, "common"),  # general punctuation: dashes, quotes, spaces
        (0x20A0, 0x20CF, "common"),  # currency signs
        (0x2E80, 0x2FDF, "cjk"),
        (0x3000, 0x30FF, "cjk"),  # CJK punctuation, hiragana, katakana
        (0x3400, 0x4DBF, "cjk"),
        (0x4E00, 0x9FFF, "cjk"),
        (0xF900, 0xFAFF, "cjk"),
        (0xFF00, 0xFFEF, "cjk"),  # full-width forms
    ]
)
_STARTS = [first for first, _, _ in _SCRIPTS]
_BAD = frozenset({"Cc", "Cn", "Co", "Cs"})  # controls, unassigned, private use, surrogates


def _script(cp: int) -> str | int:
    i = bisect_right(_STARTS, cp) - 1
    if i >= 0 and cp <= _SCRIPTS[i][1]:
        return _SCRIPTS[i][2]
    return cp >> 8


def _score(text: str) -> tuple[float, str | int | None]:
    """The share of ``text`` in its main script, spaces and punctuation; and that script."""
    if not text:
        return 0.0, None
    bad = sum(1 for ch in text if ch not in "\t\n\r" and unicodedata.category(ch) in _BAD)
    if bad > len(text) // 100:
        return 0.0, None
    scripts = Counter(_script(ord(ch)) for ch in text if ord(ch) > 0x7F)
    common = len(text) - scripts.total() + scripts.pop("common", 0)
    main, top = scripts.most_common(1)[0] if scripts else (None, 0)
    return (common + top) / len(text), main


def _decoded(sample: bytes, encoding: str) -> str | None:
    try:  # not final: a character cut at the end of the sample is not an error
        return codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except UnicodeDecodeError:
        return None


def may_be_utf16(data: bytes) -> bool:
    """A cheap test before :func:`sniff`: NUL bytes, or bytes at one parity far less varied.

    In UTF-16 every other byte says which block a character is in, so for one script's text it
    takes few values; in text of a single-byte encoding both parities look alike.
    """
    sample = data[:SAMPLE]
    if b"\x00" in sample:
        return True
    even, odd = len(set(sample[0::2])), len(set(sample[1::2]))
    return 2 * min(even, odd) <= max(even, odd)


def sniff(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` if ``data`` reads as text that way, else None."""
    sample = data[: SAMPLE - SAMPLE % 2]
    best, best_score = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _decoded(sample, encoding)
        if text is None or len(text) < 8:
            continue
        score, main = _score(text)
        # With no character below U+0100 (no space, digit or line end), only text that is all
        # ideographs and their punctuation is taken: other scripts separate their words.
        if not any(ord(ch) < 0x100 for ch in text) and (main != "cjk" or score < 0.97):
            continue
        if score >= 0.9 and score > best_score:
            best, best_score = encoding, score
    return best
