"""PySide6 6.12.0 on Python 3.11 loses a reference to None per void call and aborts
("none_dealloc"); the pinned version must not."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_void_calls_keep_none_alive() -> None:
    doc = QTextDocument("x" * 20)
    cur = QTextCursor(doc)
    before = sys.getrefcount(None)
    for _ in range(1000):
        cur.setPosition(5)
    assert sys.getrefcount(None) >= before - 10
