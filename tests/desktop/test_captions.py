"""Captions stand level with the text they stood beside, and push each other down, never overlap."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from db.articles.detail import ArticleDetail, BlockView, CaptionView
from desktop.widgets.captions import CaptionCard, CaptionsPanel
from desktop.widgets.reader import ReaderView

PARA = "The harbour reopened after a week of storms, and the first ships came in before dawn. "


def article() -> ArticleDetail:
    """A headline, two captions set aside early in the text, and three long paragraphs.

    Each caption stood beside the *third* paragraph: its own place in the text (before the
    first paragraph) is not where its card belongs.
    """
    parts = [("headline", "Ports reopen"), ("caption", "Ships at dawn. Photo: AP")]
    parts += [("caption", "The quay, empty. Photo: Reuters")]
    parts += [("paragraph", PARA * 6), ("paragraph", PARA * 6), ("paragraph", PARA * 6)]
    text, blocks, pos = "", [], 0
    for kind, body in parts:
        blocks.append(BlockView(kind, pos, pos + len(body)))
        text += body + "\n\n"
        pos = len(text)
    third = blocks[-1].start
    caps = [
        CaptionView(i, text[b.start : b.end], None, b.start, b.end, third)
        for i, b in enumerate(blocks[1:3])
    ]
    return ArticleDetail(
        1, "u", "Ports reopen", [], None, None, None, None, None, text, "h", None, None, "",
        blocks, caps, [], "",
    )  # fmt: skip


@pytest.fixture
def shown(qtbot: QtBot) -> Iterator[tuple[ReaderView, CaptionsPanel]]:
    host = QWidget()
    qtbot.addWidget(host)
    reader = ReaderView(host)
    panel = CaptionsPanel(reader, host)
    panel.setFixedWidth(240)
    lay = QHBoxLayout(host)
    lay.addWidget(reader, 1)
    lay.addWidget(panel)
    host.resize(900, 2400)  # tall enough for every anchor to be in view
    host.show()
    art = article()
    reader.show_article(art)
    panel.set_captions(art.captions)
    QApplication.processEvents()
    panel.place()
    yield reader, panel
    host.close()


def test_a_card_stands_level_with_its_anchor_not_its_own_place(
    shown: tuple[ReaderView, CaptionsPanel],
) -> None:
    reader, panel = shown
    first = panel.cards[0]
    anchor_y = reader.y_of(first.caption.anchor)
    own_y = reader.y_of(first.caption.start)
    assert anchor_y is not None and own_y is not None and anchor_y > own_y + 100
    offset = panel.mapFromGlobal(reader.viewport().mapToGlobal(reader.viewport().pos())).y()
    offset -= reader.viewport().pos().y()
    assert first.isVisible() and first.y() == anchor_y + offset


def test_cards_of_one_place_are_stacked_without_overlapping(
    shown: tuple[ReaderView, CaptionsPanel],
) -> None:
    _, panel = shown
    a, b = panel.cards
    assert a.isVisible() and b.isVisible()
    assert b.y() >= a.y() + a.height()  # pushed below the first, with its gap
    assert not a.geometry().intersects(b.geometry())
    assert [c for c in panel.findChildren(CaptionCard) if c.isVisible()] == [a, b]
