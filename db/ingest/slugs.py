"""Headlines read back from file names such as ``_news_4_Over-5-25m-tons-of-goods-…txt``.

A slug keeps a headline's letters and digits and turns everything between them into hyphens:
spaces, apostrophes, the points of "U.S.", the point of "5.25m", the comma of "75,000". Each
hyphen is read back as what it most likely stood for, from the words on either side and, where
the digits alone cannot tell (is "3-5" 3.5, or 3 to 5?), from how the article's own text writes
the figure. What a slug cannot imply ($, %, quotes, commas between words) is never invented.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Fields of a name (split at "_") that are not part of the headline: an id, a hash, a label.
_LABELS = {"news", "article", "story", "item", "post", "page", "index", "untitled", "document"}
_ID = re.compile(r"\d+|(?=[a-z]*\d)[0-9a-f]{8,}|(?=\D*\d)(?=\d*[a-z])[0-9a-z]{12,}", re.I)
_SPLIT = re.compile(r"[\s_+\-–—]+|(?<!\d)\.|\.(?!\d)")
_NUM = re.compile(r"(\d+)([^\W\d_]*)")

# Contractions: the word before each ending ("won" + "t" is "won't").
_CONTRACTED = {
    "t": {"can", "don", "won", "isn", "aren", "wasn", "weren", "doesn", "didn", "hasn", "haven",
          "hadn", "couldn", "shouldn", "wouldn", "mustn", "needn", "ain", "mightn"},
    "re": {"we", "you", "they", "who", "what", "there", "here"},
    "ve": {"i", "we", "you", "they", "who", "would", "could", "should", "might", "must"},
    "ll": {"i", "we", "you", "they", "he", "she", "it", "that", "who", "there", "what"},
    "d": {"i", "we", "you", "they", "he", "she", "who", "it"},
    "m": {"i"},
}  # fmt: skip
_AMPERSAND = {("M", "A"): "M&A", ("R", "D"): "R&D", ("Q", "A"): "Q&A"}
_DOTTED = _words(
    "Jan Feb Mar Apr Aug Sep Sept Oct Nov Dec Dr Mr Mrs Ms Gen Lt Col Brig Prof Capt St"
)
_MONTHS = _words(
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec"
)
_PER_DAY = {"mcm", "bcm", "mb", "m", "b", "bbl", "kb", "cm", "t"}  # "mcm/d", "mb/d"
_RATES = {("yr", "yr"), ("y", "y"), ("q", "q")}  # "yr/yr"

# Figures: a unit after digits makes "5-25m" a decimal, a sports word makes "3-0" a score.
_ORDINAL = {"st", "nd", "rd", "th"}
_MAGNITUDES = {"m", "b", "bn", "mn", "k", "tr"}
_SPORTS = _words(
    "beat beats win wins won draw draws defeat defeats lose loses lost edge edges "
    "thrash thrashes rout routs match victory stun stuns overpower overpowers "
    "whitewash tie football futsal volleyball basketball league cup friendly"
)
_RANGE_BEFORE = {"aged", "ages", "phases", "between", "pages", "grades", "levels", "days"}
_WEAPONS = _words(
    "missile missiles drone drones system systems satellite rocket rockets launcher "
    "fighter jet jets destroyer submarine tank radar helicopter warship frigate"
)
_AIRCRAFT = {"Su", "MiG", "Tu", "COVID", "Covid", "covid", "SARS"}  # "Su-35", "COVID-19"

# Compounds a slug cannot tell from two words, where two words would read wrong.
_FUNCTION = _words(
    "the a an to is are was were be been and or of in on at by for with not will can "
    "may has have had its his her their our very too so more most less from as that "
    "this it ago"
)
_NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty "
    "thirty forty fifty hundred multi"
)
_UNITS = _words(
    "day week month year hour minute decade century member nation party point man "
    "story storey km kilometer meter mile megawatt bed seat lane star round stage "
    "step way night game country state article volume"
)
_PARTICIPLES = _words(
    "based led backed made owned funded sponsored bound related oriented linked style "
    "specific centric friendly"
)
_AFTER = {  # second word: the first words it joins
    "old": {"year", "years", "decade", "decades", "century", "centuries", "month", "week",
            "day", "millennia"},
    "hit": {"quake", "earthquake", "flood", "drought", "war", "storm", "sanctions", "virus"},
    "stricken": {"quake", "earthquake", "flood", "drought", "war", "poverty"},
    "affected": {"quake", "earthquake", "flood", "drought", "war", "sanctions"},
    "free": {"visa", "tax", "duty", "toll", "nuclear", "smoke", "drug", "weapons"},
    "run": {"state", "government"},
    "term": {"long", "short", "medium", "mid"},
    "range": {"long", "short", "medium", "mid"},
    "scale": {"full", "large", "small"},
    "level": {"high", "top", "low"},
    "ranking": {"high", "top"},
    "border": {"cross"},
    "called": {"so"},
    "ever": {"first"},
    "known": {"well"},
    "right": {"far"},
    "woven": {"hand"},
    "knotted": {"hand"},
    "out": {"worn"},
    "central": {"north", "south", "east", "west"},
    "terrorism": {"counter"},
    "making": {"decision", "policy", "myth", "peace", "law", "history"},
}  # fmt: skip
_PREFIXES = {"non", "anti", "co", "ex", "self", "semi", "multi", "re", "indo"}
_POST_PRE = _words(
    "war revolution sanctions election elections quake earthquake pandemic corona "
    "coronavirus deal brexit jcpoa isis daesh"
)
_PAIR_NOUNS = _words(
    "trade ties relations talks cooperation co joint economic border direct flight "
    "flights friendship commission committee chamber summit deal agreement rail "
    "railway pipeline bilateral transit business banking investment dialogue "
    "consultations parliamentary cultural"
)
_NOT_PAIRED = {"Air", "Pars", "Times", "Khodro", "Mall", "Cup", "Province", "Plaza"}


def title_from_filename(name: str, text: str = "") -> str | None:
    """The headline a slug such as ``_news_100025_Chinese-Ship-Sinks.txt`` stands for, if any.

    A name with an id between words (``buzzfeed_fake_13_Fake``) is a record's key, not a
    headline: it is given as it is, one word, for an article no other title can be found for.

    Args:
        name: the file's name (a path's last part).
        text: the article's text, which settles how figures read ("5-25m" as 5.25m).

    Returns:
        The headline, or None when the name holds no words (an id, a hash).
    """
    fields = _fields(name)
    if any(_ID.fullmatch(f) for f in fields):
        return "_".join(fields)
    words = [w for w in _SPLIT.split("_".join(fields)) if w]
    if not any(c.isalpha() for w in words for c in w):
        return None
    return read_slug(words, text)


def _fields(name: str) -> list[str]:
    """The name's fields (split at "_"), without its extension and the ids and labels around."""
    fields = os.path.splitext(name)[0].split("_")
    while fields and _not_headline(fields[0]):
        fields.pop(0)
    while fields and _not_headline(fields[-1]):
        fields.pop()
    return fields


def _not_headline(field: str) -> bool:
    return not field.strip() or field.lower() in _LABELS or bool(_ID.fullmatch(field))


def read_slug(words: list[str], text: str = "") -> str:
    """Join a slug's words with what each hyphen most likely stood for."""
    words = _marks(words)
    title = _Title(words, text)
    out = words[0]
    for i in range(1, len(words)):
        out += title.joint(i) + words[i]
    return out


def _marks(words: list[str]) -> list[str]:
    """Merge letters into "U.S." and "M&A"; put points after "S" of "S. Korea" and "Feb."."""
    out: list[str] = []
    title_case = sum(w[:1].isupper() for w in words) > 0.7 * len(words)
    i = 0
    while i < len(words):
        w = words[i]
        j = i
        while j < len(words) and len(words[j]) == 1 and words[j].isupper():
            j += 1
        if j - i == 2 and (words[i], words[i + 1]) in _AMPERSAND:
            out.append(_AMPERSAND[words[i], words[i + 1]])
        elif j - i >= 2:
            if j - i >= 3 and _initial(words, j - 1, title_case=True):
                j -= 1  # "U S N Korea": U.S., N. Korea
            out.append(".".join(words[i:j]) + ".")
        elif _initial(words, i, title_case) or (w in _DOTTED and i + 1 < len(words)):
            out.append(w + ".")
        else:
            out.append(w)
        i = max(j, i + 1)
    return out


def _initial(words: list[str], i: int, title_case: bool) -> bool:
    """A lone capital before a name: "S Korea" is "S. Korea" ("A" and "I" are words)."""
    w, after = words[i], words[i + 1] if i + 1 < len(words) else ""
    if len(w) != 1 or not w.isupper() or w in "AI" or len(after) < 2 or not after[0].isupper():
        return False
    return not title_case or w in "NSEW"


class _Title:
    """The words of one slug, and the reading of the hyphen before each."""

    def __init__(self, words: list[str], text: str) -> None:
        self.words, self.text = words, text
        self.lower = [w.lower() for w in words]
        self.sports = not _SPORTS.isdisjoint(self.lower)

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def joint(self, i: int) -> str:
        """What stood between word ``i - 1`` and word ``i``."""
        for rule in _RULES:
            if (found := rule(self, i)) is not None:
                return found
        return " "


def _contraction(t: _Title, i: int) -> str | None:
    a, b = t.lower[i - 1], t.words[i]
    if b == "s" and (a[-1:].isalpha() or a.endswith(".")):
        return "'"
    if b in _CONTRACTED and a in _CONTRACTED[b] and t.words[i - 1][:1].isalpha():
        return "'"
    if b == "d" and a.lstrip("0123456789") in _PER_DAY:
        return "/"  # mcm/d
    if (a, b) in _RATES:
        return "/"
    before = t.lower[i - 2].lstrip("0123456789") if i >= 2 else ""
    if (
        t.words[i - 1] == "d"
        and b[:1].lower() in "aeiouéèâ"
        and len(before) >= 4
        and before not in _CONTRACTED["d"] | _PER_DAY
    ):
        return "'"  # chargé d'affaires, Côte d'Ivoire, coup d'état
    return None


def _figure(t: _Title, i: int) -> str | None:
    """Between two figures: a point, a comma, a range, a score, "P5+1" or "9/11"."""
    a, b = t.words[i - 1], t.words[i]
    if not (a[-1:].isdigit() and b[:1].isdigit()):
        return None
    if re.fullmatch(r"[PE]\d", a) and b == "1":
        return "+"
    if (a, b) == ("9", "11"):
        return "/"
    m = _NUM.fullmatch(b)
    if not a.isdigit() or m is None:
        return " "
    digits, unit = m[1], m[2].lower()
    if found := _written(t.text, a, digits):
        return found
    if unit in _ORDINAL or len(a) >= 4:
        return "-"  # 18-19th, 2015-16, 1200-1600
    if len(digits) == 3 and unit not in _MAGNITUDES:
        return ","  # 75-000, 7-800km
    if unit:
        return "."  # 5-25m, 85-5GW
    return _pair(t, i, a, digits)


def _written(text: str, a: str, b: str) -> str | None:
    """How the text writes the figure, if it writes it only one way."""
    if not text:
        return None
    found = {
        sep
        for sep, rx in (
            (".", rf"{a}\.{b}"), (",", rf"{a},{b}"), ("+", rf"{a}\+{b}"),
            ("-", rf"{a}\s?[-–]\s?{b}"), ("-", rf"{a} to {b}"),
        )
        if re.search(rf"(?<![\d.,]){rx}(?![\d]|[.,]\d)", text)
    }  # fmt: skip
    return found.pop() if len(found) == 1 else None


def _pair(t: _Title, i: int, a: str, b: str) -> str:
    """Two short numbers the text did not settle: a score, a range, "5+1", else a decimal."""
    before = t.lower[i - 2].rstrip(".") if i >= 2 else ""
    if t.sports and int(a) <= 20 and int(b) <= 20:
        return "-"
    if before in _MONTHS or before in _RANGE_BEFORE:
        return "-"
    if (a, b) == ("5", "1"):
        return "+"  # the 5+1 group
    return "."


def _designation(t: _Title, i: int) -> str | None:
    """A name and its number: "F-16", "COVID-19", "Arash-2 drone"."""
    a, b = t.words[i - 1], t.words[i]
    if not (b.isdigit() and a.isalpha()):
        return None
    if (len(a) == 1 and a.isupper()) or a in _AIRCRAFT:
        return "-"
    if a[0].isupper() and a.lower() not in _MONTHS and t.word(i + 1).lower() in _WEAPONS:
        return "-"
    return None


def _compound(t: _Title, i: int) -> str | None:
    """Two words that make one: "14-day", "IPC-based", "non-oil", "re-election"."""
    a, b, after = t.lower[i - 1], t.lower[i], t.lower[i + 1] if i + 1 < len(t.words) else ""
    if (a.isdigit() or a in _NUMBER_WORDS) and b in _UNITS and after and after not in _FUNCTION:
        return "-"
    if b == "old" and a in _UNITS:
        return "-"
    if b in _PARTICIPLES and a not in _FUNCTION and after not in ("by", "on", "upon", "to"):
        return "-"
    if a in _AFTER.get(b, ()):
        return "-"
    if a in _PREFIXES and b.isalpha() and t.words[i - 1].isalpha():
        return "-"
    if a in ("post", "pre") and (b in _POST_PRE or t.words[i].isupper()):
        return "-"
    if a == "mid" and (b in _MONTHS or b.isdigit()):
        return "-"
    if t.words[i - 1] == "e" and t.words[i].islower():
        return "-"  # e-commerce
    return _pair_of_names(t, i)


def _pair_of_names(t: _Title, i: int) -> str | None:
    """Iran-Iraq trade: the country and its partner, before what they share."""
    a, b = t.words[i - 1], t.words[i]
    if i != 1 or a not in ("Iran", "Tehran") or not b[:1].isupper() or b in _NOT_PAIRED:
        return None
    return "-" if t.word(i + 1) in _PAIR_NOUNS else None


_RULES: tuple[Callable[[_Title, int], str | None], ...] = (
    _contraction,
    _figure,
    _designation,
    _compound,
)
