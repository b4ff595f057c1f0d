"""How a REFI-QDA producer counts positions in a source's text, and where they fall in ours.

The standard counts characters, but producers differ in what a character is. NVivo and
QualCoder (through Qt) count UTF-16 units, so an emoji is two; Claimdesk counts code points. A
producer that writes CRLF line ends may count the CR (NVivo for Windows) or not (QualCoder's
"MAXQDA line endings", ATLAS.ti).
A reading is chosen once for the whole project: from the producer named in its ``origin``
where we know how that producer counts, otherwise from the reading that puts the most
selections on their quoted text and on word boundaries. Positions are then carried through
what canonical text does to the source (BOM, CR, control characters, NFC), so each coding cuts
the characters it cut in the producer.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from db.ingest.decode import canonical_positions


@dataclass(frozen=True)
class Reading:
    utf16: bool  # a character beyond U+FFFF counts two
    counts_cr: bool = True  # the CR of a CRLF counts one

    def describe(self) -> str:
        unit = "UTF-16 units" if self.utf16 else "characters (code points)"
        lines = "" if self.counts_cr else ", line ends counted as one"
        return unit + lines


CODE_POINTS = Reading(utf16=False)
READINGS = (
    CODE_POINTS,
    Reading(utf16=True),
    Reading(utf16=False, counts_cr=False),
    Reading(utf16=True, counts_cr=False),
)
# Producers whose unit is known: the first word of ``origin`` that names one (case ignored).
_UTF16_PRODUCERS = {"nvivo": True, "qualcoder": True, "claimdesk": False}


def producer_counts_utf16(origin: str) -> bool | None:
    """Whether the producer named in ``origin`` counts UTF-16 units; None when unknown."""
    words = re.findall(r"[a-z]+", origin.lower())
    return next((_UTF16_PRODUCERS[w] for w in words if w in _UTF16_PRODUCERS), None)


@dataclass
class SourceText:
    """One source as the archive holds it, and its canonical text."""

    raw: str
    text: str
    canonical: Callable[[int], int]  # index into ``raw`` -> index into ``text``

    @classmethod
    def of(cls, raw: str) -> SourceText:
        text, position = canonical_positions(raw)
        return cls(raw, text, position)

    def locate(self, reading: Reading) -> Callable[[int], int | None]:
        """A position in ``reading`` -> index into ``text``; None inside a character."""
        weights = [
            (i, 0 if ch == "\r" else 2)
            for i, ch in enumerate(self.raw)
            if (reading.utf16 and ord(ch) > 0xFFFF)
            or (not reading.counts_cr and ch == "\r" and self.raw[i + 1 : i + 2] == "\n")
        ]
        if not weights:
            return lambda pos: self.canonical(pos) if 0 <= pos <= len(self.raw) else None
        # The reading's position at each irregular character, and the shift after it.
        starts: list[int] = []
        shifts: list[int] = []
        shift = 0
        for i, weight in weights:
            starts.append(i + shift)
            shift += weight - 1
            shifts.append(shift)
        end = len(self.raw) + shift

        def locate(pos: int) -> int | None:
            if not 0 <= pos <= end:
                return None
            k = bisect_left(starts, pos)  # irregular characters wholly before ``pos``
            if k and weights[k - 1][1] == 2 and pos == starts[k - 1] + 1:
                return None  # between the two halves of a surrogate pair
            return self.canonical(pos - (shifts[k - 1] if k else 0))

        return locate


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    name: str = ""  # what the producer called the selection, often its quote


def _boundary(text: str, pos: int) -> bool:
    return pos in (0, len(text)) or not (text[pos - 1].isalnum() and text[pos].isalnum())


def _squash(s: str) -> str:
    return " ".join(s.split())


def _score(source: SourceText, spans: Iterable[Span], reading: Reading) -> tuple[int, int]:
    """(selections that cut the quote their name gives, ends that fall on word boundaries)."""
    locate = source.locate(reading)
    quotes = ends = 0
    for span in spans:
        start, end = locate(span.start), locate(span.end)
        if start is None or end is None or not 0 <= start < end <= len(source.text):
            continue
        ends += _boundary(source.text, start) + _boundary(source.text, end)
        name = unicodedata.normalize("NFC", _squash(span.name).rstrip("…").removesuffix("..."))
        quotes += len(name) >= 4 and _squash(source.text[start:end]).startswith(name.strip())
    return quotes, ends


def choose(origin: str, sources: Sequence[tuple[SourceText, Sequence[Span]]]) -> Reading:
    """The reading of the whole project.

    Selections named by their quote (QualCoder, Claimdesk) decide: the reading that cuts the
    most of them. Otherwise the producer's unit where it is known, and within it (or for an
    unknown producer, among all) the reading that puts the most ends on word boundaries. Where
    nothing tells readings apart (no emoji, no CRLF), the standard's code points.
    """
    known = producer_counts_utf16(origin)
    scores: dict[Reading, tuple[int, int]] = {}
    for r in READINGS:
        each = [_score(src, spans, r) for src, spans in sources]
        scores[r] = (sum(q for q, _ in each), sum(e for _, e in each))
    candidates = [r for r in READINGS if known is None or r.utf16 == known]
    best = max(candidates, key=lambda r: (*scores[r], r == CODE_POINTS))
    overall = max(READINGS, key=lambda r: (*scores[r], r == CODE_POINTS))
    # The quotes outweigh what we know of the producer: it may have changed its counting, or
    # passed on another tool's positions unchanged. So do far more boundaries.
    quoted = scores[overall][0] > scores[best][0]
    return overall if quoted or scores[overall][1] > 2 * scores[best][1] else best
