"""The claims sheet: one row per claim, with its mentions counted per outlet (CSV)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from db.annotate import claims
from db.formats.collect import ProjectData

COLUMNS = (
    "claim_id", "wording", "claimant", "made_on", "status", "verdict", "mentions", "outlets",
    "first_seen", "tags",
)  # fmt: skip
NO_OUTLET = "(no outlet)"


def write_claims_csv(data: ProjectData, output: Path) -> int:
    """Write the sheet (UTF-8 with a BOM, as the other CSV); returns the number of claims.

    After the fixed columns comes one per outlet, in alphabetical order, counting the claim's
    mentions in that outlet's articles.
    """
    s = data.s
    rows = []
    outlets: set[str] = set()
    for c in claims.all_claims(s):
        per = Counter(m.outlet or NO_OUTLET for m in claims.mentions(s, c.id))
        outlets |= set(per)
        fixed = [
            c.id, c.wording, c.claimant, c.made_on or "", c.status, c.verdict, c.mentions,
            c.outlets, c.first_seen or "", ", ".join(c.tags),
        ]  # fmt: skip
        rows.append((fixed, per))
    order = sorted(outlets, key=str.casefold)
    with output.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow([*COLUMNS, *order])
        for fixed, per in rows:
            out.writerow([*fixed, *(per.get(o, 0) for o in order)])
    return len(rows)
