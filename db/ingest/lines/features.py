"""What the line labeller sees of each line: its shape, its place, its patterns, its neighbours.

Every feature is a string naming a fact about a line (``len=5``, ``rule=caption``,
``-1:end=.``); the labeller learns a weight for each. The facts are general ones (length,
punctuation, patterns of dates, credits and bylines, the rules' verdict), not any site's words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from db.ingest import patterns as pat

_URL = re.compile(r"https?://|www\.\w|\.(?:com|org|net|html?)\b", re.IGNORECASE)
_URL_MARKS = ("http", "www.", ".com", ".org", ".net", ".htm")
# Starts only where a run of address characters starts: one try per run, not one per character.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.\w")
_HANDLE = re.compile(r"(?:^|\s)[@#]\w{2,}")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_AGO = re.compile(r"\b\d+\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Two to four capitalised words and nothing else: a name standing alone.
_NAME = re.compile(r"^[A-Z][\w.'’-]+(?:,? [A-Z][\w.'’-]*){1,3}$")
_DATELINE_LEAD = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:\([^)]{1,40}\))?\s*[–—-]{1,2}\s")
_PIPES = re.compile(r"\s[|•·]\s")
_COUNT = re.compile(r"^\(?\d+\)?$")
# A phrase said twice or more on one line: a link's title beside its text.
_TWICE = re.compile(r"^(\S+(?:\s+\S+){2,}?)\s*\1")
_GAPS = 0.05  # blank lines tell lines apart unless fewer or more than this share lack them
_SEEN = 200  # of a longer line, the characters at each end that are read
_LICENCE_MARKS = ("licence", "license", "all rights reserved", "copyright")


@dataclass(frozen=True)
class Line:
    """One non-blank line of an article, with what the rules made of it."""

    text: str
    rule: str  # the rules' kind for the line
    sure: bool = False  # the rules matched a pattern they are certain of
    pieces: int = 1  # how many blocks the rules cut the line into
    gap_before: bool = True  # a blank line (or the start) stands before it
    gap_after: bool = True


def _bucket(n: float) -> int:
    """A rough log2 scale: 0, 1, 2, 3-4, 5-8 and so on."""
    return 0 if n <= 0 else 1 + int(math.log2(n))


def _end(text: str) -> str:
    last = text.rstrip(pat.CLOSERS)[-1:] or text[-1:]
    if last.isalpha():
        return "a"
    if last.isdigit():
        return "0"
    return last if last in ".!?:;,…。|-–—»>" else "sym"


def _start(text: str) -> str:
    first = text.lstrip(pat.CLOSERS + "‘“\"'([ ")[:1]
    if first.isupper():
        return "A"
    if first.islower():
        return "a"
    if first.isdigit():
        return "0"
    return "cjk" if _CJK.match(first) else "sym"


def _signed(n: int) -> int:
    return _bucket(n) if n >= 0 else -_bucket(-n)


def _words_at_ends(words: list[str]) -> list[str]:
    """The first and last words, in lower case, where they are short words of letters."""
    out = []
    if words and len(words[0]) <= 15:
        out.append(f"w0={words[0].lower()}")
    if len(words) > 1 and len(words[-1]) <= 15:
        out.append(f"w-1={words[-1].lower()}")
    return out


def _ends(text: str) -> str:
    """Of a long paragraph, the parts near its ends: its shape and patterns are read there."""
    return text if len(text) <= 2 * _SEEN else f"{text[:_SEEN]} … {text[-_SEEN:]}"


def _own(line: Line, max_len: int, n_words: int, words: list[str], gaps: bool) -> list[str]:
    """Facts of the line alone (``words`` are those of its ends); neighbours see these too.

    Blank lines around it count only where the article's lines are set apart by some and not
    by others (``gaps``): a scraper may leave none, or one after every line.
    """
    full = line.text
    t = _ends(full)
    caps = sum(map(str.isupper, (w[0] for w in words)))
    digits = sum(map(str.isdigit, t))
    low = t.lower()
    out = [
        f"rule={line.rule}",
        f"len={_bucket(len(full))}",
        f"words={_bucket(n_words)}",
        f"rel={min(4, int(5 * len(full) / max_len)) if max_len else 0}",
        f"end={_end(t)}",
        f"start={_start(t)}",
        f"caps={round(4 * caps / len(words)) if words else -1}",
    ]
    if gaps:
        out += [f"gapb={int(line.gap_before)}", f"gapa={int(line.gap_after)}"]
    if line.sure:
        out.append("sure")
    if line.pieces > 1:
        out.append("cut")
    if t.isupper() and len(words) >= 1:
        out.append("upper")
    if digits:
        out.append(f"digits={min(3, round(6 * digits / len(t)))}")
    if _CJK.search(t):
        out.append("cjk")
    if _RTL.search(t):
        out.append("rtl")
    elif _CYRILLIC.search(t):
        out.append("cyr")
    long_words = [w for w in words if len(w) > 3]
    if long_words:
        out.append(f"title={round(4 * sum(w[0].isupper() for w in long_words) / len(long_words))}")
    for name, hit in (
        # Each pattern is tried only where a cheap test of what it needs passes.
        ("url", any(m in low for m in _URL_MARKS) and _URL.search(t)),
        ("email", "@" in t and _EMAIL.search(t)),
        ("handle", ("@" in t or "#" in t) and _HANDLE.search(t)),
        ("time", digits >= 3 and _TIME.search(t)),
        ("year", digits >= 4 and _YEAR.search(t)),
        ("ago", digits and "ago" in low and _AGO.search(t)),
        ("date", len(t) <= 300 and pat.DATE.search(t)),  # a date line is short
        ("dateline", pat.DATELINE.match(t)),
        ("byline", pat.BYLINE.match(t)),
        ("by", low.startswith(("by ", "von ", "par ", "por "))),
        ("paren_credit", pat.paren_credit(t)),
        ("label_credit", pat.label_credit(t)),
        ("photo", pat.LEADING_PHOTO.match(t) or pat.IMAGE_CAPTION.match(t)),
        ("furniture", len(t) <= 300 and pat.boilerplate_line(t)),
        ("read_more", pat.READ_MORE.match(t)),
        ("comments", pat.COMMENTS_HEADER.match(t)),
        ("lead", _DATELINE_LEAD.match(t)),
        ("crumbs", len(t) < 120 and len(pat.BREADCRUMB_SEP.split(t)) > 2),
        ("pipes", _PIPES.search(t)),
        ("count", _COUNT.match(t)),
        ("credit", n_words <= 6 and pat.credit_line(t)),
        ("says", len(t) <= 80 and pat.COMMENT_SAYS.match(t)),
        ("reply", len(t) <= 40 and pat.REPLY.match(t)),
        ("reltime", digits and pat.RELATIVE_TIME.search(t)),
        ("numdate", digits >= 4 and pat.NUMERIC_DATE.search(t)),
        ("monthday", digits and len(t) <= 300 and pat.MONTH_DAY.search(t)),
        ("name", len(t) <= 50 and _NAME.match(t)),
        ("licence", "©" in t or any(m in low for m in _LICENCE_MARKS)),
        ("twice", n_words >= 6 and len(t) <= 400 and _twice(t)),
    ):
        if hit:
            out.append(name)
    return out


def _twice(text: str) -> bool:
    head = " ".join(text.split()[:3])
    return text.find(head, len(head)) > 0 and _TWICE.match(text) is not None


def features(lines: Sequence[Line]) -> list[list[str]]:
    """The features of each line of one article, in order."""
    n = len(lines)
    max_len = max((len(ln.text) for ln in lines), default=0)
    split = [ln.text.split() for ln in lines]
    words = [_WORD.findall(_ends(ln.text)) for ln in lines]
    gapped = sum(ln.gap_before for ln in lines[1:])
    gaps = _GAPS * (n - 1) <= gapped <= (1 - _GAPS) * (n - 1)
    own = [_own(ln, max_len, len(split[i]), words[i], gaps) for i, ln in enumerate(lines)]
    texts = [" ".join(parts).lower() for parts in split]
    seen = Counter(texts)
    earlier: set[str] = set()
    total = sum(len(ln.text) for ln in lines) or 1
    long = [len(parts) >= 20 or len(ln.text) >= 120 for parts, ln in zip(split, lines, strict=True)]
    first_long = next((i for i, lg in enumerate(long) if lg), n)
    last_long = max((i for i, lg in enumerate(long) if lg), default=-1)
    anchor = _title_guess(lines, split, first_long)
    shared = _shared_with_body(words, long)
    article = [
        f"nlines={_bucket(n)}",
        f"nlong={_bucket(sum(long))}",
        f"longshare={4 * sum(long) // n if n else 0}",
        f"gaps={'some' if gaps else 'none' if gapped < (n - 1) / 2 else 'all'}",
    ]
    before = 0
    thread = False  # a comment thread's heading or a commenter's line stands above
    out = []
    for i, ln in enumerate(lines):
        f = ["bias", *article, *own[i], *_words_at_ends(words[i])]
        f += [f"idx={min(i, 8)}", f"back={min(n - 1 - i, 8)}", f"relpos={10 * i // n}"]
        f.append(f"tofirstlong={_signed(first_long - i)}")
        f.append(f"fromlastlong={_signed(i - last_long)}")
        f.append(f"charpos={10 * before // total}")
        f.append(f"totitle={_signed(i - anchor) if anchor >= 0 else 'none'}")
        before += len(ln.text)
        if shared[i] >= 0:
            f.append(f"shared={shared[i]}")
        if thread:
            f.append("inthread")
        thread = thread or "comments" in own[i] or "says" in own[i]
        if texts[i] in earlier:
            f.append("again")  # a copy of a line above
        elif seen[texts[i]] > 1:
            f.append("copied")  # the first of several copies
        earlier.add(texts[i])
        window = long[max(0, i - 3) : i + 4]
        f.append(f"longnear={sum(window)}")
        f.append(f"longbefore={min(3, sum(long[:i]))}")
        f.append(f"longafter={min(3, sum(long[i + 1 :]))}")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f += [f"{d}:{x}" for x in own[j]]
            else:
                f.append(f"{d}:none")
        if i > 0:
            f.append(f"rule-1|0={lines[i - 1].rule}|{ln.rule}")
        if i + 1 < n:
            f.append(f"rule0|+1={ln.rule}|{lines[i + 1].rule}")
        out.append(f)
    return out


def _title_guess(lines: Sequence[Line], split: list[list[str]], first_long: int) -> int:
    """The likeliest title a few lines above the first long paragraph, or -1 if none.

    The wordiest line there that is not a sentence, a date, an address or furniture (the
    nearest on a tie).
    """
    best, most = -1, 0
    for j in range(max(0, first_long - 12), first_long):
        t = lines[j].text
        n = len(split[j])
        if not 3 <= n <= 30 or _end(t) in (".", ":", ";", ",", "|") or len(t) > 250:
            continue
        if (
            _URL.search(t)
            or pat.DATE.search(t)
            or pat.NUMERIC_DATE.search(t)
            or pat.MONTH_DAY.search(t)
            or pat.boilerplate_line(t)
            or pat.credit_line(t)
            or len(pat.BREADCRUMB_SEP.split(t)) > 2
            or pat.LEADING_PHOTO.match(t)
        ):
            continue
        if n >= most:
            best, most = j, n
    return best


def _shared_with_body(words: list[list[str]], long: list[bool]) -> list[int]:
    """How many of each line's words the long paragraphs use too, from 0 (none) to 4 (all).

    Words of four letters or more are counted, and a long line's own are set aside; -1 for a line
    with no such word. A headline or caption shares the body's words, a menu or another story's
    teaser does not.
    """
    sets = [{w.lower() for w in ws if len(w) >= 4} for ws in words]
    df: Counter[str] = Counter()
    for ws, lg in zip(sets, long, strict=True):
        if lg:
            df.update(ws)
    out = []
    for ws, lg in zip(sets, long, strict=True):
        if not ws:
            out.append(-1)
            continue
        hits = sum(df[w] > int(lg) for w in ws)
        out.append(round(4 * hits / len(ws)))
    return out
