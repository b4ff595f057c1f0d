"""The window on laptop and desk screens: the reader keeps its measure, nothing leaves the screen.

Each screen runs in a process of its own (Qt takes the screen and its scale once, at start):
offscreen, with a screen of that size from a configuration file, and ``QT_SCALE_FACTOR`` for
the scaled ones. Each process opens the window twice, first run and then restored from a
layout saved elsewhere (a larger window, a panel floating beyond the screen), reports what it
measured as JSON and leaves a picture of each in ``test-output/``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QGuiApplication, QTextBlock
from PySide6.QtWidgets import QApplication, QDockWidget, QTabBar
from pytestqt.qtbot import QtBot

from desktop.app import App
from desktop.views.fitting import LIST_FLOOR, READER_WISH_CHARS
from desktop.views.main_window import MainWindow
from tests.conftest import ROOT
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import open_article

OUT = ROOT / "test-output"
#: name: (width, height) in device pixels, scale factor
SCREENS = {
    "1100x700": (1100, 700, 1.0),
    "1280x720": (1280, 720, 1.0),
    "1366x768": (1366, 768, 1.0),
    "1600x1000": (1600, 1000, 1.0),
    "1600x1000-scale1.5": (1600, 1000, 1.5),
    "1600x1000-scale2": (1600, 1000, 2.0),
}
LEAST_CHARS = 45
#: Every screen, on a first run and restored from a layout saved on a larger one.
RUNS = [(name, run) for name in SCREENS for run in ("first", "restored")]


# ---- Measuring a window, as a researcher would see it (run in the screen's own process)


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _global(w: Any) -> QRect:
    return QRect(w.mapToGlobal(QPoint(0, 0)), w.size())


def _docks(w: MainWindow) -> dict[str, list[int]]:
    """Where each panel can be reached on screen: its own rectangle, or its tab's."""
    tabs = {
        bar.tabText(i): QRect(bar.mapToGlobal(bar.tabRect(i).topLeft()), bar.tabRect(i).size())
        for bar in w.findChildren(QTabBar)
        if bar.isVisible()
        for i in range(bar.count())
    }
    out = {}
    for d in w.findChildren(QDockWidget):
        if d.isHidden():
            continue
        shown = not d.visibleRegion().isEmpty()
        out[d.windowTitle()] = (
            _rect(d.frameGeometry() if d.isFloating() else _global(d))
            if (shown or d.isFloating())
            else _rect(tabs[d.windowTitle()])
        )
    return out


def _lines(block: QTextBlock) -> list[tuple[int, int, float]]:
    """(start, length, width available) of each line Qt laid out in ``block``."""
    lay = block.layout()
    return [
        (lay.lineAt(i).textStart(), lay.lineAt(i).textLength(), lay.lineAt(i).width())
        for i in range(lay.lineCount())
    ]


def _reading(app: App) -> dict[str, Any]:
    """The text column in characters of the paragraphs' own font, and how the lines broke."""
    reader = app.w.reader
    doc = reader.document()
    widths, full, breaks = [], [], []
    block = doc.begin()
    while block.isValid():
        text = block.text()
        lines = _lines(block)
        if lines and block.blockFormat().lineHeight() == 145:  # a paragraph
            font = block.charFormat().font()
            per_char = QFontMetricsF(font).averageCharWidth()
            widths += [w / per_char for _, _, w in lines]
            full += [n for _, n, _ in lines[:-1]]
        for start, n, _ in lines[:-1]:  # lines break at spaces, or after a hyphen or a dash
            end = start + n
            breaks.append(text[end - 1].isspace() or text[end - 1] in "-–—/" or text[end].isspace())
        block = block.next()
    return {"chars": min(widths), "full_line": median(full), "word_breaks": all(breaks)}


def _captions(app: App) -> dict[str, Any]:
    reader, panel = app.w.reader, app.w.captions
    left, width = reader.column()
    cards = []
    for card in panel.cards:
        if not card.isVisible():
            continue
        anchor_y = reader.y_of(card.caption.anchor)
        top = reader.viewport().mapFromGlobal(card.mapToGlobal(QPoint(0, 0)))
        cards.append({"rect": [top.x(), top.y(), card.width(), card.height()], "anchor": anchor_y})
    return {"inline": panel.inline, "column": [left, width], "cards": cards}


def _measure(app: App, picture: Path) -> dict[str, Any]:
    w = app.w
    screen = w.screen()
    picture.parent.mkdir(exist_ok=True)
    w.grab().save(str(picture))
    return {
        "available": _rect(screen.availableGeometry()),
        "ratio": w.devicePixelRatioF(),
        "frame": _rect(w.frameGeometry()),
        "docks": _docks(w),
        "list": w.splitter.sizes()[0],
        "reader": w.reader.width(),
        "tabbed": bool(w.fit.tabbed),
        **_reading(app),
        **_captions(app),
    }


def _open(qapp: QApplication, picture: Path) -> tuple[App, dict[str, Any]]:
    w = MainWindow()
    w.show()
    app = App(w)
    app.start(None)
    deadline = time.monotonic() + 30
    while not (app.listing.model and app.listing.model.loaded) and time.monotonic() < deadline:
        qapp.processEvents()
    model = app.listing.model
    assert model is not None
    row = next(r for r in range(model.rowCount()) if "UN urges" in model.index(r, 0).data())
    w.list_view.selectRow(row)
    for _ in range(20):  # let every deferred layout step run
        qapp.processEvents()
        time.sleep(0.01)
    return app, _measure(app, picture)


def probe(name: str) -> dict[str, Any]:
    """Open the window on this process's screen, first run then restored; what was measured."""
    from desktop.app import make_app

    qapp = make_app()
    first, measured = _open(qapp, OUT / f"layout-{name}.png")
    # A layout saved on a larger screen: a larger window, the note panel floating off to the side.
    w = first.w
    w.setGeometry(40, 40, 1900, 1150)
    note = w.docks[-1]
    note.setFloating(True)
    note.setGeometry(2600, 1500, 320, 300)
    w.close()
    qapp.processEvents()
    _again, restored = _open(qapp, OUT / f"layout-{name}-restored.png")
    return {"first": measured, "restored": restored}


# ---- The checks, on each screen


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every screen's measures, its processes run side by side."""
    runs = {}
    for name, (width, height, scale) in SCREENS.items():
        folder = tmp_path_factory.mktemp(name)
        config = folder / "screen.json"
        screen = {"name": name, "x": 0, "y": 0, "width": width, "height": height}
        config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        env = {
            **os.environ,
            "CLAIMDESK_DATA_DIR": str(folder / "data"),
            "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
            "QT_SCALE_FACTOR": str(scale),
        }
        runs[name] = subprocess.Popen(
            [sys.executable, "-m", "tests.desktop.test_layout", name],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    out = {}
    for name, run in runs.items():
        stdout, stderr = run.communicate(timeout=180)
        assert run.returncode == 0, stderr
        out[name] = json.loads(stdout.strip().splitlines()[-1])
    return out


def _within(rect: list[int], area: list[int]) -> bool:
    return QRect(*area).contains(QRect(*rect))


@pytest.mark.parametrize(("name", "run"), RUNS)
def test_the_reader_keeps_a_comfortable_measure(
    screens: dict[str, dict[str, Any]], name: str, run: str
) -> None:
    m = screens[name][run]
    assert m["ratio"] == SCREENS[name][2]
    assert m["chars"] >= LEAST_CHARS, m
    assert m["full_line"] >= 40, m  # characters on a full line, as Qt broke them
    assert m["word_breaks"], "a line broke inside a word"


@pytest.mark.parametrize(("name", "run"), RUNS)
def test_the_window_and_every_panel_are_on_the_screen(
    screens: dict[str, dict[str, Any]], name: str, run: str
) -> None:
    m = screens[name][run]
    width, height, scale = SCREENS[name]
    area = m["available"]
    assert area[2:] == [round(width / scale), round(height / scale)]
    assert _within(m["frame"], area), (m["frame"], area)
    assert set(m["docks"]) == {"Codebook", "Highlights", "Note"}
    for title, rect in m["docks"].items():
        assert _within(rect, area), (title, rect, area)


def test_short_screens_put_the_panels_in_tabs_and_tall_ones_stack_them(
    screens: dict[str, dict[str, Any]],
) -> None:
    tabbed = {name: screens[name]["first"]["tabbed"] for name in SCREENS}
    assert tabbed == {
        "1100x700": False,
        "1280x720": False,
        "1366x768": False,
        "1600x1000": False,
        "1600x1000-scale1.5": True,
        "1600x1000-scale2": True,
    }


def test_captions_stand_beside_the_text_with_room_and_in_it_without(
    screens: dict[str, dict[str, Any]],
) -> None:
    beside = {name: not screens[name]["first"]["inline"] for name in SCREENS}
    assert beside == {
        "1100x700": False,
        "1280x720": False,
        "1366x768": False,
        "1600x1000": True,
        "1600x1000-scale1.5": False,
        "1600x1000-scale2": False,
    }
    for name in SCREENS:
        m = screens[name]["first"]
        assert m["cards"], name
        left, width = m["column"]
        for n, card in enumerate(m["cards"]):
            x, y, w, h = card["rect"]
            if m["inline"]:  # in the text column, just above the paragraph it stood beside
                assert (x, w) == (left, width) and y + h < card["anchor"], (name, card)
            else:  # right of the text, level with that paragraph (or pushed down by the last)
                assert x > left + width and y >= card["anchor"], (name, card)
                assert n > 0 or y == card["anchor"], (name, card)


# ---- In this process: giving way as the window is resized


def _settle(qtbot: QtBot, w: MainWindow) -> None:
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(20)


def test_the_list_gives_way_to_the_reader_and_gets_its_width_back(
    qtbot: QtBot, window: App
) -> None:
    w = window.w
    w.resize(1500, 900)
    _settle(qtbot, w)
    w.splitter.moveSplitter(440, 1)  # as a researcher drags it
    _settle(qtbot, w)
    assert w.splitter.sizes()[0] == 440
    wish = w.reader.width_for(READER_WISH_CHARS)
    w.resize(1100, 800)
    _settle(qtbot, w)
    lst, pane = w.splitter.sizes()
    assert pane >= wish and LIST_FLOOR <= lst < 440, (lst, pane, wish)
    w.resize(1500, 900)
    _settle(qtbot, w)
    assert w.splitter.sizes()[0] == 440


def test_the_reader_never_gets_narrower_than_its_measure(qtbot: QtBot, window: App) -> None:
    w = window.w
    open_article(qtbot, window, "UN urges Iran")
    for size in (QSize(900, 700), QSize(600, 500)):
        w.resize(size)
        _settle(qtbot, w)
        assert _reading(window)["chars"] >= LEAST_CHARS
    w.act.zoom_in.trigger()
    w.act.zoom_in.trigger()
    _settle(qtbot, w)
    assert _reading(window)["chars"] >= LEAST_CHARS  # in characters of the larger font
    assert w.minimumSizeHint().width() > 700


def test_captions_move_into_the_text_when_the_window_narrows_and_back(
    qtbot: QtBot, window: App
) -> None:
    w = window.w
    w.resize(1500, 900)
    open_article(qtbot, window, "UN urges Iran")
    _settle(qtbot, w)
    caps = w.captions
    assert not caps.inline and caps.isVisible() and caps.cards[0].parent() is caps
    w.resize(1000, 900)
    _settle(qtbot, w)
    assert caps.inline and not caps.isVisible()
    card = caps.cards[0]
    assert card.parent() is w.reader.viewport() and card.isVisible()
    top = w.reader.y_of(card.caption.anchor)
    assert top is not None and card.geometry().bottom() < top
    # The text keeps the card's room: no line of the text lies under the card.
    cursor = w.reader.cursorForPosition(card.geometry().center())
    assert w.reader.cursorRect(cursor).bottom() < card.geometry().top() or (
        w.reader.cursorRect(cursor).top() > card.geometry().bottom()
    )
    w.resize(1500, 900)
    _settle(qtbot, w)
    assert not caps.inline and card.parent() is caps


def test_panels_share_one_column_of_tabs_on_a_short_window_and_part_again(
    qtbot: QtBot, window: App
) -> None:
    w = window.w
    w.resize(1400, 900)
    _settle(qtbot, w)
    assert not any(w.tabifiedDockWidgets(d) for d in w.docks)
    w.resize(1400, 560)
    _settle(qtbot, w)
    assert set(w.tabifiedDockWidgets(w.docks[0])) == set(w.docks[1:])
    w.resize(1400, 900)
    _settle(qtbot, w)
    assert not any(w.tabifiedDockWidgets(d) for d in w.docks)


def test_a_layout_saved_tabbed_for_want_of_room_is_saved_stacked(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    app = open_window(None)
    app.w.resize(1400, 560)
    _settle(qtbot, app.w)
    assert app.w.tabifiedDockWidgets(app.w.docks[0])
    app.w.close()
    again = open_window(None)
    again.w.resize(1400, 900)
    _settle(qtbot, again.w)
    assert not any(again.w.tabifiedDockWidgets(d) for d in again.w.docks)
    again.w.close()


def test_first_run_fits_the_screen(window: App) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert area.contains(window.w.frameGeometry())


# ---- The welcome panel of an empty project


def test_an_empty_project_shows_how_to_bring_articles_in(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    from tests.desktop.helpers import settle

    app = open_window(tmp_path / "empty.claimdesk")
    w = app.w
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.welcome, timeout=5000)
    assert w.welcome.isVisible() and not w.reader.isVisible()
    assert "drop" in w.welcome.drop_hint.text().lower()
    pressed = []
    w.act.import_files.triggered.disconnect()
    w.act.import_folder.triggered.disconnect()
    w.act.import_files.triggered.connect(lambda: pressed.append("files"))
    w.act.import_folder.triggered.connect(lambda: pressed.append("folder"))
    for button in w.welcome.buttons:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pressed == ["files", "folder"]
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Ports reopen\n\nThe harbour reopened after a week of storms.")
    app.importing.import_paths([folder])
    settle(qtbot, app)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.reading, timeout=5000)
    assert w.reader.isVisible() and not w.welcome.isVisible()
    w.close()


def test_the_sample_project_shows_the_reader(qtbot: QtBot, window: App) -> None:
    qtbot.wait(200)
    assert window.w.pages.currentWidget() is window.w.reading


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1])))  # noqa: T201
