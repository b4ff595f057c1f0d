"""Folding text for search, so that queries match across script variants, in Python and in SQL.

FTS5's ``unicode61`` tokenizer removes Latin diacritics only. Arabic and Persian harakat split
words, tatweel and zero-width joiners hide them, and letter variants differ between the two
scripts; :func:`fold` removes or unifies those before indexing and before querying alike. It
also writes every hyphen as ``-``, which :mod:`db.index.hyphens` looks for.

The index is kept by triggers in plain SQL, so that any SQLite client can change the tables
without breaking it: :func:`fold_sql` and :func:`body_sql` write the same folding as SQL
expressions, and the tests hold the two to giving the same text. Text is stored in NFC;
folding does not normalise (SQL cannot), so callers normalise what they store.
"""

from __future__ import annotations

import re

#: Bumped whenever folding changes; a project indexed by another version is re-indexed.
FOLD_VERSION = "2"

_REMOVED = [
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06EE),  # harakat
    0x0640,  # tatweel
    0x200C,
    0x200D,
    0x200E,
    0x200F,
    0xFEFF,
    0x00AD,  # joiners, marks, soft hyphen
]
_UNIFIED = {
    "ي": "ی",  # Arabic yeh -> Farsi yeh
    "ى": "ی",  # alef maksura
    "ك": "ک",  # Arabic kaf -> keheh
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ة": "ه",
    "\xa0": " ",
    "\u2010": "-",  # hyphen, non-breaking hyphen -> hyphen-minus (see db.index.hyphens)
    "\u2011": "-",
}
#: Each character folded, and what it becomes ("" when removed).
FOLDS: dict[str, str] = {chr(c): "" for c in _REMOVED} | _UNIFIED

_FOLDABLE = re.compile("[" + "".join(re.escape(c) for c in FOLDS) + "]+")
# The test whether there is anything to fold at all: a search for bytes in the UTF-8 text,
# far faster than a regex. Arabic-script characters share their first bytes (D8, D9, DB).
_ARABIC_LEADS = tuple(sorted({c.encode()[:1] for c in FOLDS if "\u0600" <= c <= "\u06ff"}))
_OTHERS = tuple(sorted(c for c in FOLDS if not "\u0600" <= c <= "\u06ff"))
_MARKERS = _ARABIC_LEADS + tuple(c.encode() for c in _OTHERS)


def fold(text: str | None) -> str:
    """Return ``text`` with harakat, tatweel and invisible joiners removed, letters unified."""
    if not text:
        return ""
    if text.isascii():
        return text
    utf8 = text.encode("utf-8", "surrogatepass")
    return _FOLDABLE.sub(_fold_run, text) if any(m in utf8 for m in _MARKERS) else text


def _fold_run(m: re.Match[str]) -> str:
    return "".join(FOLDS[c] for c in m[0])


def parse_spans(spans: str) -> list[tuple[int, int]]:
    """Parse ``"3-9,20-31"`` into ``[(3, 9), (20, 31)]``."""
    out = []
    for part in spans.split(","):
        if part:
            start, _, end = part.partition("-")
            out.append((int(start), int(end)))
    return out


def format_spans(spans: list[tuple[int, int]]) -> str:
    """The inverse of :func:`parse_spans`."""
    return ",".join(f"{start}-{end}" for start, end in spans)


def search_body(text: str | None, hidden: str | None) -> str:
    """The article text as indexed: each hidden span (boilerplate) replaced by a space, folded."""
    if text is None:
        return ""
    if hidden:
        pieces, last = [], 0
        for start, end in parse_spans(hidden):
            pieces.append(text[last:start])
            last = end
        pieces.append(text[last:])
        text = " ".join(pieces)
    return fold(text)


# ---- The same in SQL
#
# SQLite's parser allows about 28 nested calls in one expression, and the folding table has 73
# entries, so the SQL folds in stages: each stage a view over the one before, replacing a few
# characters. The last view takes the Arabic stages' result only for rows that hold Arabic
# script (their UTF-8 lead bytes are D8, D9, DB), so other rows never go through them; ASCII
# text is left as it is.

_STAGE = 16  # replace() calls a stage nests


def _char(ch: str) -> str:
    return f"char({ord(ch)})" if ch else "''"


def _replaced(expr: str, pairs: list[tuple[str, str]]) -> str:
    for src, dst in pairs:
        expr = f"replace({expr}, {_char(src)}, {_char(dst)})"
    return expr


_ARABIC = sorted((c, d) for c, d in FOLDS.items() if "\u0600" <= c <= "\u06ff")
_GENERAL = [(c, FOLDS[c]) for c in _OTHERS]
#: The Arabic-script replacements, one list a stage.
ARABIC_STAGES = [_ARABIC[i : i + _STAGE] for i in range(0, len(_ARABIC), _STAGE)]


def is_ascii_sql(raw: str) -> str:
    """SQL true when the text ``raw`` is plain ASCII (as many characters as bytes)."""
    return f"length(coalesce({raw}, '')) = length(CAST(coalesce({raw}, '') AS BLOB))"


def has_arabic_sql(raw: str) -> str:
    """SQL true when the text ``raw`` may hold Arabic-script characters."""
    blob = f"CAST(coalesce({raw}, '') AS BLOB)"
    return " OR ".join(f"instr({blob}, X'{b.hex().upper()}') > 0" for b in _ARABIC_LEADS)


def first_stage_sql(expr: str, raw: str) -> str:
    """SQL for the first stage of folding ``expr`` (made from column ``raw``): all but Arabic."""
    return f"CASE WHEN {is_ascii_sql(raw)} THEN coalesce({expr}, '') ELSE " + _replaced(
        f"coalesce({expr}, '')", _GENERAL
    ) + " END"


def arabic_stage_sql(column: str, stage: int) -> str:
    """SQL for Arabic stage ``stage`` of a folded ``column``."""
    return _replaced(column, ARABIC_STAGES[stage])


def body_sql(text: str, hidden: str) -> str:
    """SQL for the article text with its hidden spans cut out, as :func:`search_body` has it.

    ``hidden`` (``"3-9,20-31"``) is walked by a recursive common table expression: FTS5 reads
    its content without virtual tables, so JSON functions such as json_each cannot serve.
    """
    start = "CAST(substr(rest, 1, instr(rest, '-') - 1) AS INTEGER)"
    end = (
        "CAST(substr(rest, instr(rest, '-') + 1, instr(rest, ',') - instr(rest, '-') - 1)"
        " AS INTEGER)"
    )
    return (
        f"CASE WHEN coalesce({hidden}, '') = '' THEN {text} ELSE ("
        f"WITH RECURSIVE cut(rest, prev, acc) AS (SELECT {hidden} || ',', 0, '' UNION ALL "
        f"SELECT substr(rest, instr(rest, ',') + 1), {end}, "
        f"acc || substr({text}, prev + 1, max({start} - prev, 0)) || ' ' "
        f"FROM cut WHERE rest != '') "
        f"SELECT acc || substr({text}, prev + 1) FROM cut WHERE rest = '') END"
    )
