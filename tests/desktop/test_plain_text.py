"""Article text in labels and tooltips is shown as it is, never taken for markup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.app import App
from desktop.models.article_model import ArticleTableModel
from tests.desktop.helpers import mark, open_article, settle

HOSTILE = "<img src='http://tracker.example/x.png'> <b>bold</b> &amp;"
ARTICLE = (
    f"Markup {HOSTILE} in a headline\n\n"
    f"A photo of the quay {HOSTILE}. (Photo: AP)\n\n"
    f"The harbour reopened {HOSTILE} after a week of storms, officials said on Monday.\n"
)


def test_markup_in_an_article_is_shown_as_text(qtbot: QtBot, window: App, tmp_path: Path) -> None:
    source = tmp_path / "markup.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    window.importing.import_paths([source])
    settle(qtbot, window)
    open_article(qtbot, window, "Markup")
    art = window.state.article
    assert art is not None
    w = window.w
    assert art.captions  # beside the text: every label of its card shows the characters
    labels = [lab for card in w.captions.cards for lab in card.findChildren(QLabel)]
    assert labels and all(lab.textFormat() == Qt.TextFormat.PlainText for lab in labels)
    assert any("<b>bold</b>" in lab.text() for lab in labels)
    mark(qtbot, window, "reopened <img src='http://tracker.example/x.png'> <b>bold</b>")
    assert w.notes.target_label.textFormat() == Qt.TextFormat.PlainText
    assert "<img src=" in w.notes.target_label.text()
    tip = w.highlights.item(0).toolTip()
    assert "&lt;b&gt;bold&lt;/b&gt;" in tip and "<b>bold" not in tip
    model = window.listing.model
    assert isinstance(model, ArticleTableModel)
    row = model.row_of(art.id)
    assert row is not None
    title_tip = model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img" in title_tip and "<img" not in title_tip
