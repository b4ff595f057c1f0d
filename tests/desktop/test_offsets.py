"""Code points of the canonical text against positions in Qt's text document."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from desktop.widgets.offsets import TextMap

SAMPLE = "A😀B كَتَبَ x👨‍👩‍👧y e\u0301 🇮🇷 می‌خواهم\u00a0end"


def document_of(text: str, spans: list[tuple[int, int]]) -> tuple[QTextDocument, TextMap]:
    doc, tm = QTextDocument(), TextMap(text)
    cur = QTextCursor(doc)
    for n, (a, b) in enumerate(spans):
        if n:
            cur.insertBlock()
        tm.add(cur.position(), a, b)
        cur.insertText(text[a:b])
    return doc, tm


def selected(doc: QTextDocument, a: int, b: int) -> str:
    cur = QTextCursor(doc)
    cur.setPosition(a)
    cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    return cur.selectedText()


def test_round_trip_through_qt_positions_over_astral_and_arabic_text() -> None:
    text = SAMPLE * 3
    doc, tm = document_of(text, [(0, len(SAMPLE)), (len(SAMPLE) + 2, len(text))])
    rng = random.Random(7)
    for _ in range(500):
        a, b = sorted(rng.sample(range(len(SAMPLE) + 2, len(text) + 1), 2))
        qa, qb = tm.to_doc(a), tm.to_doc(b, end=True)
        assert qa is not None and qb is not None
        assert tm.to_cp(qa) == a and tm.to_cp(qb) == b
        assert selected(doc, qa, qb) == text[a:b]


def test_hidden_text_snaps_to_the_shown_neighbours() -> None:
    text = "shown one\nhidden furniture\nshown two"
    _, tm = document_of(text, [(0, 9), (27, 36)])
    hidden = text.index("furniture")
    assert tm.to_doc(hidden) == tm.to_doc(27)
    assert tm.to_doc(hidden, end=True) == tm.to_doc(9)


@given(st.text(alphabet=st.sampled_from(list(SAMPLE + "\U0001f600\U0001f926")), max_size=60))
def test_every_code_point_maps_to_the_same_character(text: str) -> None:
    doc, tm = document_of(text, [(0, len(text))])
    assert doc.characterCount() - 1 == tm.units(0, len(text))
    for cp in range(len(text)):
        q = tm.to_doc(cp)
        assert q is not None and tm.to_cp(q) == cp
        assert selected(doc, q, q + tm.units(cp, cp + 1)) == text[cp]
