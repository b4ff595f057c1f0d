"""Showing researchers' and articles' words in Qt: as they are, never as markup."""

from __future__ import annotations

import html


def plain_tip(text: str) -> str:
    """A tooltip showing ``text`` as it is: Qt takes text that looks like HTML as HTML."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def quoted(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters, in quotation marks unless it has some."""
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text if text[:1] in "“\"‘'«" else f"“{text}”"
