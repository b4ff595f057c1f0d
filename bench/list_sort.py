"""Sorting the article list at 100,000 articles, before and after, beside a floor.

Builds (once) a project in bench-data/ by inserting rows with SQL: articles of ``--text`` characters
with shuffled titles, sections and dates, a few thousand highlights, notes on articles and on
highlights. Floor: ``SELECT id FROM article ORDER BY id``, in the same run. "Before" is the
ordering by correlated subqueries the list used to have (each run once: the notes sort took about
a minute); "after" is :func:`db.articles.listing.ordered_ids`, best of three, checked to give the
same order (with the indexes of migration 0006, which opening the project adds). Usage:
python bench/list_sort.py [--articles N] [--text CHARS] [--skip-before]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from db.articles import listing  # noqa: E402
from db.index.fts import without_insert_triggers  # noqa: E402
from db.store.project import Project, open_project  # noqa: E402

#: The orderings the list had before: a subquery per article, and an OR across a LEFT JOIN.
BEFORE = {
    "id": "a.id",
    "title": "a.title COLLATE NOCASE",
    "section": "a.section COLLATE NOCASE",
    "published": "a.published",
    "claims": "(SELECT count(*) FROM highlight h WHERE h.article_id = a.id)",
    "notes": "(SELECT count(*) FROM note n LEFT JOIN highlight h ON h.id = n.highlight_id"
    " WHERE n.article_id = a.id OR h.article_id = a.id)",
}
FLOOR = "SELECT id FROM article ORDER BY id"
WORDS = [
    *("minister", "talks", "sanctions", "oil", "tehran", "nuclear", "deal", "football"),
    *("league", "tourism", "earthquake", "parliament", "election", "economy", "trade"),
    *("culture", "film", "festival", "museum", "bank", "rial", "export", "gas"),
]
SECTIONS = ["Politics", "Economy", "Sports", "Culture", "Tourism", "Society", "International"]


def build(path: Path, articles: int, chars: int, seed: int = 7) -> None:
    """Fill a new project with ``articles`` articles and a few thousand annotations."""
    rnd = random.Random(seed)
    filler = " ".join(rnd.choice(WORDS) for _ in range(chars // 6 + 1))[:chars]
    with open_project(path) as project, project.writer() as conn:
        with without_insert_triggers(conn, ["article"]):
            conn.executemany(
                "INSERT INTO article (uid, title, section, published, outlet, text, text_sha256,"
                " hidden_spans, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', '')",
                (
                    (
                        str(uuid.uuid4()),
                        None if i % 97 == 0 else " ".join(rnd.choices(WORDS, k=6)).capitalize(),
                        json.dumps(rnd.sample(SECTIONS, rnd.randint(0, 2))),
                        None
                        if i % 53 == 0
                        else f"20{rnd.randint(10, 24)}-{rnd.randint(1, 12):02}"
                        f"-{rnd.randint(1, 28):02}",
                        "Tehran Times",
                        f"{i} {filler}",
                        hashlib.sha256(str(i).encode()).hexdigest(),
                    )
                    for i in range(articles)
                ),
            )
        claimed = rnd.sample(range(1, articles + 1), min(articles, 2500))
        spans = [(aid, k) for aid in claimed for k in range(rnd.randint(1, 4))]
        conn.executemany(
            'INSERT INTO highlight (uid, article_id, start, "end", exact, prefix, suffix,'
            " text_sha256, coder, status, created, modified)"
            " VALUES (?, ?, ?, ?, 'quoted words', '', '', 'x', '', 'anchored', '', '')",
            ((str(uuid.uuid4()), aid, 10 * k, 10 * k + 8) for aid, k in spans),
        )
        hl = [r[0] for r in conn.execute("SELECT id FROM highlight")]
        on_highlights = rnd.sample(hl, len(hl) // 3)
        on_articles = rnd.sample(range(1, articles + 1), min(articles, 2000))
        conn.executemany(
            "INSERT INTO note (uid, article_id, highlight_id, body, format, created, modified)"
            " VALUES (?, ?, ?, 'a note', 'text/plain', '', '')",
            [(str(uuid.uuid4()), None, h) for h in on_highlights]
            + [(str(uuid.uuid4()), a, None) for a in on_articles],
        )
        conn.commit()


def best(run: object, times: int) -> tuple[float, object]:
    """Fastest of ``times`` calls of ``run`` in milliseconds, and what it returned."""
    out, fastest = None, float("inf")
    for _ in range(times):
        t = time.perf_counter()
        out = run()  # type: ignore[operator]
        fastest = min(fastest, time.perf_counter() - t)
    return fastest * 1000, out


def measure(path: Path, before: bool) -> None:
    """Print each sort's time beside the floor; with ``before``, the old sort's too."""
    with open_project(path, create=False) as project:
        measure_open(project, before)


def measure_open(project: Project, before: bool) -> None:
    with project.session() as s:
        counts = s.execute(
            text("SELECT (SELECT count(*) FROM article), (SELECT count(*) FROM highlight),"
                 " (SELECT count(*) FROM note)")
        ).one()  # fmt: skip
        articles, marks, notes = counts
        print(f"{project.path.name}: articles {articles:,}, highlights {marks:,}, notes {notes:,}")
        floor, _ = best(lambda: s.execute(text(FLOOR)).scalars().all(), 5)
        print(f"floor ({FLOOR}): {floor:.0f} ms")
        print(f"{'sort':<16} {'before':>10} {'after':>9} {'floor':>8}  same order")
        for key in listing.ORDERS:
            for desc in (False, True):
                after, got = best(lambda k=key, d=desc: listing.ordered_ids(s, k, descending=d), 3)
                shown, same = "-", ""
                if before:
                    direction = "DESC" if desc else "ASC"
                    order = f"{BEFORE[key]} {direction}, a.id {direction}"
                    sql = f"SELECT a.id FROM article a ORDER BY {order}"
                    ms, old = best(lambda q=sql: s.execute(text(q)).scalars().all(), 1)
                    shown, same = f"{ms:.0f} ms", "yes" if old == got else "NO"
                name = key + (" desc" if desc else "")
                print(f"{name:<16} {shown:>10} {after:6.0f} ms {floor:5.0f} ms  {same}", flush=True)
        rnd = random.Random(1)
        everything = listing.ordered_ids(s, "claims", descending=True)
        pages = {
            "rows(), 200 random ids": rnd.sample(everything, 200),
            "rows(), 200 most claimed": everything[:200],
        }
        for name, page in pages.items():
            ms, _ = best(lambda p=page: listing.rows(s, p), 5)
            print(f"{name:<28} {ms:6.1f} ms  floor {floor:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--text", type=int, default=5000, help="characters of text an article")
    ap.add_argument("--skip-before", action="store_true", help="time only the current sorts")
    args = ap.parse_args()
    path = ROOT / "bench-data" / f"list-sort-{args.articles}-{args.text}.claimdesk"
    if not path.exists():
        print(f"building {path.name} …", flush=True)
        t = time.perf_counter()
        build(path, args.articles, args.text)
        print(f"built in {time.perf_counter() - t:.1f} s", flush=True)
    measure(path, not args.skip_before)


if __name__ == "__main__":
    main()
