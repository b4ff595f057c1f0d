"""Hyphenated words, indexed joined as well as in their parts, in Python and in SQL alike.

FTS5 splits "e-mail" into "e" and "mail", so a search for "email" missed it, and one for
"e-mail" missed "email". So every indexed text ends with its hyphenated words written joined:
"Send an e-mail now" is indexed as "Send an e-mail now email", and a query for a hyphenated
word asks for its parts as a phrase or for its joined form (see :mod:`db.search`).

The rule, the same in both languages: at each hyphen, the word around it is the run of
characters other than spaces, line ends and tabs on either side, looked for at most
:data:`WINDOW` characters away. The word is written joined (its hyphens removed) after the
text when the hyphen stands between two parts and the word holds more than digits and
punctuation (the score "1-0" is not the number 10, nor the date "2017-08-02" a word). The
search goes on after the word. Other punctuation in the word stays, so the tokenizer splits
"U.S.-Iran" joined into "u", "s" and "iran", as it splits the text.
"""

from __future__ import annotations

from collections.abc import Iterator

#: What ends a hyphenated word.
SPACES = " \n\t"
#: Characters looked at on each side of a hyphen for the word around it.
WINDOW = 40
#: A word of nothing but these is a number, a date or a score: never joined.
NUMERIC = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹-+.,:;/()%"


def hyphenated(folded: str) -> Iterator[tuple[int, int]]:
    """Each hyphenated word of ``folded`` joined in the index, as ``(start, end)``, in order."""
    pos = 0
    while (p := folded.find("-", pos)) >= 0:
        before = folded[max(pos, p - WINDOW) : p]
        left = len(before) - len(before.rstrip(before.translate(_NO_SPACES)))
        after = folded[p + 1 : p + 1 + WINDOW]
        right = len(after) - len(after.lstrip(after.translate(_NO_SPACES)))
        end = p + 1 + right
        word = folded[p - left : end]
        if left and right and word.strip(NUMERIC):
            yield p - left, end
        pos = end


def with_joined(folded: str) -> str:
    """``folded`` as the index holds it: followed by its hyphenated words, joined."""
    return folded + joined_tail(folded)


def joined_tail(folded: str) -> str:
    """What the index appends to ``folded``: a space and each hyphenated word, joined."""
    if "-" not in folded:
        return ""
    return "".join(" " + folded[a:b].replace("-", "") for a, b in hyphenated(folded))


_NO_SPACES = str.maketrans("", "", SPACES)


# ---- The same in SQL: a recursive walk from hyphen to hyphen, as hyphenated() walks.


def _no_spaces_sql(expr: str) -> str:
    for ch in SPACES:
        expr = f"replace({expr}, char({ord(ch)}), '')"
    return expr


def with_joined_sql(column: str) -> str:
    """SQL for :func:`with_joined` of ``column`` (a folded text column, never NULL).

    A walk from hyphen to hyphen, each row one move of :func:`hyphenated`, by kind ``k``:
    0 copies ``column`` into ``acc`` (so the column is read once: a view's column is computed
    anew wherever it is named); 1 finds the next hyphen and keeps ``rest`` from
    :data:`WINDOW` characters before it, ``p`` its place there; 2 measures the word's parts
    before and after the hyphen (``a``, ``b``); 3 appends the word and moves past it; 4 is
    the end. So every look around a hyphen reads a short window, never the whole text.
    """
    before, after = "substr(rest, 1, p - 1)", f"substr(rest, p + 1, {WINDOW})"
    left = f"length({before}) - length(rtrim({before}, {_no_spaces_sql(before)}))"
    right = f"length({after}) - length(ltrim({after}, {_no_spaces_sql(after)}))"
    word = "substr(rest, p - a, a + 1 + b)"
    numeric = "'" + NUMERIC.replace("'", "''") + "'"
    emit = (
        f"CASE WHEN a > 0 AND b > 0 AND trim({word}, {numeric}) != '' "
        f"THEN ' ' || replace({word}, '-', '') ELSE '' END"
    )
    found = "instr(rest, '-')"
    lo = f"max(1, {found} - {WINDOW})"
    step = (
        "SELECT CASE k WHEN 0 THEN 1 WHEN 1 THEN CASE WHEN "
        f"{found} = 0 THEN 4 ELSE 2 END WHEN 2 THEN 3 ELSE 1 END, "
        f"CASE k WHEN 0 THEN rest WHEN 1 THEN substr(rest, {lo}) WHEN 2 THEN rest "
        "ELSE substr(rest, p + 1 + b) END, "
        f"CASE k WHEN 1 THEN {found} - {lo} + 1 ELSE p END, "
        f"CASE k WHEN 2 THEN {left} ELSE a END, "
        f"CASE k WHEN 2 THEN {right} ELSE b END, "
        f"CASE k WHEN 0 THEN rest WHEN 3 THEN acc || {emit} ELSE acc END "
        "FROM hy WHERE k < 4"
    )
    return (
        f"(WITH RECURSIVE hy(k, rest, p, a, b, acc) AS (SELECT 0, {column}, 0, 0, 0, '' "
        f"UNION ALL {step}) SELECT acc FROM hy WHERE k = 4)"
    )
