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

Deterministic: shingles are hashed with CRC-32 and the permutations come from a fixed seed, so
the same texts give the same signatures in every run, process and machine. Give the index the
article's body (headline, captions and boilerplate such as licence footers left out).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

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
    bands: int = 42  # LSH bands of ``rows`` values: candidates agree on a whole band
    rows: int = 3
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


def _vocabulary(ws: list[str]) -> dict[str, int]:
    """Each distinct word's CRC-32."""
    return {w: zlib.crc32(w.encode("utf-8")) for w in set(ws)}


def _hash_words(ws: list[str], vocab: dict[str, int] | None = None) -> npt.NDArray[np.uint64]:
    v = _vocabulary(ws) if vocab is None else vocab
    return np.fromiter((v[w] for w in ws), dtype=np.uint64, count=len(ws))


def _ngrams(h: npt.NDArray[np.uint64], size: int) -> U32:
    """The distinct 32-bit hashes of the ``size``-grams of word hashes ``h``, sorted.

    A text shorter than ``size`` words is one shingle.
    """
    if not len(h):
        return np.empty(0, dtype=np.uint32)
    n = max(1, len(h) - size + 1)
    acc = np.zeros(n, dtype=np.uint64)
    for i in range(min(size, len(h))):
        acc = (acc + h[i : i + n]) * _MIX  # wraps modulo 2**64
    return np.unique((acc >> _SHIFT).astype(np.uint32))


def shingles(text: str, size: int = DEFAULT.shingle) -> set[int]:
    """The hashes of the text's word ``size``-grams (folded, case-folded)."""
    return {int(x) for x in _ngrams(_hash_words(words(text)), size)}


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
    smaller = min(len(a), len(b))
    return len(np.intersect1d(a, b, assume_unique=True)) / smaller if smaller else 0.0


_HEADER = struct.Struct("<IHHH")  # shingles, permutations, lead shingles, figures


class Signature:
    """A text's MinHash values, its shingle count, its lead's shingles and its figures."""

    __slots__ = ("figures", "lead", "size", "values")

    def __init__(self, values: U32, size: int, lead: U32, figures: U32) -> None:
        self.values = values
        self.size = size
        self.lead = lead
        self.figures = figures

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
        return cls(a[:n], size, a[n : n + lead], a[n + lead :])


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

    def minhash(self, hashes: U32) -> U32:
        """The MinHash values of a set of 32-bit hashes (all at their maximum for none)."""
        if not len(hashes):
            return np.full(self.params.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        mixed = _fmix32(hashes.astype(np.uint32))
        out = np.empty(self.params.num_perm, dtype=np.uint32)
        for start in range(0, len(mixed), 2048):  # a bounded (shingles x permutations) block
            part = mixed[start : start + 2048, None] * self._a + self._b
            block = part.min(axis=0)
            out = block if start == 0 else np.minimum(out, block)
        return out

    def signature(self, text: str) -> Signature:
        """The text's signature (all values at their maximum, size 0, for a text without words)."""
        ws = words(text)
        vocab = _vocabulary(ws)
        h = _hash_words(ws, vocab)
        hashes = _ngrams(h, self.params.shingle)
        lead = _ngrams(h[: self.params.lead_words], self.params.shingle)
        figures = np.unique(np.array([v for w, v in vocab.items() if w[0].isdigit()], np.uint32))
        return Signature(self.minhash(hashes), len(hashes), lead, figures)

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
            hi = np.searchsorted(k, keys, "right")
            for n in np.flatnonzero(hi > lo).tolist():  # the last filed, when a key has many
                yield n, i[max(lo[n], hi[n] - MAX_CANDIDATES) : hi[n]].tolist()

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
    k, o = keys[order], owner[order].tolist()
    starts = [*np.flatnonzero(np.r_[True, k[1:] != k[:-1]]).tolist(), len(k)]
    for a, b in pairwise(starts):
        for n in range(a + 1, b):
            for m in range(max(a, n - MAX_CANDIDATES), n):
                if o[m] != o[n]:
                    yield o[n], o[m]


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
        p = self.params
        found = [(i, sig.overlap(Signature.from_bytes(self._sigs[i]), p)) for i in ids]
        found = [(i, o) for i, o in found if is_same_story(o, p)]
        return sorted(found, key=lambda f: (-f[1].containment, f[0]))

    def file(self, batch: list[tuple[int, Signature]]) -> list[list[int]]:
        """File a batch of articles; for each, the articles filed before it that it matches.

        Earlier articles of the batch count. The batch's band keys are looked up all at once,
        in the index and among themselves, then filed in the index as one run.

        Raises:
            ValueError: an id is filed already, or twice in the batch.
        """
        ids = [i for i, _ in batch]
        clash = [i for n, i in enumerate(ids) if i in self._sigs or i in ids[:n]]
        if clash:
            raise ValueError(f"article {clash[0]} is filed already")
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
