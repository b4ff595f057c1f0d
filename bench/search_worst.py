"""The slowest searches a user can type, on a Tehran Times project, beside a one-word floor.

Builds (once) a project of the first ``--articles`` files of the corpus in bench-data/, then
times each hostile query with ``db.search.search``. A query still running after ``--cap``
seconds is interrupted by the bench itself, so code without a time limit of its own can be
measured too; ``--search-module`` measures another version of db/search.py (for "before").
Usage: python bench/search_worst.py [--articles N] [--cap S] [--search-module FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import sqlite3
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from bench.import_speed import corpus  # noqa: E402
from db import search as search_module  # noqa: E402
from db.imports import Importer  # noqa: E402
from db.store.project import open_project  # noqa: E402

COMMON = [
    *("the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "said", "with", "as"),
    *("was", "by", "it", "at", "from", "be", "has", "have", "are", "an", "this", "which"),
    *("not", "or", "its", "were", "but", "had", "also", "been", "will", "their", "they"),
    *("more", "his", "would", "who", "iran", "new", "one", "all", "after", "over", "about"),
    *("last", "year", "two", "first"),
]
FLOOR = "Iran"


def queries(paragraph: str) -> dict[str, str]:
    return {
        "the x16": " ".join(["the"] * 16),
        "the x64": " ".join(["the"] * 64),
        "the x500 (pasted)": " ".join(["the"] * 500),
        "32 common words": " ".join(COMMON[:32]),
        "60 common words": " ".join(COMMON),
        "a pasted paragraph": paragraph,
        "operators x200": " ".join(["NEAR(", "AND", "OR", "*", '"'] * 40),
        "one-letter prefixes": " ".join("abcdefghijklmnopqrstuvwxyz"),
        "32 words, last 't'": " ".join([*COMMON[:31], "t"]),
        "one 500-word token": "-".join(["the"] * 500),
        "The/THE/the x500": " ".join(["The", "THE", "the"] * 167),
    }


def build(path: Path, articles: int) -> None:
    files = sorted(corpus(None).glob("*.txt"))[:articles]
    print(f"importing {len(files)} articles into {path.name} …", flush=True)
    with open_project(path) as project:
        for _ in Importer(project, files).run():
            pass


def load(path: Path | None) -> ModuleType:
    """db.search, or another version of it saved at ``path`` (to measure "before")."""
    if path is None:
        return search_module
    spec = importlib.util.spec_from_file_location("search_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def timed(
    s: Session, query: str, cap: float, prefix: bool, module: ModuleType = search_module
) -> tuple[float, str]:
    """Seconds ``search`` took and what it ended with, interrupted after ``cap`` seconds."""
    raw = s.connection().connection.dbapi_connection
    assert isinstance(raw, sqlite3.Connection)
    watchdog = threading.Timer(cap, raw.interrupt)
    watchdog.start()
    t = time.perf_counter()
    try:
        hits = module.search(s, query, limit=50, prefix=prefix)
        outcome = f"{len(hits)} hits"
    except Exception as exc:  # the timeout of the code under test, or anything it raises
        outcome = type(exc).__name__
    finally:
        watchdog.cancel()
    seconds = time.perf_counter() - t
    if seconds >= cap:
        outcome = f"stopped by the bench at {cap:.0f} s"
    return seconds, outcome


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--cap", type=float, default=60.0, help="seconds before the bench interrupts")
    ap.add_argument("--project", type=Path)
    ap.add_argument("--search-module", type=Path, help="a db/search.py of another version")
    args = ap.parse_args()
    path = args.project or ROOT / "bench-data" / f"search-worst-{args.articles}.claimdesk"
    if not path.exists():
        build(path, args.articles)
    with open_project(path, create=False) as project, project.session() as s:
        body = s.connection().exec_driver_sql("SELECT text FROM article ORDER BY id").scalar()
        paragraph = " ".join(str(body).split()[:300])
        module = load(args.search_module)
        module.search(s, FLOOR)  # warm the page cache
        floor = min(timed(s, FLOOR, args.cap, True, module)[0] for _ in range(5))
        limit = getattr(module, "TIME_LIMIT", None)
        terms = getattr(module, "MAX_TERMS", None)
        print(f"time limit: {limit} s; terms searched: {terms}; floor '{FLOOR}': {floor:.3f} s")
        for name, q in queries(paragraph).items():
            for prefix in (False, True):
                seconds, outcome = timed(s, q, args.cap, prefix, module)
                kind = "prefix" if prefix else "words "
                print(
                    f"{name:<20} {kind} {seconds:8.3f} s  floor {floor:.3f} s "
                    f"({seconds / floor:7.1f}x)  {outcome}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
