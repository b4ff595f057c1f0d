"""Search as research in the window: exact counts, results paged in, snippets, hits in the text.

The project: 450 articles about ballots (some say it more often than others), one about an
"e-mail" and one about an "email", and a few about nothing of the kind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QFont, QImage, QKeyEvent, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db import search
from db.articles import listing
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.models import Article
from db.store.project import open_project
from desktop.app import App
from desktop.controllers.search import SEARCH_DELAY_MS
from desktop.models.article_model import ID_ROLE, PAGE, SNIPPET_ROLE
from desktop.models.search_results import SNIPPET_PAGE
from desktop.widgets.snippet_delegate import LEAD_SHARE, SnippetDelegate, cut, pieces
from tests.conftest import ROOT
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import read, settle

BALLOTS = 450
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "ballots.claimdesk"
    texts = [
        f"Count {i}\n\nThe officials said the ballots were counted. "
        + "More ballots arrived. " * (i % 7)
        + f"Recount number {i} ends here."
        for i in range(BALLOTS)
    ]
    texts += [
        "Mail one\n\nShe sent an e-mail to the ministry on Monday.",
        "Mail two\n\nHe answered by email the same day.",
        *(f"Other {i}\n\nNothing of the kind happened in town {i}." for i in range(5)),
    ]
    with open_project(path) as project, project.session() as s:
        store_articles(s, [(parse_text(t), None) for t in texts])
    return path


@pytest.fixture
def app(qtbot: QtBot, open_window: OpenWindow, corpus: Path, tmp_path: Path) -> App:
    """The window on a copy of the corpus, active (its shortcuts work)."""
    path = tmp_path / "ballots.claimdesk"
    shutil.copy(corpus, path)
    app = open_window(path)
    with qtbot.waitActive(app.w):
        app.w.activateWindow()
    return app


def type_search(qtbot: QtBot, app: App, text: str) -> None:
    """Type ``text`` in the search box, as a researcher does, and wait for its results."""
    box = app.w.search_box
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.waitUntil(lambda: app.search.query == text and app.search.running is None, timeout=10000)
    settle(qtbot, app)


def text_of(app: App, article_id: int) -> str:
    return read(app, lambda s: s.get_one(Article, article_id).text)


def shown_ids(app: App) -> list[int]:
    model = app.w.list_view.model()
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def test_the_count_is_exact_and_results_come_best_first_a_page_at_a_time(
    qtbot: QtBot, app: App
) -> None:
    type_search(qtbot, app, "ballots")
    assert app.w.status_label.text() == f"{BALLOTS} matching articles"  # exact, no "500+" cap
    model = app.listing.model
    assert model is not None and model.rowCount() == PAGE  # a page, not every match
    everything = read(app, lambda s: search.ranked_ids(s, "ballots", offset=0, limit=10_000))
    assert len(everything) == BALLOTS and shown_ids(app) == everything[:PAGE]
    view = app.w.list_view
    while model.rowCount() < BALLOTS:  # scrolling to the end brings the next page
        before = model.rowCount()
        view.scrollToBottom()
        qtbot.waitUntil(lambda b=before: model.rowCount() > b, timeout=10000)  # type: ignore[misc]
    settle(qtbot, app)
    assert shown_ids(app) == everything  # best first, none twice, none left out
    assert not model.canFetchMore()
    assert app.w.status_label.text() == f"{BALLOTS} matching articles"


def test_hyphenated_and_joined_forms_find_each_other(qtbot: QtBot, app: App) -> None:
    for typed in ("email", "e-mail"):
        type_search(qtbot, app, typed)
        assert app.w.status_label.text() == "2 matching articles"
        titles = {app.w.list_view.model().index(r, 0).data() for r in range(2)}
        assert titles == {"Mail one", "Mail two"}


def test_each_result_shows_where_it_matched_with_the_words_marked(qtbot: QtBot, app: App) -> None:
    view = app.w.list_view
    model = view.model()
    plain_height = view.verticalHeader().defaultSectionSize()
    assert model.index(0, 0).data(SNIPPET_ROLE) is None  # no search: one line a row
    type_search(qtbot, app, "recount")
    qtbot.waitUntil(lambda: bool(model.index(0, 0).data(SNIPPET_ROLE)), timeout=10000)
    snippet = model.index(0, 0).data(SNIPPET_ROLE)
    aid = model.index(0, 0).data(ID_ROLE)
    text = text_of(app, aid)
    plain, found = pieces(snippet)
    assert [plain[a : a + n] for a, n in found] == ["Recount"]
    assert plain.strip("…") in " ".join(text.split())  # cut from the text itself
    assert view.verticalHeader().defaultSectionSize() > plain_height  # room for the second line
    asked = model._search._asked  # type: ignore[attr-defined]
    assert 0 < len(asked) <= 3 * SNIPPET_PAGE  # the rows shown, never every result's
    assert "Recount" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    app.w.search_box.clear()
    qtbot.waitUntil(lambda: app.search.query is None, timeout=5000)
    assert model.index(0, 0).data(SNIPPET_ROLE) is None
    assert view.verticalHeader().defaultSectionSize() == plain_height


def paint(snippet: str, width: int = 360) -> QImage:
    image = QImage(width, 24, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setPen(Qt.GlobalColor.black)
    SnippetDelegate(SNIPPET_ROLE).draw_snippet(painter, QRect(0, 0, width, 24), QFont(), snippet)
    painter.end()
    return image


def ink_columns(image: QImage) -> list[int]:
    """The x of each column of ``image`` with something drawn in it."""
    return [
        x
        for x in range(image.width())
        if any(image.pixelColor(x, y).lightness() < 128 for y in range(image.height()))
    ]


def test_the_matched_words_are_drawn_bold_and_in_sight(qapp: QApplication) -> None:
    m0, m1 = search.MARK_START, search.MARK_END
    marked = paint(f"the ballots were {m0}counted{m1} today")
    unmarked = paint("the ballots were counted today")
    assert ink_columns(marked) and marked != unmarked
    assert ink_columns(marked)[-1] > ink_columns(unmarked)[-1]  # bold is wider
    # A lead far wider than the cell (blank, so only the match and "…" leave ink) is left out:
    # the match stands in the first part of the cell, not out of sight (from the right, for
    # text that reads from the right).
    ltr = ink_columns(paint(" " * 300 + f"{m0}ballots{m1} after", width=200))
    assert ltr and ltr[0] < 200 * LEAD_SHARE and sum(x < 100 for x in ltr) > 20
    rtl = ink_columns(paint(" " * 300 + f"{m0}الاقتراع{m1} بعد", width=200))
    assert rtl and rtl[-1] > 200 * (1 - LEAD_SHARE) and sum(x > 100 for x in rtl) > 20


def test_a_snippet_is_cut_at_whole_words_with_the_first_match_in_sight() -> None:
    def shown(plain: str, word: str, width: float) -> str:
        at = plain.index(word)
        a, b = cut(plain, [(at, len(word))], lambda i: 10.0 * i, width, 10.0)  # 10 px a letter
        return ("…" if a else "") + plain[a:b] + ("…" if b < len(plain) else "")

    text = "one two three four five six seven eight nine ballots after all"
    assert shown(text, "ballots", 1000) == text  # room for all of it
    assert shown(text, "ballots", 300) == "…nine ballots after all"  # lead within 30%
    assert shown(text, "ballots", 100) == "…ballots…"  # no room for a word before it
    assert shown(text, "one", 120) == "one two…"  # the end at a word
    assert shown(text, "one", 40) == "one…"
    assert shown("unbroken" * 5, "unbroken", 50) == "unbr…"  # no word fits: letters
    m0, m1 = search.MARK_START, search.MARK_END
    assert pieces(f"a {m0}b{m1} c {m0}d{m1}") == ("a b c d", [(2, 1), (6, 1)])


def test_opening_a_result_marks_every_hit_and_f3_goes_round_them(qtbot: QtBot, app: App) -> None:
    type_search(qtbot, app, "ballots")
    model, view, reader = app.listing.model, app.w.list_view, app.w.reader
    assert model is not None
    row = next(r for r in range(9) if "More ballots" in text_of(app, model.article_id(r) or 0))
    view.selectRow(row)
    art = app.state.article
    assert art is not None and art.id == model.article_id(row)
    want = [(m.start(), m.end()) for m in re.finditer("ballots", art.text)]
    qtbot.waitUntil(lambda: reader.search_marks() == want, timeout=5000)
    assert len(want) >= 2
    assert reader.current_search_mark() == 0  # the first hit is brought into view
    assert app.w.statusBar().currentMessage().startswith(f"Hit 1 of {len(want)} (F3: next")
    first = reader.y_of(want[0][0])
    assert first is not None and 0 <= first < reader.viewport().height()
    reader.setFocus()
    seen = []
    for _ in range(len(want) + 1):  # round the end, back to the first
        qtbot.keyClick(reader, Qt.Key.Key_F3)
        seen.append(reader.current_search_mark())
    assert seen == [*range(1, len(want)), 0, 1]
    assert app.w.statusBar().currentMessage() == f"Hit 2 of {len(want)}"
    qtbot.keyClick(reader, Qt.Key.Key_F3, SHIFT)
    qtbot.keyClick(reader, Qt.Key.Key_F3, SHIFT)
    assert reader.current_search_mark() == len(want) - 1  # back past the first: the last
    assert app.w.statusBar().currentMessage() == f"Hit {len(want)} of {len(want)}"
    app.w.search_box.clear()
    qtbot.waitUntil(lambda: app.search.query is None, timeout=5000)
    assert reader.search_marks() == []
    qtbot.keyClick(reader, Qt.Key.Key_F3)
    assert "Search first" in app.w.statusBar().currentMessage()


# ---- The window's shortcuts while the search box has the focus


class EndOfLineKey(QObject):
    """The search box as some platforms make it: Ctrl+E moves to the end of the line.

    Where Qt uses the X11 key scheme (GNOME, KDE, ...), a line edit takes Ctrl+E for itself
    (``QKeySequence.MoveToEndOfLine``) by accepting its shortcut override; offscreen it does not.
    This filter does what such a line edit does, on the box itself, before the window is built.
    """

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and e.key() == Qt.Key.Key_E
            and e.modifiers() == CTRL
        ):
            e.accept()
            return True
        return False


@pytest.fixture
def x11_box_app(qtbot: QtBot, corpus: Path, tmp_path: Path, qapp: QApplication) -> App:
    from desktop.views.main_window import MainWindow

    path = tmp_path / "ballots.claimdesk"
    shutil.copy(corpus, path)
    w = MainWindow()
    qtbot.addWidget(w)
    w.search_box.installEventFilter(end_of_line := EndOfLineKey(w))
    w.end_of_line = end_of_line  # type: ignore[attr-defined]
    w.show()
    app = App(w)
    app.start(path)
    qtbot.waitUntil(lambda: app.listing.model is not None and app.listing.model.loaded)
    with qtbot.waitActive(w):
        w.activateWindow()
    return app


def test_window_shortcuts_fire_while_the_search_box_has_the_focus(
    qtbot: QtBot, x11_box_app: App
) -> None:
    app = x11_box_app
    w, box = app.w, app.w.search_box
    fired: list[str] = []
    w.act.export.triggered.disconnect()  # no dialog: only whether the shortcut reached it
    w.act.export.triggered.connect(lambda: fired.append("export"))
    w.act.codes[0].triggered.connect(lambda: fired.append("code 1"))
    w.act.undo.triggered.connect(lambda: fired.append("undo"))
    box.setFocus()
    assert QApplication.focusWidget() is box
    qtbot.keyClicks(box, "ballots 1")  # typing (a digit too) stays in the box
    assert box.text() == "ballots 1" and fired == []
    qtbot.keyClick(box, Qt.Key.Key_E, CTRL)
    assert fired == ["export"]
    qtbot.keyClick(box, Qt.Key.Key_Z, CTRL)  # undo in the box is the box's: its typing
    assert box.text() != "ballots 1" and fired == ["export"]
    qtbot.keyClick(box, Qt.Key.Key_A, CTRL)  # and so is select all
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert box.text() == "" and fired == ["export"]
    qtbot.keyClick(box, Qt.Key.Key_R, CTRL | SHIFT)  # another window shortcut: to the text
    assert QApplication.focusWidget() is w.reader


def test_sorted_by_a_column_the_results_follow_it_and_a_new_search_is_best_first_again(
    qtbot: QtBot, app: App
) -> None:
    header = app.w.list_view.horizontalHeader()
    model = app.listing.model
    assert model is not None
    type_search(qtbot, app, "ballots")
    assert header.sortIndicatorSection() == -1  # best first: no column's order
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # as clicks on Title
    settle(qtbot, app)
    matching = read(app, lambda s: search.matching_ids(s, "ballots"))
    by_title = read(app, lambda s: listing.ordered_ids(s, "title", descending=True))
    assert shown_ids(app) == [i for i in by_title if i in matching]  # all of them, in that order
    assert app.w.status_label.text() == f"{BALLOTS} matching articles"
    qtbot.waitUntil(lambda: bool(model.index(0, 0).data(SNIPPET_ROLE)), timeout=10000)
    type_search(qtbot, app, "recount")
    assert header.sortIndicatorSection() == -1
    assert shown_ids(app)[:PAGE] == read(
        app, lambda s: search.ranked_ids(s, "recount", offset=0, limit=PAGE)
    )
    app.w.search_box.clear()
    qtbot.waitUntil(lambda: app.search.query is None, timeout=5000)
    settle(qtbot, app)
    assert header.sortIndicatorSection() == 0  # the list's own order, shown again
    assert shown_ids(app) == read(app, lambda s: listing.ordered_ids(s, "title", descending=True))
    assert app.w.status_label.text() == f"{BALLOTS + 7} articles"


def test_the_list_of_results_passes_qt_model_tester(  # type: ignore[no-untyped-def]
    qtbot: QtBot, app: App, qtmodeltester
) -> None:
    model = app.listing.model
    assert model is not None
    type_search(qtbot, app, "ballots")
    qtmodeltester.check(model)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE, timeout=10000)  # a page came in
    qtmodeltester.check(model)


def x11_ctrl_e(project: str) -> dict[str, object]:
    """On a real X11 display: does a bare line edit take Ctrl+E, and does the window's box?"""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    from desktop.app import App, make_app
    from desktop.views.main_window import MainWindow

    qapp = make_app()
    bare = QLineEdit()
    probe = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E, CTRL)
    probe.ignore()
    QApplication.sendEvent(bare, probe)
    w = MainWindow()
    w.show()
    app = App(w)
    app.start(Path(project))
    while app.listing.model is None or not app.listing.model.loaded:
        qapp.processEvents()
    w.activateWindow()
    QTest.qWaitForWindowActive(w, 5000)
    fired: list[str] = []
    w.act.export.triggered.disconnect()
    w.act.export.triggered.connect(lambda: fired.append("export"))
    w.search_box.setFocus()
    QTest.keyClick(w.search_box, Qt.Key.Key_E, CTRL)
    QTest.keyClicks(w.search_box, "ballots")
    typed = w.search_box.text()
    app.state.set_workspace(None)
    return {"bare_box_takes_it": probe.isAccepted(), "fired": fired, "typed": typed}


def test_on_x11_ctrl_e_reaches_the_window_from_the_search_box(corpus: Path, tmp_path: Path) -> None:
    assert shutil.which("xvfb-run"), "needs Xvfb (xvfb-run) and Qt's X11 libraries: see .ci/run"
    path = tmp_path / "ballots.claimdesk"
    shutil.copy(corpus, path)
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    out = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-m", "tests.desktop.test_search_window", str(path)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    # Where a line edit takes Ctrl+E for itself, the window still gets it from the search box.
    assert seen == {"bare_box_takes_it": True, "fired": ["export"], "typed": "ballots"}


if __name__ == "__main__":
    print(json.dumps(x11_ctrl_e(sys.argv[1])))  # noqa: T201


def test_a_new_search_marks_the_article_still_open_anew(qtbot: QtBot, app: App) -> None:
    reader = app.w.reader
    type_search(qtbot, app, "recount 17 ")  # one article: it opens
    art = app.state.article
    assert art is not None and art.title == "Count 17"

    def spans(*words: str) -> list[tuple[int, int]]:
        found = (m.span() for w in words for m in re.finditer(rf"\b{w}\b", art.text, re.I))
        return sorted(found)

    qtbot.waitUntil(lambda: reader.search_marks() == spans("recount", "17"), timeout=5000)
    type_search(qtbot, app, "ballots 17 ")  # the same article, other words
    assert app.state.article is art
    qtbot.waitUntil(lambda: reader.search_marks() == spans("ballots", "17"), timeout=5000)


def test_another_project_opens_unsearched(
    qtbot: QtBot, app: App, corpus: Path, tmp_path: Path
) -> None:
    type_search(qtbot, app, "recount 17 ")
    qtbot.waitUntil(lambda: bool(app.w.reader.search_marks()), timeout=5000)
    other = tmp_path / "other.claimdesk"
    shutil.copy(corpus, other)
    old = app.state.workspace
    app.project.open(other)
    qtbot.waitUntil(lambda: app.state.workspace not in (None, old), timeout=10000)
    assert app.search.query is None  # at once: its first article is not marked for the old one
    model = app.listing.model
    assert model is not None
    qtbot.waitUntil(lambda: model.loaded and app.state.article is not None, timeout=10000)
    settle(qtbot, app)
    assert app.w.search_box.text() == "" and app.search.query is None
    assert (
        model.rowCount() == BALLOTS + 7 and app.w.status_label.text() == f"{BALLOTS + 7} articles"
    )
    assert app.w.reader.search_marks() == []


def test_every_article_shown_again_ends_the_search(qtbot: QtBot, app: App) -> None:
    type_search(qtbot, app, "recount 17 ")
    qtbot.waitUntil(lambda: bool(app.w.reader.search_marks()), timeout=5000)
    app.state.set_filter(None)  # as an import does once its articles are in
    assert app.w.search_box.text() == "" and app.search.query is None
    assert app.w.reader.search_marks() == []
    assert app.w.status_label.text() == f"{BALLOTS + 7} articles"
    qtbot.wait(2 * SEARCH_DELAY_MS)
    assert app.search.running is None and app.listing.model.rowCount() == BALLOTS + 7  # type: ignore[union-attr]
