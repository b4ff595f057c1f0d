"""Where a copy of a story differs from its source: passages kept, cut, added or reworded.

Articles are compared passage by passage (their body blocks, ``BODY_KINDS``), each passage
reduced to its words in a normal form: case, Latin accents, quotes, apostrophes and other
punctuation are ignored and dashes separate words, so that retyping is no change. difflib lines
up the passages that are equal in that form. Between them, each run of replaced passages is
compared word by word, all its passages on each side as one sequence: the alignment keeping the
most words (a longest common subsequence, rapidfuzz's, in C) matches them wherever the copy puts
its paragraph breaks, so that a copy that only re-paragraphs its source (two paragraphs made
one, one made three, a break moved by a sentence) keeps every word.

A source passage matched with one copy passage, or split into several, comes out as one passage
holding them all. Any other copy passage (two merged into it, or breaks moved so that passages
overlap in part) comes out on its own, with the source's words from the first to the last that
it keeps: "same" when it only re-breaks them, else "changed"; the source's words around such
passages that the copy lacks come out "removed", where they were. SequenceMatcher compares each
passage, for its differences word by word and to judge it: one not similar enough
(:data:`SIMILAR`), a part of a split that is mostly new (:data:`PART`), or a source passage
that a merged one keeps too little of to be more than chance, is set apart as "added" or
"removed", and the rest grouped again. A passage moved elsewhere in the copy comes out removed
in one place and added in the other. Longest common subsequences bound what SequenceMatcher, in
Python, can keep, so that it runs only for the passages that could pass.
"""

from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from itertools import accumulate, pairwise

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel, LCSseq
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
#: In a split, the share of each part's words that must be matched in the source passage, so
#: that a new paragraph next to a split one is not taken for its second half. (A source passage
#: in a copy passage with others must keep a third of its words in the copy, as one cut short.)
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
    split in two holds both parts, a blank line between them. A copy passage holding words of
    several source passages (merged, or its breaks moved) comes out alone, its ``source`` the
    source's words from its first it has to its last, a blank line between passages, and the
    words around it that the copy lacks as "removed" passages or parts of passages. For
    "changed", ``pieces`` are the word-level differences in reading order: the "same" and
    "added" pieces make up ``copy``, the "removed" ones hold the source's words it lacks (a
    passage only split is "changed" with nothing but "same" pieces; passages only merged, or
    with breaks only moved, are "same").
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
        """How many passages of the source, or parts of one, the copy leaves out."""
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
            out += _Run(src[i1:i2], cop[j1:j2]).passages()
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

    @cached_property
    def cuts(self) -> list[int]:
        """Where each word's text starts, then the end (:func:`_cuts`)."""
        return _cuts(self.text)

    def part(self, w0: int, w1: int) -> tuple[str, list[int]]:
        """The text of the words ``w0:w1`` (without the spaces after the last) and its cuts."""
        if w0 == 0 and w1 == len(self.ids):
            return self.text, self.cuts
        start = self.cuts[w0]
        kept = self.text[start : self.cuts[w1]].rstrip()
        return kept, [c - start for c in self.cuts[w0:w1]] + [len(kept)]


def _joined(parts: Sequence[tuple[str, list[int]]]) -> tuple[str, list[int]]:
    """Passages (or parts of them) as one, a blank line between: its text and its words' cuts."""
    joined = "\n\n".join(words for words, _ in parts)
    cuts: list[int] = []
    at = 0
    for words, own in parts:
        cuts += [at + c for c in own[:-1]]
        at += len(words) + 2
    return joined, [*cuts, len(joined)]


# ---- Aligning a run of replaced passages

_Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class _Unit:
    """What comes out as one passage: the run's source words ``a0:a1``, copy passages ``c0:c1``.

    ``sources`` and ``copies`` are the passages with words matched in the alignment (the others
    inside are cut or added whole). ``whole`` is a source passage with the copy passages its
    words went to, all of them whole: it is "changed" unless one passage is equal to another.
    """

    a0: int
    a1: int
    c0: int
    c1: int
    sources: tuple[int, ...]
    copies: tuple[int, ...]
    whole: bool


@dataclass(frozen=True)
class _Group:
    """Source passages ``s0:s1`` and copy passages ``c0:c1`` linked by matched words."""

    s0: int
    s1: int
    c0: int
    c1: int
    units: list[_Unit]


class _Run:
    """Source and copy passages between two equal ones, compared word by word.

    All the run's words on each side are aligned as one sequence, keeping as many as can be (a
    longest common subsequence, rapidfuzz's, in C), so that words are matched wherever the
    breaks between passages fall. Passages linked by matched words make a group. A group with
    one source passage (and one copy passage, or several it was split into) comes out as one
    passage; in any other (merged, or breaks moved so that passages overlap in part) each copy
    passage comes out with the source's words from the first to the last SequenceMatcher keeps
    of them, the source's words around them as removed. SequenceMatcher compares each, for its
    pieces and to judge it (:meth:`_judged`): what fails is set apart (shown added or removed),
    and the other matches are grouped again.
    """

    def __init__(self, src: Sequence[_Text], cop: Sequence[_Text]) -> None:
        self.src, self.cop = src, cop
        self.a = [w for t in src for w in t.ids]
        self.b = [w for t in cop for w in t.ids]
        # Where each passage's words start in the run, then the end; and whose each word is.
        self.a_at = [0, *accumulate(len(t.ids) for t in src)]
        self.b_at = [0, *accumulate(len(t.ids) for t in cop)]
        self.a_of: _Ints = np.repeat(np.arange(len(src)), [len(t.ids) for t in src])
        self.b_of: _Ints = np.repeat(np.arange(len(cop)), [len(t.ids) for t in cop])
        self.dropped: set[int] = set()  # copy passages shown as added, matching nothing
        self.apart: set[tuple[int, int]] = set()  # source and copy passages not to match
        self.matchers: dict[tuple[int, int, int, int, frozenset[int]], SequenceMatcher[int]] = {}
        # Copy passages matched as SequenceMatcher matched them, not as the alignment did: it
        # may match common words by chance, and link passages that are not.
        self.confirmed: dict[int, tuple[_Ints, _Ints]] = {}
        self.regroup = False
        # Units judged that passed: as they come out, and what they keep of each passage.
        self.verdicts: dict[tuple[_Unit, frozenset[int]], tuple[_Unit, dict[int, int]]] = {}

    def passages(self) -> list[Passage]:
        """The run's passages, in the copy's order, removed ones where they were."""
        if len(self.src) == len(self.cop) == 1:
            unit = _Unit(0, len(self.a), 0, 1, (0,), (0,), whole=True)
            return self._shown([] if self._judged(unit) is None else [_Group(0, 1, 0, 1, [unit])])
        aligned = self._aligned()
        # Judge every unit, set apart what fails, and group again, until nothing fails and each
        # copy passage of several source passages has the matches SequenceMatcher finds in its
        # words. The rounds end: each sets apart passages or pairs of them, or gives a copy
        # passage those matches, which lie among its own and link no other passage, and which
        # change again only when something more is set apart.
        while True:
            ma, mb = self._matches(*aligned)
            groups = self._groups(ma, mb)
            self.regroup = False
            judged = [[self._judged(u) for u in g.units] for g in groups]
            failed = any(v is None for vs in judged for v in vs)
            # What each source passage keeps in all the copy passages it went to.
            kept: dict[int, int] = {}
            for v in (v for vs in judged for v in vs if v is not None):
                for s, n in v[1].items():
                    kept[s] = kept.get(s, 0) + n
            for v in (v for vs in judged for v in vs if v is not None and len(v[1]) > 1):
                failed |= self._parts_fail(v[0], kept)
            if not failed and not self.regroup:
                return self._shown(
                    [
                        replace(g, units=[v[0] for v in vs if v])
                        for g, vs in zip(groups, judged, strict=True)
                    ]
                )

    def _aligned(self) -> tuple[_Ints, _Ints]:
        """The words matched, as their places in the run's source and copy, first to last."""
        opcodes = Indel.opcodes(self.a, self.b).as_matching_blocks()
        blocks = _compacted(self.a, self.b, [(m.a, m.b, m.size) for m in opcodes if m.size])
        if not blocks:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        sizes = np.array([n for _, _, n in blocks], dtype=np.int64)
        # Each block's words: its start, repeated, plus 0, 1, ... within the block.
        within = np.arange(int(sizes.sum()), dtype=np.int64)
        within -= np.repeat(sizes.cumsum() - sizes, sizes)
        ma = np.repeat(np.array([i for i, _, _ in blocks], dtype=np.int64), sizes) + within
        mb = np.repeat(np.array([j for _, j, _ in blocks], dtype=np.int64), sizes) + within
        return ma, mb

    def _matches(self, ma: _Ints, mb: _Ints) -> tuple[_Ints, _Ints]:
        """The aligned words as matched now: with passages set apart, and those confirmed."""
        pb = self.b_of[mb]
        keep = ~np.isin(pb, [*self.dropped, *self.confirmed])
        confirmed = [m for c, m in self.confirmed.items() if c not in self.dropped]
        ma = np.concatenate([ma[keep], *(a for a, _ in confirmed)])
        mb = np.concatenate([mb[keep], *(b for _, b in confirmed)])
        order = np.argsort(mb, kind="stable")
        ma, mb = ma[order], mb[order]
        if self.apart:
            pairs = self.a_of[ma] * len(self.cop) + self.b_of[mb]
            keep = ~np.isin(pairs, [s * len(self.cop) + c for s, c in self.apart])
            ma, mb = ma[keep], mb[keep]
        return ma, mb

    def _groups(self, ma: _Ints, mb: _Ints) -> list[_Group]:
        """The groups of passages linked by matched words, first to last, with their units."""
        if not len(ma):
            return []
        pa, pb = self.a_of[ma], self.b_of[mb]
        # The alignment is in order: a match links to the one before it when they share a
        # source or a copy passage.
        starts = np.flatnonzero((pa[1:] != pa[:-1]) & (pb[1:] != pb[:-1])) + 1
        groups: list[_Group] = []
        for k0, k1 in pairwise([0, *starts.tolist(), len(ma)]):
            s0, s1 = int(pa[k0]), int(pa[k1 - 1]) + 1
            c0, c1 = int(pb[k0]), int(pb[k1 - 1]) + 1
            if s1 - s0 == 1:  # one source passage, with one copy passage or split
                a0, a1 = self.a_at[s0], self.a_at[s1]
                units = [_Unit(a0, a1, c0, c1, (s0,), _distinct(pb[k0:k1]), whole=True)]
            else:  # merged, or breaks moved: each copy passage on its own
                units = []
                ends = np.flatnonzero(pb[k0 + 1 : k1] != pb[k0 : k1 - 1]) + k0 + 1
                for u0, u1 in pairwise([k0, *ends.tolist(), k1]):
                    c = int(pb[u0])
                    a0, a1 = int(ma[u0]), int(ma[u1 - 1]) + 1
                    units.append(_Unit(a0, a1, c, c + 1, _distinct(pa[u0:u1]), (c,), whole=False))
            groups.append(_Group(s0, s1, c0, c1, units))
        return groups

    def _apart(self, u: _Unit) -> frozenset[int]:
        """The source passages in a copy passage's unit that are set apart from it.

        None in a whole unit: its source passage is the one matched with its copy passages.
        """
        if u.whole:
            return frozenset()
        return frozenset(
            s
            for s, c in self.apart
            if c == u.c0 and self.a_at[s] < u.a1 and self.a_at[s + 1] > u.a0
        )

    def _matcher(self, u: _Unit) -> SequenceMatcher[int]:
        """SequenceMatcher over the unit's words, those of passages set apart matching none."""
        apart = self._apart(u)
        key = u.a0, u.a1, u.c0, u.c1, apart
        if key not in self.matchers:
            a = self.a[u.a0 : u.a1]
            for s in apart:
                for k in range(max(self.a_at[s], u.a0), min(self.a_at[s + 1], u.a1)):
                    a[k - u.a0] = -1 - k  # words are never negative: these match nothing
            b = self.b[self.b_at[u.c0] : self.b_at[u.c1]]
            # No junk: over 200 words, runs of common words ("of the") would go unmatched.
            self.matchers[key] = SequenceMatcher(None, a, b, autojunk=False)
        return self.matchers[key]

    def _judged(self, u: _Unit) -> tuple[_Unit, dict[int, int]] | None:
        """The unit as it comes out, and what it keeps of each source passage (when not whole).

        None when it fails, having set apart what failed. A source passage must be
        :data:`SIMILAR` enough to its copy passages, and when split each of these must keep
        :data:`PART` of its words, else it is set apart alone. Any other copy passage is
        compared with the source's words from its first matched to its last, then from the
        first to the last that SequenceMatcher keeps, and must be similar enough to them, the
        passages it has no words of (cut whole) aside; what it keeps of each source passage is
        judged with the other copy passages (:meth:`_parts_fail`). Words of source passages set
        apart from it match none of its own. Longest common subsequences (in C) bound what
        SequenceMatcher keeps, so that it runs only when they pass.
        """
        key = u, self._apart(u)
        if key in self.verdicts:
            return self.verdicts[key]
        b0 = self.b_at[u.c0]
        copies = [(self.b_at[j] - b0, self.b_at[j + 1] - b0) for j in u.copies]
        lb = sum(hi - lo for lo, hi in copies)
        a, b = self.a[u.a0 : u.a1], self.b[b0 : self.b_at[u.c1]]
        shown, of = u, {}
        if u.whole:
            split = u.c1 - u.c0 > 1
            if split:
                bounds = [LCSseq.similarity(a, b[lo:hi]) for lo, hi in copies]
                if self._split_fails(u, copies, bounds):
                    return None
            elif 2 * LCSseq.similarity(a, b) < SIMILAR * (len(a) + lb):
                self.dropped.update(u.copies)
                return None
            blocks = self._matcher(u).get_matching_blocks()
            if split:
                kept = [sum(_overlap(m.b, m.size, lo, hi) for m in blocks) for lo, hi in copies]
                if self._split_fails(u, copies, kept):
                    return None
            la = len(a)
        else:
            # However few source words it has, it keeps at most what they share with it.
            bound = LCSseq.similarity(a, b)
            if 2 * bound < SIMILAR * (bound + lb):
                self.dropped.update(u.copies)
                return None
            shown = self._trimmed(u)
            if shown != u:  # group again, on what SequenceMatcher matched
                self.confirmed[u.c0] = self._matched(u)
                self.regroup = True
            blocks = self._matcher(shown).get_matching_blocks()
            a0, a1 = shown.a0, shown.a1
            for s in shown.sources:
                lo, hi = max(self.a_at[s], a0) - a0, min(self.a_at[s + 1], a1) - a0
                of[s] = sum(_overlap(m.a, m.size, lo, hi) for m in blocks)
            la = sum(min(self.a_at[s + 1], a1) - max(self.a_at[s], a0) for s in shown.sources)
        if 2 * sum(m.size for m in blocks) < SIMILAR * (la + lb):
            self.dropped.update(u.copies)
            return None
        self.verdicts[key] = shown, of
        return shown, of

    def _split_fails(self, u: _Unit, parts: list[tuple[int, int]], kept: list[int]) -> bool:
        """Whether a part of a split keeps less than :data:`PART`, setting it apart."""
        failed = [
            j for j, n, (lo, hi) in zip(u.copies, kept, parts, strict=True) if n < PART * (hi - lo)
        ]
        self.dropped.update(failed)
        return bool(failed)

    def _parts_fail(self, u: _Unit, kept: dict[int, int]) -> bool:
        """Whether a source passage that a copy passage has with others keeps too little.

        In all the copy passages it went to, it must keep what a passage cut short keeps to be
        changed rather than removed (:data:`SIMILAR`: a third), else its words in this one
        are taken for chance matches: the pair is set apart.
        """
        failed = False
        for s in u.sources:
            if kept[s] * (2 - SIMILAR) < SIMILAR * (self.a_at[s + 1] - self.a_at[s]):
                pair = s, u.c0
                if pair in self.apart:  # its words matched others of the passage: set it apart
                    self.dropped.add(u.c0)
                self.apart.add(pair)
                failed = True
        return failed

    def _matched(self, u: _Unit) -> tuple[_Ints, _Ints]:
        """The words SequenceMatcher matches in the unit, as places in the run, first to last."""
        blocks = [m for m in self._matcher(u).get_matching_blocks() if m.size]
        ma = [u.a0 + m.a + k for m in blocks for k in range(m.size)]
        mb = [self.b_at[u.c0] + m.b + k for m in blocks for k in range(m.size)]
        return np.array(ma, dtype=np.int64), np.array(mb, dtype=np.int64)

    def _trimmed(self, u: _Unit) -> _Unit:
        """A copy passage's unit from the first to the last source word SequenceMatcher keeps."""
        blocks = [m for m in self._matcher(u).get_matching_blocks() if m.size]
        if not blocks:
            return u
        a0, a1 = u.a0 + blocks[0].a, u.a0 + blocks[-1].a + blocks[-1].size
        sources = {
            s
            for m in blocks
            for s in range(int(self.a_of[u.a0 + m.a]), int(self.a_of[u.a0 + m.a + m.size - 1]) + 1)
            if self.a_at[s] < self.a_at[s + 1]
        }
        return replace(u, a0=a0, a1=a1, sources=tuple(sorted(sources)))

    def _shown(self, groups: list[_Group]) -> list[Passage]:
        """The passages: each group's units, and between them what is cut or added."""
        out: list[Passage] = []
        si = cj = 0
        for g in groups:
            out += [Passage("removed", t.text, "") for t in self.src[si : g.s0]]
            out += [Passage("added", "", t.text) for t in self.cop[cj : g.c0]]
            at, j = self.a_at[g.s0], g.c0
            for u in g.units:
                cut = self._parts(g, at, u.a0, closed=True)
                out += [Passage("removed", words, "") for words, _ in cut]
                out += [Passage("added", "", t.text) for t in self.cop[j : u.c0]]
                out.append(self._passage(g, u))
                at, j = u.a1, u.c1
            cut = self._parts(g, at, self.a_at[g.s1], closed=True)
            out += [Passage("removed", words, "") for words, _ in cut]
            si, cj = g.s1, g.c1
        out += [Passage("removed", t.text, "") for t in self.src[si:]]
        out += [Passage("added", "", t.text) for t in self.cop[cj:]]
        return out

    def _parts(self, g: _Group, x: int, y: int, closed: bool) -> list[tuple[str, list[int]]]:
        """The group's source words ``x:y``, passage by passage: each part's text and cuts.

        A passage without words is in a unit when strictly inside its words, else in the cut
        words around it (``closed``).
        """
        parts: list[tuple[str, list[int]]] = []
        s = max(g.s0, bisect_left(self.a_at, x) - 1)
        while s < g.s1 and self.a_at[s] <= y:
            lo, hi = self.a_at[s], self.a_at[s + 1]
            if lo == hi:
                if (x <= lo <= y) if closed else (x < lo < y):
                    parts.append((self.src[s].text, self.src[s].cuts))
            elif max(lo, x) < min(hi, y):
                parts.append(self.src[s].part(max(lo, x) - lo, min(hi, y) - lo))
            s += 1
        return parts

    def _passage(self, g: _Group, u: _Unit) -> Passage:
        """A unit as a passage: "same" when only its breaks moved, else "changed"."""
        src = self._parts(g, u.a0, u.a1, closed=False)
        cop = [(t.text, t.cuts) for t in self.cop[u.c0 : u.c1]]
        matcher = self._matcher(u)
        ops = matcher.get_opcodes()
        if [op[0] for op in ops] == ["equal"] and (not u.whole or len(src) == len(cop) == 1):
            return Passage("same", "\n\n".join(t for t, _ in src), "\n\n".join(t for t, _ in cop))
        return _changed(src, cop, ops)


def _compacted(
    a: list[int], b: list[int], blocks: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """Matching blocks moved, where the same words allow, to join the next one or the one before.

    Of alignments keeping as many words, the longest common subsequence may take one matching
    a common word far from the words matched around it ("the" of a sentence the copy cut with
    "The" of the copy's next sentence); a block joins its neighbour when both sides have its
    words there too.
    """
    out: list[tuple[int, int, int]] = []
    for i, j, n in reversed(blocks):  # towards the next block
        if out:
            i2, j2, n2 = out[-1]
            if (
                i2 - n >= i
                and j2 - n >= j
                and a[i2 - n : i2] == a[i : i + n]
                and b[j2 - n : j2] == b[j : j + n]
            ):
                out[-1] = (i2 - n, j2 - n, n + n2)
                continue
        out.append((i, j, n))
    joined: list[tuple[int, int, int]] = []
    for i, j, n in reversed(out):  # towards the one before
        if joined:
            i0, j0, n0 = joined[-1]
            i1, j1 = i0 + n0, j0 + n0
            if (
                i1 <= i
                and j1 <= j
                and a[i1 : i1 + n] == a[i : i + n]
                and b[j1 : j1 + n] == b[j : j + n]
            ):
                joined[-1] = (i0, j0, n0 + n)
                continue
        joined.append((i, j, n))
    return joined


def _distinct(of: _Ints) -> tuple[int, ...]:
    """The passages of words in order, each once."""
    return tuple(dict.fromkeys(of.tolist()))


def _overlap(at: int, size: int, lo: int, hi: int) -> int:
    """How many of the words ``at:at + size`` are in ``lo:hi``."""
    return max(0, min(hi, at + size) - max(lo, at))


def _changed(
    src: Sequence[tuple[str, list[int]]],
    cop: Sequence[tuple[str, list[int]]],
    ops: Sequence[tuple[str, int, int, int, int]],
) -> Passage:
    """A passage with its differences word by word, from its matcher's opcodes."""
    a_text, a_cuts = _joined(src)
    b_text, b_cuts = _joined(cop)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag in ("delete", "replace"):
            pieces.append(Piece("removed", a_text[a_cuts[i1] : a_cuts[i2]]))
        if tag in ("insert", "replace"):
            pieces.append(Piece("added", b_text[b_cuts[j1] : b_cuts[j2]]))
        if tag == "equal":
            pieces.append(Piece("same", b_text[b_cuts[j1] : b_cuts[j2]]))
    return Passage("changed", a_text, b_text, tuple(pieces))
