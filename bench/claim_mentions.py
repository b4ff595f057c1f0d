"""Find other mentions on the whole Tehran Times project, beside a full-text search floor.

Builds (once) a project of the corpus in bench-data/, then, for claims worded as sentences
drawn at random (seeded) from its articles, times ``db.search_mentions.find`` and, as the
floor, the ranked full-text search of the words it searches, alone (same run, same cache).
Usage: python -m bench.claim_mentions [--articles N] [--claims N] [--project FILE]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from bench.search_worst import ROOT, build
from db.annotate import claims
from db.search_mentions import ARTICLES, RANKED, find, key_words, query, rarest
from db.store.project import open_project


def sentence(s: Session, rng: random.Random, total: int) -> str | None:
    body = s.execute(
        text("SELECT text FROM article WHERE id = :i"), {"i": rng.randint(1, total)}
    ).scalar()
    sentences = [x for x in str(body or "").split(". ") if 60 < len(x) < 200]
    return rng.choice(sentences) if sentences else None


def report(name: str, seconds: list[float]) -> None:
    ms = sorted(x * 1000 for x in seconds)
    p50, p95 = statistics.median(ms), ms[int(len(ms) * 0.95) - 1]
    print(f"{name:<22} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {ms[-1]:7.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=40000)
    ap.add_argument("--claims", type=int, default=30)
    ap.add_argument("--project", type=Path)
    args = ap.parse_args()
    path = args.project or ROOT / "bench-data" / f"search-worst-{args.articles}.claimdesk"
    if not path.exists():
        build(path, args.articles)
    rng = random.Random(7)
    found, floor, offered = [], [], []
    with open_project(path, create=False) as project, project.session() as s:
        total = int(s.execute(text("SELECT count(*) FROM article")).scalar_one())
        for _ in range(args.claims):
            wording = sentence(s, rng, total)
            if wording is None:
                continue
            cid = claims.add(s, wording)
            searched = rarest(s, key_words([wording])) or ["the"]
            t = time.perf_counter()
            s.execute(text(RANKED), {"q": query(searched), "n": ARTICLES}).all()
            floor.append(time.perf_counter() - t)
            t = time.perf_counter()
            offered.append(len(find(s, cid)))
            found.append(time.perf_counter() - t)
        s.rollback()
    report("find other mentions", found)
    report("floor: its FTS query", floor)
    ratio = statistics.median(found) / statistics.median(floor)
    print(
        f"{len(found)} claims on {total:,} articles; p50 {ratio:.1f}x the floor; "
        f"{statistics.median(offered):.0f} passages offered (median)"
    )


if __name__ == "__main__":
    main()
