"""How long saving a note takes, with commits durable (synchronous=FULL) and without (NORMAL).

Each save is what the window's write queue runs for a typing burst: a session that saves the
note and commits. The floor is SQLite alone: the same UPDATE and COMMIT on a bare connection
with the same setting. Usage: python bench/note_save.py [--saves N]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import db.store.connect as connect  # noqa: E402
from db.annotate import notes  # noqa: E402
from db.imports import Importer  # noqa: E402
from db.store.project import open_project  # noqa: E402


def percentiles(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples) * 1000, statistics.quantiles(samples, n=20)[18] * 1000


def ours(path: Path, saves: int) -> list[float]:
    times = []
    with open_project(path) as project:
        for i in range(saves):
            t = time.perf_counter()
            with project.session() as s:
                notes.save(s, f"Note, burst {i}: check the ministry's figures.", article_id=1)
            times.append(time.perf_counter() - t)
    return times


def floor(path: Path, saves: int, sync: str) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA synchronous = {sync}")
    times = []
    for i in range(saves):
        t = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("UPDATE note SET body = ? WHERE article_id = 1", (f"floor {i}",))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t)
    conn.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--saves", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:  # on the disk projects live on
        path = Path(tmp) / "bench.claimdesk"
        with open_project(path) as project:
            for _ in Importer(project, [ROOT / "resources" / "samples"]).run():
                pass
        for sync in ("NORMAL", "FULL"):
            setattr(  # noqa: B010  (the setting of every new connection, for this run)
                connect,
                "_PRAGMAS",
                tuple(
                    p if not p.startswith("synchronous") else f"synchronous = {sync}"
                    for p in connect._PRAGMAS
                ),
            )
            mine = ours(path, args.saves)
            base = floor(path, args.saves, sync)
            m50, m95 = percentiles(mine)
            f50, f95 = percentiles(base)
            print(
                f"synchronous={sync:<6}  note save p50 {m50:5.1f} ms  p95 {m95:5.1f} ms"
                f"   floor (bare UPDATE+COMMIT) p50 {f50:5.1f} ms  p95 {f95:5.1f} ms"
            )


if __name__ == "__main__":
    main()
