"""Paragraphs that a text browser or a mail-style dump wrapped at a fixed width, joined again.

A hard-wrapped line ends where the next word would not have fitted: that is how a greedy wrap
(``lynx -dump``, ``html2text``, ``textwrap``) breaks a paragraph, and the test used here. The
text returned has the same length as the one given, each joining newline turned into a space,
so every offset found in it holds in the original.
"""

from __future__ import annotations

from itertools import pairwise

_MIN_LINES = 8  # fewer lines than this say nothing of a wrap
_WIDEST = 150  # a text with a longer line than this was not wrapped
_NARROWEST = 40
_FILLED = 0.5  # of the lines another line follows, the share that must have been filled


def unwrapped(text: str) -> str:
    """``text`` with the line breaks inside hard-wrapped paragraphs made spaces.

    A text that shows no wrap is given back as it is.
    """
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text
    out = list(text)
    pos = 0
    for line, after in pairwise(lines):
        pos += len(line)
        if _filled(line, after, width):
            out[pos] = " "
        pos += 1
    return "".join(out)


def wrap_width(lines: list[str]) -> int | None:
    """The width ``lines`` were wrapped at, or None if they were not."""
    shown = [line.rstrip() for line in lines if line.strip()]
    if len(shown) < _MIN_LINES:
        return None
    width = max(len(line) for line in shown)
    if not _NARROWEST <= width <= _WIDEST:
        return None
    followed = [(a, b) for a, b in pairwise(lines) if a.strip() and b.strip()]
    filled = sum(_filled(a, b, width) for a, b in followed)
    return width if filled >= 3 and filled >= _FILLED * len(followed) else None


def _filled(line: str, after: str, width: int) -> bool:
    """Whether ``line`` was broken only because the first word of ``after`` did not fit."""
    if not line.strip() or not after.strip():
        return False
    return len(line.rstrip()) + 1 + len(after.split()[0]) > width
