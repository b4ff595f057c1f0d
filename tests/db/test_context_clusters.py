"""A quote's prefix and suffix are cut at grapheme clusters, when marked and in every export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from db.annotate import highlights
from db.annotate.highlights import CONTEXT, context
from db.articles.detail import get
from db.formats.export import export
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project

FLAG, FAMILY, ACUTE = "🇮🇷", "👨\u200d👩\u200d👧", "e\u0301"
KATABA, KSHATRIYA = "كَتَبَ", "क्षत्रिय"  # Arabic with harakat; a Devanagari conjunct
CLUSTERS = (FLAG, FAMILY, ACUTE, "كَ", "क्ष", "त्रि", "🇺🇸", "e\u0301\u0302")
# and pieces that join what is around them: a prepended mark, a virama, ZWJ, a variation selector
_JOINERS = ("\u0600", "क", "\u094d", "\u200d", "\u0301", "©", "\ufe0f", "🇮", "👩")
_PIECES = st.sampled_from(
    (*CLUSTERS, *_JOINERS, KATABA, KSHATRIYA, "a", " ", "\n", "\r", ".", "中")
)
TEXTS = st.lists(_PIECES, min_size=1, max_size=120).map("".join)


def boundaries(text: str) -> list[int]:
    """Every grapheme-cluster boundary of the whole text, segmented from its start."""
    return [0, *(int(m.end()) for m in regex.finditer(r"\X", text))]


def reference(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the prefix starts and the suffix ends: 32 code points, out to the next boundary."""
    cuts = boundaries(text)
    lo = max(b for b in cuts if b <= max(0, start - CONTEXT))
    hi = min(b for b in cuts if b >= min(len(text), end + CONTEXT))
    return lo, hi


@pytest.mark.parametrize("cluster", [FLAG, FAMILY, ACUTE, "كَ", "क्ष", "e\u0301\u0302"])
def test_a_cluster_across_the_32nd_code_point_is_kept_whole(cluster: str) -> None:
    for inside in range(len(cluster)):  # how far into the cluster 32 falls (0: at its edge)
        before = cluster + "b" * (CONTEXT - len(cluster) + inside)
        after = "c" * (CONTEXT - inside) + (cluster if inside else "")
        text = "a" * 5 + before + "QUOTE" + "c" * (CONTEXT - inside) + cluster + "d" * 5
        start = 5 + len(before)
        assert context(text, start, start + 5) == (before, after)


@pytest.mark.parametrize("cluster", [FLAG, FAMILY, ACUTE])
def test_a_cut_takes_whole_clusters_and_no_more(cluster: str) -> None:
    text = cluster * 40 + "QUOTE" + cluster * 40
    start = len(cluster) * 40
    prefix, suffix = context(text, start, start + 5)
    assert prefix == suffix == cluster * -(-CONTEXT // len(cluster))


@st.composite
def spans(draw: st.DrawFn, *, on_clusters: bool = False) -> tuple[str, int, int]:
    """A text and a span of it: any span, or (``on_clusters``) one from boundary to boundary."""
    text = draw(TEXTS)
    offsets = st.sampled_from(boundaries(text)) if on_clusters else st.integers(0, len(text))
    start, end = sorted(draw(st.lists(offsets, min_size=2, max_size=2, unique=True)))
    return text, start, end


@given(spans())
@example((FLAG * 20 + "\n" + FAMILY + "ab" + FLAG * 20, 43, 45))  # 32 splits two flags
def test_cuts_fall_on_boundaries_no_further_than_needed(span: tuple[str, int, int]) -> None:
    text, start, end = span
    prefix, suffix = context(text, start, end)
    lo, hi = start - len(prefix), end + len(suffix)
    assert (lo, hi) == reference(text, start, end)
    assert text[lo:hi] == prefix + text[start:end] + suffix


@given(spans(on_clusters=True))
def test_a_quote_of_clusters_has_context_of_whole_clusters(span: tuple[str, int, int]) -> None:
    text, start, end = span
    prefix, suffix = context(text, start, end)
    cuts = boundaries(text)
    assert {start - len(prefix), start, end, end + len(suffix)} <= set(cuts)
    assert prefix + text[start:end] + suffix in text


# -- exports cut stored highlights again -----------------------------------------------------

# 32 code points before "said" fall inside the family, 32 after it inside the last flag.
ARTICLE = (
    "Protesters 🇮🇷 and families 👨\u200d👩\u200d👧 gathered in the square; then said the "
    "cafe\u0301 owner, at the first 🇮🇷.\n\nقال الوزير كَتَبَ البيان. क्षत्रिय"
)


def exported(project: Project, fmt: str, path: Path) -> list[tuple[str, str, str]]:
    """(exact, prefix, suffix) of each highlight in the W3C or JSON export."""
    export(project, fmt, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    if fmt == "json":
        return [(h["exact"], h["prefix"], h["suffix"]) for h in doc["articles"][0]["highlights"]]
    quotes = [i["target"]["selector"][0] for i in doc["first"]["items"]]
    return [(q["exact"], q["prefix"], q["suffix"]) for q in quotes]


def test_exports_cut_old_highlights_at_clusters(project: Project, tmp_path: Path) -> None:
    with project.session() as s:
        (aid,) = store_articles(s, [(parse_text(ARTICLE), "a.txt")])
        text = get(s, aid).text  # type: ignore[union-attr]
        start = text.index("said")
        highlights.add(s, article_id=aid, start=start, end=start + 4)
        # as an older version stored it: 32 code points, half a family, half a flag's pair
        s.connection().exec_driver_sql(
            "UPDATE highlight SET prefix = ?, suffix = ?",
            (text[start - CONTEXT : start], text[start + 4 : start + 4 + CONTEXT]),
        )
    want = ("said", *context(text, start, start + 4))
    assert want[1].startswith(FAMILY) and want[2].endswith(FLAG)  # the old cut split both
    for fmt in ("w3c", "json"):
        assert exported(project, fmt, tmp_path / f"out.{fmt}") == [want]
