"""Samples and sets in the window: a seeded draw from its form, the list kept to the set, the
coder's next uncoded article and their progress, assignment, and undo of each."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from db.articles import samples
from db.articles.samples import SetView
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import open_project
from desktop.app import App
from desktop.core.changes import ARTICLES, SETS, Changes
from desktop.support import settings
from desktop.widgets.export_dialog import CHOICES, ExportDialog
from desktop.widgets.sample_dialog import ReliabilityDialog, SampleDialog
from desktop.widgets.sets_dialog import SetsDialog, how_drawn
from tests.desktop.conftest import OpenWindow
from tests.desktop.helpers import mark, read, settle


def draw(qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch, **form: Any) -> None:
    """Draw a sample through Tools ▸ Samples and sets, the form filled with ``form``."""

    def filled(d: SampleDialog) -> int:
        d.name.setText(form.get("name", "Pilot"))
        d.count.setValue(form.get("n", 1))
        d.seed.setText(str(form.get("seed", 7)))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(SampleDialog, "exec", filled)
    app.w.act.sets.trigger()
    dialog = app.sets.dialog
    assert isinstance(dialog, SetsDialog)
    dialog.draw.click()
    settle(qtbot, app)


def cell(dialog: SetsDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    return item.text() if item is not None else ""


def shown(app: App) -> int | None:
    return app.state.article.id if app.state.article is not None else None


def listed(app: App) -> list[int]:
    model = app.listing.model
    assert model is not None
    return model.shown_ids()


def some_words(app: App) -> str:
    """A few words of the article shown, to mark."""
    lines = app.w.reader.document().toPlainText().splitlines()
    return " ".join(max(lines, key=len).split()[:3])


def test_a_sample_drawn_in_the_window_is_the_seeded_draw_and_can_be_listed_alone(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window.w
    qtbot.waitUntil(lambda: len(listed(window)) == 2)
    assert not w.set_row.isVisibleTo(w)  # no set yet: no chooser
    draw(qtbot, window, monkeypatch, name="Pilot", n=1, seed=7)
    made = read(window, lambda s: samples.find(s, "Pilot"))
    assert made is not None and made.method["seed"] == 7 and made.size == 1
    drawn = read(window, lambda s: samples.members(s, made.id))
    every = read(window, lambda s: samples.population(s))
    assert drawn == samples.draw(every, 1, 7)[0]  # the draw its seed makes again
    qtbot.waitUntil(lambda: w.set_box.count() == 2)
    assert w.set_row.isVisibleTo(w)
    assert w.set_box.itemText(1) == "Pilot 0/1"  # the coder's progress
    dialog = window.sets.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert "seed 7" in cell(dialog, 0, 2)
    assert "1 of 2," in cell(dialog, 0, 2)

    w.set_box.setCurrentIndex(1)
    w.set_box.activated.emit(1)
    qtbot.waitUntil(lambda: listed(window) == drawn)
    assert "1 article of the set" in w.status_label.text()
    w.set_box.setCurrentIndex(0)
    w.set_box.activated.emit(0)
    qtbot.waitUntil(lambda: len(listed(window)) == 2)


def test_next_uncoded_follows_the_set_in_its_drawn_order(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window.w
    draw(qtbot, window, monkeypatch, name="Pilot", n=2, seed=11)
    made = read(window, lambda s: samples.find(s, "Pilot"))
    assert made is not None
    drawn = read(window, lambda s: samples.members(s, made.id))
    qtbot.waitUntil(lambda: w.set_box.count() == 2)
    for n, aid in enumerate(drawn):  # each in turn, whichever the list shows first
        w.act.next_uncoded.trigger()
        qtbot.waitUntil(lambda: shown(window) == aid)  # noqa: B023 (waited for here)
        assert f"{n} of 2 coded" in w.statusBar().currentMessage()
        mark(qtbot, window, some_words(window))
        qtbot.waitUntil(lambda: w.set_box.itemText(1) == f"Pilot {n + 1}/2")  # noqa: B023
    w.act.next_uncoded.trigger()
    qtbot.waitUntil(lambda: "coded every article of Pilot" in w.statusBar().currentMessage())


def test_drawing_assigning_and_deleting_are_undone(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window.w
    settings.set_coder("ana")
    draw(qtbot, window, monkeypatch, name="Pilot", n=2, seed=3)
    dialog = window.sets.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    set_id = dialog.chosen()
    assert set_id is not None
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("ana, ben", True))
    dialog.assign.click()
    settle(qtbot, window)
    assert read(window, lambda s: samples.get(s, set_id).coders) == ("ana", "ben")
    qtbot.waitUntil(lambda: "ana 0/2, ben 0/2" in cell(dialog, 0, 3))
    steps = window.state.workspace.undo_stack.count()  # type: ignore[union-attr]
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("ben, ana, ben", True))
    dialog.assign.click()  # the same coders: nothing to undo
    settle(qtbot, window)
    assert window.state.workspace.undo_stack.count() == steps  # type: ignore[union-attr]
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("ben", True))
    dialog.assign.click()  # ana is no longer given it
    settle(qtbot, window)
    assert read(window, lambda s: samples.get(s, set_id).coders) == ("ben",)
    w.act.undo.trigger()
    settle(qtbot, window)
    assert read(window, lambda s: samples.get(s, set_id).coders) == ("ana", "ben")
    w.set_box.setCurrentIndex(1)
    w.set_box.activated.emit(1)
    qtbot.waitUntil(lambda: window.state.within == set_id)

    dialog.delete.click()
    settle(qtbot, window)
    assert read(window, lambda s: samples.find(s, "Pilot")) is None
    qtbot.waitUntil(lambda: window.state.within is None and len(listed(window)) == 2)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0 and not w.set_row.isVisibleTo(w))

    w.act.undo.trigger()  # the set is back with its coders and its very members
    settle(qtbot, window)
    back = read(window, lambda s: samples.find(s, "Pilot"))
    assert back is not None and back.id == set_id and back.coders == ("ana", "ben")
    w.act.undo.trigger()  # the assignment undone
    settle(qtbot, window)
    assert read(window, lambda s: samples.get(s, set_id).coders) == ()
    w.act.undo.trigger()  # the draw undone
    settle(qtbot, window)
    assert read(window, lambda s: samples.all_sets(s)) == []
    w.act.redo.trigger()  # the very draw again, not a new one
    settle(qtbot, window)
    again = read(window, lambda s: samples.find(s, "Pilot"))
    assert again is not None and again.id == set_id and again.method["seed"] == 3


def test_a_reliability_subsample_too_large_for_the_project_is_refused_in_words(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ReliabilityDialog(window.w, "Reliability 1", [])
    qtbot.addWidget(dialog)
    assert dialog.needed.text().startswith(f"{samples.reliability_size(0.8, 0.05, 0.5):,} ")
    dialog.values.setValue(4)  # the least frequent of four values: more articles
    assert dialog.needed.text().startswith(f"{samples.reliability_size(0.8, 0.05, 0.25):,} ")

    monkeypatch.setattr(ReliabilityDialog, "exec", lambda _d: QDialog.DialogCode.Accepted.value)
    window.w.act.sets.trigger()
    sets = window.sets.dialog
    assert sets is not None
    sets.reliability.click()
    settle(qtbot, window)
    assert "population holds only 2" in window.w.statusBar().currentMessage()
    assert read(window, lambda s: samples.all_sets(s)) == []


def test_the_sample_form_gives_a_part_strata_and_a_seed_or_says_what_is_wrong(
    qtbot: QtBot, window: App
) -> None:
    d = SampleDialog(window.w, "Sample 1", ["Pilot"], ["tone"])
    qtbot.addWidget(d)
    assert not d.share.isEnabled()
    d.by_share.setChecked(True)
    assert d.share.isEnabled() and not d.count.isEnabled()
    d.share.setValue(25.0)
    d.strata.setCurrentIndex(d.strata.findData("variable:tone"))
    d.source.setCurrentIndex(d.source.findData("Pilot"))
    d.per_story.setChecked(True)
    d.seed.setText("42")
    assert d.chosen() == {
        "name": "Sample 1",
        "from_set": "Pilot",
        "seed": 42,
        "fraction": 0.25,
        "stratify": "variable:tone",
        "one_per_story": True,
    }
    d.seed.setText("4x")
    with pytest.raises(ValueError, match="whole number"):
        d.chosen()


def test_articles_are_put_in_a_set_by_hand_and_taken_out_undoably(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window.w
    qtbot.waitUntil(lambda: len(listed(window)) == 2)
    first, second = listed(window)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("A new set…", True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("To check", True))
    w.list_view.selectRow(0)
    w.act.add_to_set.trigger()  # a new set, with the article open
    settle(qtbot, window)
    made = read(window, lambda s: samples.find(s, "To check"))
    assert made is not None and made.kind == "manual"
    qtbot.waitUntil(lambda: w.set_box.count() == 2)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("To check", True))
    w.list_view.selectRow(1)
    w.act.add_to_set.trigger()  # the set made, chosen by name
    settle(qtbot, window)
    assert read(window, lambda s: samples.members(s, made.id)) == [first, second]
    assert not w.act.remove_from_set.isEnabled()  # the list shows every article
    w.set_box.setCurrentIndex(1)
    w.set_box.activated.emit(1)
    qtbot.waitUntil(lambda: listed(window) == [first, second])
    assert w.act.remove_from_set.isEnabled()
    w.list_view.selectRow(0)
    w.act.remove_from_set.trigger()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: listed(window) == [second])  # out of the set, and of the list
    assert read(window, lambda s: samples.members(s, made.id)) == [second]
    w.act.undo.trigger()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: sorted(listed(window)) == [first, second])
    assert read(window, lambda s: samples.members(s, made.id)) == [first, second]  # in place


def test_a_change_to_the_set_listed_leaves_the_article_open_where_it_is(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window.w
    draw(qtbot, window, monkeypatch, name="Pilot", n=2, seed=3)
    qtbot.waitUntil(lambda: w.set_box.count() == 2)
    w.set_box.setCurrentIndex(1)
    w.set_box.activated.emit(1)
    qtbot.waitUntil(lambda: window.state.within is not None)
    w.list_view.selectRow(1)
    second = shown(window)
    assert second is not None and second != listed(window)[0]
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Pilot study", True))
    dialog = window.sets.dialog
    assert dialog is not None
    dialog.rename.click()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.set_box.itemText(1).startswith("Pilot study"))
    qtbot.wait(200)  # the members read again
    assert shown(window) == second and window.state.within_name == "Pilot study"


def test_a_draw_is_said_in_words_even_when_its_record_is_not_ours() -> None:
    made = SetView(1, "u", "Pilot", "sample", {"n": 60, "population": 397, "seed": 7}, "", 60, ())
    assert how_drawn(made) == "simple random, 60 of 397, seed 7"
    odd = replace(made, method={"n": "sixty", "population": 397})
    assert how_drawn(odd) == "drawn (sample); how cannot be read"
    assert how_drawn(replace(made, kind="manual", method={})) == "made by hand"


def test_the_export_can_take_only_the_articles_of_the_set_listed(
    qtbot: QtBot, window: App, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    w = window.w
    draw(qtbot, window, monkeypatch, name="Pilot", n=1, seed=5)
    made = read(window, lambda s: samples.find(s, "Pilot"))
    assert made is not None
    (drawn,) = read(window, lambda s: samples.members(s, made.id))
    qtbot.waitUntil(lambda: w.set_box.count() == 2)
    w.set_box.setCurrentIndex(1)
    w.set_box.activated.emit(1)
    qtbot.waitUntil(lambda: listed(window) == [drawn])
    out = tmp_path / "pilot.csv"

    def chosen(d: ExportDialog) -> int:
        assert d.only_set.isVisibleTo(d) and "Pilot" in d.only_set.text()
        d.format.setCurrentIndex([(f, p) for _, f, p in CHOICES].index(("csv", "article")))
        d.only_set.setChecked(True)
        d.output.setText(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ExportDialog, "exec", chosen)
    w.act.export.trigger()
    qtbot.waitUntil(lambda: window.export.running == 0 and out.exists(), timeout=10000)
    with out.open(encoding="utf-8-sig", newline="") as f:
        ids = [int(row["article_id"]) for row in csv.DictReader(f)]
    assert ids == [drawn]


def test_listing_every_article_next_uncoded_takes_the_first_set_given_to_the_coder(
    qtbot: QtBot, window: App
) -> None:
    settings.set_coder("ana")
    ws = window.state.workspace
    assert ws is not None
    with ws.project.session() as s:
        first, second = samples.population(s)
        samples.create(s, "A", [first])  # listed first, but given to no one
        mine = samples.create(s, "B", [second])
        samples.assign(s, mine, ["ana"])
    ws.notify(Changes.of(SETS))
    qtbot.waitUntil(lambda: window.w.set_box.count() == 3)
    window.w.act.next_uncoded.trigger()
    qtbot.waitUntil(lambda: shown(window) == second)
    assert window.w.statusBar().currentMessage().startswith("B: 0 of 1 coded")


def test_when_the_set_listed_loses_an_article_the_one_open_stays_open(
    qtbot: QtBot, window: App
) -> None:
    w, ws = window.w, window.state.workspace
    assert ws is not None
    with ws.project.session() as s:
        (third,) = store_articles(s, [(parse_text("Third\n\nA third article.\n"), "3.txt")])
        first, second, _ = samples.population(s)
        hand = samples.create(s, "Hand", [first, second, third])
    ws.notify(Changes.of(ARTICLES, SETS))
    qtbot.waitUntil(lambda: w.set_box.count() == 2 and len(listed(window)) == 3)
    w.set_box.setCurrentIndex(1)
    w.set_box.activated.emit(1)
    qtbot.waitUntil(lambda: window.state.within == hand)
    w.list_view.selectRow(listed(window).index(third))
    assert shown(window) == third
    with ws.project.session() as s:
        samples.remove_articles(s, hand, [first])  # by another window, say
    ws.notify(Changes.of(SETS))
    qtbot.waitUntil(lambda: sorted(listed(window)) == [second, third])
    row = listed(window).index(third)
    assert shown(window) == third and w.list_view.selectionModel().isRowSelected(row)


def test_a_set_of_a_searchs_results_holds_every_match_not_only_the_pages_read(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "many.claimdesk"
    with open_project(path) as p, p.session() as s:
        texts = [f"Bridge {n}\n\nThe bridge number {n} opened today.\n" for n in range(260)]
        texts += [f"Road {n}\n\nA road was mended.\n" for n in range(5)]
        store_articles(s, [(parse_text(t), f"{n}.txt") for n, t in enumerate(texts)])
    app = open_window(path)
    app.w.search_box.setText("bridge")
    qtbot.waitUntil(lambda: app.listing.model is not None and app.listing.model.ranked())
    model = app.listing.model
    assert model is not None and model.more_to_read() and len(listed(app)) < 260
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Bridges", True))
    app.w.act.sets.trigger()
    dialog = app.sets.dialog
    assert dialog is not None
    dialog.from_list.click()
    qtbot.waitUntil(lambda: read(app, lambda s: samples.find(s, "Bridges")) is not None)
    made = read(app, lambda s: samples.find(s, "Bridges"))
    assert made is not None and made.size == 260
    app.w.close()
