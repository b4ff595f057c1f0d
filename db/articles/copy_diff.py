"""Where a copy of a story differs from its source: passages kept, cut, added or reworded.

Articles are compared passage by passage (their body blocks, ``BODY_KINDS``), each passage
reduced to its words in a normal form: case, Latin accents, quotes, apostrophes and other
punctuation are ignored and dashes separate words, so that retyping is no change. difflib lines
up the passages that are equal in that form. Between them, each run of replaced passages is
aligned by a small dynamic programme that keeps as many of the source's words as it can: it
pairs a source passage with a copy passage, or with two (a passage split in two, or two merged
into one), when SequenceMatcher finds their words similar enough (:data:`SIMILAR`). Paired
passages come out "changed", with their differences word by word; the rest are "removed" or
"added". A passage moved elsewhere in the copy comes out removed in one place and added in the
other. Longest common subsequences of words (rapidfuzz, in C) bound every pair's similarity, so
that SequenceMatcher, in Python, runs only for the pairs an alignment would take.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Indel
from sqlalchemy import text
from sqlmodel import Session

from db.index.fold import fold
from db.store.models import BODY_KINDS

#: How similar a source passage and a copy passage must be to be paired as "changed":
#: SequenceMatcher's ratio over their words, 2 * kept / (source words + copy words). At 0.5 a
#: copy of equal length keeps half the words in order, and a cut that adds nothing keeps a
#: third of the passage. A paragraph with a few words changed scores above 0.8, while two
#: different sentences of reports on one topic, which share names and common words, stay
#: below 0.3: pairs in between are rare, and a lower bar would pair unrelated passages.
SIMILAR = 0.5
#: In a split or a merge, the share of each part's words that must be matched in the other
#: side, so that a new paragraph next to a split one is not taken for its second half.
PART = 0.5

# Words are runs between spaces, dashes, slashes and ellipses; a run of punctuation alone
# is no word.
_RUN = re.compile(r"[^\s/\u2026\-\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]+")
_ASCII_PUNCTUATION = str.maketrans("", "", string.punctuation)
_LATIN_MARKS = re.compile("[\u0300-\u036f]")


class CopyDiffError(ValueError):
    """An article to compare is not in the project (the message says which)."""

    def __init__(self, article_id: int) -> None:
        super().__init__(f"There is no article {article_id} in the project.")
        self.article_id = article_id


@dataclass(frozen=True)
class Piece:
    """A run of words inside a changed passage.

    ``kind`` is "same" (the copy's text of words both have), "added" or "removed".
    """

    kind: str
    text: str


@dataclass(frozen=True)
class Passage:
    """One passage of the comparison, in reading order.

    ``kind`` is "same", "added", "removed" or "changed". ``source`` is the passage in the
    source ("" when added) and ``copy`` the passage in the copy ("" when removed); a passage
    split in two, or two merged into one, holds both parts, a blank line between them. For
    "changed", ``pieces`` are the word-level differences in reading order: the "same" and
    "added" pieces make up ``copy``, the "removed" ones hold the source's words it lacks (a
    passage only split or merged is "changed" with nothing but "same" pieces).
    """

    kind: str
    source: str
    copy: str
    pieces: tuple[Piece, ...] = ()


@dataclass(frozen=True)
class Differences:
    """Where a copy differs from its source, passage by passage."""

    passages: list[Passage]

    def added(self) -> int:
        """How many passages only the copy has (changed passages are not counted)."""
        return sum(p.kind == "added" for p in self.passages)

    def removed(self) -> int:
        """How many passages of the source the copy leaves out (changed ones are kept)."""
        return sum(p.kind == "removed" for p in self.passages)

    def changed(self) -> int:
        """How many passages the copy has in another wording (a split passage is one)."""
        return sum(p.kind == "changed" for p in self.passages)

    def shared(self) -> float:
        """The share of the source's words that the copy keeps, in order, from 0 to 1.

        An empty source shares everything with an empty copy and nothing with another.
        """
        total = kept = 0
        for p in self.passages:
            words = len(_words(p.source))
            total += words
            if p.kind == "same":
                kept += words
            elif p.kind == "changed":
                kept += sum(len(_words(x.text)) for x in p.pieces if x.kind == "same")
        if total == 0:
            return 0.0 if any(_words(p.copy) for p in self.passages) else 1.0
        return kept / total


def compare(source: list[str], copy: list[str]) -> Differences:
    """Compare the passages (body paragraphs) of a source and of a copy, each in order.

    Args:
        source: The source's passages.
        copy: The copy's passages.

    Returns:
        Every passage of both, in the copy's reading order, removed ones where they were.
    """
    vocab: dict[str, int] = {}
    src = [_Text(t, vocab) for t in source]
    cop = [_Text(t, vocab) for t in copy]
    # No junk heuristic: with 200 passages or more it would ignore repeated (e.g. empty) ones.
    matcher = SequenceMatcher(None, [t.key for t in src], [t.key for t in cop], autojunk=False)
    out: list[Passage] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs = zip(src[i1:i2], cop[j1:j2], strict=True)
            out += [Passage("same", a.text, b.text) for a, b in pairs]
        elif tag == "delete":
            out += [Passage("removed", a.text, "") for a in src[i1:i2]]
        elif tag == "insert":
            out += [Passage("added", "", b.text) for b in cop[j1:j2]]
        else:
            out += _Block(src[i1:i2], cop[j1:j2]).passages()
    return Differences(out)


_ARTICLE = text("SELECT text FROM article WHERE id = :a")
_BLOCKS = text('SELECT kind, start, "end" FROM block WHERE article_id = :a ORDER BY seq')


def passages_of(s: Session, article_id: int) -> list[str]:
    """The article's body passages (the text of its ``BODY_KINDS`` blocks), in reading order.

    Raises:
        CopyDiffError: There is no such article.
    """
    row = s.execute(_ARTICLE, {"a": article_id}).first()
    if row is None:
        raise CopyDiffError(article_id)
    body: str = row[0]
    blocks = s.execute(_BLOCKS, {"a": article_id}).all()
    return [body[a:b] for kind, a, b in blocks if kind in BODY_KINDS]


def compare_articles(s: Session, source_id: int, copy_id: int) -> Differences:
    """Where the article ``copy_id`` differs from the article ``source_id``.

    Raises:
        CopyDiffError: One of the articles does not exist.
    """
    return compare(passages_of(s, source_id), passages_of(s, copy_id))


# ---- Words


@lru_cache(maxsize=16384)
def _normal(run: str) -> str:
    """A word as compared: lower case, without punctuation or Latin accents ("" if none)."""
    if run.isascii():
        return run.lower().translate(_ASCII_PUNCTUATION)
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", fold(run)).casefold())
    kept = "".join(c for c in folded if unicodedata.category(c)[0] in "LNM")
    return unicodedata.normalize("NFC", kept)


def _words(passage: str) -> list[str]:
    """The passage's words, normalised."""
    return [w for w in map(_normal, _RUN.findall(passage)) if w]


def _cuts(passage: str) -> list[int]:
    """Where the text of each of the passage's words (:func:`_words`) starts, then its end.

    Word ``k`` owns ``passage[cuts[k]:cuts[k + 1]]``: itself, the punctuation before it back to
    a space, and what follows up to the next word's. The first starts at 0, the last ends at
    the end of the passage; a passage without words has the cuts ``[0]``.
    """
    spans = [m.span() for m in _RUN.finditer(passage) if _normal(m[0])]
    if not spans:
        return [0]
    inner = [
        start if passage[start - 1].isspace() else _after_space(passage, end, start)
        for (_, end), (start, _) in pairwise(spans)
    ]
    return [0, *inner, len(passage)]


def _after_space(passage: str, end: int, start: int) -> int:
    """Where the word at ``start`` owns text from: after the last space since ``end``, or itself."""
    i = start
    while i > end and not passage[i - 1].isspace():
        i -= 1
    return i if i > end else start


class _Text:
    """A passage with its words, as one string and as numbers."""

    def __init__(self, passage: str, vocab: dict[str, int]) -> None:
        self.text = passage
        words = _words(passage)
        self.key = " ".join(words)
        self.ids = [vocab.setdefault(w, len(vocab)) for w in words]


def _joined(parts: Sequence[_Text]) -> tuple[str, list[int]]:
    """Passages as one, a blank line between them: its text and its words' cuts."""
    joined = "\n\n".join(p.text for p in parts)
    cuts: list[int] = []
    at = 0
    for p in parts:
        cuts += [at + c for c in _cuts(p.text)[:-1]]
        at += len(p.text) + 2
    return joined, [*cuts, len(joined)]


# ---- Aligning a run of replaced passages

# A pair of runs of passages, source[i0:i1] and copy[j0:j1]: one with one, one split in two, or
# two merged into one.
_Pair = tuple[int, int, int, int]
_Grid = npt.NDArray[np.int64]


class _Block:
    """Source and copy passages between two equal ones, aligned by dynamic programming.

    A pair is allowed when SequenceMatcher finds it :data:`SIMILAR` enough (and each part of a
    split or merge :data:`PART` kept); the alignment keeps as many source words as it can. The
    longest common subsequences of all pairs of passages (rapidfuzz's Indel distance, in C)
    bound what SequenceMatcher can find, so that it runs only for pairs that could pass.
    """

    def __init__(self, src: Sequence[_Text], cop: Sequence[_Text]) -> None:
        self.src, self.cop = src, cop
        self.la = np.array([len(t.ids) for t in src], dtype=np.int64)
        self.lb = np.array([len(t.ids) for t in cop], dtype=np.int64)
        dist = process.cdist(
            [t.ids for t in src], [t.ids for t in cop], scorer=Indel.distance, dtype=np.int64
        )
        self.lcs: _Grid = (self.la[:, None] + self.lb[None, :] - dist) // 2
        self.matchers: dict[_Pair, SequenceMatcher[int]] = {}

    def _candidates(self) -> dict[_Pair, int]:
        """The pairs whose bounds pass, each with its bound: one with one, splits, merges."""
        la, lb, lcs = self.la[:, None], self.lb[None, :], self.lcs
        ok = (lcs > 0) & _similar(lcs, la, lb)
        found = {(i, i + 1, j, j + 1): int(lcs[i, j]) for i, j in np.argwhere(ok).tolist()}
        if len(self.cop) > 1:  # source i split into copies j and j + 1
            part = (lcs >= PART * lb) & (lb > 0)
            kept = np.minimum(la, lcs[:, :-1] + lcs[:, 1:])
            ok = part[:, :-1] & part[:, 1:] & _similar(kept, la, lb[:, :-1] + lb[:, 1:])
            found |= {(i, i + 1, j, j + 2): int(kept[i, j]) for i, j in np.argwhere(ok).tolist()}
        if len(self.src) > 1:  # sources i and i + 1 merged into copy j
            part = (lcs >= PART * la) & (la > 0)
            kept = np.minimum(lb, lcs[:-1] + lcs[1:])
            ok = part[:-1] & part[1:] & _similar(kept, la[:-1] + la[1:], lb)
            found |= {(i, i + 2, j, j + 1): int(kept[i, j]) for i, j in np.argwhere(ok).tolist()}
        return found

    def _kept(self, pair: _Pair) -> int:
        """How many words SequenceMatcher keeps in the pair (0 when it is not similar enough)."""
        i0, i1, j0, j1 = pair
        a = [w for t in self.src[i0:i1] for w in t.ids]
        b = [w for t in self.cop[j0:j1] for w in t.ids]
        # No junk: over 200 words, runs of common words ("of the") would go unmatched.
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        blocks = matcher.get_matching_blocks()
        kept = sum(m.size for m in blocks)
        if 2 * kept < SIMILAR * (len(a) + len(b)):
            return 0
        split = j1 - j0 > 1
        parts = self.cop[j0:j1] if split else self.src[i0:i1] if i1 - i0 > 1 else []
        lo = 0
        for part in parts:  # each part of a split or merge keeps its share
            hi = lo + len(part.ids)
            got = 0
            for m in blocks:
                at = m.b if split else m.a
                got += max(0, min(hi, at + m.size) - max(lo, at))
            if got < PART * len(part.ids):
                return 0
            lo = hi
        self.matchers[pair] = matcher
        return kept

    def _align(self, gains: dict[_Pair, int]) -> list[_Pair]:
        """The pairs of the alignment keeping the most words, given each pair's, first to last."""
        n, m = len(self.src), len(self.cop)
        by_row: dict[int, list[tuple[_Pair, int]]] = {}
        for pair, kept in gains.items():
            by_row.setdefault(pair[1], []).append((pair, kept))
        # best[i, j]: the most words kept aligning the first i source and j copy passages.
        best: _Grid = np.zeros((n + 1, m + 1), dtype=np.int64)
        for i in range(1, n + 1):
            row = best[i - 1].copy()
            for (i0, _, j0, j1), kept in by_row.get(i, []):
                row[j1] = max(row[j1], best[i0, j0] + kept)
            best[i] = np.maximum.accumulate(row)
        pairs: list[_Pair] = []
        i, j = n, m
        while i and j:  # back from the end, leaving passages unpaired where that is as good
            if best[i, j] == best[i - 1, j]:
                i -= 1
            elif best[i, j] == best[i, j - 1]:
                j -= 1
            else:
                pair = next(
                    p
                    for p, kept in by_row[i]
                    if p[3] == j and best[p[0], p[2]] + kept == best[i, j]
                )
                pairs.append(pair)
                i, j = pair[0], pair[2]
        return pairs[::-1]

    def passages(self) -> list[Passage]:
        """The block's passages: pairs as "changed", the others removed or added."""
        # Align on the bounds, then check the pairs taken and align again, until all the pairs
        # taken are checked: the bounds are never below the words kept, so no other alignment
        # keeps more. SequenceMatcher runs only for pairs an alignment would take.
        gains = self._candidates()
        checked: set[_Pair] = set()
        while True:
            pairs = self._align(gains)
            todo = [p for p in pairs if p not in checked]
            if not todo:
                break
            for pair in todo:
                checked.add(pair)
                if kept := self._kept(pair):
                    gains[pair] = kept
                else:
                    del gains[pair]
        out: list[Passage] = []
        i = j = 0
        for pair in pairs:
            i0, i1, j0, j1 = pair
            out += [Passage("removed", t.text, "") for t in self.src[i:i0]]
            out += [Passage("added", "", t.text) for t in self.cop[j:j0]]
            out.append(_changed(self.src[i0:i1], self.cop[j0:j1], self.matchers[pair]))
            i, j = i1, j1
        out += [Passage("removed", t.text, "") for t in self.src[i:]]
        out += [Passage("added", "", t.text) for t in self.cop[j:]]
        return out


def _similar(kept: _Grid, la: _Grid, lb: _Grid) -> npt.NDArray[np.bool_]:
    return 2 * kept >= SIMILAR * (la + lb)


def _changed(src: Sequence[_Text], cop: Sequence[_Text], matcher: SequenceMatcher[int]) -> Passage:
    """A paired passage with its differences word by word, from the pair's matcher."""
    a_text, a_cuts = _joined(src)
    b_text, b_cuts = _joined(cop)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            pieces.append(Piece("removed", a_text[a_cuts[i1] : a_cuts[i2]]))
        if tag in ("insert", "replace"):
            pieces.append(Piece("added", b_text[b_cuts[j1] : b_cuts[j2]]))
        if tag == "equal":
            pieces.append(Piece("same", b_text[b_cuts[j1] : b_cuts[j2]]))
    return Passage("changed", a_text, b_text, tuple(pieces))
