"""Articles that are the same story: copies, cuts and light rewrites of one report.

An article's body becomes a set of word shingles (:func:`shingles`: ``Params.shingle`` words
in a row, folded and case-folded, each hashed to 32 bits), summed up as a MinHash
:class:`Signature` (datasketch's ``affine32`` scheme, computed here with numpy alone so the app
does not ship datasketch's SciPy; the tests check the values against datasketch's own).
:class:`StoryIndex` files signatures by LSH with narrow bands, so that pairs sharing a fifth of
their shingles become candidates, then confirms each candidate (:func:`is_same_story`) on the
Jaccard index and on containment, ``|A∩B| / min(|A|, |B|)``: a local paper's cut of a wire
story shares little of the whole but is nearly all inside it. Confirmed pairs join one story.

Containment alone joins too much: outlets reuse an earlier report as background under a new
lead, and templated reports (daily markets, monthly statistics) share most sentences but not
their figures. So a signature also keeps its lead's shingles and its figures: a containment
match needs the two leads to overlap, and any match needs the figures to agree.

Deterministic: words are hashed by a polynomial over their UTF-8 bytes (all of a text's words
at once, in numpy) and the permutations come from a fixed seed, so the same texts give the same
signatures in every run, process and machine. Give the index the
article's body (headline, captions and boilerplate such as licence footers left out).
"""

from __future__ import annotations

import re
import struct
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from db.index.fold import fold

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class Params:
    """How texts are summed up and compared; the defaults were chosen on a labelled sample."""

    shingle: int = 3  # words in a shingle
    num_perm: int = 128  # MinHash permutations
    bands: int = 64  # LSH bands of ``rows`` values: candidates agree on a whole band
    rows: int = 2
    seed: int = 20261202
    lead_words: int = 50  # the lead: the first words of the body
    jaccard: float = 0.9  # near-duplicates
    containment: float = 0.6  # cuts and partial copies, with leads overlapping ...
    lead_overlap: float = 0.7  # ... by this share of the smaller lead
    min_shared: int = 20  # shingles shared at least (two briefs sharing a stock phrase)
    figures: float = 0.75  # share of the smaller set of figures found in the other
    min_figures: int = 3  # the figures are compared when both have this many


DEFAULT = Params()

_WORD = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: mixes word hashes into an n-gram hash
_SHIFT = np.uint64(32)


def words(text: str) -> list[str]:
    """The text's words, folded (see :mod:`db.index.fold`) and case-folded."""
    return _WORD.findall(fold(text).casefold())


# Word hashes: sum of (byte + 1) * P**j over a word's bytes, mod 2**64, then mixed. P is odd, so
# it has an inverse: a word's sum is read off prefix sums of the whole text, shifted back.
_P = 0x100000001B3
_POWERS = np.array([1], np.uint64)  # P**i, and P**-i, grown as longer texts come
_INVERSES = np.array([1], np.uint64)


def _powers(n: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    global _POWERS, _INVERSES  # grown, never changed: a reader sees one or the other whole
    up, down = _POWERS, _INVERSES
    while len(up) < n:  # doubled: the next run is the last one times P**len
        step = len(up)
        up = np.concatenate([up, up * np.uint64(pow(_P, step, 1 << 64))])  # wraps mod 2**64
        down = np.concatenate([down, down * np.uint64(pow(_P, -step, 1 << 64))])
    _POWERS, _INVERSES = up, down
    return up[:n], down[:n]


def _mix64(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """SplitMix64's finalizer: every bit of a word's sum reaches every bit of its hash."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _word_hashes(spaced: str) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_]]:
    """Each word's 64-bit hash, and whether it is a figure (starts with a digit).

    ``spaced`` is words with one space between them (as :func:`_spaced` makes them).
    """
    if not spaced:
        return np.empty(0, np.uint64), np.empty(0, np.bool_)
    utf8 = spaced.encode("utf-8")
    data = np.frombuffer(utf8, np.uint8)
    gaps = np.flatnonzero(data == 32)  # words never hold a space, nor UTF-8 a 0x20 inside
    starts = np.concatenate([[0], gaps + 1])
    ends = np.concatenate([gaps, [len(data)]])
    up, down = _powers(len(data) + 1)
    sums = np.zeros(len(data) + 1, np.uint64)
    np.cumsum((data.astype(np.uint64) + np.uint64(1)) * up[:-1], out=sums[1:])
    h = _mix64((sums[ends] - sums[starts]) * down[starts])
    first = data[starts]
    figure = (first >= 48) & (first <= 57)
    for n in np.flatnonzero(first >= 0x80).tolist():  # a digit of another script
        figure[n] = utf8[starts[n] : starts[n] + 4].decode("utf-8", "ignore")[:1].isdigit()
    return h, figure


_GAPS = re.compile(r"\W+")


def _spaced(text: str) -> str:
    """The text's words (as :func:`words`) with one space between them."""
    return _GAPS.sub(" ", fold(text).casefold()).strip()


I64 = npt.NDArray[np.int64]


def _grams(h: U64, owner: I64, starts: I64, ends: I64, size: int) -> tuple[I64, U32]:
    """The distinct ``size``-grams of each text's words ``h[starts[t]:ends[t]]``, hashed.

    ``owner`` is the text of each word of ``h``. Returns (text, hash) pairs sorted by text, then
    hash: many texts in a few numpy passes. A text shorter than ``size`` words (but not empty)
    is one shingle of all its words.
    """
    n = len(h) - size + 1
    keys = []
    if n > 0:
        acc = np.zeros(n, np.uint64)
        for i in range(size):
            acc = (acc + h[i : i + n]) * _MIX  # wraps modulo 2**64
        text = owner[:n]
        whole = np.arange(n) + size <= ends[text]  # the gram ends inside its text's run
        keys.append((text[whole].astype(np.uint64) << _SHIFT) | (acc[whole] >> _SHIFT))
    for t in np.flatnonzero((ends > starts) & (ends - starts < size)).tolist():
        acc1 = 0
        for x in h[starts[t] : ends[t]].tolist():
            acc1 = (acc1 + x) * int(_MIX) % (1 << 64)
        keys.append(np.array([(t << 32) | (acc1 >> 32)], np.uint64))
    found = _distinct(np.concatenate(keys) if keys else np.empty(0, np.uint64))
    return (found >> _SHIFT).astype(np.int64), (found & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def _distinct(keys: U64) -> U64:
    """The distinct keys, sorted (by sorting: numpy's own unique hashes, far slower here)."""
    s = np.sort(keys)
    return s[np.concatenate([[True], s[1:] != s[:-1]])] if len(s) else s


class _Words(NamedTuple):
    """Word hashes of many texts end to end; figures, owners, where each text's run is."""

    h: U64
    figure: npt.NDArray[np.bool_]
    owner: I64
    starts: I64
    ends: I64


def _texts_words(texts: list[str]) -> _Words:
    spaced = [_spaced(t) for t in texts]
    counts = np.array([s.count(" ") + 1 if s else 0 for s in spaced], np.int64)
    ends = np.cumsum(counts)
    h, figure = _word_hashes(" ".join(s for s in spaced if s))
    return _Words(h, figure, np.repeat(np.arange(len(texts)), counts), ends - counts, ends)


def shingles(text: str, size: int = DEFAULT.shingle) -> set[int]:
    """The hashes of the text's word ``size``-grams (folded, case-folded)."""
    w = _texts_words([text])
    return {int(x) for x in _grams(w.h, w.owner, w.starts, w.ends, size)[1]}


def _split(text: I64, values: U32, count: int) -> list[U32]:
    """``values`` (sorted by ``text``) as one array a text."""
    cuts = np.searchsorted(text, np.arange(count + 1)).tolist()
    return [values[a:b] for a, b in pairwise(cuts)]


@dataclass(frozen=True)
class Overlap:
    """How much two articles share (estimated from signatures, or exact from shingle sets)."""

    shared: float  # shingles in both
    jaccard: float  # shared / union
    containment: float  # shared / the smaller set
    lead: float = 1.0  # shared lead shingles / the smaller lead
    figures: float = 1.0  # shared figures / the smaller set of figures; 1 when too few


def overlap(a: set[int], b: set[int]) -> Overlap:
    """The exact overlap of two shingle sets (leads and figures not compared)."""
    shared = len(a & b)
    union = len(a) + len(b) - shared
    smaller = min(len(a), len(b))
    return Overlap(shared, shared / union if union else 0.0, shared / smaller if smaller else 0.0)


def is_same_story(o: Overlap, p: Params = DEFAULT) -> bool:
    """Whether an overlap is the same story.

    The figures must agree and enough shingles be shared; then a near-duplicate (Jaccard) is,
    and so is a cut or partial copy (containment) whose lead overlaps the other's.
    """
    if o.figures < p.figures or o.shared < p.min_shared:
        return False
    return o.jaccard >= p.jaccard or (o.containment >= p.containment and o.lead >= p.lead_overlap)


def _share(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> float:
    smaller = min(len(a), len(b))  # a few dozen at most: sets beat numpy's intersect1d
    return len(set(a.tolist()).intersection(b.tolist())) / smaller if smaller else 0.0


_HEADER = struct.Struct("<IHHH")  # shingles, permutations, lead shingles, figures


class Signature:
    """A text's MinHash values, its shingle count, its lead's shingles and its figures."""

    __slots__ = ("_stored", "figures", "lead", "size", "values")

    def __init__(self, values: U32, size: int, lead: U32, figures: U32) -> None:
        self.values = values
        self.size = size
        self.lead = lead
        self.figures = figures
        self._stored: bytes | None = None  # the bytes it was read from, given back as they are

    def overlap(self, other: Signature, p: Params = DEFAULT) -> Overlap:
        """The estimated overlap of the two texts."""
        j = float(np.count_nonzero(self.values == other.values)) / len(self.values)
        shared = j / (1 + j) * (self.size + other.size)
        smaller = min(self.size, other.size)
        few = min(len(self.figures), len(other.figures)) < p.min_figures
        return Overlap(
            shared,
            j,
            min(1.0, shared / smaller) if smaller else 0.0,
            _share(self.lead, other.lead),
            1.0 if few else _share(self.figures, other.figures),
        )

    def to_bytes(self) -> bytes:
        """The signature as stored in a project (little-endian, about 0.8 KB)."""
        if self._stored is not None:
            return self._stored
        head = _HEADER.pack(self.size, len(self.values), len(self.lead), len(self.figures))
        parts = (self.values, self.lead, self.figures)
        return head + b"".join(a.astype("<u4").tobytes() for a in parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        """A signature read back from :meth:`to_bytes`.

        Raises:
            ValueError: the bytes are not a signature.
        """
        if len(data) < _HEADER.size:
            raise ValueError("not a story signature")
        size, n, lead, figures = _HEADER.unpack_from(data)
        if len(data) != _HEADER.size + 4 * (n + lead + figures):
            raise ValueError("not a story signature")
        a = np.frombuffer(data, dtype="<u4", offset=_HEADER.size).astype(np.uint32)
        sig = cls(a[:n], size, a[n : n + lead], a[n + lead :])
        sig._stored = bytes(data)
        return sig


# MurmurHash3's 32-bit finalizer: datasketch's affine32 scheme mixes each input hash with it.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


def _fmix32(h: U32) -> U32:
    s1, m1, s2, m2 = _FMIX
    h = h ^ (h >> s1)
    h = h * m1
    h = h ^ (h >> s2)
    h = h * m2
    return h ^ (h >> s1)


def permutations(num_perm: int, seed: int) -> tuple[U32, U32]:
    """The (a, b) of each MinHash permutation ``a * h + b``, as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint64).astype(np.uint32)
    return a, b


class Hasher:
    """Makes signatures with one set of parameters (one MinHash permutation set)."""

    def __init__(self, p: Params = DEFAULT) -> None:
        self.params = p
        self._a, self._b = permutations(p.num_perm, p.seed)

    def _minhashes(self, text: I64, hashes: U32, count: int) -> U32:
        """The MinHash values of each text's hashes (sorted by text): one row a text.

        One permutation at a time over every text's hashes: long contiguous runs, some ten
        times faster than a (hashes x permutations) block.
        """
        out = np.full((count, self.params.num_perm), 0xFFFFFFFF, np.uint32)
        if not len(hashes):
            return out
        mixed = _fmix32(hashes.astype(np.uint32))
        cut = np.flatnonzero(np.concatenate([[True], text[1:] != text[:-1]]))
        found = np.empty((len(cut), self.params.num_perm), np.uint32)
        permuted = np.empty(len(mixed), np.uint32)
        for k, (a, b) in enumerate(zip(self._a, self._b, strict=True)):
            np.multiply(mixed, a, out=permuted)  # wraps modulo 2**32, as datasketch's
            np.add(permuted, b, out=permuted)
            found[:, k] = np.minimum.reduceat(permuted, cut)
        out[text[cut]] = found
        return out

    def signature(self, text: str) -> Signature:
        """The text's signature (all values at their maximum, size 0, for a text without words)."""
        return self.signatures([text])[0]

    def signatures(self, texts: list[str]) -> list[Signature]:
        """The signatures of many texts at once (a worker's chunk: far fewer numpy calls)."""
        p, n = self.params, len(texts)
        w = _texts_words(texts)
        text, hashes = _grams(w.h, w.owner, w.starts, w.ends, p.shingle)
        values = self._minhashes(text, hashes, n)
        sizes = np.bincount(text, minlength=n).tolist()
        first = np.minimum(w.ends, w.starts + p.lead_words)
        lead = _split(*_grams(w.h, w.owner, w.starts, first, p.shingle), n)
        owner = w.owner[w.figure].astype(np.uint64)
        found = _distinct((owner << _SHIFT) | (w.h[w.figure] >> _SHIFT))
        figures = _split(
            (found >> _SHIFT).astype(np.int64), (found & np.uint64(0xFFFFFFFF)).astype(np.uint32), n
        )
        return [Signature(values[t], sizes[t], lead[t], figures[t]) for t in range(n)]

    def bands(self, values: npt.NDArray[np.uint32]) -> U64:
        """The LSH keys of signature values: one a band (of a row, or of each row of a matrix).

        A key mixes the band's number with its values, so equal values in two bands differ.
        """
        p = self.params
        v = values.reshape(-1, values.shape[-1])[:, : p.bands * p.rows].astype(np.uint64)
        v = v.reshape(len(v), p.bands, p.rows)
        key = np.broadcast_to(np.arange(1, p.bands + 1, dtype=np.uint64), v.shape[:2]).copy()
        for r in range(p.rows):
            key = (key * _MIX) ^ v[:, :, r]
        key ^= key >> _SHIFT
        key *= _MIX
        return key.reshape((*values.shape[:-1], p.bands))


def same_story(a: str, b: str, p: Params = DEFAULT) -> bool:
    """Whether two texts are the same story, judged on their signatures."""
    h = Hasher(p)
    return is_same_story(h.signature(a).overlap(h.signature(b), p), p)


class _Bands:
    """LSH band keys and the articles that have them, in a few sorted runs (compact arrays).

    A new article's keys make a run of their own; runs of like size merge, as a binary counter
    carries, so there are never more than about log2(n) runs to search.
    """

    def __init__(self) -> None:
        self._runs: list[tuple[U64, npt.NDArray[np.int64]]] = []

    def add(self, keys: U64, ids: npt.NDArray[np.int64]) -> None:
        order = np.argsort(keys, kind="stable")
        run = (keys[order], ids[order])
        while self._runs and len(self._runs[-1][0]) <= len(run[0]):
            k, i = self._runs.pop()
            k, i = np.concatenate([k, run[0]]), np.concatenate([i, run[1]])
            order = np.argsort(k, kind="stable")
            run = (k[order], i[order])
        self._runs.append(run)

    def lookup(self, keys: U64) -> Iterator[tuple[int, list[int]]]:
        """(position in ``keys``, the ids filed under that key) for each key found."""
        for k, i in self._runs:
            lo = np.searchsorted(k, keys, "left")
            found = np.flatnonzero(k[np.minimum(lo, len(k) - 1)] == keys)
            hi = np.searchsorted(k, keys[found], "right")  # only for the keys there
            for n, a, b in zip(found.tolist(), lo[found].tolist(), hi.tolist(), strict=True):
                yield n, i[max(a, b - MAX_CANDIDATES) : b].tolist()  # the last filed, if many

    def query(self, keys: U64) -> set[int]:
        return {i for _, found in self.lookup(keys) for i in found}

    def nbytes(self) -> int:
        return sum(k.nbytes + i.nbytes for k, i in self._runs)


#: Candidates confirmed an article at most, those sharing the most bands: templated reports
#: (thousands from one form) would otherwise each be compared with all the others.
MAX_CANDIDATES = 64


def _likeliest(near: Counter[int]) -> list[int]:
    return [i for i, _ in near.most_common(MAX_CANDIDATES)]


def _repeats(keys: U64, owner: npt.NDArray[np.int64]) -> Iterator[tuple[int, int]]:
    """(later, earlier) owners of equal keys: the batch's articles that share a band.

    Each owner meets at most ``MAX_CANDIDATES`` owners before it under one key.
    """
    order = np.argsort(keys, kind="stable")  # owners ascend within a run of equal keys
    k, o = keys[order], owner[order]
    for d in range(1, MAX_CANDIDATES + 1):  # each key with the one d places before it
        same = np.flatnonzero(k[d:] == k[:-d])
        if not len(same):
            break
        later, earlier = o[same + d], o[same]
        other = later != earlier
        yield from zip(later[other].tolist(), earlier[other].tolist(), strict=True)


class StoryIndex:
    """Articles filed by signature, each in a story (a label) that grows as copies are added.

    A story's label is an article id, as the project stores it; when an article joins several
    stories they become one, under the smallest label. Not thread-safe: one worker fills it.
    """

    def __init__(self, p: Params = DEFAULT) -> None:
        self.params = p
        self._hasher = Hasher(p)
        self._bands = _Bands()
        self._sigs: dict[int, bytes] = {}  # kept as bytes: a third of the arrays' memory
        self._label: dict[int, int] = {}
        self._members: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._sigs

    def signature(self, text: str) -> Signature:
        return self._hasher.signature(text)

    def load(self, items: Iterable[tuple[int, bytes, int | None]]) -> None:
        """File many stored articles at once: (id, signature bytes, story label or None).

        Raises:
            ValueError: a signature is malformed, or made with other parameters.
        """
        rows = [(i, Signature.from_bytes(b), label) for i, b, label in items]
        if not rows:
            return
        if any(len(s.values) != self.params.num_perm for _, s, _ in rows):
            raise ValueError("a story signature was made with other parameters")
        for i, s, label in rows:
            self._sigs[i] = s.to_bytes()
            self._file_label(i, i if label is None else label)
        filed = [(i, s) for i, s, _ in rows if s.size]
        if filed:
            keys = self._hasher.bands(np.stack([s.values for _, s in filed]))
            ids = np.repeat(np.array([i for i, _ in filed], np.int64), self.params.bands)
            self._bands.add(keys.reshape(-1), ids)

    def candidates(self, sig: Signature) -> list[int]:
        """Filed articles whose signatures agree with ``sig`` on a band, unconfirmed."""
        if not self._sigs or not sig.size:
            return []
        return sorted(self._bands.query(self._hasher.bands(sig.values)))

    def matches(self, sig: Signature) -> list[tuple[int, Overlap]]:
        """Filed articles that are the same story as ``sig``, most contained first."""
        return self._confirmed(sig, self.candidates(sig))

    def _confirmed(self, sig: Signature, ids: Iterable[int]) -> list[tuple[int, Overlap]]:
        """The candidates that are the same story, most contained first.

        Most candidates share a band by chance: their MinHash values, compared all at once,
        rule them out before leads and figures are read.
        """
        p, n = self.params, self.params.num_perm
        ids = list(ids)
        if not ids:
            return []
        blobs = [self._sigs[i] for i in ids]
        start = _HEADER.size
        values = np.frombuffer(b"".join(b[start : start + 4 * n] for b in blobs), "<u4")
        sizes = np.array([_HEADER.unpack_from(b)[0] for b in blobs], np.float64)
        j = np.count_nonzero(values.reshape(len(ids), n) == sig.values, axis=1) / n
        shared = j / (1 + j) * (sig.size + sizes)
        contained = shared / np.maximum(np.minimum(sizes, sig.size), 1)
        maybe = (shared >= p.min_shared) & ((j >= p.jaccard) | (contained >= p.containment))
        found = []
        for k in np.flatnonzero(maybe).tolist():
            o = sig.overlap(Signature.from_bytes(blobs[k]), p)
            if is_same_story(o, p):
                found.append((ids[k], o))
        return sorted(found, key=lambda f: (-f[1].containment, f[0]))

    def file(self, batch: list[tuple[int, Signature]]) -> list[list[int]]:
        """File a batch of articles; for each, the articles filed before it that it matches.

        Earlier articles of the batch count. The batch's band keys are looked up all at once,
        in the index and among themselves, then filed in the index as one run.

        Raises:
            ValueError: an id is filed already, or twice in the batch.
        """
        ids = [i for i, _ in batch]
        seen: set[int] = set()
        for i in ids:
            if i in self._sigs or i in seen:
                raise ValueError(f"article {i} is filed already")
            seen.add(i)
        near: list[Counter[int]] = [Counter() for _ in batch]  # bands shared, per candidate
        rows = [n for n, (_, sig) in enumerate(batch) if sig.size]
        if rows:
            keys = self._hasher.bands(np.stack([batch[n][1].values for n in rows]))
            flat = keys.reshape(-1)
            owner = np.repeat(np.array(rows, np.int64), self.params.bands)
            for n, found in self._bands.lookup(flat):
                near[int(owner[n])].update(found)
            for later, earlier in _repeats(flat, owner):
                near[later][ids[earlier]] += 1
            self._bands.add(flat, np.array(ids, np.int64)[owner])
        for article_id, sig in batch:
            self._sigs[article_id] = sig.to_bytes()
        return [[i for i, _ in self._confirmed(sig, near[n])] for n, (_, sig) in enumerate(batch)]

    def add(self, article_id: int, sig: Signature | str) -> list[int]:
        """File an article (its signature, or its body) and join it to the stories it matches.

        Returns the stories' labels merged away into the article's story: theirs are now
        :meth:`story` of the article.

        Raises:
            ValueError: the id is filed already.
        """
        if isinstance(sig, str):
            sig = self._hasher.signature(sig)
        (matched,) = self.file([(article_id, sig)])
        labels = {self._label[i] for i in matched}
        label = min(labels | {article_id})
        self._file_label(article_id, label)
        for old in sorted(labels - {label}):
            for member in self._members.pop(old):
                self._label[member] = label
                self._members[label].append(member)
        return sorted(labels - {label})

    def _file_label(self, article_id: int, label: int) -> None:
        self._label[article_id] = label
        self._members.setdefault(label, []).append(article_id)

    def story(self, article_id: int) -> int:
        """The label of the story an article belongs to."""
        return self._label[article_id]

    def groups(self) -> list[list[int]]:
        """The stories of two or more articles, each sorted, in order of their first id."""
        return sorted(sorted(g) for g in self._members.values() if len(g) > 1)

    def nbytes(self) -> int:
        """Memory held by the band tables and the signatures (not Python's own overheads)."""
        return self._bands.nbytes() + sum(len(b) for b in self._sigs.values())
