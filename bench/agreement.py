"""Agreement on a double-coded sample of the Tehran Times project, beside a floor, and the sheet.

The corpus is imported once (kept in bench-data/), then 200 of its articles are coded by two
coders: each marks about ten sentences with one of five codes, the second coder keeping most of
the first's choices and changing some, as real coders do. Timed: the whole agreement report
(every code and overall, 1,000 bootstrap draws) and the per-article one; the floor reads the
same highlights with one query. Then three variables coded for those articles by both, and
the coding sheet of all 33,724 articles read, as the Variables export and table need it.
Usage: python -m bench.agreement [--corpus DIR] [--articles 200]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bench.import_speed import corpus  # noqa: E402
from db.agreement.report import agreement  # noqa: E402
from db.annotate import codes, highlights, variables  # noqa: E402
from db.imports import Importer  # noqa: E402
from db.store.project import open_project  # noqa: E402

_SENTENCE = re.compile(r"[^.!?]+[.!?]")


def project(folder: Path) -> Path:
    path = ROOT / "bench-data" / "agreement.claimdesk"
    if not path.exists():
        print("importing the corpus once …", flush=True)
        with open_project(path) as p:
            for _ in Importer(p, [folder]).run():
                pass
    return path


def code_sample(path: Path, n: int, seed: int = 7) -> list[int]:
    """Two coders' highlights and variable values on ``n`` articles; returns their ids."""
    rng = random.Random(seed)
    with open_project(path) as p, p.session() as s:
        s.execute(text("DELETE FROM highlight"))
        for v in variables.all_variables(s):
            variables.delete(s, v.id)
        ids = sorted(rng.sample(list(s.execute(text("SELECT id FROM article")).scalars()), n))
        names = ["Claim", "Statistic", "Quote", "Attribution", "Opinion"]
        have = {c.name: c.id for c in codes.all_codes(s)}
        code_ids = [have.get(name) or codes.add(s, name) for name in names]
        tone = variables.add(s, "tone", "ordinal", options=[(1, "neg"), (2, "neutral"), (3, "pos")])
        frame = variables.add(s, "frame", "nominal", options=[(1, "conflict"), (2, "economy")])
        sources = variables.add(s, "sources", "numeric")
        for aid in ids:
            body = s.execute(
                text("SELECT text FROM article WHERE id = :a"), {"a": aid}
            ).scalar_one()
            spans = [m.span() for m in _SENTENCE.finditer(body) if len(m.group().strip()) > 20]
            for a, b in rng.sample(spans, min(10, len(spans))):
                first = rng.choice(code_ids)
                second = first if rng.random() < 0.8 else rng.choice(code_ids)
                highlights.add(s, article_id=aid, start=a, end=b, code_id=first, coder="Ann")
                if rng.random() < 0.9:  # the second coder misses some
                    cut = b if rng.random() < 0.7 else max(a + 1, b - rng.randint(1, 8))
                    highlights.add(s, article_id=aid, start=a, end=cut, code_id=second, coder="Bea")
            for coder in ("Ann", "Bea"):
                variables.set_value(s, aid, tone, rng.randint(1, 3), coder=coder)
                variables.set_value(s, aid, frame, rng.randint(1, 2), coder=coder)
                variables.set_value(s, aid, sources, rng.randint(0, 6), coder=coder)
    return ids


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()
    path = project(corpus(args.corpus))
    ids = code_sample(path, args.articles)
    with open_project(path) as p, p.session() as s:
        t0 = time.perf_counter()
        rows = s.execute(text('SELECT article_id, coder, start, "end", code_id FROM highlight'))
        n = len(rows.all())
        floor = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = agreement(s, articles=ids)
        whole = time.perf_counter() - t0
        t0 = time.perf_counter()
        agreement(s, articles=ids, by_article=True)
        per_article = time.perf_counter() - t0
        t0 = time.perf_counter()
        sheet = variables.sheet(s)
        read_sheet = time.perf_counter() - t0
        articles = int(s.execute(text("SELECT count(*) FROM article")).scalar_one())
    overall = report.rows[-1]
    print(f"{len(ids)} articles double-coded, {n:,} highlights; overall alpha {overall.alpha:.3f}")
    print(f"floor (the highlights read in one query): {floor * 1000:8.1f} ms")
    print(
        f"agreement, every code and overall:        {whole * 1000:8.1f} ms ({whole / floor:.0f}x)"
    )
    print(f"the same per article:                     {per_article * 1000:8.1f} ms")
    print(
        f"coding sheet of {articles:,} articles ({len(sheet):,} rows): {read_sheet * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
