"""A story's copies in the window: the Copies column, one per story, moving between copies,
comparing a copy with its source, carrying highlights, and stories found for older projects."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db.annotate import highlights
from db.articles import stories
from db.imports import Importer
from db.store.project import open_project
from desktop.app import App
from desktop.models.article_model import COLUMNS, ID_ROLE
from desktop.widgets.carry_dialog import CarryDialog
from desktop.widgets.copy_diff_dialog import CopyDiffDialog
from tests.db.test_stories import CUT, OTHER_EVENT, REWRITE, WIRE
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import mark, open_article, read, settle

TITLES = {
    "wire": "Reservoir at record low as rationing looms",
    "cut": "Oldmere braces for water rationing",
    "rewrite": "Water authority warns of rationing",
    "other": "Rain lifts the Halvard reservoir",
}
ROOT = Path(__file__).resolve().parents[2]
FILES = {"wire": WIRE, "cut": CUT, "rewrite": REWRITE, "other": OTHER_EVENT}
COPIES = COLUMNS.index("Copies")


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for n, (name, body) in enumerate(FILES.items()):  # imported in this order
        (folder / f"{n}-{name}.txt").write_text(f"{TITLES[name]}\n\n{body}\n", "utf-8")
    path = tmp_path / "stories.claimdesk"
    with open_project(path) as p:
        for _ in Importer(p, [folder]).run():
            pass
    return path


@pytest.fixture
def app(open_window: OpenWindow, project_path: Path) -> App:
    return open_window(project_path)


def carry_accepted(monkeypatch: pytest.MonkeyPatch) -> list[CarryDialog]:
    """Every Carry offer accepted as it is shown; the offers, as they come."""
    offered: list[CarryDialog] = []

    def accept(d: CarryDialog) -> int:
        offered.append(d)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(CarryDialog, "exec", accept)
    return offered


def titles(app: App) -> list[str]:
    model = app.w.list_view.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def ids_by_name(app: App) -> dict[str, int]:
    model = app.w.list_view.model()
    name = {t: n for n, t in TITLES.items()}
    return {
        name[model.index(r, 0).data()]: model.index(r, 0).data(ID_ROLE)
        for r in range(model.rowCount())
    }


def test_the_copies_column_counts_each_storys_articles(qtbot: QtBot, app: App) -> None:
    model = app.w.list_view.model()
    header = app.w.list_view.horizontalHeader()
    qtbot.waitUntil(lambda: not header.isSectionHidden(COPIES))
    shown = {model.index(r, 0).data(): model.index(r, COPIES).data() for r in range(4)}
    assert shown == {
        TITLES["wire"]: "3",
        TITLES["cut"]: "3",
        TITLES["rewrite"]: "3",
        TITLES["other"]: "",
    }


def test_one_per_story_lists_the_first_copy_and_comes_back(
    qtbot: QtBot, open_window: OpenWindow, project_path: Path
) -> None:
    app = open_window(project_path)
    app.w.act.one_per_story.trigger()
    qtbot.waitUntil(lambda: len(titles(app)) == 2)
    assert titles(app) == [TITLES["wire"], TITLES["other"]]  # the first of the three, by id
    assert "2 stories shown" in app.w.status_label.text()
    app.listing.remember()
    app.state.set_workspace(None)
    again = open_window(project_path)  # the list opens as it was left
    assert again.w.act.one_per_story.isChecked()
    qtbot.waitUntil(lambda: len(titles(again)) == 2)
    again.w.act.one_per_story.trigger()
    qtbot.waitUntil(lambda: len(titles(again)) == 4)
    assert "stories" not in again.w.status_label.text()


def test_one_per_story_keeps_the_best_match_of_a_search(qtbot: QtBot, app: App) -> None:
    app.w.act.one_per_story.trigger()
    qtbot.waitUntil(lambda: len(titles(app)) == 2)
    app.w.search_box.setText("conference")  # only the rewrite says "news conference"
    qtbot.waitUntil(lambda: titles(app) == [TITLES["rewrite"]])


def test_the_bar_names_the_copy_and_moves_between_copies(qtbot: QtBot, app: App) -> None:
    bar, act = app.w.copies_bar, app.w.act
    open_article(qtbot, app, TITLES["other"])
    qtbot.waitUntil(lambda: app.stories.copies != [] and not bar.isVisible())
    assert not act.next_copy.isEnabled() and not act.compare_copy.isEnabled()
    open_article(qtbot, app, TITLES["cut"])
    qtbot.waitUntil(bar.isVisible)
    assert bar.said == "Copy 2 of 3 of this story."
    assert [a.text().split(" — ")[1] for a in bar.menu.actions()] == [
        TITLES["wire"],
        TITLES["cut"],
        TITLES["rewrite"],
    ]
    act.next_copy.trigger()
    qtbot.waitUntil(lambda: bar.said == "Copy 3 of 3 of this story.")
    assert app.state.article is not None and app.state.article.title == TITLES["rewrite"]
    assert not act.next_copy.isEnabled() and act.previous_copy.isEnabled()
    bar.menu.actions()[0].trigger()  # the source, from the menu
    qtbot.waitUntil(lambda: bar.said == "Copy 1 of 3 of this story: the earliest.")
    assert not act.previous_copy.isEnabled()


def test_an_older_project_finds_its_stories_when_opened(
    qtbot: QtBot, open_window: OpenWindow, project_path: Path
) -> None:
    with open_project(project_path) as p, p.session() as s:
        s.execute(text("DELETE FROM article_signature"))
        s.execute(text("UPDATE article SET story = NULL"))
    app = open_window(project_path)
    qtbot.waitUntil(lambda: app.stories.comparing is None, timeout=20000)
    assert read(app, stories.unsigned_count) == 0
    assert read(app, stories.stories_count) == 2
    header = app.w.list_view.horizontalHeader()
    qtbot.waitUntil(lambda: not header.isSectionHidden(COPIES))
    assert "Copies found: 4 articles compared" in app.w.statusBar().currentMessage()


def test_a_cut_copy_compared_with_its_source(
    qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[CopyDiffDialog] = []
    monkeypatch.setattr(CopyDiffDialog, "exec", lambda d: shown.append(d))
    open_article(qtbot, app, TITLES["cut"])
    qtbot.waitUntil(app.w.act.compare_copy.isEnabled)
    app.w.act.compare_copy.trigger()
    qtbot.waitUntil(lambda: bool(shown))
    page = shown[0].text.toPlainText()
    # The cut's new lead is added; what it cut of the wire's end is listed as cut.
    assert "Residents of Oldmere" in page and "Environmental groups have criticised" in page
    shown[0].only.setChecked(True)
    assert "Environmental groups" in shown[0].text.toPlainText()
    assert shown[0].differences.shared() < 1.0


def test_highlights_carried_to_the_copies_and_undone_at_once(
    qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered = carry_accepted(monkeypatch)
    open_article(qtbot, app, TITLES["wire"])
    mark(qtbot, app, "the lowest level recorded since measurements began")
    mark(qtbot, app, "Environmental groups have criticised the plan")  # the cut has not
    settle(qtbot, app)
    qtbot.waitUntil(app.w.act.carry_codes.isEnabled)
    app.w.act.carry_codes.trigger()
    qtbot.waitUntil(lambda: bool(offered))
    settle(qtbot, app)
    ids = ids_by_name(app)

    def quotes(article: str) -> list[str]:
        return [h.exact for h in read(app, lambda s: highlights.highlights_of(s, ids[article]))]

    assert quotes("cut") == ["the lowest level recorded since measurements began"]
    assert sorted(quotes("rewrite")) == sorted(quotes("wire"))
    assert offered[0].unplaced.topLevelItemCount() == 1  # the cut lacks one passage
    assert "Carried 3 highlights to 2 copies" in app.w.statusBar().currentMessage()
    app.w.act.undo.trigger()
    settle(qtbot, app)
    assert quotes("cut") == [] and quotes("rewrite") == []
    app.w.act.redo.trigger()
    settle(qtbot, app)
    assert len(quotes("cut")) == 1 and len(quotes("rewrite")) == 2


def test_a_claim_followed_across_copies_renders_to_a_picture(
    qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's picture of stories: on a 1366×768 laptop, a cut copy open with the bar that
    names it, and a claim carried from the wire to its copies, in the Claims tab."""
    monkeypatch.setattr(CarryDialog, "exec", lambda _d: QDialog.DialogCode.Accepted.value)
    w = app.w
    open_article(qtbot, app, TITLES["wire"])
    mark(qtbot, app, "rationing would start in four districts next Monday")
    app.claims.new()
    settle(qtbot, app)
    qtbot.waitUntil(w.act.carry_codes.isEnabled)
    w.act.carry_codes.trigger()
    settle(qtbot, app)
    open_article(qtbot, app, TITLES["cut"])
    qtbot.waitUntil(lambda: w.copies_bar.said.startswith("Copy 2 of 3"))
    w.marks_tabs.setCurrentWidget(w.claims)
    qtbot.waitUntil(lambda: w.claims.claims.count() == 1)
    w.claims.claims.setCurrentRow(0)
    qtbot.waitUntil(lambda: w.claims.mentions.count() == 3)  # the wire and both copies
    assert "3 mentions in 1 story" in w.claims.claims.item(0).text()
    w.resize(1366, 768)
    QApplication.processEvents()
    w.splitter.moveSplitter(330, 1)  # as a researcher widens the list to read its titles
    QApplication.processEvents()
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    picture = w.grab()
    assert picture.save(str(out / "story-copies.png"))
    bar = w.copies_bar.mapTo(w, w.copies_bar.rect().topLeft())
    assert 0 < bar.y() < w.reader.mapTo(w, w.reader.rect().topLeft()).y()  # over the text
    shown: list[CopyDiffDialog] = []
    monkeypatch.setattr(CopyDiffDialog, "exec", lambda d: shown.append(d))
    w.act.compare_copy.trigger()
    qtbot.waitUntil(lambda: bool(shown))
    shown[0].show()
    QApplication.processEvents()
    assert shown[0].grab().save(str(out / "copy-compared.png"))
    shown[0].close()


def test_an_export_from_the_window_can_count_a_story_once(
    qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from desktop.widgets.export_dialog import CHOICES, ExportDialog

    out = tmp_path / "one-a-story.json"

    def chosen(d: ExportDialog) -> int:
        d.format.setCurrentIndex([f for _, f, _ in CHOICES].index("json"))
        d.one_per_story.setChecked(True)
        d.output.setText(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ExportDialog, "exec", chosen)
    app.w.act.export.trigger()
    qtbot.waitUntil(lambda: app.export.running == 0 and out.exists(), timeout=10000)
    said = app.w.statusBar().currentMessage()
    assert said.startswith("2 articles written")  # the story once, and the other report


def test_a_story_read_for_an_article_left_since_is_not_shown(qtbot: QtBot, app: App) -> None:
    open_article(qtbot, app, TITLES["cut"])
    qtbot.waitUntil(app.w.copies_bar.isVisible)
    cut, copies = app.state.article, app.stories.copies
    open_article(qtbot, app, TITLES["other"])
    qtbot.waitUntil(lambda: not app.w.copies_bar.isVisible())
    assert cut is not None
    app.stories._show(copies, cut.id)  # the cut's story arriving late, after the switch
    assert not app.w.copies_bar.isVisible() and len(app.stories.copies) == 1


def test_carry_asked_twice_quickly_offers_once(
    qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered = carry_accepted(monkeypatch)
    open_article(qtbot, app, TITLES["wire"])
    mark(qtbot, app, "the lowest level recorded since measurements began")
    qtbot.waitUntil(app.w.act.carry_codes.isEnabled)
    app.w.act.carry_codes.trigger()
    app.w.act.carry_codes.trigger()  # a double click
    settle(qtbot, app)
    ids = ids_by_name(app)
    carried = read(app, lambda s: highlights.highlights_of(s, ids["cut"]))
    assert len(offered) == 1 and len(carried) == 1


def test_a_copy_left_out_of_one_a_story_list_leaves_no_row_chosen(qtbot: QtBot, app: App) -> None:
    app.w.act.one_per_story.trigger()
    qtbot.waitUntil(lambda: len(titles(app)) == 2)
    open_article(qtbot, app, TITLES["wire"])
    qtbot.waitUntil(app.w.act.next_copy.isEnabled)
    app.w.act.next_copy.trigger()  # the cut, which the list does not show
    art = app.state.article
    assert art is not None and art.title == TITLES["cut"]
    assert not app.w.list_view.selectionModel().hasSelection()
    open_article(qtbot, app, TITLES["wire"])  # so a click on the story's row opens it again
