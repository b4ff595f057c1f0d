"""Claims in the window: linking highlights, the catalogue, editing, finding other mentions."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from db.annotate import claims
from db.imports import Importer
from db.store.project import open_project
from desktop.app import App
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import mark, open_article, read, settle

WIRE = (
    "Envoy sets a date for talks\n\nThe UN envoy said peace talks would resume in Geneva on "
    "March 23. Delegations are expected on Monday.\n"
)
COPY = (
    "Geneva to host talks again\n\nLocal reaction was muted. The UN envoy said the peace talks "
    "would resume in Geneva on 23 March, officials confirmed.\n"
)
OTHER = "Rain in Geneva\n\nRain is expected in Geneva on Monday, with snow later in March.\n"


def stored(app: App) -> list[claims.ClaimView]:
    return read(app, lambda s: claims.all_claims(s))


def project_of_stories(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    for name, text in (("wire", WIRE), ("copy", COPY), ("other", OTHER)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "stories.claimdesk"
    with open_project(path) as p:
        for _ in Importer(p, [folder]).run():
            pass
    return path


def test_a_highlight_becomes_a_claim_and_undo_takes_it_back(qtbot: QtBot, window: App) -> None:
    open_article(qtbot, window, "UN urges Iran")
    hid = mark(qtbot, window, "fresh round of peace talks")
    window.w.act.link_claim.trigger()
    dialog = window.claims.linker
    assert dialog is not None and dialog.list.count() == 0  # no claims yet
    dialog.sig_new.emit()
    settle(qtbot, window)
    (claim,) = stored(window)
    assert claim.wording == "fresh round of peace talks" and claim.mentions == 1
    qtbot.waitUntil(lambda: window.w.claims.claims.count() == 1)
    assert "1 mention" in window.w.claims.claims.item(0).text()
    window.w.act.undo.trigger()
    settle(qtbot, window)
    assert stored(window) == []
    window.w.act.redo.trigger()
    settle(qtbot, window)
    assert [(c.id, c.mentions) for c in stored(window)] == [(claim.id, 1)]
    assert read(window, lambda s: claims.claim_of(s, hid)) == claim.id


def test_a_second_article_links_to_the_claim_and_its_mention_opens_it(
    qtbot: QtBot, window: App
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    first = mark(qtbot, window, "fresh round of peace talks")
    window.w.act.link_claim.trigger()
    assert window.claims.linker is not None
    window.claims.linker.sig_new.emit()
    settle(qtbot, window)
    open_article(qtbot, window, "UN asks Russia")
    mark(qtbot, window, "restart the peace process")
    window.w.act.link_claim.trigger()
    dialog = window.claims.linker
    assert dialog is not None
    dialog.search.setText("peace")  # search as you type
    assert dialog.list.count() == 1
    dialog._link()
    settle(qtbot, window)
    (claim,) = stored(window)
    assert claim.mentions == 2
    panel = window.w.claims
    qtbot.waitUntil(lambda: panel.claims.count() == 1)
    panel.claims.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.mentions.count() == 2)
    lines = [panel.mentions.item(i).text() for i in range(2)]
    row = next(i for i, line in enumerate(lines) if "«fresh round of peace talks»" in line)
    panel.mentions.itemActivated.emit(panel.mentions.item(row))
    art = window.state.article
    assert art is not None and art.title and art.title.startswith("UN urges Iran")
    assert window.state.highlight_id == first


def test_a_claim_is_edited_with_a_claimant_and_a_verdict_undoably(
    qtbot: QtBot, window: App
) -> None:
    open_article(qtbot, window, "UN urges Iran")
    mark(qtbot, window, "fresh round of peace talks")
    window.claims.new()
    settle(qtbot, window)
    (claim,) = stored(window)
    window.claims.edit(claim.id)
    editor = window.claims.editor
    assert editor is not None
    editor.usual_scale.click()  # the project has no scale yet
    settle(qtbot, window)
    editor = window.claims.editor
    assert editor is not None and editor.verdict.count() == 6  # no verdict, and five steps
    editor.claimant.setCurrentText("Staffan de Mistura")
    editor.status.setCurrentIndex(editor.status.findData("checked"))
    editor.verdict.setCurrentIndex(editor.verdict.findText("Mostly true"))
    editor.reasoning.setPlainText("Talks resumed a week later.")
    editor.accept()
    settle(qtbot, window)
    (after,) = stored(window)
    assert (after.claimant, after.status, after.verdict) == (
        "Staffan de Mistura",
        "checked",
        "Mostly true",
    )
    window.w.act.undo.trigger()
    settle(qtbot, window)
    (undone,) = stored(window)
    assert (undone.claimant, undone.status, undone.verdict) == ("", "open", "")


def test_other_mentions_are_found_accepted_and_rejected(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    app = open_window(project_of_stories(tmp_path))
    open_article(qtbot, app, "Envoy sets a date")
    mark(qtbot, app, "peace talks would resume in Geneva on March 23")
    app.claims.new()
    settle(qtbot, app)
    (claim,) = stored(app)
    app.claims.find(claim.id)
    qtbot.waitUntil(lambda: app.claims.finder is not None, timeout=10000)
    finder = app.claims.finder
    assert finder is not None
    titles = [c.title for c in finder.found]
    assert titles[0] == "Geneva to host talks again" and "Envoy sets a date for talks" not in titles
    assert "«Geneva»" in finder.list.item(0).text()
    finder.list.setCurrentRow(0)
    finder.sig_accept.emit(0)
    settle(qtbot, app)
    assert stored(app)[0].mentions == 2
    assert all(c.title != "Geneva to host talks again" for c in finder.found)
    if finder.found:  # the weather report, if offered at all, is not a mention
        rejected = finder.found[0]
        finder.sig_reject.emit(0)
        settle(qtbot, app)
        assert read(app, lambda s: claims.rejected(s, claim.id)) == {
            (rejected.article_id, rejected.start, rejected.end)
        }
    app.w.close()


def test_highlights_and_claim_links_carry_who_made_them(qtbot: QtBot, window: App) -> None:
    from desktop.support import settings

    settings.settings().setValue("coder", "R. Analyst")
    open_article(qtbot, window, "UN urges Iran")
    hid = mark(qtbot, window, "fresh round of peace talks")
    window.claims.new()
    settle(qtbot, window)
    coders = read(
        window,
        lambda s: (
            s.connection()
            .exec_driver_sql(
                "SELECT h.coder, m.coder FROM highlight h JOIN mention m ON m.highlight_id = h.id "
                "WHERE h.id = ?",
                (hid,),
            )
            .one()
        ),
    )
    assert tuple(coders) == ("R. Analyst", "R. Analyst")
    settings.settings().remove("coder")
    assert settings.coder() == settings.account_name() != ""  # the account's name otherwise
