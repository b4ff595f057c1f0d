"""A project's highlights as the data agreement coefficients take, for each code.

Highlights are spans of an article's text, each with a code and its coder. For a code (with the
codes nested inside it, unless asked otherwise) there are two views of the same highlights:

- Unitizing: per article a :class:`~db.agreement.unitizing.Continuum` of its text (positions
  0 … length, code points), each coder's units being their highlights with the code, overlapping
  ones merged (touching ones stay two units).
- Nominal: per article its units, each coder's value for a unit being 1 if one of their
  highlights with the code covers at least one of its characters, else 0. Units are the
  article's body blocks (``BODY_KINDS``: standfirst, subheadings, paragraphs) and any other
  block a highlight touches (a headline, a caption), or with ``unit="segment"`` fixed runs of
  ``segment_size`` characters; an article with no such block is cut into such runs.

Only the coders who coded an article (made any highlight in it, with any code or none) count
for it: a coder who never touched an article is missing there, not a coder who found nothing.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import text
from sqlmodel import Session

from db.agreement.coefficients import FloatArray
from db.agreement.unitizing import Continuum, Span, merge_spans
from db.annotate.codes import CodeView, all_codes, path
from db.store.models import BODY_KINDS

UnitKind = Literal["block", "segment"]
#: Characters a unit holds with ``unit="segment"`` (and in articles without blocks).
SEGMENT = 200

_IDS = "IN (SELECT value FROM json_each(:ids))"  # ids as one JSON parameter, however many
_UNCODED = -1  # the code id under which highlights without a code are kept


class AgreementError(ValueError):
    """Agreement cannot be computed as asked (the message says why, for the user)."""


@dataclass(frozen=True)
class CodeRef:
    """A code as agreement sees it: its path, and the codes whose highlights count for it."""

    id: int
    path: str
    members: frozenset[int]


@dataclass(frozen=True)
class ArticleCoding:
    """One article's highlights, by coder and code, and its nominal units."""

    article_id: int
    length: int
    units: tuple[Span, ...]
    coders: tuple[str, ...]  # those who coded it, sorted
    marks: dict[str, dict[int, list[Span]]] = field(repr=False)  # coder -> code id -> spans

    def segments(self, code: CodeRef) -> dict[str, tuple[Span, ...]]:
        """Each coder's units of the code here (spans merged where they overlap)."""
        return {
            coder: merge_spans(
                (max(a, 0), min(b, self.length))
                for cid, spans in self.marks[coder].items()
                if cid in code.members
                for a, b in spans
                if max(a, 0) < min(b, self.length)  # (highlights never leave their text)
            )
            for coder in self.coders
        }

    def continuum(self, code: CodeRef) -> Continuum:
        """The unitizing view of the code in this article."""
        return Continuum(self.length, self.segments(code))

    def values(self, code: CodeRef) -> FloatArray:
        """The nominal view: its coders × its units, 1 where the coder coded the unit."""
        starts = np.array([a for a, _ in self.units], dtype=np.int64)
        ends = np.array([b for _, b in self.units], dtype=np.int64)
        out = np.zeros((len(self.coders), len(self.units)))
        for row, spans in enumerate(self.segments(code).values()):
            if spans:
                span_starts = np.array([a for a, _ in spans])
                span_ends = np.array([b for _, b in spans])
                # The first span ending after the unit's start covers part of it if it starts
                # before the unit ends.
                first = np.searchsorted(span_ends, starts, side="right")
                inside = first < len(spans)
                hit = np.zeros(len(starts), dtype=bool)
                hit[inside] = span_starts[first[inside]] < ends[inside]
                out[row] = hit
        return out


@dataclass(frozen=True)
class Study:
    """The highlights of some coders on some articles, for some codes."""

    codes: tuple[CodeRef, ...]
    coders: tuple[str, ...]
    articles: tuple[ArticleCoding, ...]
    unit: UnitKind

    @cached_property
    def paired(self) -> tuple[int, ...]:
        """Indexes of the articles two or more coders coded (the others pair no values)."""
        return tuple(i for i, a in enumerate(self.articles) if len(a.coders) >= 2)

    @cached_property
    def columns(self) -> NDArray[np.intp]:
        """For each unit of :meth:`reliability`, the index of its article."""
        return np.array(
            [i for i in self.paired for _ in self.articles[i].units], dtype=np.intp
        ).reshape(-1)

    def continua(self, code: CodeRef) -> list[Continuum]:
        """The unitizing view: one continuum an article."""
        return [a.continuum(code) for a in self.articles]

    def reliability(self, code: CodeRef) -> FloatArray:
        """The nominal view as reliability data: coders × the units of the paired articles.

        A coder's values are NaN in the articles they did not code; articles only one coder
        coded are left out, as their units pair no values.
        """
        row = {c: i for i, c in enumerate(self.coders)}
        parts = []
        for i in self.paired:
            article = self.articles[i]
            block = np.full((len(self.coders), len(article.units)), np.nan)
            block[[row[c] for c in article.coders]] = article.values(code)
            parts.append(block)
        return np.hstack(parts) if parts else np.zeros((len(self.coders), 0))


def load_study(
    s: Session,
    *,
    codes: Sequence[str] | None = None,
    coders: Sequence[str] | None = None,
    articles: Sequence[int] | None = None,
    nested: bool = True,
    unit: UnitKind = "block",
    segment_size: int = SEGMENT,
) -> Study:
    """The study of the project's highlights for the codes, coders and articles asked for.

    Args:
        s: a session on the project.
        codes: code names or paths (``Claim/Statistic``); default every code someone used.
        coders: coder names; default everyone who highlighted in the articles.
        articles: article ids; default every article with a highlight by the coders.
        nested: whether a code's highlights include those of the codes nested in it.
        unit: the nominal view's units, ``block`` or ``segment``.
        segment_size: characters a segment holds.

    Raises:
        AgreementError: a code, coder or article does not exist, or fewer than two coders
            coded the articles.
    """
    if unit not in ("block", "segment") or segment_size < 1:
        raise AgreementError("units are blocks or segments of at least one character")
    book = all_codes(s)
    chosen = _chosen_codes(book, codes, nested)
    rows = s.execute(text('SELECT article_id, start, "end", code_id, coder FROM highlight')).all()
    known = {r.coder for r in rows}
    if coders is not None:
        if missing := [c for c in dict.fromkeys(coders) if c not in known]:
            raise AgreementError(f"no highlights by coder {', '.join(map(repr, missing))}")
        wanted = set(coders)
        rows = [r for r in rows if r.coder in wanted]
    if articles is not None:
        ids = list(dict.fromkeys(articles))
        found = set(s.execute(text(f"SELECT id FROM article WHERE id {_IDS}"), _ids(ids)).scalars())
        if missing_ids := [i for i in ids if i not in found]:
            raise AgreementError(f"no article with id {', '.join(map(str, missing_ids))}")
        rows = [r for r in rows if r.article_id in found]
    marks: dict[int, dict[str, dict[int, list[Span]]]] = {}
    for r in rows:
        by_code = marks.setdefault(r.article_id, {}).setdefault(r.coder, {})
        by_code.setdefault(_UNCODED if r.code_id is None else r.code_id, []).append(
            (r.start, r.end)
        )
    everyone = sorted({c for by_coder in marks.values() for c in by_coder})
    if len(everyone) < 2:
        found_list = ", ".join(map(repr, everyone)) or "none"
        raise AgreementError(
            f"fewer than two coders coded the articles asked for (coders: {found_list})"
        )
    if codes is None:  # the codes someone used, in codebook order
        used = {cid for by_coder in marks.values() for m in by_coder.values() for cid in m}
        chosen = [c for c in chosen if c.members & used]
    ordered = sorted(marks)
    query = f"SELECT id, length(text) FROM article WHERE id {_IDS}"
    lengths: dict[int, int] = {aid: n for aid, n in s.execute(text(query), _ids(ordered))}
    blocks: dict[int, list[tuple[str, int, int]]] = {}
    if unit == "block":
        query = (
            f'SELECT article_id, kind, start, "end" FROM block WHERE article_id {_IDS} '
            "ORDER BY article_id, seq"
        )
        for aid, kind, a, b in s.execute(text(query), _ids(ordered)):
            blocks.setdefault(aid, []).append((kind, a, b))
    studied = tuple(
        ArticleCoding(
            aid,
            lengths[aid],
            _units(blocks.get(aid, []), marks[aid], lengths[aid], segment_size),
            tuple(sorted(marks[aid])),
            marks[aid],
        )
        for aid in ordered
    )
    return Study(tuple(chosen), tuple(everyone), studied, unit)


def _ids(ids: Sequence[int]) -> dict[str, str]:
    return {"ids": json.dumps(list(ids))}


def _chosen_codes(
    book: Sequence[CodeView], names: Sequence[str] | None, nested: bool
) -> list[CodeRef]:
    """The codes asked for by name or path (every code without names), in codebook order."""
    paths = {c.id: path(list(book), c.id) for c in book}
    chosen = list(book)
    if names is not None:
        wanted = set(names)
        named = {n for c in book for n in (c.name, paths[c.id])}
        if missing := [n for n in dict.fromkeys(names) if n not in named]:
            raise AgreementError(f"no code named {', '.join(map(repr, missing))} in the codebook")
        chosen = [c for c in book if {c.name, paths[c.id]} & wanted]
    children: dict[int, list[int]] = {}
    for c in book:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c.id)

    def within(code_id: int) -> frozenset[int]:
        found, frontier = {code_id}, [code_id]
        while frontier:
            frontier = [k for f in frontier for k in children.get(f, []) if k not in found]
            found.update(frontier)
        return frozenset(found)

    return [
        CodeRef(c.id, paths[c.id], within(c.id) if nested else frozenset({c.id})) for c in chosen
    ]


def _units(
    blocks: list[tuple[str, int, int]],
    marks: dict[str, dict[int, list[Span]]],
    length: int,
    size: int,
) -> tuple[Span, ...]:
    """The article's nominal units: body blocks and blocks highlights touch, else segments."""
    spans = sorted(span for by_code in marks.values() for ss in by_code.values() for span in ss)
    starts = [a for a, _ in spans]

    def touched(a: int, b: int) -> bool:  # a highlight starts before the block ends, ends after
        return any(e > a for _, e in spans[: bisect.bisect_left(starts, b)])

    units = sorted(
        {(a, b) for kind, a, b in blocks if b > a and (kind in BODY_KINDS or touched(a, b))}
    )
    if units:
        return tuple(units)
    return tuple((a, min(a + size, length)) for a in range(0, length, size))
