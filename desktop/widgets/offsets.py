"""Mapping between code points of an article's canonical text and positions in the reader.

The reader shows some blocks of the text (not the boilerplate), each copied verbatim, so each
shown block is a *piece*: a span of code points placed at a document position. Qt counts UTF-16
units, so a character above U+FFFF takes two positions; inside the canonical text that makes the
"Qt coordinate" of code point ``cp`` equal to ``cp`` plus the number of such characters before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Piece:
    doc_start: int
    cp_start: int
    cp_end: int


class TextMap:
    def __init__(self, text: str) -> None:
        self.text = text
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._qt_starts = [a + k for k, a in enumerate(self._astral)]
        self.pieces: list[Piece] = []
        self._cp_starts: list[int] = []
        self._doc_starts: list[int] = []

    def qt(self, cp: int) -> int:
        """The Qt coordinate of code point ``cp`` in the whole canonical text."""
        return cp + bisect_left(self._astral, cp)

    def from_qt(self, q: int) -> int:
        """The code point at Qt coordinate ``q`` (the middle of a surrogate pair snaps down)."""
        return q - bisect_left(self._qt_starts, q)

    def units(self, cp_start: int, cp_end: int) -> int:
        """How many positions the text ``[cp_start, cp_end)`` takes in the reader."""
        return self.qt(cp_end) - self.qt(cp_start)

    def add(self, doc_start: int, cp_start: int, cp_end: int) -> None:
        """Record that ``text[cp_start:cp_end]`` is shown from ``doc_start`` on (in order)."""
        self.pieces.append(Piece(doc_start, cp_start, cp_end))
        self._cp_starts.append(cp_start)
        self._doc_starts.append(doc_start)

    def to_doc(self, cp: int, *, end: bool = False) -> int | None:
        """The reader position of code point ``cp``.

        In hidden text, the next shown start (or the previous shown end when ``end``); None when
        nothing shown lies that way.
        """
        i = bisect_right(self._cp_starts, cp) - 1
        if i >= 0 and cp <= self.pieces[i].cp_end:
            p = self.pieces[i]
            return p.doc_start + self.units(p.cp_start, cp)
        if end:
            return None if i < 0 else self._doc_end(self.pieces[i])
        return self.pieces[i + 1].doc_start if i + 1 < len(self.pieces) else None

    def to_cp(self, pos: int) -> int | None:
        """The code point at reader position ``pos``; outside the text, the nearest edge."""
        if not self.pieces:
            return None
        i = max(0, bisect_right(self._doc_starts, pos) - 1)
        p = self.pieces[i]
        if pos < p.doc_start:
            return p.cp_start
        if pos >= self._doc_end(p):
            return p.cp_end
        return self.from_qt(self.qt(p.cp_start) + pos - p.doc_start)

    def _doc_end(self, p: Piece) -> int:
        return p.doc_start + self.units(p.cp_start, p.cp_end)
