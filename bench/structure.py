"""How well the text parser labels each line of an article, beside a naive floor.

The labels are an index (tests/fixtures/structure/labels.tsv, described in the README beside
it): archive, member, the SHA-256 of the member's text, a line number and its kind. The texts
are regenerated from the corpus archives (see :mod:`bench.render`), except those of archive
``own``: articles written for the project, kept in the repository beside the index. An article
whose text no longer has the labelled SHA-256 is reported and left out. The parser's kind for
a line is the kind of the block holding most of its visible characters. The floor calls the
first line a headline and every other line a paragraph.
A headline is matched exactly when the lines called headline are exactly the labelled ones.
Usage: python -m bench.structure [--split dev|held-out|all] [--parser rules|model] [--sites]
       [--labels TSV] [--corpora DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench.render import CORPORA, HTML_SUFFIXES, article_texts, member_text, sha256
from db.ingest.article import BlockSpan
from db.ingest.decode import DecodeError
from db.ingest.lines.labeller import BUNDLED
from db.ingest.parse_text import parse_text
from db.store.models import BlockKind

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "fixtures" / "structure" / "labels.tsv"
#: The archive of the articles written for the project: member ``own/x.txt`` is the file
#: ``x.txt`` of the folder OWN in the repository, not a member of an archive in the corpora.
OWN_ARCHIVE = "own"
OWN = LABELS.parent / OWN_ARCHIVE
KINDS = tuple(str(k) for k in BlockKind)
NONE = "none"  # a line no block of the parser covers
HEADER = ("archive", "member", "sha256", "line", "kind")
_SHA = re.compile(r"[0-9a-f]{64}")
_VISIBLE = re.compile(r"\S")


@dataclass
class Labelled:
    """One article's labels: ``kinds[i]`` is the kind of its ``i``-th non-blank line."""

    archive: str
    member: str
    sha256: str
    kinds: dict[int, str] = field(default_factory=dict)


def read_labels(path: Path = LABELS) -> list[Labelled]:
    """The labelled articles of an index file, in its order.

    Raises:
        ValueError: a row is malformed (says which and why).
    """
    articles: dict[tuple[str, str], Labelled] = {}
    rows = path.read_text(encoding="utf-8").splitlines()
    if not rows or tuple(rows[0].split("\t")) != HEADER:
        raise ValueError(f"{path.name}: the first row must be {' '.join(HEADER)}")
    for n, row in enumerate(rows[1:], start=2):
        cells = row.split("\t")
        if len(cells) != len(HEADER):
            raise ValueError(f"{path.name}:{n}: {len(cells)} columns, not {len(HEADER)}")
        archive, member, digest, line, kind = cells
        folder = archive.removesuffix(".tar.xz")
        if (folder == archive and archive != OWN_ARCHIVE) or not member.startswith(folder + "/"):
            raise ValueError(f"{path.name}:{n}: {member!r} is not a member of {archive!r}")
        if not _SHA.fullmatch(digest):
            raise ValueError(f"{path.name}:{n}: {digest!r} is not a SHA-256 in hex")
        if not line.isdigit():
            raise ValueError(f"{path.name}:{n}: line {line!r} is not a number from 0")
        if kind not in KINDS:
            raise ValueError(f"{path.name}:{n}: {kind!r} is not one of {', '.join(KINDS)}")
        art = articles.setdefault((archive, member), Labelled(archive, member, digest))
        if art.sha256 != digest:
            raise ValueError(f"{path.name}:{n}: {member} has two SHA-256s")
        if int(line) in art.kinds:
            raise ValueError(f"{path.name}:{n}: {member} line {line} is labelled twice")
        art.kinds[int(line)] = kind
    for art in articles.values():
        if sorted(art.kinds) != list(range(len(art.kinds))):
            missing = sorted(set(range(max(art.kinds) + 1)) - set(art.kinds))
            raise ValueError(f"{path.name}: {art.member} has no label for line {missing[0]}")
    return list(articles.values())


#: A way scrapers lay out an article's lines: (text, kinds of its non-blank lines) -> the same.
Layout = Callable[[str, list[str]], tuple[str, list[str]]]


def _no_blank_lines(text: str, kinds: list[str]) -> tuple[str, list[str]]:
    return "".join(f"{line}\n" for line in text.split("\n") if line.strip()), kinds


def _blank_after_each(text: str, kinds: list[str]) -> tuple[str, list[str]]:
    return "".join(f"{line}\n\n" for line in text.split("\n") if line.strip()), kinds


def _article_only(text: str, kinds: list[str]) -> tuple[str, list[str]]:
    """The lines from the first to the last one that is not boilerplate: the page's article
    (and its comments), as a scraper that keeps only the article's element saves it."""
    kept = [i for i, kind in enumerate(kinds) if kind != BlockKind.BOILERPLATE]
    if not kept:
        return text, kinds
    spans = line_spans(text)
    first, last = kept[0], kept[-1]
    return text[spans[first][0] : spans[last][1]] + "\n", kinds[first : last + 1]


#: How scrapers lay out the same lines: as rendered, with no blank line anywhere (one newline
#: between blocks), with a blank line after every line, or only the article's lines (the
#: navigation above it and the page's footer below it left out).
LAYOUTS: dict[str, Layout] = {
    "saved": lambda text, kinds: (text, kinds),
    "no-blank-lines": _no_blank_lines,
    "blank-after-each": _blank_after_each,
    "article-only": _article_only,
}


def held_out(member: str) -> bool:
    """Whether an article is in the held-out third, by a hash of its member path."""
    return int(hashlib.sha256(member.encode("utf-8")).hexdigest(), 16) % 3 == 0


def in_split(member: str, split: str) -> bool:
    return split == "all" or (split == "held-out") == held_out(member)


def line_spans(text: str) -> list[tuple[int, int]]:
    """Where each non-blank line of ``text`` starts and ends (without its line end)."""
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def line_kinds(text: str, blocks: Sequence[BlockSpan]) -> list[str]:
    """The kind of each non-blank line: that of the block holding most of its visible characters
    (the first such block on a tie), or ``none`` where no block holds any of them."""
    kinds = []
    for start, end in line_spans(text):
        seen: Counter[str] = Counter()
        for b in blocks:
            lo, hi = max(start, b.start), min(end, b.end)
            if lo < hi:
                seen[str(b.kind)] += len(_VISIBLE.findall(text, lo, hi))
        kind, count = max(seen.items(), key=lambda item: item[1], default=(NONE, 0))
        kinds.append(kind if count else NONE)
    return kinds


def floor_kinds(count: int) -> list[str]:
    """The naive floor: the first line a headline, every other line a paragraph."""
    return [str(BlockKind.HEADLINE)] + [str(BlockKind.PARAGRAPH)] * (count - 1) if count else []


def parser_filename(member: str) -> str:
    """The file name the parser is given: a rendered page is saved as a ``.txt`` file."""
    name = member.rsplit("/", 1)[-1]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.txt" if dot and f".{suffix.lower()}" in HTML_SUFFIXES else name


def parser_kinds(text: str, member: str) -> list[str]:
    """The current parser's kind for each non-blank line."""
    return line_kinds(text, parse_text(text, filename=parser_filename(member)).blocks)


def rules_kinds(text: str, member: str) -> list[str]:
    """The kind the parser's rules alone give each non-blank line (no line model)."""
    art = parse_text(text, filename=parser_filename(member), labeller=None)
    return line_kinds(text, art.blocks)


def model_kinds(text: str, member: str) -> list[str]:
    """The kind the rules and the bundled line model give each non-blank line."""
    art = parse_text(text, filename=parser_filename(member), labeller=BUNDLED)
    return line_kinds(text, art.blocks)


@dataclass
class Tally:
    """Gold and predicted kinds of lines, and of headlines per article."""

    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    articles: int = 0
    headlines_exact: int = 0

    def add(self, gold: Sequence[str], predicted: Sequence[str]) -> None:
        self.pairs.update(zip(gold, predicted, strict=True))
        self.articles += 1
        heads = {i for i, k in enumerate(gold) if k == BlockKind.HEADLINE}
        said = {i for i, k in enumerate(predicted) if k == BlockKind.HEADLINE}
        self.headlines_exact += int(heads == said)

    @property
    def lines(self) -> int:
        return sum(self.pairs.values())

    def accuracy(self) -> float:
        return _ratio(sum(n for (g, p), n in self.pairs.items() if g == p), self.lines)

    def headline_exact(self) -> float:
        return _ratio(self.headlines_exact, self.articles)

    def prf(self, kind: str) -> tuple[float, float, float, int]:
        """Precision, recall, F1 and the gold count (support) of one kind."""
        hit = self.pairs[(kind, kind)]
        gold = sum(n for (g, _), n in self.pairs.items() if g == kind)
        said = sum(n for (_, p), n in self.pairs.items() if p == kind)
        precision, recall = _ratio(hit, said), _ratio(hit, gold)
        f1 = _ratio(2 * precision * recall, precision + recall)
        return precision, recall, f1, gold


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


@dataclass
class Result:
    """The parser's and the floor's tallies, overall and per group, and what was left out."""

    parser: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    floor: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    stale: list[str] = field(default_factory=list)

    def add(self, groups: Iterable[str], gold: list[str], predicted: list[str]) -> None:
        for group in groups:
            self.parser[group].add(gold, predicted)
            self.floor[group].add(gold, floor_kinds(len(gold)))


ALL = "all"
#: What gives each non-blank line's kind: (text, member) -> kinds. The parser by default.
Kinds = Callable[[str, str], list[str]]


def mismatch(art: Labelled, text: str | None) -> str | None:
    """Why ``text`` cannot be scored against ``art``'s labels, or None if it can."""
    if text is None:
        return f"{art.member}: not found in {art.archive}, or not readable text"
    if sha256(text) != art.sha256:
        return f"{art.member}: its text has changed (SHA-256 differs from the index)"
    if len(line_spans(text)) != len(art.kinds):
        return f"{art.member}: {len(line_spans(text))} lines, {len(art.kinds)} labelled"
    return None


def score(
    articles: Iterable[Labelled],
    texts: dict[tuple[str, str], str],
    sites: dict[str, str],
    kinds: Kinds = parser_kinds,
    layout: Layout = LAYOUTS["saved"],
) -> Result:
    """Tally the lines' ``kinds`` and the floor's against the labels, overall, per archive and
    per site; an article whose text is missing or changed is listed in ``stale`` instead. The
    parser is given each text laid out by ``layout``."""
    result = Result()
    for art in articles:
        text = texts.get((art.archive, art.member))
        problem = mismatch(art, text)
        if problem or text is None:
            result.stale.append(problem or art.member)
            continue
        gold = [art.kinds[i] for i in range(len(art.kinds))]
        collection = art.archive.removesuffix(".tar.xz")
        site = sites.get(art.member, collection)
        laid, gold = layout(text, gold)
        result.add((ALL, collection, f"{collection}: {site}"), gold, kinds(laid, art.member))
    return result


def site_of(member: str, urls: dict[str, str]) -> str:
    """The outlet or site an article comes from, as far as its name or URL says."""
    name = member.rsplit("/", 1)[-1]
    if member.startswith(f"{OWN_ARCHIVE}/"):
        return name.rsplit(".", 1)[0]  # each is an invented site of its own: "ar-01"
    if member.startswith("tehran-times/"):
        return "tehrantimes.com"
    if member.startswith("horne2017/"):
        return " ".join(name.split("_")[:2])  # data set and label: "random real"
    host = urlsplit(urls.get(member, "")).hostname
    if host:
        return host.removeprefix("www.")
    if member.startswith("readability/"):
        return re.sub(r"-\d+$", "", name.rsplit(".", 1)[0])
    match = re.match(r"(.+?\.(?:com|de|it|net|org|at|ch|fr|es|pl|info|co\.uk|uk|io))[-.]", name)
    return match[1].removeprefix("www.") if match else name.rsplit(".", 1)[0]


def load(
    articles: list[Labelled], corpora: Path, own: Path = OWN
) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """Each labelled article's text, and the site of each, read from the archives in
    ``corpora`` (those of archive ``own`` from the folder ``own``)."""
    texts: dict[tuple[str, str], str] = {}
    urls: dict[str, str] = {}
    for art in articles:
        path = own / art.member.removeprefix(f"{OWN_ARCHIVE}/")
        if art.archive == OWN_ARCHIVE and path.is_file():
            with contextlib.suppress(DecodeError):
                texts[(art.archive, art.member)] = member_text(path.name, path.read_bytes())
    for archive in sorted({a.archive for a in articles} - {OWN_ARCHIVE}):
        path = corpora / archive
        if not path.exists():
            continue
        members = [a.member for a in articles if a.archive == archive]
        manifest = f"{archive.removesuffix('.tar.xz')}/MANIFEST.jsonl"
        found = article_texts(path, members, raw=[manifest])
        urls.update(_urls(found.pop(manifest, ""), archive.removesuffix(".tar.xz")))
        texts.update(((archive, m), t) for m, t in found.items())
    return texts, {a.member: site_of(a.member, urls) for a in articles}


def _urls(manifest: str, folder: str) -> dict[str, str]:
    """Each page's URL, from an archive's MANIFEST.jsonl (rows with ``html`` and ``url``)."""
    found = {}
    for row in manifest.splitlines():
        entry = json.loads(row) if row.strip() else {}
        if isinstance(entry.get("html"), str) and isinstance(entry.get("url"), str):
            found[f"{folder}/{entry['html']}"] = entry["url"]
    return found


def report(result: Result, *, sites: bool) -> str:
    """The figures as text: line accuracy and headline exact match overall, per archive (and
    per site), then precision, recall and F1 of each kind overall and per archive, each figure
    beside the floor's on the same lines, then the articles left out."""
    out = [
        f"{'group':42} {'articles':>8} {'lines':>6}  {'accuracy':>15}  {'headline exact':>15}",
        f"{'':42} {'':>8} {'':>6}  {'parser / floor':>15}  {'parser / floor':>15}",
    ]
    for group in sorted(result.parser, key=lambda g: (g != ALL, ": " in g, g)):
        if ": " in group and not sites:
            continue
        p, f = result.parser[group], result.floor[group]
        out.append(
            f"{group[:42]:42} {p.articles:>8} {p.lines:>6}  {_pair(p.accuracy(), f.accuracy())}"
            f"  {_pair(p.headline_exact(), f.headline_exact())}"
        )
    for group in sorted(g for g in result.parser if ": " not in g):
        p, f = result.parser[group], result.floor[group]
        out += ["", f"{group}: per kind {'precision':>17} {'recall':>15} {'F1':>15} {'lines':>6}"]
        for kind in KINDS:
            pk, fk = p.prf(kind), f.prf(kind)
            cells = "  ".join(_pair(pk[i], fk[i]) for i in range(3))
            out.append(f"  {kind:20} {cells} {pk[3]:>6}")
    if result.stale:
        out += ["", f"{len(result.stale)} article(s) left out:"]
        out += [f"  {line}" for line in result.stale]
    return "\n".join(out)


def _pair(parser: float, floor: float) -> str:
    return f"{parser:6.1%} / {floor:6.1%}"


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--split", choices=("dev", "held-out", "all"), default="dev")
    args.add_argument("--sites", action="store_true", help="also a row for each site")
    args.add_argument("--labels", type=Path, default=LABELS)
    args.add_argument("--corpora", type=Path, default=CORPORA)
    args.add_argument(
        "--parser",
        choices=("rules", "model"),
        default="model",
        help="the rules alone, or the rules with the bundled line model (the import's parser)",
    )
    args.add_argument(
        "--layout",
        choices=tuple(LAYOUTS),
        default="saved",
        help="the texts' blank lines, or the article's lines alone",
    )
    opts = args.parse_args(argv)
    articles = [a for a in read_labels(opts.labels) if in_split(a.member, opts.split)]
    texts, sites = load(articles, opts.corpora)
    kinds = model_kinds if opts.parser == "model" else rules_kinds
    print(
        f"split {opts.split}, parser {opts.parser}, layout {opts.layout}: "
        f"{len(articles)} labelled articles"
    )
    result = score(articles, texts, sites, kinds, layout=LAYOUTS[opts.layout])
    print(report(result, sites=opts.sites))
    return 0


if __name__ == "__main__":
    sys.exit(main())
