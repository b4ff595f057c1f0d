"""The reading room: list, reader, captions beside the text, search, layout."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.index.fts import index_new_rows, without_insert_triggers
from db.store.project import open_project
from desktop.article_model import ArticleTableModel
from desktop.captions import CaptionCard
from desktop.main_window import MainWindow
from tests.conftest import ROOT
from tests.desktop.helpers import open_article, select_text


def test_reader_shows_the_article_and_sets_boilerplate_aside(
    qtbot: QtBot, window: MainWindow
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    assert window.ctl.article is not None
    shown = window.reader.toPlainText()
    assert window.ctl.article.title in shown and "Daesh loses last Aleppo bastion" in shown
    aside = [
        window.ctl.article.text[b.start : b.end]
        for b in window.ctl.article.blocks
        if b.kind == "boilerplate"
    ]
    assert aside and not any(a in shown for a in aside)
    assert not any(c.text in shown for c in window.ctl.article.captions)  # beside, not in, the text
    window.actionShowSetAside.trigger()
    assert all(a in window.reader.toPlainText() for a in aside)


def test_captions_stand_level_with_their_place_and_clicking_scrolls_there(
    qtbot: QtBot, window: MainWindow
) -> None:
    open_article(qtbot, window, "UN asks Russia")
    open_article(qtbot, window, "UN urges Iran")
    article, reader = window.ctl.article, window.reader
    assert article is not None
    cards = window.captions.cards
    assert [c.caption for c in cards] == article.captions and len(cards) == 3
    assert [c.caption.anchor for c in cards] == [
        next(b.start for b in article.blocks if b.start >= c.end and b.kind == "paragraph")
        for c in article.captions
    ]
    shown = [c for c in window.captions.findChildren(CaptionCard) if c.isVisible()]
    assert shown and set(shown) <= set(cards)  # none left over from the previous article

    def level(card: CaptionCard) -> bool:
        y = reader.y_of(card.caption.anchor)
        return (
            card.isVisible()
            and y is not None
            and card.y() == y + reader.viewport().y() + reader.y()
        )

    assert level(cards[0])
    last = cards[-1]
    window.captions.sig_caption_activated.emit(last.caption)  # a click on the card
    y = reader.y_of(last.caption.anchor)
    assert y is not None and 0 <= y < reader.viewport().height()
    assert level(last)
    assert any(sel.format.background().color().isValid() for sel in reader.extraSelections())
    qtbot.waitUntil(lambda: reader._flash is None, timeout=3000)


def test_zoom_changes_the_reading_size(window: MainWindow) -> None:
    before = window.reader.point_size
    window.actionZoomIn.trigger()
    assert window.reader.point_size == before + 1
    window.actionZoomReset.trigger()
    assert window.reader.point_size == 12


def test_article_list_model_passes_qt_model_tester(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert window.ctl.model is not None
    qtmodeltester.check(window.ctl.model)
    window.ctl.model.sort(0, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(window.ctl.model)
    window.ctl.model.set_filter([window.ctl.model.article_id(0) or 0])
    qtmodeltester.check(window.ctl.model)


def test_sorting_by_title_orders_the_list(window: MainWindow) -> None:
    assert window.ctl.model is not None
    window.list_view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    titles = [window.ctl.model.index(r, 0).data() for r in range(window.ctl.model.rowCount())]
    assert titles == sorted(titles, reverse=True)


def test_search_box_filters_through_the_index(qtbot: QtBot, window: MainWindow) -> None:
    assert window.ctl.model is not None
    qtbot.keyClicks(window.search_box, "Aleppo bastion")
    qtbot.waitUntil(lambda: window.ctl.model.rowCount() == 1, timeout=5000)  # type: ignore[union-attr]
    assert "UN urges" in window.ctl.model.index(0, 0).data()
    assert "1 matching" in window.status_label.text()
    window.search_box.clear()
    qtbot.waitUntil(lambda: window.ctl.model.rowCount() == 2, timeout=5000)  # type: ignore[union-attr]


@pytest.fixture(scope="session")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of 100,000 short articles, written directly."""
    path = tmp_path_factory.mktemp("big") / "big.claimdesk"
    with open_project(path) as project, project.writer() as conn:
        with without_insert_triggers(conn, ["article"]):
            conn.executemany(
                "INSERT INTO article (uid, title, section, text, text_sha256, hidden_spans,"
                " imported_at, published) VALUES (?, ?, '[\"News\"]', ?, ?, '', '', ?)",
                (
                    (
                        f"u{i}",
                        f"Article number {i}",
                        f"Body of article {i}.",
                        f"h{i}",
                        f"2017-{1 + i % 12:02d}-01",
                    )
                    for i in range(100_000)
                ),
            )
            index_new_rows(conn, "article", 0)
        conn.commit()
    return path


def test_a_100k_article_project_opens_and_scrolls(
    qtbot: QtBot,
    open_window: Callable[[Path | None], MainWindow],
    big_project: Path,
    qapp: QApplication,
) -> None:
    t0 = time.perf_counter()
    w = open_window(big_project)
    qapp.processEvents()
    opened = time.perf_counter() - t0
    assert w.ctl.model is not None and w.ctl.model.rowCount() == 100_000
    assert w.ctl.article is not None and w.ctl.article.title == "Article number 0"
    t0 = time.perf_counter()
    bar = w.list_view.verticalScrollBar()
    for value in range(0, bar.maximum(), bar.maximum() // 50):
        bar.setValue(value)
        qapp.processEvents()
    bar.setValue(bar.maximum())
    qapp.processEvents()
    scrolled = time.perf_counter() - t0
    last = w.ctl.model.index(99_999, 0)
    assert last.data() == "Article number 99999"
    assert opened < 5 and scrolled / 51 < 0.1, (opened, scrolled)
    w.close()


def test_window_renders_to_a_picture(qtbot: QtBot, window: MainWindow) -> None:
    """The README's screenshot comes from here: a read article with coded claims and a note."""
    open_article(qtbot, window, "UN urges Iran")
    for phrase, code in (
        ("The UN has called on Iran, Russia and Turkey", "Attribution"),
        ("to convene a fresh round of peace talks", "Claim"),
        ("three rounds of peace negotiations", "Statistic"),
        ("“Hence our expectations and the strong suggestion", "Quote"),
    ):
        select_text(window, phrase)
        window.ctl.use_code(next(n for n, c in enumerate(window.codes.codes) if c.name == code))
    window.notes.editor.setPlainText("Did Turkey confirm? Check the Anadolu wire of that day.")
    window.notes.save_now()
    window.resize(1500, 900)
    QApplication.processEvents()
    picture = window.grab()
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    assert picture.save(str(out / "window.png"))
    assert picture.width() >= 1200 and not picture.toImage().isNull()


def test_layout_and_zoom_are_remembered(open_window: Callable[[Path | None], MainWindow]) -> None:
    w = open_window(None)
    w.docks[0].hide()
    w.actionZoomIn.trigger()
    w.close()
    again = open_window(None)
    assert not again.docks[0].isVisible() and again.reader.point_size == 13
    again.close()


def test_model_is_lazy(window: MainWindow) -> None:
    model = ArticleTableModel(window.ctl.ws)  # type: ignore[arg-type]
    assert model._cache == {}  # nothing read until a row is painted
    model.index(1, 0).data()
    assert len(model._cache) == 2
