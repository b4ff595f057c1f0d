"""How much of an HTML page's article, structure and metadata the HTML import recovers.

Three reference sets of saved pages, read straight from their archives in the corpora folder:

- scrapinghub-aeb: ``<sha>.gold.txt``, the article body; scored by body token F1 (tokens are
  lower-case words, counted with their repeats; mean over pages).
- trafilatura-eval: ``<id>.expect.json``, snippets the article must contain and must not
  contain (the share of snippets found, and of those kept out), title, author and date.
- readability: ``<id>.meta.json`` (title, byline, publishedTime) and ``<id>.expected.html``,
  whose ``<h2>``-``<h4>`` and ``<figcaption>`` count the subheadings and captions expected.

Titles and bylines match when equal after case, accents-as-written, punctuation and a leading
"By" are set aside; dates when their ``YYYY-MM-DD`` agree. Each page is decoded and parsed as
the importer does (a page it refuses counts as an empty article). ``--save FILE`` writes every
page's result; ``--baseline FILE`` prints each figure beside the one a saved run gives (save
one with the code as it was before a change to compare).

Usage: python -m bench.html_structure [--corpora DIR] [--save FILE] [--baseline FILE]
       [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from bench.render import CORPORA
from db.ingest.article import HIDDEN_KINDS
from db.ingest.decode import DecodeError, decode
from db.ingest.parse_html import parse_html
from db.store.models import BODY_KINDS, BlockKind

Result = dict[str, Any]  # one page's figures, as saved
_WORD = re.compile(r"\w+")
_HIDDEN = HIDDEN_KINDS | {BlockKind.COMMENT}  # not the article's text (captions stand beside)


def members(archive: Path) -> dict[str, bytes]:
    """Every file of ``archive`` by its name (without the folder)."""
    out = {}
    with tarfile.open(archive, "r:xz") as tar:
        for member in tar:
            source = tar.extractfile(member) if member.isfile() else None
            if source:
                out[Path(member.name).name] = source.read()
    return out


def parsed(data: bytes, name: str) -> Result:
    """What the import makes of one page: its metadata, body, visible text and block counts."""
    try:
        art = parse_html(decode(data).text, filename=name)
    except DecodeError:
        return {"body": "", "visible": "", "subheadings": 0, "captions": 0}
    kinds = Counter(b.kind for b in art.blocks)
    return {
        "title": art.title,
        "byline": art.byline,
        "published": art.published,
        "body": "\n\n".join(art.block_text(b) for b in art.blocks if b.kind in BODY_KINDS),
        "visible": "\n".join(art.block_text(b) for b in art.blocks if b.kind not in _HIDDEN),
        "subheadings": kinds[BlockKind.SUBHEADING],
        "captions": len(art.captions),
        "refused": not art.text.strip(),
    }


def norm(value: Any) -> str:
    """A title or byline as compared: case, punctuation and a leading "By" set aside."""
    text = unicodedata.normalize("NFKC", str(value or "")).casefold()
    text = re.sub(r"^\s*by\s+", "", text)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def token_f1(got: str, gold: str) -> float:
    a, b = Counter(_WORD.findall(got.lower())), Counter(_WORD.findall(gold.lower()))
    common = sum((a & b).values())
    if not common:
        return 1.0 if not a and not b else 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _squashed(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


# ---- The reference sets: each yields (page id, reference, parsed result)


def scrapinghub(files: dict[str, bytes]) -> Iterator[tuple[str, Any, bytes]]:
    for name in sorted(files):
        if name.endswith(".gold.txt") and (page := name.removesuffix(".gold.txt")) + ".html" in (
            files
        ):
            yield page, files[name].decode("utf-8"), files[page + ".html"]


def with_json(files: dict[str, bytes], suffix: str) -> Iterator[tuple[str, Any, bytes]]:
    for name in sorted(files):
        page = name.removesuffix(suffix)
        if name.endswith(suffix) and page + ".html" in files:
            yield page, json.loads(files[name]), files[page + ".html"]


def expected_counts(expected_html: bytes) -> tuple[int, int]:
    """Subheadings (``h2``-``h4``) and captions (``figcaption``) of readability's cleaned page."""
    tree = lxml_html.fromstring(expected_html)
    heads = sum(1 for el in tree.iter("h2", "h3", "h4") if el.text_content().strip())
    caps = sum(1 for el in tree.iter("figcaption") if el.text_content().strip())
    return heads, caps


# ---- Figures


def figures(
    results: dict[str, dict[str, Result]], refs: dict[str, dict[str, Any]]
) -> dict[str, float]:
    """Every figure the bench reports, by name, from results and references keyed alike."""
    out: dict[str, float] = {}
    sh = results.get("scrapinghub-aeb", {})
    if sh:
        f1 = [token_f1(r["body"], refs["scrapinghub-aeb"][p]) for p, r in sh.items()]
        out["scrapinghub body token F1 (mean)"] = sum(f1) / len(f1)
        out["scrapinghub pages with F1 >= 0.9"] = sum(f >= 0.9 for f in f1) / len(f1)
    te = results.get("trafilatura-eval", {})
    if te:
        ref = refs["trafilatura-eval"]
        found = [_squashed(s) in _squashed(te[p]["visible"]) for p in te for s in ref[p]["with"]]
        kept_out = [
            _squashed(s) not in _squashed(te[p]["visible"]) for p in te for s in ref[p]["without"]
        ]
        out["trafilatura-eval must-contain found"] = sum(found) / max(len(found), 1)
        out["trafilatura-eval must-not-contain kept out"] = sum(kept_out) / max(len(kept_out), 1)
        for field, key in (("title", "title"), ("byline", "author"), ("published", "date")):
            out[f"trafilatura-eval {field} exact"] = _exact(te, ref, field, key)
    rd = results.get("readability", {})
    if rd:
        ref = refs["readability"]
        for field, key in (
            ("title", "title"),
            ("byline", "byline"),
            ("published", "publishedTime"),
        ):
            out[f"readability {field} exact"] = _exact(rd, ref, field, key)
        for i, (kind, tags) in enumerate((("subheadings", "h2-h4"), ("captions", "figcaption"))):
            want = sum(ref[p]["counts"][i] for p in rd)
            got = sum(r[kind] for r in rd.values())
            out[f"readability {kind} expected ({tags})"] = want
            out[f"readability {kind} found"] = got
            out[f"readability pages with {kind} count right"] = sum(
                r[kind] == ref[p]["counts"][i] for p, r in rd.items()
            ) / len(rd)
    every = [r for per in results.values() for r in per.values()]
    out["pages refused (no article found)"] = sum(bool(r.get("refused")) for r in every)
    return out


def _exact(results: dict[str, Result], ref: dict[str, Any], field: str, key: str) -> float:
    pairs = [(r.get(field), ref[p][key]) for p, r in results.items() if ref[p].get(key)]
    if field == "published":
        right = sum(str(got)[:10] == str(want)[:10] for got, want in pairs)
    else:
        right = sum(norm(got) == norm(want) for got, want in pairs)
    return right / max(len(pairs), 1)


def run(corpora: Path, limit: int | None) -> tuple[dict[str, dict[str, Result]], dict[str, Any]]:
    """Parse every page of the three sets: results and references by set and page."""
    results: dict[str, dict[str, Result]] = {}
    refs: dict[str, dict[str, Any]] = {}
    sets: dict[str, Callable[[dict[str, bytes]], Iterator[tuple[str, Any, bytes]]]] = {
        "scrapinghub-aeb": scrapinghub,
        "trafilatura-eval": lambda f: with_json(f, ".expect.json"),
        "readability": lambda f: with_json(f, ".meta.json"),
    }
    for name, pages in sets.items():
        files = members(corpora / f"{name}.tar.xz")
        results[name], refs[name] = {}, {}
        start = time.perf_counter()
        for n, (page, ref, data) in enumerate(pages(files)):
            if limit is not None and n >= limit:
                break
            if name == "readability":
                ref = {**ref, "counts": expected_counts(files[page + ".expected.html"])}
            refs[name][page] = ref
            results[name][page] = parsed(data, page + ".html")
        took = time.perf_counter() - start
        print(f"{name}: {len(results[name])} pages in {took:.1f} s", file=sys.stderr)
    return results, refs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--save", type=Path, help="write every page's result to this JSON file")
    ap.add_argument("--baseline", type=Path, help="a saved run to print each figure beside")
    ap.add_argument("--limit", type=int, help="at most this many pages of each set")
    args = ap.parse_args()
    results, refs = run(args.corpora, args.limit)
    if args.save:
        args.save.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    now = figures(results, refs)
    before: dict[str, float] = {}
    if args.baseline:
        saved = json.loads(args.baseline.read_text(encoding="utf-8"))
        same = {s: {p: r for p, r in saved.get(s, {}).items() if p in results[s]} for s in results}
        before = figures(same, refs)
    print(f"{'figure':<56} {'now':>8} {'before':>8}")
    for name, value in now.items():
        old = before.get(name)
        print(f"{name:<56} {_shown(value):>8} {_shown(old) if old is not None else '-':>8}")


def _shown(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3f}"


if __name__ == "__main__":
    main()
