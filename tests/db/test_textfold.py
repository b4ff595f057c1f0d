"""Folding text for search: the fast paths must fold exactly what the table says."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from db.index.fold import _TABLE, fold

# Latin with accents and typography, Arabic and Persian with harakat, joiners, marks, emoji.
_ALPHABET = st.sampled_from(
    "aZé ü“”’—\xa0\xad\u200c\u200d\u200e\u200f\ufeff😀"
    "كتبيىكأإآٱةـ\u064e\u064f\u0650\u0651\u0652\u0670\u06d6یکهاتهران"
)


def reference(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\xa0", " ").translate(_TABLE)


@given(st.text(_ALPHABET, max_size=60) | st.text(max_size=60))
def test_fold_matches_its_table(text: str) -> None:
    assert fold(text) == reference(text)


def test_fold_unifies_what_readers_consider_the_same_word() -> None:
    assert fold("كَتَبَ") == fold("کتب") == "کتب"
    assert fold("هسته\u200cای") == "هستهای"
    assert fold("Zürich\xa0café") == "Zürich café"
