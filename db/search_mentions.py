"""Find other mentions of a claim: passages across the corpus that may state it.

The claim's wording and the quotes of its known mentions are searched in the full-text index,
any word matching, ranked by BM25; in each article found, the sentence that best matches is
scored by the share of the claim's words it holds and by how near it is to a known quote
(rapidfuzz), which finds copies of a wire story worded a little differently. Passages already
mentioning the claim, and passages the researcher rejected, are not offered.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz
from sqlalchemy import text
from sqlmodel import Session

from db.annotate import claims
from db.index.fold import fold

#: Articles read for passages, best-ranked first: the search stays within a few hundred ms.
ARTICLES = 100
#: A passage is offered when it holds this share of the claim's words, or is this near a quote.
MIN_WORDS = 0.5
MIN_NEAR = 80.0
MIN_SHARE = 0.25  # a sentence with fewer of the claim's words is not compared at all
# A sentence: up to a full stop, question or exclamation mark before a space, or a line end.
_SENTENCE = re.compile(r"[^\n.!?؟。]+(?:[.!?؟。]+(?=\s|$)|$)", re.MULTILINE)
# A word with its marks and joiners (harakat, tatweel, ZWNJ), which folding removes.
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}\u0640\u200c\u200d]*")
_MARKED = regex.compile(r"[\p{L}][\p{M}\u0640\u200c\u200d]")
# Words too common to tell one passage from another (English; other languages keep theirs).
_COMMON = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "said",
        "says",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "would",
    ]
)


@dataclass(frozen=True)
class Candidate:
    article_id: int
    title: str
    outlet: str
    published: str | None
    start: int  # the passage, in code points of the article's text
    end: int
    passage: str
    score: float  # 0..1
    marks: tuple[tuple[int, int], ...]  # the claim's words in the passage, offsets into it


def words(s: str) -> list[str]:
    """The folded words of ``s``, as the index compares them."""
    return [w.lower() for w in _WORD.findall(fold(unicodedata.normalize("NFC", s)))]


def key_words(texts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for t in texts:
        for w in words(t):
            if w not in _COMMON and (len(w) > 1 or not w.isascii()):
                seen.setdefault(w, None)
    return list(seen)


def query(key: Sequence[str]) -> str:
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in key)


_COUNT = "SELECT count(*) FROM article_fts WHERE article_fts MATCH :q"
RANKED = "SELECT rowid FROM article_fts WHERE article_fts MATCH :q ORDER BY rank LIMIT :n"
_TEXTS = """
SELECT id, text, coalesce(title, ''), coalesce(outlet, ''), published
FROM article WHERE id IN (SELECT value FROM json_each(:ids))
"""
#: Words searched at most: the rarest of the claim's, which tell its passages apart. A word
#: in every article costs the most to rank and says the least.
SEARCHED = 6
#: A word in more than this share of the articles is left out of the search (kept in scoring).
COMMON_SHARE = 0.25


def rarest(s: Session, key: Sequence[str]) -> list[str]:
    """The claim's words to search: the rarest, leaving out words most articles hold."""
    total = int(s.execute(text("SELECT count(*) FROM article")).scalar_one()) or 1
    counted = sorted((int(s.execute(text(_COUNT), {"q": query([w])}).scalar_one()), w) for w in key)
    found = [(n, w) for n, w in counted if n]
    telling = [w for n, w in found if n <= total * COMMON_SHARE]
    return (telling if len(telling) >= 2 else [w for _, w in found])[:SEARCHED]


def find(s: Session, claim_id: int, *, limit: int = 50) -> list[Candidate]:
    """Passages that may mention the claim, best first, none it has or the researcher rejected."""
    claim = claims.get(s, claim_id)
    known = claims.mentions(s, claim_id)
    quotes = [claim.wording, *(m.exact for m in known)]
    key = key_words(quotes)
    searched = rarest(s, key)
    if not searched:
        return []
    ids = [int(r[0]) for r in s.execute(text(RANKED), {"q": query(searched), "n": ARTICLES})]
    taken = {(m.article_id, m.start, m.end) for m in known} | claims.rejected(s, claim_id)
    found: list[Candidate] = []
    for aid, body, title, outlet, published in s.execute(text(_TEXTS), {"ids": json.dumps(ids)}):
        best = _best_passage(body, key, searched, quotes)
        if best is None:
            continue
        start, end, score, marks = best
        if any(a == aid and start < e and b < end for a, b, e in taken):
            continue
        found.append(
            Candidate(aid, title, outlet, published, start, end, body[start:end], score, marks)
        )
    found.sort(key=lambda c: (-c.score, c.published or "9999", c.article_id))
    return found[:limit]


def _best_passage(
    body: str, key: Sequence[str], searched: Sequence[str], quotes: Sequence[str]
) -> tuple[int, int, float, tuple[tuple[int, int], ...]] | None:
    """The sentence of ``body`` that best matches, if it matches well enough.

    Only sentences holding a searched word are read (the index found one in the article), or
    every sentence of a text that folding changes (harakat, tatweel, joiners).
    """
    wanted = set(key)
    best: tuple[int, int, float, tuple[tuple[int, int], ...]] | None = None
    for start, end in _sentences(body, searched):
        sentence = body[start:end]
        # Folding leaves ASCII as it is: only other text needs it, word by word.
        norm = str.lower if sentence.isascii() else _folded
        hits = [(w.start(), w.end(), norm(w.group())) for w in _WORD.finditer(sentence)]
        present = [(a, b) for a, b, w in hits if w in wanted]
        share = len({w for _, _, w in hits if w in wanted}) / len(wanted)
        if share < MIN_SHARE:
            continue
        # How near the sentence is to the wording or a known quote, extra words counting
        # against it (a copy of the sentence scores high, a long one that holds the words less).
        near = max(fuzz.token_sort_ratio(sentence, q) for q in quotes) / 100
        if share < MIN_WORDS and near * 100 < MIN_NEAR:
            continue
        score = round((2 * share + near) / 3, 3)
        if best is None or score > best[2]:
            best = (start, end, score, tuple(present))
    return best


def _sentences(body: str, searched: Sequence[str]) -> list[tuple[int, int]]:
    """The spans of the sentences of ``body`` that hold one of the ``searched`` words."""
    lower = body.lower()
    spans: dict[tuple[int, int], None] = {}
    if not body.isascii() and _MARKED.search(body):  # words the index reads without their marks
        spans = {(m.start(), m.end()): None for m in _SENTENCE.finditer(body)}
    for word in searched if not spans else ():
        at = lower.find(word)
        while at >= 0:
            spans.setdefault(_sentence_at(body, at), None)
            at = lower.find(word, at + len(word))
    out = []
    for start, end in spans:
        text = body[start:end]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if len(text) >= 8:
            out.append((start + lead, start + lead + len(text)))
    return out


def _sentence_at(body: str, at: int) -> tuple[int, int]:
    """The sentence around ``at``: from after the last full stop or line end before it."""
    start = max(_end_before(body, at), body.rfind("\n", 0, at)) + 1
    stop = _END.search(body, at)
    return start, stop.end() if stop else len(body)


_END = re.compile(r"[.!?؟。]+(?=\s|$)|\n")


def _end_before(body: str, at: int) -> int:
    """Where the last sentence before ``at`` ends (its full stop), or -1."""
    found = -1
    for m in _END.finditer(body, max(0, at - 600), at):
        found = m.end() - 1
    return found


def _folded(word: str) -> str:
    return fold(unicodedata.normalize("NFC", word)).lower()
