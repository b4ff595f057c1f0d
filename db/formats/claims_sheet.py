"""The claims sheet: one row per claim, with its mentions counted per outlet (CSV, XLSX)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from db.annotate import claims
from db.formats.collect import ProjectData
from db.formats.tables import Value

COLUMNS = (
    "claim_id", "wording", "claimant", "made_on", "status", "verdict", "mentions", "stories",
    "outlets", "first_seen", "tags",
)  # fmt: skip
NO_OUTLET = "(no outlet)"


def claim_table(data: ProjectData) -> tuple[list[str], list[list[Value]]]:
    """The sheet's columns and rows.

    After the fixed columns comes one per outlet, in alphabetical order, counting the claim's
    mentions in that outlet's articles. With articles chosen, only claims mentioned in them,
    and only those mentions, count; one a story, only a story's earliest mention.
    """
    found: list[tuple[list[Value], Counter[str]]] = []
    for c in claims.all_claims(data.s):
        mentions = data.claim_mentions(c.id)
        if mentions is None:
            continue
        per = Counter(m.outlet or NO_OUTLET for m in mentions)
        fixed: list[Value] = [
            c.id, c.wording, c.claimant, c.made_on or "", c.status, c.verdict, len(mentions),
            len({m.story for m in mentions}), len(set(per) - {NO_OUTLET}),
            mentions[0].published or "" if mentions else "",
            ", ".join(c.tags),
        ]  # fmt: skip
        found.append((fixed, per))
    outlets = sorted({o for _, per in found for o in per}, key=str.casefold)
    rows = [[*fixed, *(per.get(o, 0) for o in outlets)] for fixed, per in found]
    return [*COLUMNS, *outlets], rows


def write_claims_csv(data: ProjectData, output: Path) -> int:
    """Write the sheet (UTF-8 with a BOM, as the other CSV); returns the number of claims."""
    columns, rows = claim_table(data)
    with output.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(columns)
        out.writerows(rows)
    return len(rows)
