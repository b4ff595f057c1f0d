"""Code once, carry to copies: an article's highlights re-anchored in the other copies of its story.

:func:`plan` works out where each highlight would go in each copy, and why not where it cannot;
:func:`apply` makes the placed ones with their source's code and claim, never its note (a note is
the coder's thought on that one passage). A quote is looked for as it stands first: of several
occurrences, the one whose surroundings best match the stored prefix and suffix wins, and one in
the body wins over one in boilerplate. Only a quote not there is looked for fuzzily (rapidfuzz),
with its context, in a folded form of both texts (spaces, quote marks, dashes, case) mapped back
to the original offsets, then fitted to word boundaries. A fuzzy match with other figures is
refused: a copy giving other numbers states another claim. A span the copy already has with the
same code and claim is counted (:attr:`CarryPlan.already`), not carried again.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import text
from sqlmodel import Session

from db.annotate import highlights
from db.articles.stories import story_of
from db.index.fold import FOLDS
from db.store.models import BODY_KINDS, Highlight, Mention

#: A quote with its context (folded prefix + quote + suffix) is placed where a passage matches it
#: this well (partial ratio, 0-100). Measured on same-topic reports of another event, no such
#: selector of any length came above 68; with one word of the quote replaced, even a one-word
#: quote's selector stays above 82 in its copy, longer ones above 87.
SELECTOR_CUTOFF = 80.0
#: ... provided that the words found for the quote itself are still this like it (ratio): the
#: context placed them, this keeps a passage reworded throughout from passing as the quote.
QUOTE_FLOOR = 60.0
#: A quote whose context was rewritten too is looked for alone only when it is this long (folded
#: characters), and placed at :data:`QUOTE_CUTOFF`: shorter phrases ("the water authority said")
#: recur word for word across reports on one topic, while sentences of 60 characters and more
#: from another report stayed below 78 and, with a word changed, mostly above 85 in their copy.
LONG_QUOTE = 60
QUOTE_CUTOFF = 85.0

NOT_THERE = "the quote is not in this copy"
REWORDED = "the passage reads too differently in this copy"
FIGURES = "the passage gives other figures in this copy"
OVERLAPS = "overlaps a highlight with the same code there"
OVERLAPS_CLAIM = "overlaps a highlight with the same code and claim there"

_TYPOGRAPHIC = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‒–—―−", "-"),
}
_REMOVED = frozenset(c for c, to in FOLDS.items() if not to)
_DIGITS = re.compile(r"\d+")
_MASK = "\x00"  # stands for boilerplate in a folded text: matches nothing a quote holds


class CarryError(ValueError):
    """The highlights cannot be carried as asked (the message says why, for the user)."""


@dataclass(frozen=True)
class Placed:
    """A highlight's place in a copy."""

    source_id: int  # the highlight carried
    article_id: int  # the copy it goes to
    start: int
    end: int
    score: float  # 100.0: the exact quote; lower: a fuzzy match (ratio of the two, 0-100)
    exact: str = ""  # the copy's text there, which the new highlight will quote


@dataclass(frozen=True)
class Unplaced:
    """A highlight that could not be placed in a copy, for the researcher to review."""

    source_id: int
    article_id: int
    exact: str  # the source's quote
    reason: str  # short and readable: :data:`NOT_THERE`, :data:`FIGURES`, ...


@dataclass(frozen=True)
class CarryPlan:
    """Where highlights go: copy by copy, in the targets' order; in each, in the source's order.

    ``already`` counts the highlights a copy already has, at the same span with the same code
    and claim: they are skipped and not listed in ``unplaced``, as there is nothing to review
    (carrying twice finds them all there). One overlapping such a highlight at another span is
    listed, with :data:`OVERLAPS`.
    """

    placed: list[Placed]
    unplaced: list[Unplaced]
    already: int


Span = tuple[int, int]
_Key = tuple[int | None, int | None]  # code id, claim id


@dataclass(frozen=True)
class _Source:
    """A highlight to carry, with the folded forms the fuzzy search compares."""

    id: int
    exact: str
    prefix: str
    suffix: str
    key: _Key
    boiler: bool  # it lies in the source's boilerplate (or headline, caption: not the body)
    whole_start: bool  # it starts at a word's start in the source (so must it in a copy)
    whole_end: bool
    place: float  # where it stands in the source, 0-1
    quote: str  # folded
    before: str
    after: str


@dataclass
class _Copy:
    id: int
    text: str
    boiler: list[Span]  # blocks not of the body
    marks: dict[_Key, list[Span]] = field(default_factory=dict)  # highlights, by code and claim
    _folded: tuple[str, str, list[int]] | None = None

    def in_boiler(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.boiler)

    def folded(self) -> tuple[str, str, list[int]]:
        """The folded text, the same with boilerplate masked, and where each character was."""
        if self._folded is None:
            plain, where = _fold(self.text)
            masked = plain
            if self.boiler:
                n = len(self.text)
                hidden = bytearray(n)
                for a, b in self.boiler:
                    a, b = max(0, a), min(b, n)
                    if a < b:
                        hidden[a:b] = b"\x01" * (b - a)
                masked = "".join(
                    _MASK if hidden[i] else c for c, i in zip(plain, where, strict=True)
                )
            self._folded = plain, masked, where
        return self._folded


def _fold(s: str) -> tuple[str, list[int]]:
    """``s`` folded for the fuzzy search, and the offset in ``s`` of each folded character.

    Runs of space become one, typographic quotes and dashes plain ones, letters lower case.
    One code point folds to at most one, so a span of the folded text maps back to ``s``.
    """
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(s):
        c = FOLDS.get(c, c)
        if not c:
            continue
        if c.isspace():
            if out and out[-1] == " ":
                continue
            c = " "
        else:
            c = _TYPOGRAPHIC.get(c, c)
            low = c.lower()
            c = low if len(low) == 1 else c
        out.append(c)
        where.append(i)
    return "".join(out), where


def _folded(s: str) -> str:
    return _fold(s)[0].strip()


def _wordy(c: str) -> bool:
    return c.isalnum() or unicodedata.category(c)[0] == "M" or c in _REMOVED


def _joined(s: str, i: int) -> bool:
    """Offset ``i`` of ``s`` falls inside a word."""
    return 0 < i < len(s) and _wordy(s[i - 1]) and _wordy(s[i])


def _ids(values: Iterable[int]) -> dict[str, str]:
    return {"ids": json.dumps(list(values))}


_ARTICLES = text("SELECT id, text FROM article WHERE id IN (SELECT value FROM json_each(:ids))")
_BLOCKS = text(
    'SELECT article_id, kind, start, "end" FROM block '
    "WHERE article_id IN (SELECT value FROM json_each(:ids))"
)
_HIGHLIGHTS = text(
    'SELECT h.id, h.article_id, h.start, h."end", h.exact, h.prefix, h.suffix, h.code_id, '
    "m.claim_id FROM highlight h LEFT JOIN mention m ON m.highlight_id = h.id "
    "WHERE h.article_id IN (SELECT value FROM json_each(:ids)) "
    'ORDER BY h.article_id, h.start, h."end", h.id'
)


def plan(
    s: Session,
    article_id: int,
    *,
    targets: list[int] | None = None,
    highlight_ids: list[int] | None = None,
) -> CarryPlan:
    """Where each of the article's highlights (or just ``highlight_ids``) would go in each target.

    Args:
        s: The project's session; nothing is changed.
        article_id: The coded article.
        targets: The copies to carry to, in this order; by default the other articles of its
            story, earliest first (none for an article alone). The article itself and ids no
            longer in the project are left out.
        highlight_ids: Only these of the article's highlights (others' ids are left out).

    Returns:
        The placed and the unplaced, copy by copy, and how many were there already.

    Raises:
        CarryError: there is no such article.
    """
    if targets is None:
        targets = [c.id for c in story_of(s, article_id)]
    order = [t for t in dict.fromkeys(targets) if t != article_id]
    ids = [article_id, *order]
    texts: dict[int, str] = {int(i): t for i, t in s.execute(_ARTICLES, _ids(ids))}
    if article_id not in texts:
        raise CarryError(f"there is no article {article_id}")
    copies = {i: _Copy(i, texts[i], []) for i in order if i in texts}
    source_boiler: list[Span] = []
    for aid, kind, a, b in s.execute(_BLOCKS, _ids(ids)):
        if kind not in BODY_KINDS:
            span = (int(a), int(b))
            if aid == article_id:
                source_boiler.append(span)
            elif aid in copies:
                copies[aid].boiler.append(span)
    wanted = None if highlight_ids is None else set(highlight_ids)
    sources: list[_Source] = []
    for hid, aid, a, b, exact, prefix, suffix, code_id, claim_id in s.execute(
        _HIGHLIGHTS, _ids(ids)
    ):
        key = (code_id, claim_id)
        if aid in copies:
            copies[aid].marks.setdefault(key, []).append((int(a), int(b)))
        elif aid == article_id and (wanted is None or hid in wanted) and exact.strip():
            row = (int(hid), int(a), int(b), exact, prefix, suffix)
            sources.append(_source(row, texts[article_id], key, source_boiler))
    placed: list[Placed] = []
    unplaced: list[Unplaced] = []
    already = 0
    for copy in (copies[i] for i in order if i in copies):
        for src in sources:
            where = _place(src, copy)
            if isinstance(where, str):
                unplaced.append(Unplaced(src.id, copy.id, src.exact, where))
                continue
            start, end, score = where
            spans = copy.marks.setdefault(src.key, [])
            if (start, end) in spans:
                already += 1
            elif any(a < end and start < b for a, b in spans):
                reason = OVERLAPS if src.key[1] is None else OVERLAPS_CLAIM
                unplaced.append(Unplaced(src.id, copy.id, src.exact, reason))
            else:
                spans.append((start, end))
                placed.append(Placed(src.id, copy.id, start, end, score, copy.text[start:end]))
    return CarryPlan(placed, unplaced, already)


def _source(
    row: tuple[int, int, int, str, str, str], source_text: str, key: _Key, boiler: Sequence[Span]
) -> _Source:
    hid, start, end, exact, prefix, suffix = row
    anchored = source_text[start:end] == exact  # else the stored quote is all there is
    return _Source(
        id=hid,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        key=key,
        boiler=anchored and any(a < end and start < b for a, b in boiler),
        whole_start=anchored and not _joined(source_text, start) and _wordy(exact[0]),
        whole_end=anchored and not _joined(source_text, end) and _wordy(exact[-1]),
        place=start / len(source_text) if anchored else 0.0,
        quote=_folded(exact),
        before=_fold(prefix)[0].lstrip(),
        after=_fold(suffix)[0].rstrip(),
    )


def _place(src: _Source, copy: _Copy) -> tuple[int, int, float] | str:
    """The span the highlight takes in the copy and its score, or why it has none."""
    start = _exact(src, copy)
    if start is not None:
        return start, start + len(src.exact), 100.0
    found = _fuzzy(src, copy)
    if isinstance(found, str):
        return found
    start, end = found
    there = copy.text[start:end]
    if _DIGITS.findall(there) != _DIGITS.findall(src.exact):
        return FIGURES
    return start, end, fuzz.ratio(src.exact, there)


def _exact(src: _Source, copy: _Copy) -> int | None:
    """Where the quote stands as it is, the occurrence best placed and surrounded; None: nowhere."""
    t, n = copy.text, len(src.exact)
    best: tuple[bool, float, float] | None = None
    found = None
    i = t.find(src.exact)
    while i >= 0:
        # A quote of whole words is not looked for inside others ("rain" in "training").
        if not (src.whole_start and _joined(t, i)) and not (src.whole_end and _joined(t, i + n)):
            around = fuzz.ratio(src.prefix, t[max(0, i - len(src.prefix)) : i]) + fuzz.ratio(
                src.suffix, t[i + n : i + n + len(src.suffix)]
            )
            rank = (copy.in_boiler(i, i + n) == src.boiler, around, -abs(i / len(t) - src.place))
            if best is None or rank > best:
                best, found = rank, i
        i = t.find(src.exact, i + 1)
    return found


def _fuzzy(src: _Source, copy: _Copy) -> Span | str:
    """Where a retyped form of the quote stands, in the copy's offsets, or why nowhere."""
    if not src.quote:
        return NOT_THERE
    plain, masked, where = copy.folded()
    # The body first, for a highlight of the body; then the whole text.
    texts = [plain] if src.boiler or not copy.boiler else [masked, plain]
    reason = NOT_THERE
    selector = src.before + src.quote + src.after
    for f in texts:
        hit = fuzz.partial_ratio_alignment(selector, f, score_cutoff=SELECTOR_CUTOFF)
        if hit is not None:
            i = hit.dest_start + len(src.before) - hit.src_start
            fit = _fit(src, f, i, i + len(src.quote))
            if fit is not None and fit[2] >= QUOTE_FLOOR:
                return _original(copy.text, where, fit[0], fit[1])
            reason = REWORDED
    if len(src.quote) >= LONG_QUOTE:
        for f in texts:
            hit = fuzz.partial_ratio_alignment(src.quote, f, score_cutoff=QUOTE_CUTOFF)
            if hit is not None:
                fit = _fit(src, f, hit.dest_start, hit.dest_end)
                if fit is not None and fit[2] >= QUOTE_CUTOFF:
                    return _original(copy.text, where, fit[0], fit[1])
    return reason


def _fit(src: _Source, f: str, i0: int, j0: int) -> tuple[int, int, float] | None:
    """The span near ``[i0, j0)`` of folded ``f`` that best matches the quote and its context.

    Each end is a word boundary within a slack of the one given. Returns the span and the
    quote's own ratio there; None when there is no such span.
    """
    slack = min(max(12, len(src.quote) // 4), 80)
    starts = [
        k
        for k in range(max(0, i0 - slack), min(len(f), i0 + slack + 1))
        if f[k] not in (" ", _MASK) and not _joined(f, k)
    ]
    ends = [
        k
        for k in range(max(1, j0 - slack), min(len(f), j0 + slack) + 1)
        if f[k - 1] not in (" ", _MASK) and not _joined(f, k)
    ]
    nb, na = len(src.before), len(src.after)
    best: tuple[float, int] | None = None
    found = None
    for i in starts:
        before = fuzz.ratio(src.before, f[max(0, i - nb) : i])
        for j in ends:
            if j <= i:
                continue
            quote = fuzz.ratio(src.quote, f[i:j])
            # The quote counts as much as its context on both sides together.
            around = before + fuzz.ratio(src.after, f[j : j + na])
            rank = (2 * quote + around, -abs(i - i0) - abs(j - j0))
            if best is None or rank > best:
                best, found = rank, (i, j, quote)
    return found


def _original(t: str, where: list[int], i: int, j: int) -> Span:
    """The span of ``t`` that folded characters ``[i, j)`` came from.

    It takes in the marks and joiners that folding removed after its last character.
    """
    start, end = where[i], where[j - 1] + 1
    while end < len(t) and t[end] in _REMOVED:
        end += 1
    return start, end


def apply(s: Session, carry: CarryPlan, *, coder: str = "") -> list[int]:
    """Make the placed highlights, each with its source's code and claim (as they are now).

    Notes are not copied. The whole plan is checked before anything is made, so a stale plan
    changes nothing. To undo, delete the returned ids with :func:`db.annotate.highlights.delete`.

    Args:
        s: The project's session.
        carry: A plan from :func:`plan`, made since the copies last changed.
        coder: Who carried them, on the new highlights and claim links.

    Returns:
        The new highlights' ids, in the order of ``carry.placed``.

    Raises:
        CarryError: a source highlight or a copy is gone, or a copy's text changed since.
    """
    if not carry.placed:
        return []
    sources: dict[int, _Key] = {}
    rows = s.execute(
        text(
            "SELECT h.id, h.code_id, m.claim_id FROM highlight h "
            "LEFT JOIN mention m ON m.highlight_id = h.id "
            "WHERE h.id IN (SELECT value FROM json_each(:ids))"
        ),
        _ids({p.source_id for p in carry.placed}),
    )
    for hid, code_id, claim_id in rows:
        sources[int(hid)] = (code_id, claim_id)
    articles = {
        int(i): (t, sha)
        for i, t, sha in s.execute(
            text(
                "SELECT id, text, text_sha256 FROM article "
                "WHERE id IN (SELECT value FROM json_each(:ids))"
            ),
            _ids({p.article_id for p in carry.placed}),
        )
    }
    made: list[Highlight] = []
    for p in carry.placed:
        if p.source_id not in sources:
            raise CarryError("a highlight to carry is no longer in the project; carry again")
        if p.article_id not in articles:
            raise CarryError(f"article {p.article_id} is no longer in the project; carry again")
        body, sha = articles[p.article_id]
        if p.exact and body[p.start : p.end] != p.exact:
            raise CarryError(f"article {p.article_id} changed since; carry again")
        code_id, _ = sources[p.source_id]
        try:
            row = highlights.new_row(
                article_id=p.article_id,
                text=body,
                text_sha256=sha,
                start=p.start,
                end=p.end,
                code_id=code_id,
                coder=coder,
            )
        except highlights.HighlightError as e:
            raise CarryError(f"article {p.article_id} changed since; carry again") from e
        made.append(row)
    s.add_all(made)
    s.flush()  # gives the new rows their ids
    ids: list[int] = []
    for row, p in zip(made, carry.placed, strict=True):
        assert row.id is not None
        ids.append(row.id)
        if (claim_id := sources[p.source_id][1]) is not None:
            s.add(Mention(claim_id=claim_id, highlight_id=row.id, coder=coder))
    s.flush()
    return ids
