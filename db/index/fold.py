"""Folding text for search, so that queries match across script variants.

FTS5's ``unicode61`` tokenizer removes Latin diacritics only. Arabic and Persian harakat split
words, tatweel and zero-width joiners hide them, and letter variants differ between the two
scripts; :func:`fold` removes or unifies those before indexing and before querying alike.
"""

from __future__ import annotations

import re
import unicodedata

_REMOVED = [
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06EE),  # harakat
    0x0640,
    0x200C,
    0x200D,
    0x200E,
    0x200F,
    0xFEFF,
    0x00AD,  # tatweel, joiners, marks
]
_TABLE: dict[int, int | None] = dict.fromkeys(_REMOVED)
_TABLE.update(
    {
        ord("ي"): ord("ی"),  # Arabic yeh -> Farsi yeh
        ord("ى"): ord("ی"),  # alef maksura
        ord("ك"): ord("ک"),  # Arabic kaf -> keheh
        ord("أ"): ord("ا"),
        ord("إ"): ord("ا"),
        ord("آ"): ord("ا"),
        ord("ٱ"): ord("ا"),
        ord("ة"): ord("ه"),
    }
)

_STRINGS = {chr(k): chr(v) if v is not None else "" for k, v in _TABLE.items()}
# str.translate is slow on non-ASCII text; a regex finds the few characters to fold much faster.
_FOLDABLE = re.compile("[" + "".join(re.escape(c) for c in _STRINGS) + "]+")
# Faster still, the test whether there is anything to fold at all: a search for bytes in the
# UTF-8 text. Arabic-script characters share their first byte; the others are searched whole.
_MARKERS = tuple(
    sorted({c.encode()[:1] if "\u0600" <= c <= "\u06ff" else c.encode() for c in _STRINGS})
)


def fold(text: str | None) -> str:
    """Return ``text`` with harakat, tatweel and invisible joiners removed, letters unified."""
    if not text:
        return ""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ")
    utf8 = text.encode("utf-8", "surrogatepass")
    return _FOLDABLE.sub(_fold_char, text) if any(m in utf8 for m in _MARKERS) else text


def _fold_char(m: re.Match[str]) -> str:
    return "".join(_STRINGS[c] for c in m[0])


def parse_spans(spans: str) -> list[tuple[int, int]]:
    """Parse ``"3-9,20-31"`` into ``[(3, 9), (20, 31)]``."""
    out = []
    for part in spans.split(","):
        if part:
            start, _, end = part.partition("-")
            out.append((int(start), int(end)))
    return out


def format_spans(spans: list[tuple[int, int]]) -> str:
    """The inverse of :func:`parse_spans`."""
    return ",".join(f"{start}-{end}" for start, end in spans)


def search_body(text: str | None, hidden: str | None) -> str:
    """The article text as indexed: hidden spans (boilerplate) blanked out, then folded."""
    if not text:
        return ""
    if hidden:
        pieces, last = [], 0
        for start, end in parse_spans(hidden):
            pieces.append(text[last:start])
            pieces.append(" ")
            last = end
        pieces.append(text[last:])
        text = "".join(pieces)
    return fold(text)
