"""Article ▸ Edit details…, Delete articles… and Show the file it came from, in the window."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db.annotate import notes
from db.articles import detail
from db.index.fts import index_new_rows, without_insert_triggers
from desktop.app import App
from desktop.widgets.article_details import SEVERAL, ArticleDetailsDialog
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import mark, messages, open_article, read, settle, write_note

WAIT = 20_000  # ms: a loaded machine is slow, and a wait ends as soon as it can
NONE = Qt.KeyboardModifier.NoModifier
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def click_row(qtbot: QtBot, app: App, row: int, mods: Qt.KeyboardModifier = NONE) -> None:
    """Click a row of the list (with ``mods`` held), as a researcher would."""
    view, model = app.w.list_view, app.listing.model
    assert model is not None
    view.scrollTo(model.index(row, 0))
    at = view.visualRect(model.index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, mods, at)


def choose_all(qtbot: QtBot, app: App) -> None:
    app.w.list_view.setFocus()
    qtbot.keyClick(app.w.list_view, Qt.Key.Key_A, CTRL)


def details_dialog(qtbot: QtBot, app: App) -> ArticleDetailsDialog:
    """Edit details… on what the list has chosen; the dialog, once it is open."""
    app.w.act.edit_articles.trigger()
    qtbot.waitUntil(
        lambda: app.articles.dialog is not None and app.articles.dialog.isVisible(), timeout=WAIT
    )
    assert app.articles.dialog is not None
    return app.articles.dialog


def save(qtbot: QtBot, app: App, dialog: ArticleDetailsDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: app.w.statusBar().currentMessage().startswith("Saved"), timeout=WAIT)
    settle(qtbot, app)


def listed(app: App) -> list[str]:
    model = app.listing.model
    assert model is not None
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def search_titles(qtbot: QtBot, app: App, query: str) -> list[str]:
    """The titles the search box finds for ``query``; then the box is cleared."""
    found: list[list[str]] = []
    for typed in (query, ""):
        app.w.search_box.setText(typed)
        app.search.timer.stop()  # searched now, not once typing has paused
        app.search.run()
        qtbot.waitUntil(lambda: app.search.running is None, timeout=WAIT)
        settle(qtbot, app)  # what the results read after (their snippets) is in too
        found.append(listed(app))
    return found[0]


def answering(monkeypatch: pytest.MonkeyPatch, choice: QMessageBox.StandardButton) -> list[str]:
    """Answer every question with ``choice``; the list of what was asked, as "title: text"."""
    asked: list[str] = []

    def question(_parent: object, title: str, text_: str, *_a: object) -> Any:
        asked.append(f"{title}: {text_}")
        return choice

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def stored(app: App, article_id: int) -> detail.ArticleDetail:
    art = read(app, lambda s: detail.get(s, article_id))
    assert art is not None
    return art


def undo(qtbot: QtBot, app: App) -> None:
    app.w.act.undo.trigger()
    settle(qtbot, app)


def redo(qtbot: QtBot, app: App) -> None:
    app.w.act.redo.trigger()
    settle(qtbot, app)


def test_edit_one_article_all_its_fields_shown_undo_and_redo(qtbot: QtBot, window: App) -> None:
    open_article(qtbot, window, "UN urges Iran")
    art = window.state.article
    assert art is not None and art.title
    dialog = details_dialog(qtbot, window)
    assert dialog.windowTitle() == "Article details"
    assert dialog.fields["title"].text() == art.title
    assert dialog.fields["section"].text() == " / ".join(art.section)
    dialog.fields["title"].setText("Zanzibar clove talks resume")
    dialog.fields["outlet"].setText("Tehran Times")
    dialog.fields["section"].setText("World / Middle East")
    dialog.fields["byline"].setText("A. Reporter")
    dialog.fields["url"].setText("https://example.org/un-iran")
    dialog.fields["published"].setText("2017-02-30")
    assert dialog.date_error.isVisibleTo(dialog) and "not a day" in dialog.date_error.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.fields["published"].setText("3 May 2017")
    assert "yyyy-mm-dd" in dialog.date_error.text()
    dialog.fields["published"].setText("2017-05-03")
    assert not dialog.date_error.isVisibleTo(dialog)
    save(qtbot, window, dialog)

    now = stored(window, art.id)
    assert (now.title, now.outlet, now.section, now.published, now.byline, now.url) == (
        "Zanzibar clove talks resume", "Tehran Times", ["World", "Middle East"], "2017-05-03",
        "A. Reporter", "https://example.org/un-iran",
    )  # fmt: skip
    shown = window.state.article
    assert shown is not None and shown.title == "Zanzibar clove talks resume"
    assert "Zanzibar clove talks resume" in listed(window)
    assert search_titles(qtbot, window, "zanzibar") == ["Zanzibar clove talks resume"]

    undo(qtbot, window)
    back = stored(window, art.id)
    assert (back.title, back.outlet, back.published, back.section) == (
        art.title, art.outlet, art.published, art.section
    )  # fmt: skip
    assert window.state.article is not None and window.state.article.title == art.title
    assert search_titles(qtbot, window, "zanzibar") == []
    redo(qtbot, window)
    assert stored(window, art.id).title == "Zanzibar clove talks resume"
    assert search_titles(qtbot, window, "zanzibar") == ["Zanzibar clove talks resume"]


def test_a_dialog_saved_unchanged_writes_nothing(qtbot: QtBot, window: App) -> None:
    open_article(qtbot, window, "UN urges Iran")
    ws = window.state.workspace
    assert ws is not None
    dialog = details_dialog(qtbot, window)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle(qtbot, window)
    assert not ws.undo_stack.canUndo()
    assert "Nothing was changed" in window.w.statusBar().currentMessage()


def test_an_edit_that_cannot_be_made_is_said_and_leaves_no_undo_step(
    qtbot: QtBot, window: App
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    ws, art = window.state.workspace, window.state.article
    assert ws is not None and art is not None
    dialog = details_dialog(qtbot, window)
    dialog.fields["outlet"].setText("Tehran Times")
    other = sqlite3.connect(ws.path)  # another program deletes the article meanwhile
    other.execute("PRAGMA foreign_keys = ON")
    other.execute("DELETE FROM article WHERE id = ?", (art.id,))
    other.commit()
    other.close()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: bool(messages(window, "Not saved")), timeout=WAIT)
    settle(qtbot, window)
    said = window.w.statusBar().currentMessage()
    assert said == "Not saved: That article is no longer in the project."
    assert not ws.undo_stack.canUndo()


def test_a_read_only_project_offers_no_edits(qtbot: QtBot, window: App) -> None:
    ws = window.state.workspace
    assert ws is not None
    open_article(qtbot, window, "UN urges Iran")
    assert window.w.act.edit_articles.isEnabled() and window.w.act.delete_articles.isEnabled()
    ws.read_only = True  # as a project on a read-only disk opens (test_save_failures makes one)
    open_article(qtbot, window, "UN asks Russia")
    assert not window.w.act.edit_articles.isEnabled()
    assert not window.w.act.delete_articles.isEnabled()
    assert window.w.act.show_source.isEnabled()  # reading where it came from changes nothing


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """A project of 3,000 articles, written directly, every tenth with a byline."""
    from db.store.project import open_project

    path = tmp_path / "many.claimdesk"
    with open_project(path) as project, project.writer() as conn:
        with without_insert_triggers(conn, ["article"]):
            conn.executemany(
                "INSERT INTO article (uid, title, section, byline, text, text_sha256,"
                " hidden_spans, imported_at) VALUES (?, ?, '[\"News\"]', ?, ?, ?, '', '')",
                (
                    (
                        f"u{i}",
                        f"Article {i:04d}",
                        "Staff" if i % 10 == 0 else None,
                        f"Body of article {i}.",
                        f"h{i}",
                    )
                    for i in range(3000)
                ),
            )
            index_new_rows(conn, "article", 0)
        conn.commit()
    return path


def test_the_outlet_of_3000_articles_at_once_and_undo(
    qtbot: QtBot, open_window: OpenWindow, many: Path
) -> None:
    app = open_window(many)
    choose_all(qtbot, app)
    assert len(app.articles.chosen()) == 3000
    dialog = details_dialog(qtbot, app)
    assert dialog.windowTitle() == "Details of 3,000 articles"
    assert (
        dialog.fields["title"].text() == "" and dialog.fields["title"].placeholderText() == SEVERAL
    )
    assert dialog.fields["byline"].placeholderText() == SEVERAL
    assert dialog.fields["section"].text() == "News"  # what they share is shown
    dialog.fields["outlet"].setText("Kayhan")
    dialog.fields["section"].setText("")  # blank: each keeps its own
    clock = time.perf_counter()
    save(qtbot, app, dialog)
    took = time.perf_counter() - clock

    def column(name: str) -> list[Any]:
        return read(
            app,
            lambda s: list(s.execute(text(f"SELECT {name} FROM article ORDER BY id")).scalars()),
        )

    assert set(column("outlet")) == {"Kayhan"}
    assert column("title") == [f"Article {i:04d}" for i in range(3000)]  # left as they were
    assert column("byline").count("Staff") == 300 and set(column("section")) == {'["News"]'}
    assert took < 3, f"{took:.2f} s from Save to Saved"
    ws = app.state.workspace
    assert ws is not None and ws.undo_stack.undoText() == "Edit details of 3,000 articles"
    undo(qtbot, app)
    assert set(column("outlet")) == {None}
    redo(qtbot, app)
    assert set(column("outlet")) == {"Kayhan"}


def test_delete_says_what_is_lost_and_undo_puts_it_all_back(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    first = window.state.article
    assert first is not None
    hids = [mark(qtbot, window, "fresh round of peace talks", "Claim")]
    write_note(qtbot, window, "zebra figures?")
    open_article(qtbot, window, "UN asks Russia")
    second = window.state.article
    assert second is not None
    hids.append(mark(qtbot, window, second.text.split()[3], "Claim"))
    settle(qtbot, window)
    before = [stored(window, a.id) for a in (first, second)]
    choose_all(qtbot, window)
    asked = answering(monkeypatch, QMessageBox.StandardButton.Cancel)
    window.w.act.delete_articles.trigger()
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=WAIT)
    settle(qtbot, window)
    assert asked == [
        "Delete articles: Delete 2 articles? 2 highlights and 1 note will be lost. "
        "You can undo this."
    ]
    assert len(listed(window)) == 2  # cancelled: nothing deleted

    asked = answering(monkeypatch, QMessageBox.StandardButton.Yes)
    assert window.state.article is not None
    was_shown = window.state.article.id
    window.w.act.delete_articles.trigger()
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=WAIT)
    qtbot.waitUntil(
        lambda: window.w.statusBar().currentMessage().startswith("Deleted 2"), timeout=WAIT
    )
    settle(qtbot, window)
    assert listed(window) == [] and window.state.article is None
    assert read(window, lambda s: s.execute(text("SELECT count(*) FROM highlight")).scalar()) == 0
    assert search_titles(qtbot, window, "fresh round of peace talks") == []

    undo(qtbot, window)
    assert [stored(window, a.id) for a in (first, second)] == before
    assert {h.id for b in before for h in b.highlights} == set(hids)
    assert before[0].highlights[0].note == "zebra figures?"
    assert len(listed(window)) == 2
    shown = window.state.article
    assert shown is not None and shown.id == was_shown  # undo shows where it happened
    assert search_titles(qtbot, window, "zebra") == [first.title]
    redo(qtbot, window)
    assert listed(window) == []


def test_a_note_being_typed_goes_in_before_its_article_goes_and_comes_back_with_it(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    art = window.state.article
    assert art is not None
    window.w.notes.editor.setFocus()
    qtbot.keyClicks(window.w.notes.editor, "a thought not yet saved")
    asked = answering(monkeypatch, QMessageBox.StandardButton.Yes)
    window.w.act.delete_articles.trigger()  # before the note's pause-in-typing save
    qtbot.waitUntil(
        lambda: window.w.statusBar().currentMessage().startswith("Deleted"), timeout=WAIT
    )
    settle(qtbot, window)
    assert asked and "1 note will be lost" in asked[0]
    assert not messages(window, "Not saved")
    undo(qtbot, window)
    assert read(window, lambda s: notes.body(s, article_id=art.id)) == "a thought not yet saved"


def test_deleting_one_shows_the_next_and_asks_by_title(
    qtbot: QtBot, open_window: OpenWindow, many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_window(many)
    asked = answering(monkeypatch, QMessageBox.StandardButton.Yes)
    open_article(qtbot, app, "Article 0005")
    app.w.act.delete_articles.trigger()
    qtbot.waitUntil(lambda: listed(app)[5:6] == ["Article 0006"], timeout=WAIT)
    assert asked == [
        "Delete articles: Delete the article “Article 0005”? No highlights or notes will be lost. You can undo this."
    ]
    qtbot.waitUntil(
        lambda: app.state.article is not None and app.state.article.title == "Article 0006",
        timeout=WAIT,
    )


@pytest.fixture
def from_files(tmp_path: Path) -> tuple[Path, Path]:
    """A project of one article imported from a file in a folder of its own; both paths."""
    from db.imports import Importer
    from db.store.project import open_project

    folder = tmp_path / "scraped"
    folder.mkdir()
    source = folder / "story.txt"
    source.write_text("Dam opens on the Karun\n\nThe dam opened on Monday, officials said.\n")
    path = tmp_path / "files.claimdesk"
    with open_project(path) as project:
        for _ in Importer(project, [source]).run():
            pass
    return path, source


def test_show_source_opens_its_folder_and_says_when_the_file_is_gone(
    qtbot: QtBot,
    open_window: OpenWindow,
    from_files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, source = from_files
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    app = open_window(path)
    qtbot.waitUntil(lambda: app.state.article is not None, timeout=WAIT)
    dialog = details_dialog(qtbot, app)
    assert dialog.source is not None and dialog.source.text() == str(source)  # where it came from
    dialog.reject()
    assert app.w.act.show_source.isEnabled()
    app.w.act.show_source.trigger()
    assert [Path(u.toLocalFile()) for u in opened] == [source.parent]
    assert "story.txt" in app.w.statusBar().currentMessage()
    source.unlink()
    app.w.act.show_source.trigger()
    assert len(opened) == 2
    assert "story.txt is no longer in its folder" in app.w.statusBar().currentMessage()


def test_show_source_is_off_for_an_article_without_a_file(
    qtbot: QtBot, open_window: OpenWindow, many: Path
) -> None:
    app = open_window(many)
    qtbot.waitUntil(lambda: app.state.article is not None, timeout=WAIT)
    assert not app.w.act.show_source.isEnabled()


def test_the_list_menu_holds_the_actions_and_copies_titles(
    qtbot: QtBot, open_window: OpenWindow, many: Path
) -> None:
    app = open_window(many)
    click_row(qtbot, app, 2)
    click_row(qtbot, app, 4, CTRL)
    assert app.articles.chosen() == [3, 5]
    menu = app.articles.menu()
    a = app.w.act
    assert [x for x in menu.actions() if not x.isSeparator()] == [
        a.edit_articles, a.delete_articles, a.show_source, app.articles.copy_title
    ]  # fmt: skip
    app.articles.copy_title.trigger()
    assert QGuiApplication.clipboard().text() == "Article 0002\nArticle 0004"
    click_row(qtbot, app, 7, SHIFT)
    assert app.articles.chosen() == [3, 5, 6, 7, 8]  # the row Ctrl chose stays


def test_rows_the_program_chooses_are_chosen_alone_whatever_keys_are_held(
    qtbot: QtBot, open_window: OpenWindow, many: Path
) -> None:
    app = open_window(many)
    click_row(qtbot, app, 2)
    app.w.list_view.setFocus()
    for _ in range(3):
        qtbot.keyClick(app.w.list_view, Qt.Key.Key_Down, CTRL)  # Next article
    assert app.articles.chosen() == [6]
    assert app.state.article is not None and app.state.article.title == "Article 0005"
    qtbot.keyClick(app.w.list_view, Qt.Key.Key_Down, SHIFT)  # the list's own: one row more
    assert app.articles.chosen() == [6, 7]
