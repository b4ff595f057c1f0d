"""How well db.index.stories tells the same story apart, beside a naive floor, and how fast.

The labels are an index (tests/fixtures/stories/pairs.tsv, described in the README beside it):
pairs of corpus members, the SHA-256 of each member's bytes, and "same" or "different" story.
The texts are read from the corpus archives; a member whose bytes no longer have the labelled
SHA-256 is reported and its pairs left out. Each article's body (the blocks the parser calls
paragraph, standfirst or subheading) is what the index sees, as an import would give it.

A pair is called the same story when the index, holding both articles, finds one from the
other (LSH candidate, then the decision rule). The floor calls two articles the same story when
their titles are equal (Tehran Times: the file name's slug; Horne: the first line). A pair is
held out when ``int(sha256(member_a + TAB + member_b), 16) % 5 < 2``; tune on dev only.
The timing adds every Tehran Times article to one index, then queries one.
Usage: python -m bench.stories [--corpora DIR] [--labels TSV] [--tune] [--no-timing] [--scale 3]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import itertools
import random
import re
import resource
import sys
import tarfile
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from db.index.stories import (
    DEFAULT,
    Hasher,
    Params,
    Signature,
    StoryIndex,
    is_same_story,
    words,
)
from db.ingest.decode import DecodeError, decode
from db.ingest.parse_text import parse_text
from db.store.models import BODY_KINDS

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
LABELS = ROOT / "tests" / "fixtures" / "stories" / "pairs.tsv"
HEADER = (
    *("archive_a", "member_a", "sha256_a", "archive_b", "member_b", "sha256_b"),
    *("found_by", "label", "note"),
)
SAME, DIFFERENT = "same", "different"
TIMING_ARCHIVE = "tehran-times.tar.xz"
BATCH = 2500  # articles filed at once, as an import writes a chunk
_SLUG = re.compile(r"_news_\d+_(.*)\.txt$")


@dataclass(frozen=True)
class Pair:
    a: tuple[str, str]  # (archive, member)
    b: tuple[str, str]
    sha_a: str
    sha_b: str
    same: bool

    @property
    def held_out(self) -> bool:
        key = f"{self.a[1]}\t{self.b[1]}".encode()
        return int(hashlib.sha256(key).hexdigest(), 16) % 5 < 2


@dataclass
class Article:
    body: str
    title: str


def read_pairs(path: Path = LABELS) -> list[Pair]:
    """The labelled pairs of an index file.

    Raises:
        ValueError: a row is malformed (says which).
    """
    rows = path.read_text(encoding="utf-8").splitlines()
    if not rows or tuple(rows[0].split("\t")) != HEADER:
        raise ValueError(f"{path.name}: the first row must be {' '.join(HEADER)}")
    out = []
    for n, row in enumerate(rows[1:], start=2):
        c = row.split("\t")
        if len(c) != len(HEADER) or c[7] not in (SAME, DIFFERENT):
            raise ValueError(f"{path.name}:{n}: not {len(HEADER)} columns with a known label")
        out.append(Pair((c[0], c[1]), (c[3], c[4]), c[2], c[5], c[7] == SAME))
    return out


def body_of(member: str, text: str) -> str:
    """The article's body as an import indexes it: body blocks only."""
    art = parse_text(text, filename=member.rsplit("/", 1)[-1])
    return "\n\n".join(art.block_text(b) for b in art.blocks if b.kind in BODY_KINDS)


def title_of(member: str, text: str) -> str:
    m = _SLUG.search(member)
    if m:
        return m[1].replace("-", " ").casefold()
    if "horne2017/" in member:
        return text.strip().split("\n", 1)[0].strip().casefold()
    return ""  # a gold text without headline: the floor never matches it


def read_archive(archive: Path, wanted: Iterable[str] | None) -> Iterable[tuple[str, str, bytes]]:
    """(member, sha256 of its bytes, bytes) of the wanted text members, or of all."""
    keep = None if wanted is None else set(wanted)
    with tarfile.open(archive, "r:xz") as tar:
        for m in tar:
            if not m.isfile() or not m.name.endswith(".txt") or m.name.endswith("MANIFEST.jsonl"):
                continue
            if keep is not None and m.name not in keep:
                continue
            f = tar.extractfile(m)
            if f is not None:
                data = f.read()
                yield m.name, hashlib.sha256(data).hexdigest(), data


def load(corpora: Path, pairs: Sequence[Pair]) -> tuple[dict[tuple[str, str], Article], set[str]]:
    """The labelled articles, and the members left out (missing, changed or unreadable)."""
    want: dict[str, dict[str, str]] = defaultdict(dict)
    for p in pairs:
        want[p.a[0]][p.a[1]] = p.sha_a
        want[p.b[0]][p.b[1]] = p.sha_b
    found: dict[tuple[str, str], Article] = {}
    for archive, members in sorted(want.items()):
        if not (corpora / archive).exists():
            continue
        for name, digest, data in read_archive(corpora / archive, members):
            if digest != members[name]:
                continue
            try:
                text = decode(data).text
            except DecodeError:
                continue
            found[(archive, name)] = Article(body_of(name, text), title_of(name, text))
    missing = {m for a, ms in want.items() for m in ms if (a, m) not in found}
    return found, missing


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, truth: bool, said: bool) -> None:
        if truth and said:
            self.tp += 1
        elif said:
            self.fp += 1
        elif truth:
            self.fn += 1
        else:
            self.tn += 1

    def line(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        counts = f"tp {self.tp:3} fp {self.fp:3} fn {self.fn:3} tn {self.tn:3}"
        return f"  {name:<22} P {p:5.3f}  R {r:5.3f}  F1 {f:5.3f}   {counts}"


class Judge:
    """Signatures of the labelled articles, in one index per parameter set."""

    def __init__(self, articles: dict[tuple[str, str], Article], p: Params) -> None:
        self.params = p
        self.index = StoryIndex(p)
        self.ids = {key: n for n, key in enumerate(sorted(articles))}
        self.sigs: dict[int, Signature] = {}
        for key, n in self.ids.items():
            self.sigs[n] = self.index.signature(articles[key].body)
            self.index.add(n, self.sigs[n])

    def said(self, pair: Pair, p: Params | None = None) -> bool:
        """Whether one article finds the other: LSH candidate, then the rule (``p``'s)."""
        a, b = self.ids[pair.a], self.ids[pair.b]
        if b not in self.index.candidates(self.sigs[a]):
            return False
        return is_same_story(self.sigs[a].overlap(self.sigs[b], p or self.params), p or self.params)


def scores(
    pairs: Sequence[Pair], articles: dict[tuple[str, str], Article], judge: Judge
) -> dict[tuple[str, bool], Score]:
    out: dict[tuple[str, bool], Score] = defaultdict(Score)
    for pair in pairs:
        ta, tb = articles[pair.a].title, articles[pair.b].title
        out[("stories", pair.held_out)].add(pair.same, judge.said(pair))
        out[("floor", pair.held_out)].add(pair.same, bool(ta) and ta == tb)
    return out


def f1(s: Score) -> float:
    return 2 * s.tp / (2 * s.tp + s.fp + s.fn) if s.tp else 0.0


def tune(pairs: Sequence[Pair], articles: dict[tuple[str, str], Article]) -> None:
    """Grid over the decision rule and shingle size on dev pairs; prints the best few."""
    dev = [p for p in pairs if not p.held_out]
    results = []
    for shingle in (3, 4, 5):
        judge = Judge(articles, replace(DEFAULT, shingle=shingle))
        grid = itertools.product(
            (0.6, 0.7, 0.8, 0.9), (0.5, 0.6, 0.7, 0.8), (0.0, 0.3, 0.5, 0.7), (0.0, 0.5, 0.75, 0.9)
        )
        for jac, con, lead, fig in grid:
            p = replace(judge.params, jaccard=jac, containment=con, lead_overlap=lead, figures=fig)
            s = Score()
            for pair in dev:
                s.add(pair.same, judge.said(pair, p))
            results.append((f1(s), s.tp - s.fp, p, s))
    results.sort(key=lambda r: (-r[0], -r[1]))
    print("best on dev (F1, then tp - fp):")
    for _, _, p, s in results[:8]:
        knobs = f"k={p.shingle} J>={p.jaccard} C>={p.containment} lead>={p.lead_overlap}"
        print(s.line(f"{knobs} fig>={p.figures}"))


def shuffled(body: str, seed: int) -> str:
    """The body with each sentence's words shuffled: a new text of the same length and words."""
    rng = random.Random(seed)
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", body):
        ws = sentence.split()
        rng.shuffle(ws)
        out.append(" ".join(ws))
    return " ".join(out)


def timing(corpora: Path, scale: int) -> None:
    """Every Tehran Times body added to one index, then (``scale`` > 1) as many again per step.

    The extra bodies are the same articles with each sentence's words shuffled (seeded): as
    many distinct texts as a larger corpus, with the same lengths and vocabulary.
    """
    archive = corpora / TIMING_ARCHIVE
    bodies = []
    for name, _, data in read_archive(archive, None):
        try:
            bodies.append(body_of(name, decode(data).text))
        except DecodeError:
            continue
    real = len(bodies)
    bodies += [shuffled(b, k * len(bodies) + n) for k in range(1, scale) for n, b in
               enumerate(bodies[:real])]  # fmt: skip
    index = StoryIndex()
    gc.collect()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t_sig = t_add = 0.0
    hasher = Hasher()
    parent = list(range(len(bodies)))  # union-find over what each batch matched

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for start in range(0, len(bodies), BATCH):  # as an import files its chunks
        t0 = time.perf_counter()
        ids = range(start, min(start + BATCH, len(bodies)))
        made = [
            s
            for k in range(0, len(ids), 200)
            for s in hasher.signatures([bodies[n] for n in ids[k : k + 200]])
        ]  # as an import's workers make them: 200 a time
        batch = list(zip(ids, made, strict=True))
        t1 = time.perf_counter()
        for (n, _), matched in zip(batch, index.file(batch), strict=True):
            for m in matched:
                parent[max(root(n), root(m))] = min(root(n), root(m))
        t_sig, t_add = t_sig + t1 - t0, t_add + time.perf_counter() - t1
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Floor: the same bodies' words only split and hashed, as the shingles need them.
    t0 = time.perf_counter()
    for body in bodies:
        zlib.crc32(" ".join(words(body)).encode("utf-8"))
    floor = time.perf_counter() - t0
    probe = index.signature(bodies[real // 2])
    t2 = time.perf_counter()
    for _ in range(20):
        found = index.matches(probe)
    t3 = time.perf_counter()
    cands = [len(index.candidates(index.signature(b))) for b in bodies[::97]]
    sizes = Counter(root(i) for i in range(len(bodies)))
    groups = [k for k in sizes.values() if k > 1]
    n = len(bodies)
    print(f"timing: {n} bodies ({real} Tehran Times, {n - real} shuffled) added in "
          f"{t_sig + t_add:.1f} s; floor (words split and hashed) {floor:.1f} s, "
          f"ratio {(t_sig + t_add) / floor:.2f}")  # fmt: skip
    print(f"  per article {t_sig / n * 1e3:.2f} ms signature + {t_add / n * 1e3:.2f} ms "
          f"LSH query, confirm and file, in batches of {BATCH}")  # fmt: skip
    print(f"  memory: peak RSS grew {(rss1 - rss0) / 1024:.0f} MB while adding; band tables "
          f"and signatures hold {index.nbytes() / 2**20:.0f} MB")  # fmt: skip
    print(f"  query one article: {(t3 - t2) / 20 * 1e3:.2f} ms, {len(found)} matches")
    print(f"  candidates per query: mean {sum(cands) / len(cands):.1f}, max {max(cands)}")
    print(f"  {len(groups)} stories of 2+ articles, holding {sum(groups)} articles")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.stories")
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--tune", action="store_true", help="grid over the rule on dev pairs")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--scale", type=int, default=1, help="time on N times the corpus")
    args = ap.parse_args(argv)
    pairs = read_pairs(args.labels)
    articles, missing = load(args.corpora, pairs)
    if missing:
        print(f"{len(missing)} labelled members missing or changed, their pairs left out")
    pairs = [p for p in pairs if p.a in articles and p.b in articles]
    if not pairs:
        print(f"no labelled pairs readable under {args.corpora}", file=sys.stderr)
        return 1
    if args.tune:
        tune(pairs, articles)
    p = DEFAULT
    print(
        f"params: {p.shingle}-word shingles, {p.num_perm} permutations, LSH {p.bands}x{p.rows}; "
        f"same if figures>={p.figures} and shared>={p.min_shared} and (J>={p.jaccard} "
        f"or C>={p.containment} with lead>={p.lead_overlap})"
    )
    result = scores(pairs, articles, Judge(articles, p))
    for held_out in (False, True):
        split = [q for q in pairs if q.held_out == held_out]
        same = sum(q.same for q in split)
        print(f"{'held-out' if held_out else 'dev'}: {len(split)} pairs, {same} same story")
        print(result[("stories", held_out)].line("stories (MinHash LSH)"))
        print(result[("floor", held_out)].line("floor (equal titles)"))
    if not args.no_timing and (args.corpora / TIMING_ARCHIVE).exists():
        timing(args.corpora, args.scale)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
