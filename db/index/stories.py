"""Articles that are the same story: copies, cuts and light rewrites of one report.

An article's body becomes a set of word shingles (:func:`shingles`: ``Params.shingle`` words
in a row, folded and case-folded, each hashed to 32 bits), summed up as a MinHash
:class:`Signature`. :class:`StoryIndex` files signatures in a datasketch ``MinHashLSH`` with
narrow bands, so that pairs sharing a fifth of their shingles become candidates, then confirms
each candidate (:func:`is_same_story`) on the Jaccard index and on containment,
``|A∩B| / min(|A|, |B|)``: a local paper's cut of a wire story shares little of the whole but
is nearly all inside it. Confirmed pairs join stories by union-find.

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
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash, MinHashLSH

from db.index.fold import fold

U32 = npt.NDArray[np.uint32]


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


class Hasher:
    """Makes signatures with one set of parameters (one MinHash permutation set)."""

    def __init__(self, p: Params = DEFAULT) -> None:
        self.params = p
        self._template = MinHash(num_perm=p.num_perm, seed=p.seed, hashfunc=int)

    def signature(self, text: str) -> Signature:
        """The text's signature (all values at their maximum, size 0, for a text without words)."""
        ws = words(text)
        vocab = _vocabulary(ws)
        h = _hash_words(ws, vocab)
        hashes = _ngrams(h, self.params.shingle)
        m = self._template.copy()
        m.update_batch(hashes.tolist())
        lead = _ngrams(h[: self.params.lead_words], self.params.shingle)
        figures = np.unique(np.array([v for w, v in vocab.items() if w[0].isdigit()], np.uint32))
        return Signature(np.asarray(m.hashvalues, dtype=np.uint32), len(hashes), lead, figures)

    def minhash(self, sig: Signature) -> LeanMinHash:
        """The signature as a datasketch MinHash, as the LSH files it."""
        return LeanMinHash(seed=self.params.seed, hashvalues=sig.values, scheme="affine32")


def same_story(a: str, b: str, p: Params = DEFAULT) -> bool:
    """Whether two texts are the same story, judged on their signatures."""
    h = Hasher(p)
    return is_same_story(h.signature(a).overlap(h.signature(b), p), p)


def _crc32(band: bytes) -> int:
    return zlib.crc32(band)


class StoryIndex:
    """Articles filed by signature and grouped into stories as they are added.

    Not thread-safe: one worker fills it (off the UI thread).
    """

    def __init__(self, p: Params = DEFAULT) -> None:
        self.params = p
        self._hasher = Hasher(p)
        # Bands are keyed by their CRC-32, an int: smaller than the band's bytes.
        self._lsh = MinHashLSH(num_perm=p.num_perm, params=(p.bands, p.rows), hashfunc=_crc32)
        self._sigs: dict[int, Signature] = {}
        self._parent: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._sigs

    def signature(self, text: str) -> Signature:
        return self._hasher.signature(text)

    def candidates(self, sig: Signature) -> list[int]:
        """Filed articles whose signatures agree with ``sig`` on a band, unconfirmed."""
        if not self._sigs or not sig.size:
            return []
        return sorted(self._lsh.query(self._hasher.minhash(sig)))

    def matches(self, sig: Signature) -> list[tuple[int, Overlap]]:
        """Filed articles that are the same story as ``sig``, most contained first."""
        p = self.params
        found = [(i, sig.overlap(self._sigs[i], p)) for i in self.candidates(sig)]
        found = [(i, o) for i, o in found if is_same_story(o, p)]
        return sorted(found, key=lambda f: (-f[1].containment, f[0]))

    def add(self, article_id: int, text: str) -> list[int]:
        """File an article and join it to the stories it matches; the ids it matched.

        Raises:
            ValueError: the id is filed already.
        """
        if article_id in self._sigs:
            raise ValueError(f"article {article_id} is filed already")
        sig = self._hasher.signature(text)
        found = [i for i, _ in self.matches(sig)]
        self._sigs[article_id] = sig
        self._parent[article_id] = article_id
        if sig.size:
            self._lsh.insert(article_id, self._hasher.minhash(sig), check_duplication=False)
        for other in found:
            self._union(article_id, other)
        return found

    def story(self, article_id: int) -> int:
        """The story an article belongs to, named by its smallest article id."""
        parent = self._parent
        root = article_id
        while parent[root] != root:
            root = parent[root]
        while parent[article_id] != root:  # path compression
            parent[article_id], article_id = root, parent[article_id]
        return root

    def groups(self) -> list[list[int]]:
        """The stories of two or more articles, each sorted, in order of their first id."""
        out: dict[int, list[int]] = {}
        for i in self._parent:
            out.setdefault(self.story(i), []).append(i)
        return sorted(sorted(g) for g in out.values() if len(g) > 1)

    def _union(self, a: int, b: int) -> None:
        ra, rb = self.story(a), self.story(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)
