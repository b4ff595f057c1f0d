"""Break the code on purpose, one way at a time, and check that the tests notice.

Each mutation replaces one piece of the code, runs the tests that should catch it, puts the
code back and reports ``killed`` (a test failed, as it must) or ``survived``. Run it on demand
(it takes a few minutes): ``.venv/bin/python tests/mutations.py [name ...]``. It exits non-zero
if any mutation survived or could not be applied.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTATIONS = (
    Mutation(
        "caption placed at its own start instead of its anchor",
        "desktop/widgets/captions.py",
        "y = self.reader.y_of(card.caption.anchor) if pos",
        "y = self.reader.y_of(card.caption.start) if pos",
        ("tests/desktop/test_captions.py",),
    ),
    Mutation(
        "caption overlap push-down removed",
        "desktop/widgets/captions.py",
        "top = max(y + offset, floor)",
        "top = y + offset",
        ("tests/desktop/test_captions.py",),
    ),
    Mutation(
        "list fetches every row at once",
        "desktop/models/article_model.py",
        "ids = self._ids[page * PAGE : (page + 1) * PAGE]",
        "ids = self._ids",
        ("tests/desktop/test_reading.py::test_a_100k_article_project_opens_and_scrolls",),
    ),
    Mutation(
        "row refresh after a write is a no-op",
        "desktop/models/article_model.py",
        '"""Re-read the rows of these articles (their counts changed); no ids: of every one."""',
        '"""Re-read the rows of these articles."""\n        return',
        ("tests/desktop/test_marking.py::test_the_list_counts_claims_and_notes_as_they_are_made",),
    ),
    Mutation(
        "sort by Claims sorts by id",
        "db/articles/listing.py",
        'if order == "id":',
        'if order in ("id", "claims"):',
        (
            "tests/db/test_listing.py",
            "tests/desktop/test_reading.py::test_sorting_orders_the_list_by_its_column",
        ),
    ),
    Mutation(
        "note undo steps never merge",
        "desktop/core/commands.py",
        "if not isinstance(other, EditNote) or other.target != self.target:",
        "if True:",
        ("tests/desktop/test_marking.py",),
    ),
    Mutation(
        "synchronous=OFF",
        "db/store/connect.py",
        '"synchronous = FULL",',
        '"synchronous = OFF",',
        ("tests/db/test_project.py",),
    ),
    Mutation(
        "search fails internally for every query",
        "db/search.py",
        '    """Articles matching ``user_text``, best first, with a snippet of the text around a match.',
        '    raise sqlite3.OperationalError("broken")\n    """',
        ("tests/db/test_search.py", "tests/db/test_search_bounds.py"),
    ),
    Mutation(
        "an FTS trigger dropped",
        "db/index/fts.py",
        'f"CREATE TRIGGER {t}_fts_bu BEFORE UPDATE OF {watched} ON {t} BEGIN {leave} END",',
        "",
        ("tests/db/test_fold.py",),
    ),
    Mutation(
        "codebook round trip loses the codebook",
        "db/formats/project_json.py",
        'codes=[_code(c, f"code {n}") for n, c in enumerate(_list(doc, "codes", "the file"), 1)],',
        "codes=[],",
        ("tests/db/test_export.py",),
    ),
)


def run(m: Mutation) -> str:
    path = ROOT / m.path
    original = path.read_text(encoding="utf-8")
    if m.old not in original:
        return "not applied (the code has changed: update the mutation)"
    path.write_text(original.replace(m.old, m.new, 1), encoding="utf-8")
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *m.tests]
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    finally:
        path.write_text(original, encoding="utf-8")
    if done.returncode == 0:
        return "SURVIVED"
    return "killed" if done.returncode == 1 else f"error (pytest exit {done.returncode})"


def main(names: list[str]) -> int:
    chosen = [m for m in MUTATIONS if not names or any(n in m.name for n in names)]
    print("| mutation | file | result | seconds |\n|---|---|---|---|")
    bad = 0
    for m in chosen:
        t = time.perf_counter()
        result = run(m)
        bad += result != "killed"
        print(f"| {m.name} | `{m.path}` | {result} | {time.perf_counter() - t:.0f} |", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
