"""The SQL functions that schema revisions 0002 to 0004 call, as they were released.

Those revisions defined the search index through Python functions registered on each
connection. Upgrading such a file runs them again, so the functions live on here, frozen, and
are registered only on the connection that creates or upgrades a file. From revision 0005 on,
the index is plain SQL and needs none of them.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

_REMOVED = [
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06EE),
    0x0640,
    0x200C,
    0x200D,
    0x200E,
    0x200F,
    0xFEFF,
    0x00AD,
]
_TABLE: dict[int, int | None] = dict.fromkeys(_REMOVED)
_TABLE.update(
    {
        ord("ي"): ord("ی"),
        ord("ى"): ord("ی"),
        ord("ك"): ord("ک"),
        ord("أ"): ord("ا"),
        ord("إ"): ord("ا"),
        ord("آ"): ord("ا"),
        ord("ٱ"): ord("ا"),
        ord("ة"): ord("ه"),
    }
)
_SPAN = re.compile(r"(\d+)-(\d+)")


def fold_v0(text: str | None) -> str:
    """Folding as revisions 0002 to 0004 indexed it (NFC, no-break spaces, then the table)."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text).replace("\xa0", " ").translate(_TABLE)


def body_v0(text: str | None, hidden: str | None) -> str:
    if not text:
        return ""
    pieces, last = [], 0
    for m in _SPAN.finditer(hidden or ""):
        pieces += [text[last : int(m[1])], " "]
        last = int(m[2])
    pieces.append(text[last:])
    return fold_v0("".join(pieces))


def register(conn: sqlite3.Connection) -> None:
    """Register the functions the old revisions' views and triggers call."""
    conn.create_function("cd_fold", 1, fold_v0, deterministic=True)
    conn.create_function("cd_body", 2, body_v0, deterministic=True)
    conn.create_function("cd_index_on_insert", 0, lambda: 1)
