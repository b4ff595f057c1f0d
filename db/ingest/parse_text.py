"""Recovering an article's structure from scraped plain text.

The text is cut into segments (lines, or pieces of lines where a scraper ran several parts
together), and each segment is given a kind: breadcrumb, headline, byline, dateline, caption,
subheading, paragraph, boilerplate or other. Segments never overlap and together hold every
non-space character of the text, so nothing a user might want to quote is ever lost.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from db.ingest import patterns as P
from db.ingest.article import BlockSpan, CaptionDraft, ParsedArticle
from db.ingest.bylines import byline_name
from db.ingest.lines.decide import final_kinds, fixed, settled
from db.ingest.lines.features import Line
from db.ingest.lines.labeller import BUNDLED, Labeller
from db.ingest.slugs import title_from_filename
from db.ingest.unwrap import unwrapped
from db.store.models import BODY_KINDS, BlockKind

K = BlockKind
_MONTH_NUM = {m[:3]: i for i, m in enumerate(P.MONTHS.split("|")[:12], start=1)}
_DATELINE_LEAD = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:\([^)]{1,40}\))?\s*[–—-]{1,2}\s")


@dataclass
class Seg:
    start: int
    end: int
    kind: BlockKind | None = None
    gap_before: bool = True  # a blank line stands before it
    credit: str | None = None
    caption_text: tuple[int, int] | None = None
    sure: bool = False  # set by a pattern the rules are certain of


def parse_text(
    text: str, *, filename: str | None = None, labeller: Labeller | None = BUNDLED
) -> ParsedArticle:
    """Parse canonical text (LF line ends) into a :class:`ParsedArticle`. Never raises.

    The rules cut the text into blocks and give each a kind; then ``labeller`` (the shipped
    line model unless told otherwise; None for the rules alone) relabels the lines it is
    confident of, except lines the rules are certain of or cut into several blocks.
    """
    view = unwrapped(text)  # the same offsets, wrapped paragraphs joined
    art, segs, slug = _rules(view, filename)
    if labeller is not None:
        _relabel(view, segs, art, labeller)
    _ensure_body(segs, art)
    art.text = text
    art.blocks = [BlockSpan(s.kind or K.PARAGRAPH, s.start, s.end) for s in segs]
    art.captions = _captions(view, segs)
    if art.title is None and slug:
        art.title = slug
        if art.title:
            art.warnings.append("no headline in the text; the title was taken from the file name")
    if not art.body_blocks():
        art.warnings.append("no body text was recognised")
    return art


def rule_lines(text: str, *, filename: str | None = None) -> list[Line]:
    """Each non-blank line of ``text`` with the rules' verdict on it: the line model's input."""
    view = unwrapped(text)
    return [line for line, _ in _line_groups(view, _rules(view, filename)[1])]


def _rules(text: str, filename: str | None) -> tuple[ParsedArticle, list[Seg], str | None]:
    art = ParsedArticle(text=text)
    slug = title_from_filename(filename, text) if filename else None
    segs = _split_repeats(text, _lines(text), art.warnings)
    body = _classify_top(text, segs, art, slug)
    _mark_lead(text, body, art)
    for seg in body:
        if seg.kind is None:
            _classify_line(text, seg)
    _mark_tallies(text, body)
    _mark_groups(text, body)
    _captions_above_credits(text, body)
    _mark_tail(text, body)
    _mark_subheadings(text, body)
    return art, _peel_all(text, segs), slug


def _ensure_body(segs: list[Seg], art: ParsedArticle) -> None:
    """With no paragraph found, the longest headline or caption is the body (a photo story)."""
    if any(s.kind in BODY_KINDS for s in segs):
        return
    lone = [s for s in segs if s.kind in (K.HEADLINE, K.CAPTION)]
    if lone:
        seg = max(lone, key=lambda s: s.end - s.start)
        if seg.kind == K.HEADLINE:
            art.title = None
        seg.kind = K.PARAGRAPH


# ---- Segments


def _lines(text: str) -> list[Seg]:
    out, pos, gap = [], 0, True
    for raw in text.split("\n"):
        s, e = _trim(text, pos, pos + len(raw))
        pos += len(raw) + 1
        if s < e:
            out.append(Seg(s, e, gap_before=gap))
            gap = False
        else:
            gap = True
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _words(text: str) -> int:
    return len(text.split())


def _split_repeats(text: str, lines: list[Seg], warnings: list[str]) -> list[Seg]:
    """Set aside lines a crawler repeated.

    Some pages hold each paragraph followed by everything after it, one such run per line: the
    first line has the whole body, each later line is a suffix of the one before. The first line
    is cut into paragraphs where the later lines begin; the later lines are kept as ``other``.
    """
    out: list[Seg] = []
    i, repeated = 0, 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and _is_suffix(text, lines[j + 1], lines[j]):
            j += 1
        if j == i or (j == i + 1 and _trail(text, lines[i], lines[j])):
            if j > i:  # a crumb trail ending in the title the next line holds
                lines[i].kind, lines[i].sure = K.BREADCRUMB, True
            out.append(lines[i])
            i += 1
            continue
        first = lines[i]
        cuts = sorted({first.end - (ln.end - ln.start) for ln in lines[i + 1 : j + 1]})
        bounds = [first.start, *[c for c in cuts if c > first.start], first.end]
        for a, b in itertools.pairwise(bounds):
            s, e = _trim(text, a, b)
            if s < e:
                out.append(Seg(s, e, gap_before=True))
        cut = len(bounds) > 2  # a paragraph and the rest, not a line twice
        for ln in lines[i + 1 : j + 1]:
            out.append(Seg(ln.start, ln.end, K.OTHER, sure=cut))
            repeated += 1
        i = j + 1
    if repeated:
        warnings.append(f"{repeated} repeated line(s) set aside as crawler duplicates")
    return out


def _trail(text: str, line: Seg, title: Seg) -> list[str] | None:
    """The crumbs of a trail ending in the title the next line holds, or None if it is none.

    "Home » Recipes » Olive Bread" above "Olive Bread"; "HomeSport" glued on where a scraper
    lost the separators.
    """
    crumbs = text[line.start : line.end - (title.end - title.start)].strip()
    crumbs = P.BREADCRUMB_SEP.sub(" » ", crumbs).strip().removesuffix("»").strip()
    if not crumbs or len(crumbs) > 80 or crumbs[-1] in P.SENTENCE_END or _words(crumbs) > 8:
        return None
    return [c.strip() for c in crumbs.split(" » ") if c.strip()]


def _is_suffix(text: str, short: Seg, long: Seg) -> bool:
    n = short.end - short.start
    return (
        n >= 20
        and n <= long.end - long.start
        and text.endswith(text[short.start : short.end], long.start, long.end)
    )


# ---- The top of the page


def _classify_top(text: str, segs: list[Seg], art: ParsedArticle, slug: str | None) -> list[Seg]:
    """Find breadcrumb, headline, byline and dateline; return the segments left to classify."""
    i = 0
    # Above the headline: a date line, a crumb trail or a section's kicker, a few at most.
    while i < min(_ABOVE, len(segs) - 2):
        seg, line = segs[i], text[segs[i].start : segs[i].end]
        if seg.kind == K.BREADCRUMB:  # a trail ending in the title
            art.section = art.section or _trail(text, seg, segs[i + 1]) or []
        elif len(line) <= 80 and P.date_line(line):
            seg.kind = K.DATELINE
            art.published = art.published or parse_date(line)
        elif parts := _breadcrumb(line):
            seg.kind, art.section = K.BREADCRUMB, art.section or parts
        elif _kicker(text, seg, segs[i + 1], slug):
            seg.kind, art.section = K.BREADCRUMB, art.section or [_clean(line)]
        else:
            break
        i += 1
    if i < len(segs) - 1 and _is_headline(text[segs[i].start : segs[i].end], slug):
        segs[i].kind = K.HEADLINE
        art.title = _clean(text[segs[i].start : segs[i].end])
        for seg in segs[:i]:
            seg.sure = True  # a crumb trail or date right above a headline
        i += 1
    for seg in segs[i : i + 4]:
        if seg.kind is None:
            _byline_or_date(text[seg.start : seg.end], seg, art, first_only=True)
    return segs[i:]


_FROM = re.compile(r"^(?i:from|via|aus)\s+(?:(?i:the)\s+)?[A-Z]\w*(?:\s+[A-Z]\w*){0,3}$")
#: A place's name in capitals alone on its line, a date line above the body.
_PLACE = re.compile(r"^[A-Z][A-Z.'’ -]{2,30}(?:,\s*[A-Z][A-Z.'’ -]{1,30})?$")
_LEAD = 10  # how many lines above the first long paragraph a byline or date is looked for
_BELOW_LEAD = 2  # ... and below it, a byline of the "By Jo Roe" kind only


def _mark_lead(text: str, segs: list[Seg], art: ParsedArticle) -> None:
    """Bylines and date lines just above the body's first long paragraph.

    There they are found where a page's menus stand above the headline.
    """
    first = next((i for i, s in enumerate(segs) if _long(text, s)), len(segs))
    lead = segs[max(0, first - _LEAD) : first]
    for seg in lead:
        line = text[seg.start : seg.end]
        if seg.kind is not None or len(line) > 200:
            continue
        if seg is segs[first - 1] and _PLACE.match(line) and not P.boilerplate_line(line):
            seg.kind, seg.sure = K.DATELINE, True  # "GENEVA", "BAAR, SWITZERLAND"
            continue
        _byline_or_date(line, seg, art)
    _by_alone(text, lead, art)
    for seg in segs[first + 1 : first + 1 + _BELOW_LEAD]:
        line = text[seg.start : seg.end]
        if seg.kind is None and len(line) <= 200 and P.BYLINE.match(line):
            seg.kind, seg.sure = K.BYLINE, True  # under a long caption above the body
            art.byline = art.byline or byline_name(line)


def _byline_or_date(line: str, seg: Seg, art: ParsedArticle, *, first_only: bool = False) -> None:
    """Mark ``seg`` a byline (its name, and its date where it gives one) or a date line.

    With ``first_only``, only a kind the article has none of yet.
    """
    bylined = not (first_only and art.byline is not None)
    if bylined and P.BYLINE.match(line):
        seg.kind, seg.sure = K.BYLINE, True
        art.byline = art.byline or byline_name(line)
    elif bylined and (name := P.name_and_date(line)):
        seg.kind, seg.sure = K.BYLINE, True
        art.byline = art.byline or byline_name(line) or name
        art.published = art.published or parse_date(line)
    elif bylined and (name := P.dated_author(line)):
        seg.kind, seg.sure = K.BYLINE, True
        art.byline = art.byline or byline_name(name) or name
        art.published = art.published or parse_date(line)
    elif not (first_only and art.published is not None) and P.date_line(line):
        seg.kind, seg.sure = K.DATELINE, True
        art.published = art.published or parse_date(line)


def _by_alone(text: str, lead: list[Seg], art: ParsedArticle) -> None:
    """A by-word alone on its line ("By", "Kommentar von") and the name on the next: a byline.

    Looked for in the lines ``lead`` just above the body; elsewhere it is a teaser's.
    """
    for seg, name in itertools.pairwise(lead):
        line = text[name.start : name.end].strip()
        named = _words(line) <= 6 and len(line) <= 60 and line[-1:] not in P.SENTENCE_END
        free = seg.kind is None and name.kind is None
        if free and named and P.BY_ALONE.match(text[seg.start : seg.end]):
            for s in (seg, name):
                s.kind, s.sure = K.BYLINE, True
            art.byline = art.byline or byline_name(line)


def _long(text: str, seg: Seg) -> bool:
    return seg.end - seg.start >= 120 or _words(text[seg.start : seg.end]) >= 20


def _breadcrumb(line: str) -> list[str] | None:
    if len(line) > 120:
        return None
    parts = [p.strip() for p in P.BREADCRUMB_SEP.split(line)]
    if len(parts) < 2 or not all(parts):
        return None
    ok = all(
        len(p) <= 40
        and _words(p) <= 4
        and (p[0].isupper() or p[0].isdigit() or (p[0].isalpha() and not p[0].islower()))
        and p[-1] not in P.SENTENCE_END
        for p in parts
    )
    return parts if ok else None


_ABOVE = 3  # how many lines may stand above the headline


def _kicker(text: str, first: Seg, second: Seg, slug: str | None) -> bool:
    """A section's name standing alone above a longer headline.

    A word or two, a few words in capitals ("WORLD NEWS – ASIA"), or where the story comes from
    ("From The Guardian").
    """
    label = text[first.start : first.end].strip()
    headline = text[second.start : second.end]
    n = _words(label)
    return (
        (n <= 2 or (n <= 5 and (label.isupper() or _FROM.match(label) is not None)))
        and n >= 1
        and len(label) <= 40
        and label[-1:] not in P.SENTENCE_END
        and not any(c.isdigit() for c in label)
        and _words(headline) >= _words(label) + 3
        and _is_headline(headline, slug)
    )


def _is_headline(line: str, slug: str | None) -> bool:
    """A short unpunctuated first line; where the file is named by a slug, it must agree."""
    if len(line) > 250:
        return False
    if slug and len(slug.split()) >= 4:
        words = {w.lower() for w in re.findall(r"\w+", line)}
        if sum(w.lower() in words for w in slug.split()) < 0.5 * len(slug.split()):
            return False
    return (
        2 <= _words(line) <= 40
        and (line.rstrip(P.CLOSERS)[-1:] not in ".,;:" or _headline_case(line))
        and not _DATELINE_LEAD.match(line)
        and not P.paren_credit(line)
        and not P.boilerplate_line(line)
        and not _menu(line)
        and not (len(line) <= 100 and P.picture_credit(line))  # a picture's credit at the top
    )


def _menu(line: str) -> bool:
    """A row of four or more short items between separators: "News | Sport | Culture | Video"."""
    parts = P.BREADCRUMB_SEP.split(line)
    return len(parts) >= 4 and all(_words(p) <= 3 for p in parts)


def _headline_case(line: str) -> bool:
    """Title Case or capitals, so a full stop at its end does not make the line a sentence."""
    if line.rstrip(P.CLOSERS)[-1:] != ".":
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)


def _clean(s: str) -> str:
    return " ".join(s.split())


def parse_date(s: str) -> str | None:
    """The first date in ``s`` as ``YYYY-MM-DD``, or None."""
    m = P.DATE.search(s)
    if m is None:
        return None
    if m["iso"]:
        y, mo, d = (int(n) for n in m["iso"].split("-"))  # any script's digits
        return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
    month, day, year = (m["m1"], m["d1"], m["y1"]) if m["m1"] else (m["m2"], m["d2"], m["y2"])
    num = P.OTHER_MONTHS.get(month.lower()) or _MONTH_NUM.get(month.lower()[:3])
    if num is None or not 1 <= int(day) <= 31:
        return None
    return f"{int(year):04d}-{num:02d}-{int(day):02d}"


# ---- Lines in the body


def _classify_line(text: str, seg: Seg) -> None:
    line = text[seg.start : seg.end]
    if not line.isprintable() and _invisible(line):
        seg.kind, seg.sure = K.BOILERPLATE, True  # a page's spacer of zero-width characters
    elif (
        ("opyright" in line or "OPYRIGHT" in line)
        and (m := P.IMAGE_COPYRIGHT.search(line))
        and not P.IMAGE_CAPTION.match(line)
    ):
        # Alt text and the picture's credit; the credit alone is the picture's.
        seg.kind = K.OTHER if m.start() > 0 else K.CAPTION
        seg.credit, seg.sure = m["credit"].strip(), True
    elif (
        (len(line) <= 300 and (P.boilerplate_line(line) or P.COMMENT_FORM.match(line)))
        or P.COMMENTS_HEADER.match(line)
        or (len(line) <= 1000 and P.teaser(line))
    ):
        seg.kind, seg.sure = K.BOILERPLATE, True
    elif len(line) <= 100 and P.picture_credit(line):
        seg.kind, seg.sure, seg.credit = K.CAPTION, True, P.credit_line(line)  # a credit alone
    elif len(line) <= 200 and P.IMAGE_FILE.match(line.strip()):
        seg.kind, seg.sure = K.CAPTION, True  # an image's file name standing for its caption
    elif len(line) <= 60 and P.GALLERY_LINE.match(line.strip()):
        seg.kind, seg.sure = K.CAPTION, True  # a gallery's or a player's own words
    elif len(line) <= 400 and P.FIGURE_CAPTION.match(line.strip()):
        seg.kind, seg.sure = K.CAPTION, True
        if not line.rstrip().endswith(":"):  # a label alone ("Foto:") is no caption's text
            seg.caption_text = _trim(text, seg.start, seg.end)
    elif len(line) <= 150 and "(@" in line and P.POST_SIGNATURE.match(line):
        seg.kind, seg.sure = K.PARAGRAPH, True  # the quoted post's, as its text is
    elif len(line) <= 300 and P.contributors(line.strip()):
        seg.kind, seg.sure = K.BYLINE, True  # the agency's reporters and editors, at the end
    elif len(line) <= 800:
        _caption(text, seg)
        if seg.kind is None and _posed(line):
            seg.kind, seg.caption_text = K.CAPTION, (seg.start, seg.end)


_POSED_WORDS = (6, 45)  # an agency's caption is a sentence or two
_POSED_KEYS = (
    *(f", {w}" for w in ("left", "right", "cent", "second", "top", "bottom", "front", "back")),
    *(f"({w}" for w in ("left", "right", "cent", "top", "bottom", "above", "below", "from")),
    *("from left", "in this", "pictured", "pose"),
)


def _posed(line: str) -> bool:
    """A caption saying where the people in the picture stand ("Jo Roe, left, and …")."""
    if len(line) > 400 or line.rstrip(P.CLOSERS)[-1:] not in ".!?":
        return False
    low = line.lower()  # cheap tests first: the pattern needs one of these words
    return (
        any(k in low for k in _POSED_KEYS)
        and _POSED_WORDS[0] <= _words(line) <= _POSED_WORDS[1]
        and P.POSED.search(line) is not None
    )


def _invisible(line: str) -> bool:
    return all(unicodedata.category(c)[0] in "CZ" for c in line)


def _caption(text: str, seg: Seg) -> None:
    """Make ``seg`` a caption if it carries a photo credit or a photo label."""
    line = text[seg.start : seg.end]
    lead = P.LEADING_PHOTO.match(line)
    m = (
        P.paren_credit(line)
        or P.label_credit(line)
        or P.TRAILING_CREDIT.search(line)
        or P.suffix_credit(line)
    )
    body_start = seg.start + (lead.end() if lead else 0)
    body_end = seg.start + m.start() if m else seg.end
    s, e = _trim(text, body_start, body_end)
    if m is None and lead is None:
        return
    # A caption has three words or more, save a name before a local paper's "Submitted photo".
    least = 1 if m is not None and m.re is P.SUFFIX_CREDIT else 3
    if s >= e or (lead is None and _words(text[s:e]) < least):
        seg.kind = K.OTHER if m else None  # a credit with no caption
        return
    seg.kind, seg.caption_text = K.CAPTION, (s, e)
    seg.credit = _clean(m["credit"]) if m else None
    seg.sure = bool(lead) or (seg.credit is not None and P.photo_credit(seg.credit))


_CAPTION_WORDS = (3, 15)  # a picture's caption above its credit is one short sentence


def _captions_above_credits(text: str, segs: list[Seg]) -> None:
    """A short sentence just above a credit standing alone is that picture's caption.

    A body paragraph above a picture that has only its credit is longer than this; a heading
    has no full stop, save in a script without capitals (Arabic, Persian, Chinese), where
    neither has one and the credit tells them apart.
    """
    for above, seg in itertools.pairwise(segs):
        line = text[above.start : above.end].strip()
        if (
            seg.kind == K.CAPTION
            and seg.credit
            and seg.caption_text is None
            and above.kind is None
            and _CAPTION_WORDS[0] <= _words(line) <= _CAPTION_WORDS[1]
            and (line.rstrip(P.CLOSERS)[-1:] in ".!?。！？؟" or _caseless(line))
        ):
            above.kind, above.sure, above.caption_text = K.CAPTION, True, (above.start, above.end)
            above.credit, seg.credit = seg.credit, None


def _caseless(line: str) -> bool:
    return not any(c.isupper() or c.islower() for c in line)


_BODY_ABOVE_THREAD = 3  # long paragraphs above a thread that begins in a text's first third


def _mark_tallies(text: str, segs: list[Seg]) -> None:
    """Runs of counts are the page's.

    Menu entries with their counts of posts ("Politik (47)"), two or more in a row, or numbers
    alone, three or more (a calendar, a pager).
    """
    lines = [text[s.start : s.end] for s in segs]
    tally = [ln[-1] == ")" and P.TALLY.match(ln) is not None for ln in lines]
    count = [len(ln) <= 9 and P.THREAD_COUNT.match(ln) is not None for ln in lines]
    for flags, least in ((tally, 2), (count, 3)):
        for i, j in _runs(flags):
            if j - i >= least:
                for seg in segs[i:j]:
                    seg.kind, seg.sure = K.BOILERPLATE, True


def _runs(flags: list[bool]) -> Iterator[tuple[int, int]]:
    """The start and end of each run of true flags."""
    for key, group in itertools.groupby(enumerate(flags), key=lambda p: p[1]):
        items = list(group)
        if key:
            yield items[0][0], items[-1][0] + 1


def _mark_groups(text: str, segs: list[Seg]) -> None:
    """Mark teaser groups ending in "Read more", comment threads, and image alt-text lines."""
    quiet = False  # a heading has said there are no comments
    longs = 0  # long paragraphs above: a thread follows a body
    for i, seg in enumerate(segs):
        line = text[seg.start : seg.end]
        below_body = i >= len(segs) // 3 or longs >= _BODY_ABOVE_THREAD
        longs += _long(text, seg)
        if (m := P.IMAGE_CAPTION.match(line)) and i + 1 < len(segs):
            target = seg if m["rest"] else segs[i + 1]
            if target.kind is None or target is seg:
                target.kind, target.sure = K.CAPTION, True
                target.caption_text = (
                    (seg.start + m.start("rest"), seg.end)
                    if m["rest"]
                    else (target.start, target.end)
                )
                target.credit = segs[i - 1].credit if i else None
        elif P.READ_MORE.match(line):
            j = i
            while j >= 0 and segs[j].kind in (None, K.BOILERPLATE):
                segs[j].kind = K.BOILERPLATE
                if segs[j].gap_before:
                    break
                j -= 1
        elif P.COMMENTS_HEADER.match(line) and below_body:
            if _thread_follows(text, segs, i):
                _mark_thread(text, segs[i + 1 :])
            else:
                count = re.search(r"\d+", line)
                quiet = quiet or (count is not None and int(count[0]) == 0)  # "0 Comments"
        elif (
            seg.kind is None
            and not quiet
            and below_body
            and (_says_thread(text, segs, i) or _stamped_thread(text, segs, i))
        ):
            _mark_thread(text, segs[i:])  # a thread with no heading: "Jo Roe says:"
        elif seg.kind is None:
            for later in segs[i + 1 : i + 4]:
                if later.caption_text and _same_words(line, text[slice(*later.caption_text)]):
                    seg.kind = K.OTHER
                    break


def _mark_thread(text: str, segs: list[Seg]) -> None:
    """Mark the comments from the start of ``segs`` on; reply buttons are set aside.

    The thread ends at the comment form, at a line of the page's furniture ("Related stories",
    "Share this"), or where three short lines run with no commenter's heading among them (a
    list of teasers and their times); those three lines stay the page's.
    """
    held: list[Seg] = []  # short lines that may be the page's furniture after the thread
    for j, seg in enumerate(segs):
        line = text[seg.start : seg.end]
        if P.COMMENT_FORM.match(line):
            _mark_comments(text, held)
            seg.kind = K.BOILERPLATE
            return  # what follows the form is the page's, not the thread's
        button = P.REPLY.match(line)  # a reply button is the thread's, not the page's
        link = P.LINK_LINE.match(line)  # a link a commenter gave
        if link and seg.kind == K.BOILERPLATE:
            seg.kind = None
        elif not button and P.boilerplate_line(line):
            return
        heading = P.COMMENT_SAYS.match(line) or _commenter(text, segs, j)
        held.append(seg)
        if _chrome_like(line) and not (heading or button or link):
            if len(held) >= 3:
                return
            continue
        _mark_comments(text, held)
        held = []
    _mark_comments(text, held)


def _mark_comments(text: str, segs: list[Seg]) -> None:
    for seg in segs:
        if seg.kind is None:
            # Sure: the line model has seen too few threads to overrule these cues.
            line = text[seg.start : seg.end]
            button = P.REPLY.match(line) or P.THREAD_COUNT.match(line)
            seg.kind, seg.sure = (K.BOILERPLATE if button else K.COMMENT), True


_TEASER_LINES = 6  # a teaser: its title, time, summary and count of comments


def _thread_follows(text: str, segs: list[Seg], i: int) -> bool:
    """Whether comments follow the heading at ``i``.

    It counts them (not none), or a dated line comes next. A count of comments with another
    a few lines on is a list of teasers, each with its count.
    """
    count = re.search(r"\d+", text[segs[i].start : segs[i].end])
    if count:
        return int(count[0]) > 0 and not any(
            P.COMMENTS_HEADER.match(text[s.start : s.end]) for s in segs[i + 1 : i + _TEASER_LINES]
        )
    return any(
        P.DATE.search(text, s.start, s.end)
        or _CLOCK.search(text, s.start, s.end)
        or P.COMMENT_SAYS.match(text[s.start : s.end])
        for s in segs[i + 1 : i + 3]
    )


def _stamped_thread(text: str, segs: list[Seg], i: int) -> bool:
    """Whether a commenter's heading opens a thread at ``i``.

    The heading is a name over a time stamp ("Jo Roe", "5 hours ago") or both on one line ("Jo
    Roe on 11/08/2020 at 9:52"); another such heading follows within ten lines, or a reply
    button within five, with none of the page's furniture between (a list of teasers, each with
    its author and time, is no thread).
    """
    taken = _commenter(text, segs, i)
    if not taken:
        return False
    for j in range(i + taken, min(len(segs), i + 12)):
        line = text[segs[j].start : segs[j].end]
        if P.boilerplate_line(line) or P.teaser(line):
            return False  # teasers of other stories, each with its author and time
        if (j > i + taken and _commenter(text, segs, j)) or (
            j < i + taken + 5 and P.REPLY.match(line)
        ):
            return True
    return False


def _commenter(text: str, segs: list[Seg], i: int) -> int:
    """How many lines a commenter's heading at ``i`` takes (0 if it is none).

    A short name-like line over a time stamp alone, or a short line of a name, a date and a
    time; with a reader's sentence within three lines below.
    """
    lines = [text[s.start : s.end].strip() for s in segs[i : i + 5]]
    if len(lines) < 2:
        return 0
    name, stamp = lines[0], lines[1]
    if (
        len(lines) > 2
        and 0 < len(name) <= 40
        and _words(name) <= 4
        and name[-1:] not in P.SENTENCE_END
        and not any(c.isdigit() or c == "@" for c in name)
        and len(stamp) <= 60
        and _words(stamp) <= 10
        and _dated(stamp)
        and any(_said(line) for line in lines[2:])
    ):
        return 2
    if (
        len(name) <= 90
        and _words(name) <= 14
        and name[:1].isalpha()
        and _CLOCK.search(name)
        and _dated(name)
        and not P.DATELINE.match(name)
        and any(_said(line) for line in lines[1:4])
    ):
        return 1
    return 0


def _dated(line: str) -> bool:
    return any(p.search(line) for p in (P.RELATIVE_TIME, P.DATE, P.NUMERIC_DATE, P.MONTH_DAY))


def _said(line: str) -> bool:
    """Whether a line reads as what someone wrote: a sentence, or a long line, not a link."""
    end = line.rstrip(P.CLOSERS)[-1:]
    written = end in ".!?…" or _words(line) >= 12 or unicodedata.category(end or " ") == "So"
    return written and "://" not in line


def _says_thread(text: str, segs: list[Seg], i: int) -> bool:
    """Whether a commenter's line ("Jo Roe says:") opens a thread at ``i``.

    A dated line comes next, or another commenter's line within the next ten.
    """
    line = text[segs[i].start : segs[i].end]
    if len(line) > 80 or not P.COMMENT_SAYS.match(line):
        return False
    later = [text[s.start : s.end] for s in segs[i + 1 : i + 11]]
    if later and (P.DATE.search(later[0]) or _CLOCK.search(later[0])):
        return True
    return any(P.COMMENT_SAYS.match(line) for line in later)


_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d+\s+(?:minutes?|hours?|days?)\s+ago\b", re.I)


def _same_words(a: str, b: str) -> bool:
    return len(a) >= 20 and _clean(b).startswith(_clean(a).rstrip("."))


def _chrome_like(line: str) -> bool:
    return len(line) <= 80 and _words(line) <= 10 and line.rstrip(P.CLOSERS)[-1:] not in ".!?"


def _mark_tail(text: str, segs: list[Seg]) -> None:
    """Site furniture at the end: after a boilerplate line, short unpunctuated lines are too."""
    run: list[Seg] = []
    for seg in reversed(segs):
        line = text[seg.start : seg.end]
        if seg.kind == K.BOILERPLATE or (seg.kind is None and _chrome_like(line)):
            run.append(seg)
        elif seg.kind not in (K.OTHER,):
            break
    if any(s.kind == K.BOILERPLATE for s in run):
        for seg in run:
            seg.kind = K.BOILERPLATE


def _mark_subheadings(text: str, segs: list[Seg]) -> None:
    """Short unpunctuated lines between paragraphs are subheadings; runs of them are lists."""
    free = [s for s in segs if s.kind is None]
    short = [_short_line(text[s.start : s.end]) for s in free]
    last_body = max((i for i, sh in enumerate(short) if not sh), default=-1)
    body_seen = False
    for i, seg in enumerate(free):
        in_run = (i > 0 and short[i - 1]) or (i + 1 < len(free) and short[i + 1])
        if short[i] and body_seen and i < last_body and not in_run:
            seg.kind = K.SUBHEADING
        else:
            seg.kind = K.PARAGRAPH
            body_seen = True
    _numbered_headings(text, free)
    _lists_in_body(text, free)


_NUMBERED = re.compile(r"\s*(\d{1,2})[.)]\s+\S")


def _numbered_headings(text: str, segs: list[Seg]) -> None:
    """A listicle's headings: short lines numbered in order, each with body text under it.

    Three or more, counting up or down (1, 2, 3 or 10, 9, 8). A numbered list, its items one
    after another, stays as it is.
    """
    found: list[tuple[int, int]] = []  # (segment, its number)
    for i, seg in enumerate(segs[:-1]):
        line, below = text[seg.start : seg.end], segs[i + 1]
        m = _NUMBERED.match(line)
        heading = m is not None and len(line) <= 160 and _words(line) <= 20
        if m and heading and _long(text, below) and not _NUMBERED.match(text, below.start):
            found.append((i, int(m[1])))
    best: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for i, n in found:
        step = n - run[-1][1] if run else 0
        if step in (1, -1) and (len(run) < 2 or step == run[-1][1] - run[-2][1]):
            run.append((i, n))
        else:
            run = [(i, n)]
        best = run if len(run) > len(best) else best
    for i, _ in best if len(best) >= 3 else ():
        segs[i].kind, segs[i].sure = K.SUBHEADING, True


_ITEM = re.compile(r"\s*(?:(\d{1,2})[.)]|([-*•+–]))\s+\S")


def _lists_in_body(text: str, segs: list[Seg]) -> None:
    """A list between long paragraphs is the body's own, not a menu, however short its items.

    Its items are numbered 1, 2, 3 or bulleted alike.
    """
    i = 0
    while i < len(segs):
        j = i
        while j + 1 < len(segs) and _next_item(text, segs[j], segs[j + 1]):
            j += 1
        inside = i > 0 and j + 1 < len(segs) and _long(text, segs[i - 1])
        if j > i and inside and _long(text, segs[j + 1]):
            for seg in segs[i : j + 1]:
                seg.kind, seg.sure = K.PARAGRAPH, True
        i = j + 1


def _next_item(text: str, item: Seg, then: Seg) -> bool:
    """Whether ``then`` is the list item after ``item``: the next number, or the same bullet."""
    a, b = _ITEM.match(text, item.start), _ITEM.match(text, then.start)
    if a is None or b is None or b.end() > then.end:
        return False
    if a[1] and b[1]:
        return int(b[1]) == int(a[1]) + 1
    return a[2] is not None and a[2] == b[2]


def _short_line(line: str) -> bool:
    bare = line.strip(P.CLOSERS + "‘“\"'( ")
    return (
        len(line) <= 120
        and 2 <= _words(line) <= 16
        and bare[-1:] not in ".,;:…"
        and (bare[:1].isupper() or bare[:1].isdigit())
    )


# ---- Pieces run together at the end of a block


def _peel_all(text: str, segs: list[Seg]) -> list[Seg]:
    out: list[Seg] = []
    for seg in segs:
        if seg.kind in (K.PARAGRAPH, K.CAPTION, K.SUBHEADING):
            out.extend(_peel(text, seg))
        else:
            out.append(seg)
    return out


def _peel(text: str, seg: Seg) -> list[Seg]:
    """Split licence sentences, editors' initials, end marks and photo captions off the end."""
    tail: list[Seg] = []
    s, e = seg.start, seg.end
    while s < e:
        piece = _tail_piece(text, s, e, body=seg.kind == K.PARAGRAPH)
        if piece is None or piece.start >= e:  # nothing more, or nothing that would shorten it
            break
        tail.insert(0, piece)
        s, e = _trim(text, s, piece.start)
    if not tail:
        return [seg]
    if s < e:
        seg.end = e
        if seg.kind == K.CAPTION and seg.caption_text:
            seg.caption_text = (seg.caption_text[0], min(seg.caption_text[1], e))
        return [seg, *tail]
    return tail


_TAIL = 800  # how far from the end of a block tail pieces are looked for


def _tail_piece(text: str, s: int, e: int, *, body: bool) -> Seg | None:
    s = max(s, e - _TAIL)
    chunk = text[s:e]
    start = _licence_start(chunk, bare_sign=body)
    if start is not None:
        return Seg(s + start, e, K.BOILERPLATE, sure=True)
    end = chunk.rstrip()
    # Cheap tests first: each pattern below can only match when these hold. Both match only at
    # the very end, so only the end is searched: a search from every position costs much more.
    for rx, may in (
        (P.END_MARK, end.endswith(("END", "ENDS", "(END)", "-30-", "###"))),
        (P.INITIALS, "/" in end[-7:]),
    ):
        if may and (m := rx.search(chunk, max(0, len(chunk) - 100))) and m.start() < len(chunk):
            return Seg(s + m.start(), e, K.BOILERPLATE, sure=True)
    if not body:
        return None
    photos = list(P.INLINE_PHOTO.finditer(chunk)) if "PHOTO" in chunk or "Photo" in chunk else []
    if photos and len(chunk) - photos[-1].start() <= 800:
        cap = Seg(s + photos[-1].start(), e)
        _caption(text, cap)
        if cap.kind is None:
            cap.kind, cap.caption_text = K.CAPTION, _trim(text, s + photos[-1].end(), e)
        return cap if cap.caption_text and cap.start > s else None
    m = P.paren_credit(chunk) if end.endswith(")") else None
    if m and m.start() > 0 and chunk[: m.start()].rstrip()[-1:] in '.!?”"’':
        return Seg(s + m.start(), e, K.OTHER, sure=True)  # a photo's credit, its caption lost
    return None


# Searched in lower case: far faster than with IGNORECASE.
_LICENCE_KEY = re.compile(
    rf"licen[cs]ed under|all rights reserved|{P.RIGHTS_RESERVED}"
    r"|copyright\s*(?:©|\(c\))?\s*\d{4}|©"
)
_RESERVED = re.compile("حقوق|rechte|droits|derechos|diritti")  # a cheap test for the above
_LICENCE_WORD = re.compile(r"licen[cs]e|commons")
_SENTENCE_NEXT = re.compile(r"[.!?]\s+\S")
_INITIALS_RUN = re.compile(r"(?:^|\s)(?:[A-Z]{1,5}\s?/\s?)+[A-Z]{0,5}\s")
_LEADING_END = re.compile(r"\s*(?:END\b)?\s*")


def _licence_start(chunk: str, *, bare_sign: bool) -> int | None:
    # The last licence key must end within 200 characters of the end: only the tail is searched.
    # Without ``bare_sign``, a "©" with no year is a picture's credit ("© Jo Roe"), not a licence.
    tail = max(0, len(chunk) - 260)
    low = chunk[tail:].lower()
    if not (
        "licen" in low
        or "rights reserved" in low
        or "copyright" in low
        or "©" in low
        or _RESERVED.search(low)
    ):
        return None
    if len(low) != len(chunk) - tail:  # a letter lowered to two: keep the offsets aligned
        low = "".join(ch.lower()[0] for ch in chunk[tail:])
    keys = list(_LICENCE_KEY.finditer(low))
    if not keys:
        return None
    key = keys[-1]
    if key[0] == "©" and not bare_sign:
        return None
    after = low[key.end() :]
    if len(after) > 200 or _SENTENCE_NEXT.search(after):
        return None
    if key[0].startswith("licen") and not _LICENCE_WORD.search(after):
        return None
    head = chunk[: tail + key.start()]
    cut = max(head.rfind(c) for c in ".!?") + 1
    if 0 < cut < len(head) and head[cut] in '”"’':
        cut += 1
    runs = list(_INITIALS_RUN.finditer(head, cut))
    if runs:
        cut = runs[-1].end()
    end_mark = _LEADING_END.match(head, cut)
    return end_mark.end() if end_mark else cut


# ---- The line model's say


_TITLE_KINDS = (K.HEADLINE, K.BYLINE, K.DATELINE, K.BREADCRUMB)


def _line_groups(text: str, segs: list[Seg]) -> list[tuple[Line, list[Seg]]]:
    """The non-blank lines of ``text``, each with the rules' verdict and its segments."""
    out: list[tuple[Line, list[Seg]]] = []
    pos, gap, k = 0, True, 0
    for raw in text.split("\n"):
        s, e = _trim(text, pos, pos + len(raw))
        pos += len(raw) + 1
        if s >= e:
            gap = True
            if out:
                out[-1] = (replace(out[-1][0], gap_after=True), out[-1][1])
            continue
        own = []
        while k < len(segs) and segs[k].start < e:
            own.append(segs[k])
            k += 1
        main = max(own, key=lambda g: _visible(text, g), default=None)
        kind = str(main.kind or K.PARAGRAPH) if main else str(K.PARAGRAPH)
        sure = bool(main and main.sure)
        line = Line(text[s:e], kind, sure, len(own), gap, False)
        out.append((line, own))
        gap = False
    return out


def _visible(text: str, seg: Seg) -> int:
    return len("".join(text[seg.start : seg.end].split()))


def _relabel(text: str, segs: list[Seg], art: ParsedArticle, labeller: Labeller) -> None:
    """Give lines the line model's kind where it is confident and the rules are not certain."""
    groups = _line_groups(text, segs)
    lines = [line for line, _ in groups]
    if all(settled(line) for line in lines):
        return  # nothing the model may change: no need to ask it
    said = labeller.label(lines)
    if not said:
        return
    before = {kind: [s for s in segs if s.kind == kind] for kind in _TITLE_KINDS}
    for (line, own), kind in zip(groups, final_kinds(lines, said), strict=True):
        if kind == line.rule or fixed(line):
            continue
        seg = own[0]
        if (
            kind == K.CAPTION
            and _words(text[seg.start : seg.end]) < 3
            and not P.credit_line(text[seg.start : seg.end])
        ):
            continue  # a caption has words; a letter or two is a scraper's leftover
        seg.kind = BlockKind(kind)
        seg.caption_text = (seg.start, seg.end) if seg.kind == K.CAPTION else None
    _credits_beside(text, segs)
    _metadata(text, segs, art, before)


def _credits_beside(text: str, segs: list[Seg]) -> None:
    """Give a caption with no credit the one on the line just after (or before) it.

    That line becomes part of the caption.
    """
    for i, seg in enumerate(segs):
        if seg.kind != K.CAPTION or seg.credit or seg.caption_text is None:
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(segs):
                continue
            other = segs[j]
            alone = other.kind == K.CAPTION and other.caption_text is None  # a credit line
            if other.sure and other.kind != K.OTHER and not alone:
                continue
            credit = P.credit_line(text[other.start : other.end])
            if credit and other.kind in (None, K.OTHER, K.CAPTION, K.PARAGRAPH, K.BOILERPLATE):
                seg.credit = credit
                other.kind, other.caption_text, other.credit = K.CAPTION, None, None
                break


def _metadata(
    text: str, segs: list[Seg], art: ParsedArticle, before: dict[BlockKind, list[Seg]]
) -> None:
    """Title, byline, date and section again from whichever of their blocks changed."""
    now = {kind: [s for s in segs if s.kind == kind] for kind in _TITLE_KINDS}
    first = {kind: text[found[0].start : found[0].end] for kind, found in now.items() if found}
    if now[K.HEADLINE] != before[K.HEADLINE]:
        art.title = _clean(" ".join(text[s.start : s.end] for s in now[K.HEADLINE])) or None
    if now[K.BYLINE] != before[K.BYLINE]:
        art.byline = byline_name(first[K.BYLINE]) if K.BYLINE in first else None
    if now[K.DATELINE] != before[K.DATELINE]:
        art.published = parse_date(first[K.DATELINE]) if K.DATELINE in first else None
    if now[K.BREADCRUMB] != before[K.BREADCRUMB]:
        crumb = first.get(K.BREADCRUMB)
        art.section = (_breadcrumb(crumb) or [_clean(crumb)]) if crumb else []


# ---- Captions


def _captions(text: str, segs: list[Seg]) -> list[CaptionDraft]:
    out = []
    body = [s for s in segs if s.kind in BODY_KINDS]
    for seg in segs:
        if seg.kind != K.CAPTION or seg.caption_text is None:
            continue
        after = next((b.start for b in body if b.start >= seg.end), None)
        before = next((b.end for b in reversed(body) if b.end <= seg.start), 0)
        cap = _clean(text[slice(*seg.caption_text)])
        out.append(
            CaptionDraft(
                cap, seg.credit, seg.start, seg.end, after if after is not None else before
            )
        )
    return out
