"""Import speed and search latency on the Tehran Times corpus, beside floors from the same run.

Floor for import: read the same files, insert their raw text into SQLite and build an FTS5 index
of it in bulk ('rebuild'), in one transaction. The floor and the import each run twice,
interleaved, and each keeps its faster run. Floor for search: the same words as a raw FTS5
query on that index. The import runs a third time without stories (no signature made, no article
compared with others), to show what grouping copies costs.
Usage: python bench/import_speed.py [--corpus DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.articles.stories import stories_count  # noqa: E402
from db.imports import Importer  # noqa: E402
from db.ingest.pipeline import read_article  # noqa: E402
from db.search import fts_query, search  # noqa: E402
from db.store.project import open_project  # noqa: E402

QUERIES = [
    "Iran",
    "nuclear deal",
    "sanctions oil",
    "Zarif",
    "earthquake Kermanshah",
    "tourism",
    "football league",
    "Rouhani said",
    "Persian Gulf security",
    "handicrafts",
]


def corpus(path: Path | None) -> Path:
    if path:
        return path
    dest = ROOT / "bench-data" / "tehran-times"
    if not dest.exists():
        archive = ROOT.parent / "shared" / "corpora" / "tehran-times.tar.xz"
        print(f"unpacking {archive.name} …", flush=True)
        with tarfile.open(archive, "r:xz") as tar:
            tar.extractall(dest.parent, filter="data")
    return dest


def floor_import(files: list[Path], db: Path, hashsize: int | None = None) -> float:
    """The floor; ``hashsize`` gives its index the write buffer Claimdesk's indexes have."""
    t0 = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE raw(id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
    conn.execute(
        "CREATE VIRTUAL TABLE raw_fts USING fts5(title, body, content='raw', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    if hashsize:
        conn.execute(f"INSERT INTO raw_fts(raw_fts, rank) VALUES ('hashsize', {hashsize})")
    with conn:
        conn.executemany(
            "INSERT INTO raw(title, body) VALUES (?, ?)",
            ((f.stem, f.read_bytes().decode("utf-8", "replace")) for f in files),
        )
        conn.execute("INSERT INTO raw_fts(raw_fts) VALUES ('rebuild')")
    conn.close()
    return time.perf_counter() - t0


def percentiles(samples: list[float]) -> tuple[float, float]:
    qs = statistics.quantiles(samples, n=20)
    return statistics.median(samples) * 1000, qs[18] * 1000


@contextmanager
def without_stories() -> Iterator[None]:
    """Imports as before stories were kept: no signatures made, no articles compared."""
    with (
        mock.patch("db.ingest.pipeline.signatures_of", lambda bodies: [b""] * len(bodies)),
        mock.patch(
            "db.articles.stories.StoryFiler.place",
            lambda _self, _conn, items: [a for a, _ in items],
        ),
    ):
        yield


def our_import(source: list[Path], db: Path, workers: int) -> tuple[float, str]:
    """Import into a fresh project: seconds from creating the file to the last commit."""
    t0 = time.perf_counter()
    with open_project(db) as project:
        job = Importer(project, source, workers=workers)
        for _ in job.run():
            pass
        return time.perf_counter() - t0, job.report.summary()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    folder = corpus(args.corpus)
    files = sorted(folder.glob("*.txt"))[: args.limit]
    # The folder, as a researcher would pick it; the files when only some are wanted.
    source = files if args.limit else [folder]
    n = len(files)
    for f in files:  # both sides read from the page cache
        f.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        # Each side twice, interleaved, the faster kept: a busy moment of the machine hurts
        # neither side alone.
        floors, ours, plain = [], [], []
        for run in range(2):
            Path(tmp, "floor.sqlite").unlink(missing_ok=True)
            os.sync()  # neither side waits on the disk writing out what the other side wrote
            floors.append(floor_import(files, Path(tmp, "floor.sqlite")))
            os.sync()
            seconds, summary = our_import(source, Path(tmp, f"bench{run}.claimdesk"), args.workers)
            ours.append(seconds)
            os.sync()
            with without_stories():
                plain.append(
                    our_import(source, Path(tmp, f"plain{run}.claimdesk"), args.workers)[0]
                )
        floor_s, ours_s, plain_s = min(floors), min(ours), min(plain)
        print(f"files: {n}; {summary}")
        with open_project(Path(tmp, "bench1.claimdesk")) as project, project.session() as s:
            groups = (
                s.connection()
                .exec_driver_sql(
                    "SELECT count(*), sum(n) FROM (SELECT count(*) n FROM article"
                    " WHERE story IS NOT NULL GROUP BY story HAVING n > 1)"
                )
                .one()
            )
            print(
                f"stories: {stories_count(s):,} for {n:,} files; {groups[0] or 0:,} with copies,"
                f" holding {groups[1] or 0:,} articles"
            )
        # What parsing alone costs: with the floor's indexing it bounds any import from below.
        sample = files[:: max(1, n // 2000)]
        t = time.perf_counter()
        for f in sample:
            read_article(f)
        parse_ms = (time.perf_counter() - t) / len(sample) * 1000
        bound = (parse_ms * n / 1000 + floor_s) / (os.cpu_count() or 1)
        print(
            f"parsing alone: {parse_ms:.2f} ms a file, one core; with the floor's work spread "
            f"over {os.cpu_count()} cores, no import can take less than {bound:.1f} s here"
        )
        os.sync()
        tuned_s = floor_import(files, Path(tmp, "tuned.sqlite"), hashsize=16 * 2**20)
        print(
            f"floor (raw insert + FTS5 rebuild): {floor_s:6.1f} s  {n / floor_s:6.0f}/s"
            f"  (runs: {', '.join(f'{x:.1f}' for x in floors)})"
        )
        print(
            f"  the same with a 16 MiB index buffer, as Claimdesk's: {tuned_s:.1f} s"
            f" ({ours_s / tuned_s:.2f}x)"
        )
        print(
            f"claimdesk import (parse + store):  {ours_s:6.1f} s  {n / ours_s:6.0f}/s"
            f"  = {ours_s / floor_s:.2f}x floor (target <= 1.4x)"
            f"  (runs: {', '.join(f'{x:.1f}' for x in ours)})"
        )
        print(
            f"  the same without stories:         {plain_s:6.1f} s  {n / plain_s:6.0f}/s"
            f"  = {plain_s / floor_s:.2f}x floor; stories add {ours_s / plain_s - 1:+.0%}"
            f"  (runs: {', '.join(f'{x:.1f}' for x in plain)})"
        )
        floor_conn = sqlite3.connect(Path(tmp, "floor.sqlite"))
        ours_q, raw_q = [], []
        with open_project(Path(tmp, "bench1.claimdesk")) as project, project.session() as s:
            for _ in range(15):
                for q in QUERIES:
                    t = time.perf_counter()
                    search(s, q, limit=50)
                    ours_q.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    floor_conn.execute(
                        "SELECT rowid, snippet(raw_fts, 1, '[', ']', '…', 16) FROM raw_fts"
                        " WHERE raw_fts MATCH ? ORDER BY rank LIMIT 50",
                        (fts_query(q),),
                    ).fetchall()
                    raw_q.append(time.perf_counter() - t)
        p50, p95 = percentiles(ours_q)
        f50, f95 = percentiles(raw_q)
        print(f"search latency, raw FTS5 floor:    p50 {f50:6.1f} ms  p95 {f95:6.1f} ms")
        print(
            f"search latency, claimdesk:         p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
            f"  (target p50 <= 20 ms)"
        )
        size = Path(tmp, "bench1.claimdesk").stat().st_size / 1e6
        print(
            f"project file: {size:.0f} MB; floor file "
            f"{Path(tmp, 'floor.sqlite').stat().st_size / 1e6:.0f} MB"
        )


if __name__ == "__main__":
    main()
