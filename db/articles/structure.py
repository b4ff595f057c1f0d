"""The researcher's corrections of an article's structure: lines re-labelled, lines split.

The block rows are what the reader shows: the parser's blocks with every correction of the
article applied, in order. The corrections themselves are rows of their own
(:class:`~db.store.models.StructureEdit`), so a new parse of the same text (:func:`reparse`)
applies them again, and :func:`labelled_lines` can tell corrected lines from the parser's.
Nothing here changes the canonical text, so no highlight's offsets or quote move; the search
index follows through the article's hidden spans and the caption rows, by their triggers.

Each correction returns what it takes to undo it (:class:`Before`), which :func:`undo` puts
back exactly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Protocol, TextIO

from sqlalchemy import text
from sqlmodel import Session

from db.index.fold import format_spans
from db.store.models import Article, BlockKind, StructureEdit

#: Kinds left out of the article text index, as a parse leaves them (captions are indexed on
#: their own rows).
INDEX_HIDDEN = frozenset({BlockKind.BOILERPLATE, BlockKind.OTHER, BlockKind.CAPTION})
#: Kinds a line can be given.
KINDS = frozenset(BlockKind)


class StructureError(ValueError):
    """The correction cannot be made as asked (the message says why, for the user)."""


@dataclass(frozen=True)
class Line:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class CaptionRow:
    text: str
    credit: str | None
    start: int
    end: int
    anchor: int
    id: int | None = None  # None: made by a correction, not yet stored


@dataclass(frozen=True)
class Correction:
    id: int
    start: int
    end: int
    kind: str | None  # None: the line is split at ``start``
    created: str


@dataclass(frozen=True)
class Before:
    """An article's structure before one correction, and the correction: what undo needs."""

    article_id: int
    edit_id: int
    lines: tuple[Line, ...]
    captions: tuple[CaptionRow, ...]
    hidden_spans: str


@dataclass(frozen=True)
class LabelledLine:
    article_uid: str
    start: int
    end: int
    kind: str
    corrected: bool
    text: str


class _Span(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class _CaptionDraft(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def credit(self) -> str | None: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def anchor(self) -> int: ...


class Parsed(Protocol):
    """What a parser gives (``db.ingest.article.ParsedArticle``): a text, blocks, captions."""

    @property
    def text(self) -> str: ...
    @property
    def blocks(self) -> Sequence[_Span]: ...
    @property
    def captions(self) -> Sequence[_CaptionDraft]: ...


# ---- Applying corrections to lines (no database)


def _cut(lines: list[Line], at: int, body: str) -> list[Line]:
    """``lines`` with the one holding ``at`` inside it split there, spaces at the cut left out.

    A line is left whole where either part would be empty or only spaces.
    """
    out: list[Line] = []
    for ln in lines:
        if ln.start < at < ln.end:
            left, right = at, at
            while left > ln.start and body[left - 1].isspace():
                left -= 1
            while right < ln.end and body[right].isspace():
                right += 1
            if left > ln.start and right < ln.end:
                out += [replace(ln, end=left), replace(ln, start=right)]
                continue
        out.append(ln)
    return out


def _anchor(lines: list[Line], caption: Line) -> int:
    """Where a caption stands beside the text: the next line of the article's body."""
    body = [ln.start for ln in lines if ln.kind not in INDEX_HIDDEN]
    after = [at for at in body if at >= caption.end]
    before = [at for at in body if at < caption.start]
    return after[0] if after else before[-1] if before else caption.start


def _captions_for(
    lines: list[Line], caps: list[CaptionRow], start: int, end: int, body: str
) -> list[CaptionRow]:
    """Caption rows made to agree with the lines in ``[start, end)``: one per caption line.

    Captions beyond the span are left as they are; within it, a caption that no longer lies
    inside a caption line goes, and a caption line without one gets one (its text, no credit).
    """
    touched = [ln for ln in lines if ln.start < end and start < ln.end]
    if not touched:
        return caps
    lo, hi = min(ln.start for ln in touched), max(ln.end for ln in touched)
    shown = [ln for ln in touched if ln.kind == BlockKind.CAPTION]

    def inside(c: CaptionRow) -> bool:
        return any(ln.start <= c.start and c.end <= ln.end for ln in shown)

    kept = [c for c in caps if c.end <= lo or c.start >= hi or inside(c)]
    for ln in shown:
        if not any(ln.start <= c.start and c.end <= ln.end for c in kept):
            made = CaptionRow(body[ln.start : ln.end], None, ln.start, ln.end, _anchor(lines, ln))
            kept.append(made)
    return sorted(kept, key=lambda c: (c.start, c.end))


def apply(
    lines: list[Line], caps: list[CaptionRow], body: str, start: int, end: int, kind: str | None
) -> tuple[list[Line], list[CaptionRow]]:
    """The lines and captions with one correction applied (see :class:`StructureEdit`).

    A re-label cuts lines that reach out of ``[start, end)`` at its edges, so a new parse that
    joined the corrected line to another still gets it as the researcher marked it.
    """
    if kind is None:
        new = _cut(lines, start, body)
    else:
        new = _cut(_cut(lines, start, body), end, body)
        new = [replace(ln, kind=kind) if start <= ln.start and ln.end <= end else ln for ln in new]
    if new == lines:
        return lines, caps
    if kind is None:  # the line that was split
        start, end = next((ln.start, ln.end) for ln in lines if ln.start < start < ln.end)
    return new, _captions_for(new, caps, start, end, body)


def hidden_spans(lines: Sequence[Line]) -> str:
    """The spans the article text index leaves out, as the article row stores them."""
    return format_spans([(ln.start, ln.end) for ln in lines if ln.kind in INDEX_HIDDEN])


# ---- Reading and writing an article's structure

_LINES = text('SELECT kind, start, "end" FROM block WHERE article_id = :a ORDER BY seq')
_CAPTIONS = text(
    'SELECT text, credit, start, "end", anchor, id FROM caption WHERE article_id = :a ORDER BY seq'
)
_EDITS = text(
    'SELECT id, start, "end", kind, created FROM structure_edit WHERE article_id = :a ORDER BY id'
)


def _article(s: Session, article_id: int) -> Article:
    art = s.get(Article, article_id)
    if art is None:
        raise StructureError(f"there is no article {article_id}")
    return art


def _read(s: Session, article_id: int) -> tuple[list[Line], list[CaptionRow]]:
    lines = [Line(*r) for r in s.execute(_LINES, {"a": article_id}).all()]
    caps = [CaptionRow(*r) for r in s.execute(_CAPTIONS, {"a": article_id}).all()]
    return lines, caps


_INSERT_BLOCK = text(
    'INSERT INTO block (article_id, seq, kind, start, "end") VALUES (:a, :seq, :kind, :start, :end)'
)
_INSERT_CAPTION = text(
    'INSERT INTO caption (id, article_id, seq, text, credit, start, "end", anchor)'
    " VALUES (:id, :a, :seq, :text, :credit, :start, :end, :anchor)"
)


def _write(
    s: Session, art: Article, lines: Sequence[Line], caps: Sequence[CaptionRow], hidden: str
) -> None:
    """Replace the article's blocks and captions; its hidden spans too, if they changed."""
    a = {"a": art.id}
    s.execute(text("DELETE FROM block WHERE article_id = :a"), a)
    s.execute(text("DELETE FROM caption WHERE article_id = :a"), a)
    if lines:
        s.execute(_INSERT_BLOCK, [{**a, **asdict(ln), "seq": n} for n, ln in enumerate(lines)])
    if caps:
        s.execute(_INSERT_CAPTION, [{**a, **asdict(c), "seq": n} for n, c in enumerate(caps)])
    if art.hidden_spans != hidden:
        s.execute(text("UPDATE article SET hidden_spans = :h WHERE id = :a"), {**a, "h": hidden})
    s.expire(art)


def _correct(s: Session, article_id: int, start: int, end: int, kind: str | None) -> Before | None:
    art = _article(s, article_id)
    if not 0 <= start <= end <= len(art.text):
        raise StructureError("that part is not in the article's text")
    lines, caps = _read(s, article_id)
    new_lines, new_caps = apply(lines, caps, art.text, start, end, kind)
    if new_lines == lines:
        return None
    edit = StructureEdit(article_id=article_id, start=start, end=end, kind=kind)
    s.add(edit)
    s.flush()
    assert edit.id is not None
    before = Before(article_id, edit.id, tuple(lines), tuple(caps), art.hidden_spans)
    _write(s, art, new_lines, new_caps, hidden_spans(new_lines))
    s.flush()
    return before


def relabel(s: Session, article_id: int, start: int, end: int, kind: str) -> Before | None:
    """Give the lines within ``[start, end)`` ``kind``; None if they all had it already.

    Raises:
        StructureError: ``kind`` is not a kind of line, or the span is not in the text.
    """
    if kind not in KINDS:
        raise StructureError(f"{kind!r} is not a kind of line")
    return _correct(s, article_id, start, end, kind)


def split(s: Session, article_id: int, offset: int) -> Before | None:
    """Split the line holding ``offset`` into two there; None if no line is split.

    Both parts keep the line's kind; spaces at the cut belong to neither.

    Raises:
        StructureError: the offset is not in the text.
    """
    return _correct(s, article_id, offset, offset, None)


def undo(s: Session, before: Before) -> None:
    """Take a correction back: the structure as it was, the correction forgotten."""
    art = _article(s, before.article_id)
    s.execute(text("DELETE FROM structure_edit WHERE id = :e"), {"e": before.edit_id})
    _write(s, art, before.lines, before.captions, before.hidden_spans)
    s.flush()


def corrections(s: Session, article_id: int) -> list[Correction]:
    """The article's corrections, oldest first."""
    return [Correction(*r) for r in s.execute(_EDITS, {"a": article_id}).all()]


def reparse(s: Session, article_id: int, parsed: Parsed) -> int:
    """Give the article a new parse's blocks and captions, with its corrections applied again.

    Only the structure changes (details the researcher may have edited stay). Returns how many
    corrections still changed something; the others are kept, for a parse they fit.

    Raises:
        StructureError: the parse is of another text.
    """
    art = _article(s, article_id)
    if parsed.text != art.text:
        raise StructureError("the new parse is of another text; the article was left as it is")
    lines = [Line(str(b.kind), b.start, b.end) for b in parsed.blocks]
    caps = [CaptionRow(c.text, c.credit, c.start, c.end, c.anchor) for c in parsed.captions]
    applied = 0
    for c in corrections(s, article_id):
        new_lines, caps = apply(lines, caps, art.text, c.start, c.end, c.kind)
        applied += new_lines != lines
        lines = new_lines
    _write(s, art, lines, caps, hidden_spans(lines))
    s.flush()
    return applied


# ---- The corrected articles' lines, for training a parser


def _touched(ln: Line, c: Correction, body: str) -> bool:
    if c.kind is not None:
        return ln.start < c.end and c.start < ln.end
    at = c.start  # a split: the lines on either side of the cut, with only spaces between
    if ln.start <= at <= ln.end:
        return True
    gap = body[ln.end : at] if at > ln.end else body[at : ln.start]
    return gap.isspace()


def labelled_lines(s: Session) -> Iterator[LabelledLine]:
    """Every line of every article the researcher corrected, each said to be corrected or not.

    A line is corrected where a correction touched it: re-labelled it, or cut it from another.
    """
    ids = s.execute(text("SELECT DISTINCT article_id FROM structure_edit ORDER BY 1")).scalars()
    for article_id in list(ids):
        art = _article(s, article_id)
        edits = corrections(s, article_id)
        lines, _ = _read(s, article_id)
        for ln in lines:
            corrected = any(_touched(ln, c, art.text) for c in edits)
            yield LabelledLine(
                art.uid, ln.start, ln.end, ln.kind, corrected, art.text[ln.start : ln.end]
            )


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
TSV_HEADER = ("article_uid", "start", "end", "kind", "corrected", "text")


def write_tsv(s: Session, out: TextIO) -> int:
    r"""Write :func:`labelled_lines` as tab-separated values with a header; returns the lines.

    Tabs, line ends and backslashes in a line's text are written ``\t``, ``\n`` (``\r``),
    ``\\``.
    """
    out.write("\t".join(TSV_HEADER) + "\n")
    n = 0
    for ln in labelled_lines(s):
        shown = ln.text.translate(_ESCAPES)
        out.write(
            f"{ln.article_uid}\t{ln.start}\t{ln.end}\t{ln.kind}\t{int(ln.corrected)}\t{shown}\n"
        )
        n += 1
    return n
