"""The list's columns and memory: Title takes the room, empty columns none, and each project's
order, column widths and open article come back when it is opened again, wherever its file went.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlmodel import Session

from db.articles import listing
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import open_project
from desktop.app import App
from desktop.controllers.listing import WIDTHS
from desktop.core.changes import ARTICLES, Changes
from desktop.models.article_model import COLUMNS, ID_ROLE
from desktop.models.list_memory import ListMemory, identity
from desktop.support import settings
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import mark, read, settle

TITLES = ["Delta", "alpha", "Charlie", "Bravo", "echo"]


def make(path: Path, *, dated: bool) -> Path:
    """Five articles; ``dated``: each with an outlet, a section and a date as well."""
    with open_project(path) as project, project.session() as s:
        texts = [f"{t}\n\nThe body of {t}, long enough to mark a claim in." for t in TITLES]
        ids = store_articles(s, [(parse_text(t), None) for t in texts])
        for n, aid in enumerate(ids):
            s.execute(
                text("UPDATE article SET outlet = :o, section = :s, published = :p WHERE id = :a"),
                {
                    "o": "Tehran Times" if dated else None,
                    "s": '["World"]' if dated else "[]",
                    "p": f"2021-05-0{n + 1}" if dated else None,
                    "a": aid,
                },
            )
    return path


def columns_shown(app: App) -> list[str]:
    header = app.w.list_view.horizontalHeader()
    return [c for n, c in enumerate(COLUMNS) if not header.isSectionHidden(n)]


def wait_columns(qtbot: QtBot, app: App, want: list[str]) -> None:
    qtbot.waitUntil(lambda: columns_shown(app) == want, timeout=5000)


def test_title_takes_the_room_and_empty_columns_none_until_filled(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    app = open_window(make(tmp_path / "bare.claimdesk", dated=False))
    app.w.resize(1500, 900)  # a desk screen: room for a list of some width
    app.w.splitter.setSizes([420, 1080])
    wait_columns(qtbot, app, ["Title"])  # no outlet, date, highlight or note in this project
    view = app.w.list_view
    header = view.horizontalHeader()
    assert header.sectionSize(0) == view.viewport().width()  # all of it
    ws = app.state.workspace
    assert ws is not None

    def date_one(s: Session) -> None:
        s.execute(text("UPDATE article SET published = '2020-01-01' WHERE id = 1"))

    ws.write(date_one, Changes.of(ARTICLES))
    wait_columns(qtbot, app, ["Title", "Date"])  # something fills it: it is back
    mark(qtbot, app, "body")
    wait_columns(qtbot, app, ["Title", "Date", "Highlights"])
    settle(qtbot, app)

    def taken() -> int:
        return sum(
            header.sectionSize(n) for n in range(len(COLUMNS)) if not header.isSectionHidden(n)
        )

    assert taken() == view.viewport().width()  # the Title still takes what the others leave
    names = header.fontMetrics()
    assert header.sectionSize(2) > names.horizontalAdvance(COLUMNS[2])  # as wide as its name
    model = view.model()  # a counted column shows an icon for its name, which is its tip
    assert model.headerData(3, Qt.Orientation.Horizontal) == ""
    assert model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == COLUMNS[3]
    assert 16 < header.sectionSize(3) < names.horizontalAdvance(COLUMNS[3])
    title = header.sectionSize(0)
    sizes = app.w.splitter.sizes()
    app.w.splitter.setSizes([sizes[0] + 150, sizes[1] - 150])  # a wider list: a wider Title
    qtbot.waitUntil(lambda: header.sectionSize(0) > title, timeout=3000)
    assert taken() == view.viewport().width()


def test_order_widths_and_the_open_article_come_back_wherever_the_file_went(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    (tmp_path / "here").mkdir()
    first = make(tmp_path / "here" / "p.claimdesk", dated=True)
    app = open_window(first)
    wait_columns(qtbot, app, ["Title", "Outlet / section", "Date"])
    view, header = app.w.list_view, app.w.list_view.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # as a click on Title, twice
    settle(qtbot, app)
    header.resizeSection(1, 173)
    header.resizeSection(2, 91)
    model = view.model()
    view.selectRow(3)
    chosen = model.index(3, 0).data(ID_ROLE)
    assert app.state.article is not None and app.state.article.id == chosen
    order = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    assert order == read(app, lambda s: listing.ordered_ids(s, "title", descending=True))
    app.w.close()

    moved = tmp_path / "elsewhere" / "renamed.claimdesk"
    moved.parent.mkdir()
    shutil.move(first, moved)
    again = open_window(moved)
    header = again.w.list_view.horizontalHeader()
    settle(qtbot, again)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0,
        Qt.SortOrder.DescendingOrder,
    )
    model = again.w.list_view.model()
    assert [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())] == order
    assert (header.sectionSize(1), header.sectionSize(2)) == (173, 91)
    assert again.state.article is not None and again.state.article.id == chosen
    again.w.close()

    other = open_window(make(tmp_path / "other.claimdesk", dated=True))  # a project of its own
    header = other.w.list_view.horizontalHeader()
    assert header.sortIndicatorSection() == -1 and header.sectionSize(1) != 173
    first_row = other.w.list_view.model().index(0, 0).data(ID_ROLE)
    assert other.state.article is not None and other.state.article.id == first_row


BAD = ["", "not json", "[1, 2]", '{"order": 5, "sized": [1]}', '{"sized": {"Date": "wide"}}']


@pytest.mark.parametrize("value", BAD)
def test_a_memory_written_badly_is_a_fresh_start(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, value: str
) -> None:
    path = make(tmp_path / "p.claimdesk", dated=True)
    with open_project(path) as project, project.session() as s:
        key = identity(s)
    assert key is not None
    settings.settings().setValue(f"{ListMemory(key).group}/list", value)
    app = open_window(path)
    assert app.w.list_view.horizontalHeader().sortIndicatorSection() == -1
    assert app.state.article is not None


def test_on_a_narrow_list_the_columns_give_the_titles_half_unless_sized_by_hand(
    qtbot: QtBot, window: App
) -> None:
    w = window.w
    view, header = w.list_view, w.list_view.horizontalHeader()
    usual = max(WIDTHS[1], window.listing._named(1))
    w.resize(1500, 900)
    qtbot.waitUntil(lambda: not header.isSectionHidden(1))  # the samples have outlet/section
    w.splitter.setSizes([500, 1000])
    qtbot.waitUntil(lambda: header.sectionSize(1) == usual, timeout=3000)  # room: usual
    w.splitter.setSizes([220, 1280])
    qtbot.waitUntil(lambda: header.sectionSize(1) < usual, timeout=3000)
    assert header.sectionSize(0) >= view.viewport().width() // 2 - 1  # the titles keep half
    w.splitter.setSizes([500, 1000])
    qtbot.waitUntil(lambda: header.sectionSize(1) == usual, timeout=3000)  # back again
    header.resizeSection(1, 150)  # the researcher's own width stands, narrow list or not
    w.splitter.setSizes([220, 1280])
    qtbot.wait(100)
    assert header.sectionSize(1) == 150


def test_widths_an_earlier_version_saved_for_every_column_are_not_taken_as_chosen(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    path = make(tmp_path / "old.claimdesk", dated=True)
    with open_project(path) as p, p.session() as s:
        key = identity(s)
    assert key is not None
    old = {"order": ["id", False], "widths": {"Outlet / section": 120, "Date": 86}}
    settings.settings().setValue(f"{ListMemory(key).group}/list", json.dumps(old))
    app = open_window(path)
    assert app.listing.chosen == {}  # every column fits the list until sized by hand
    header = app.w.list_view.horizontalHeader()
    header.resizeSection(2, 99)
    app.listing.remember()
    assert ListMemory(key).widths() == {"Date": 99}
