"""An HTML article's blocks, read from the structure trafilatura keeps, and captions from the page.

trafilatura's body tree holds ``head`` (headings), ``p``, ``list``/``item``, ``quote``,
``table``/``row``/``cell`` elements. A heading becomes a subheading; a
paragraph, a list item, a quoted paragraph or a table row a paragraph. trafilatura keeps no
trace of a ``<figure>``, so a piece is a caption when the page holds it in a ``<figcaption>``
or an element whose class names a caption; a credit the caption's markup or wording sets apart
("Photograph: …", "(AP Photo/…)") is split off.

Pages where trafilatura finds nothing are read here too, leaving out scripts, styles and the
page's furniture (navigation, forms, headers and footers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from db.ingest.patterns import label_credit, paren_credit
from db.store.models import BlockKind

_SCRIPTS = ("script", "style", "noscript", "template")
#: Elements of a page whose text is never article text.
NEVER_TEXT = (*_SCRIPTS, "svg", "math", "head", "title")
_FURNITURE = ("nav", "header", "footer", "aside", "form", "button", "select", "menu", "dialog")
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
    "figcaption", "hr", "body", "center", "address", "details", "summary",
})  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CAPTION_CLASS = re.compile(r"caption(?!s)", re.I)
_NOT_CAPTION_CLASS = re.compile(r"button|setting|menu|toggle|vjs|player|control", re.I)
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|source|byline", re.I)
_CREDIT_PROP = ("copyrightHolder", "creator", "author", "copyrightNotice", "creditText")
_MAX_CAPTION_WORDS = 120
_MIN_WORDS = 5  # a page whose longest piece is shorter holds no article
#: Scripts written without spaces between words (Chinese, Japanese, Korean, Thai, Lao, Khmer):
#: two of their letters count as a word.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Piece:
    """One block's text; a caption's ``credit`` is part of ``text``, at its end."""

    kind: BlockKind
    text: str
    credit: str | None = None


@dataclass
class SourceCaption:
    """A caption the page holds: its squashed text (credit included) and where it stands."""

    text: str
    credit: str | None
    before: str | None = None  # the squashed text of the paragraph before it
    after: str | None = None  # and of the one after it
    used: bool = False


def squash(text: str) -> str:
    return " ".join(text.split())


def _text(el: etree._Element, skip: tuple[str, ...] = NEVER_TEXT) -> str:
    """The visible text of ``el``: line breaks kept, no text of the ``skip`` elements."""
    parts: list[str] = []
    _collect(el, parts, skip, top=True)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect(
    el: etree._Element, parts: list[str], skip: tuple[str, ...], *, top: bool = False
) -> None:
    if not isinstance(el.tag, str) or el.tag in skip:
        if not top and el.tail:
            parts.append(el.tail)
        return
    if el.tag in ("lb", "br"):
        parts.append("\n")
    parts.append(el.text or "")
    for child in el:
        _collect(child, parts, skip)
    if not top and el.tail:
        parts.append(el.tail)


# ---- Captions as the page states them


def source_captions(tree: etree._Element) -> list[SourceCaption]:
    """The page's photo captions (``figcaption`` and caption-classed elements), with credits."""
    out: list[SourceCaption] = []
    seen: dict[str, SourceCaption] = {}
    held: set[etree._Element] = set()
    last_p: str | None = None
    waiting: list[SourceCaption] = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in NEVER_TEXT:
            continue
        if el.tag == "p" and not any(a in held for a in el.iterancestors()):
            if text := squash(_text(el)):
                last_p = text
                for cap in waiting:
                    cap.after = text
                waiting.clear()
            continue
        if not _is_caption(el) or any(a in held for a in el.iterancestors()):
            continue
        text = squash(_text(el))
        if not text or len(text.split()) > _MAX_CAPTION_WORDS:
            continue
        held.add(el)
        if text in seen:
            continue
        cap = SourceCaption(text, _marked_credit(el), before=last_p)
        seen[text] = cap
        waiting.append(cap)
        out.append(cap)
    return out


def _is_caption(el: etree._Element) -> bool:
    if el.tag == "figcaption":
        return True
    names = (el.get("class") or "").split()
    return any(_CAPTION_CLASS.search(n) and not _NOT_CAPTION_CLASS.search(n) for n in names)


def _marked_credit(el: etree._Element) -> str | None:
    for sub in el.iterdescendants():
        if not isinstance(sub.tag, str):
            continue
        if _CREDIT_CLASS.search(sub.get("class") or "") or sub.get("itemprop") in _CREDIT_PROP:
            credit = squash(_text(sub))
            if credit:
                return credit
    return None


def _as_caption(text: str, captions: list[SourceCaption]) -> Piece | None:
    """``text`` as a caption piece if the page holds it as one, else None."""
    key = squash(text)
    if len(key) < 3:
        return None
    for cap in captions:
        if key == cap.text or (len(key) >= 0.6 * len(cap.text) and key in cap.text):
            cap.used = True
            return Piece(BlockKind.CAPTION, text, _credit(text, cap.credit))
    return None


def _credit(text: str, marked: str | None) -> str | None:
    """The credit at the end of a caption: the one its markup gives, else the one its words do."""
    if marked and squash(text).endswith(marked) and len(marked) < len(squash(text)):
        m = label_credit(marked) or paren_credit(marked)
        return squash(m["credit"]) if m and m.start() == 0 else marked
    m = paren_credit(text) or label_credit(text)
    return squash(m["credit"]) if m and m.start() > 0 else None


def credit_start(text: str, credit: str) -> int:
    """Where, in a caption's ``text``, the part that holds its ``credit`` starts."""
    m = paren_credit(text) or label_credit(text)
    if m and squash(m["credit"]) == credit:
        return m.start()
    end = text.rfind(credit.split()[-1])
    first = text.rfind(credit.split()[0], 0, end + 1)
    return first if first >= 0 else len(text)


# ---- trafilatura's body


def body_pieces(body: etree._Element, captions: list[SourceCaption]) -> list[Piece]:
    """The blocks of trafilatura's ``body`` tree, in order, the page's captions put in place.

    trafilatura keeps no pictures here (with them, it keeps more of a page's furniture too), so a
    caption goes after the paragraph it followed when the paragraph after it is in the article
    too, or that paragraph ends the article.
    """
    out: list[Piece] = []
    for el in body:
        out.extend(_pieces(el, captions))
    return _placed(out, captions)


def _pieces(el: etree._Element, captions: list[SourceCaption]) -> Iterator[Piece]:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("list", "quote", "table", "row", "item", "div") and _has_blocks(el):
        if el.text and el.text.strip():
            yield from _piece(el.text, BlockKind.PARAGRAPH, captions)
        for child in el:
            yield from _pieces(child, captions)
            if child.tail and child.tail.strip():
                yield from _piece(child.tail, BlockKind.PARAGRAPH, captions)
        return
    if tag == "row":
        text = " | ".join(t for cell in el if (t := squash(_text(cell, _SCRIPTS))))
        yield from _piece(text, BlockKind.PARAGRAPH, captions)
        return
    kind = BlockKind.SUBHEADING if tag == "head" else BlockKind.PARAGRAPH
    yield from _piece(_text(el, _SCRIPTS), kind, captions)


def _placed(pieces: list[Piece], captions: list[SourceCaption]) -> list[Piece]:
    """``pieces`` with each caption not yet in them after the paragraph it followed."""
    waiting = [c for c in captions if not c.used and c.before]
    if not waiting:
        return pieces
    texts = {squash(p.text): i for i, p in reversed(list(enumerate(pieces)))}
    later: dict[int, list[Piece]] = {}
    for cap in waiting:
        at, nxt = texts.get(cap.before or ""), texts.get(cap.after or "")
        if at is not None and (nxt > at if nxt is not None else at == len(pieces) - 1):
            cap.used = True
            later.setdefault(at, []).append(
                Piece(BlockKind.CAPTION, cap.text, _credit(cap.text, cap.credit))
            )
    out = []
    for i, piece in enumerate(pieces):
        out.append(piece)
        out.extend(later.get(i, []))
    return out


def _has_blocks(el: etree._Element) -> bool:
    return any(
        isinstance(c.tag, str) and c.tag in ("p", "item", "list", "row", "quote", "head")
        for c in el
    )


def _piece(text: str, kind: BlockKind, captions: list[SourceCaption]) -> Iterator[Piece]:
    text = text.strip()
    if not text:
        return
    yield _as_caption(text, captions) or Piece(kind, text)


# ---- Pages where trafilatura finds nothing


def fallback_pieces(tree: etree._Element, captions: list[SourceCaption]) -> list[Piece]:
    """The page's text blocks, furniture and scripts left out; [] unless they are article-like."""
    body = tree.find("body")
    runs: list[tuple[str, bool]] = []
    current: list[str] = []
    heading = [False]

    def flush() -> None:
        text = "\n".join(s for line in "".join(current).split("\n") if (s := squash(line)))
        if text:
            runs.append((text, heading[0]))
        current.clear()
        heading[0] = False

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        skip = not tag or tag in NEVER_TEXT or tag in _FURNITURE
        if not skip:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
                heading[0] = tag in _HEADINGS
            current.append("\n" if tag == "br" else el.text or "")
            for child in el:
                walk(child)
            if block:
                flush()
        if el.tail:
            current.append(el.tail)

    walk(body if body is not None else tree)
    flush()
    out: list[Piece] = []
    for text, is_heading in runs:
        kind = BlockKind.SUBHEADING if is_heading else BlockKind.PARAGRAPH
        out.extend(_piece(text, kind, captions))
    return out if article_like(out) else []


def article_like(pieces: list[Piece]) -> bool:
    """Whether ``pieces`` hold a paragraph of a few words at least (not only links, labels)."""
    return any(p.kind == BlockKind.PARAGRAPH and _words(p.text) >= _MIN_WORDS for p in pieces)


def _words(text: str) -> int:
    return len(text.split()) + len(_UNSPACED.findall(text)) // 2
