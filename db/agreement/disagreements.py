"""Where coders disagree in one article: the stretches of text they coded differently.

Every highlight's start and end cut the text into elementary stretches; on each, every coder
of the article has the set of codes covering it (none, one, several). A stretch where those
sets are not all equal is a disagreement; neighbouring stretches that disagree in the same way
are one. Text no coder coded is never a disagreement. The reconciled layer (:data:`GOLD`, made
when a version is accepted) is shown, but does not take part.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import text
from sqlmodel import Session

#: The coder name of the reconciled layer, made by accepting one coder's version.
GOLD = "Reconciled"


@dataclass(frozen=True)
class Disagreement:
    start: int
    end: int
    codes: dict[str, frozenset[str]]  # each coder's codes over the stretch (empty: none)

    def quote(self, article_text: str, width: int = 80) -> str:
        words = " ".join(article_text[self.start : self.end].split())
        return words if len(words) <= width else words[: width - 1] + "…"


@dataclass(frozen=True)
class Coding:
    """One coder's highlight, as the stripes draw it."""

    highlight_id: int
    coder: str
    start: int
    end: int
    code: str  # its code's name ("" uncoded)
    color: str | None


def codings(s: Session, article_id: int) -> list[Coding]:
    """Every highlight of the article with its coder and code, in text order."""
    rows = s.execute(
        text(
            "SELECT h.id, h.coder, h.start, h.\"end\", coalesce(c.name, ''), c.color "
            "FROM highlight h LEFT JOIN code c ON c.id = h.code_id WHERE h.article_id = :a "
            'ORDER BY h.start, h."end", h.id'
        ),
        {"a": article_id},
    )
    return [Coding(int(i), str(w), int(a), int(b), str(n), c) for i, w, a, b, n, c in rows]


def disagreements(items: list[Coding], coders: list[str] | None = None) -> list[Disagreement]:
    """The stretches where the coders (all but :data:`GOLD`, or ``coders``) code differently."""
    who = sorted(coders if coders is not None else {c.coder for c in items} - {GOLD})
    mine = [c for c in items if c.coder in who]
    if len(who) < 2:
        return []
    cuts = sorted({x for c in mine for x in (c.start, c.end)})
    found: list[Disagreement] = []
    for a, b in pairwise(cuts):
        over = [c for c in mine if c.start < b and c.end > a]
        if not over:
            continue
        codes = {w: frozenset(c.code for c in over if c.coder == w) for w in who}
        if len(set(codes.values())) == 1:
            continue
        last = found[-1] if found else None
        if last is not None and last.end == a and last.codes == codes:
            found[-1] = Disagreement(last.start, b, codes)
        else:
            found.append(Disagreement(a, b, codes))
    return found
