"""Claims: the catalogue panel, Link to claim…, editing a claim, finding its other mentions.

Reads that grow with the corpus (the list with its counts, the mentions, the search for other
mentions) run off the GUI thread; every change is an undoable step.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QObject

from db.annotate import claims
from db.search_mentions import Candidate, find
from desktop.core.changes import HIGHLIGHTS, Changes
from desktop.core.claim_steps import (
    CLAIMS,
    AcceptMention,
    AddScale,
    EditClaim,
    LinkClaim,
    NewClaim,
    RejectMention,
)
from desktop.core.commands import Step
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.support import settings
from desktop.support.dialogs import tell
from desktop.views.main_window import MainWindow
from desktop.views.navigation import open_article, show_highlight
from desktop.widgets.claim_dialogs import USUAL_SCALE, ClaimEditor, LinkDialog, MentionFinder


class ClaimsController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.panel = w.claims
        self.words: str = ""
        self.status: str | None = None
        self.finder: MentionFinder | None = None
        self.editor: ClaimEditor | None = None
        self.linker: LinkDialog | None = None
        self.panel.sig_filter.connect(self._filter)
        self.panel.sig_claim_chosen.connect(self._mentions)
        self.panel.sig_new.connect(self.new)
        self.panel.sig_edit.connect(self.edit)
        self.panel.sig_find.connect(self.find)
        self.panel.sig_open_mention.connect(self._open)
        w.act.link_claim.triggered.connect(self.link)
        state.sig_workspace_changed.connect(self._opened)

    def _opened(self, ws: Workspace | None) -> None:
        for dialog in (self.finder, self.editor, self.linker):
            if dialog is not None:
                dialog.close()
        if ws is not None:
            ws.sig_changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(CLAIMS, HIGHLIGHTS):
            self.refresh()

    def _filter(self, words: str, status: str | None) -> None:
        self.words, self.status = words, status
        self.refresh()

    def refresh(self, chosen: int | None = None) -> None:
        ws = self.state.workspace
        if ws is None:
            self.panel.set_claims([])
            return
        words, status = self.words, self.status

        def shown(items: list[claims.ClaimView]) -> None:
            if ws is self.state.workspace:
                self.panel.set_claims(items, chosen)

        ws.read(lambda s: claims.all_claims(s, status=status, words=words), shown)

    def _mentions(self, claim_id: int | None) -> None:
        ws = self.state.workspace
        if ws is None or claim_id is None:
            self.panel.set_mentions([])
            return

        def shown(items: list[claims.MentionView]) -> None:
            if ws is self.state.workspace and self.panel.chosen() == claim_id:
                self.panel.set_mentions(items)

        ws.read(lambda s: claims.mentions(s, claim_id), shown)

    def _do(self, step: Step, done: str = "") -> None:
        ws = self.state.workspace
        if ws is None:
            return

        def applied(_: Step) -> None:
            self.state.say(done)
            self.refresh(getattr(step, "claim_id", None))

        def failed(reason: str) -> None:
            tell(self.w, "Claims", f"Not saved: {reason}")

        ws.do(step, applied, failed)

    # ---- Making and linking

    def link(self) -> None:
        """Edit ▸ Link to claim…: the chosen highlight mentions a claim, old or new."""
        ws, h = self.state.workspace, self.state.chosen()
        if ws is None or ws.read_only:
            return
        if h is None:
            self.state.say("Choose a highlight first: the passage that states the claim.")
            return
        empty: tuple[list[claims.ClaimView], int | None] = ([], None)
        items, linked = ws.read_now(
            lambda s: (claims.all_claims(s), claims.claim_of(s, h.id)), empty
        )
        self.linker = LinkDialog(self.w, h.exact, items, linked)
        who = settings.coder()
        self.linker.sig_link.connect(lambda cid: self._do(LinkClaim(h.id, cid, who), "Linked."))
        self.linker.sig_new.connect(lambda: self._do(NewClaim(h.exact, h.id, who), "A new claim."))
        self.linker.sig_unlink.connect(lambda: self._do(LinkClaim(h.id, None), "Unlinked."))
        self.linker.open()

    def new(self) -> None:
        """A new claim, worded as the chosen highlight's quote and mentioned by it."""
        ws, h = self.state.workspace, self.state.chosen()
        if ws is None or ws.read_only:
            return
        if h is None:
            self.state.say(
                "Choose a highlight first: a claim starts from a passage that states it."
            )
            return
        self._do(
            NewClaim(h.exact, h.id, settings.coder()), "A new claim, from the highlight's quote."
        )

    def edit(self, claim_id: int) -> None:
        ws = self.state.workspace
        if ws is None:
            return
        form = ws.read_now(lambda s: _form(s, claim_id), None)
        if form is None:
            return
        values, names, scale = form
        self.editor = ClaimEditor(self.w, values, names, scale, read_only=ws.read_only)
        self.editor.usual_scale.clicked.connect(lambda: self._usual_scale(claim_id))
        self.editor.accepted.connect(lambda: self._edited(claim_id))
        self.editor.open()

    def _edited(self, claim_id: int) -> None:
        if self.editor is not None:
            self._do(EditClaim(claim_id, **self.editor.values()), "Claim saved.")

    def _usual_scale(self, claim_id: int) -> None:
        if self.editor is not None:
            self.editor.close()
        ws = self.state.workspace
        if ws is not None:
            ws.do(AddScale(USUAL_SCALE), lambda _s: self.edit(claim_id))

    # ---- Other mentions

    def find(self, claim_id: int) -> None:
        ws = self.state.workspace
        if ws is None:
            return
        self.state.say("Looking for other mentions…", 0)
        wording = ws.read_now(lambda s: claims.get(s, claim_id).wording, "")

        def found(items: list[Candidate]) -> None:
            self.state.say(f"{len(items)} passage(s) may mention the claim.")
            if ws is not self.state.workspace:
                return
            self.finder = MentionFinder(self.w, wording, items)
            self.finder.sig_accept.connect(lambda row: self._review(claim_id, row, True))
            self.finder.sig_reject.connect(lambda row: self._review(claim_id, row, False))
            self.finder.sig_open.connect(self._open_candidate)
            self.finder.show()

        ws.read(lambda s: find(s, claim_id), found, progress="Finding other mentions")

    def _review(self, claim_id: int, row: int, accept: bool) -> None:
        ws, finder = self.state.workspace, self.finder
        if ws is None or finder is None or ws.read_only:
            return
        c = finder.found[row]
        step: Step = (
            AcceptMention(claim_id, c.article_id, c.start, c.end, settings.coder())
            if accept
            else RejectMention(claim_id, c.article_id, c.start, c.end)
        )

        def applied(_: Step) -> None:
            finder.done_with(row, "Accepted: now a mention." if accept else "Rejected.")
            self.refresh(claim_id)

        ws.do(step, applied, lambda reason: finder.status.setText(f"Not saved: {reason}"))

    def _open_candidate(self, row: int) -> None:
        ws = self.state.workspace
        if ws is not None and self.finder is not None:
            c = self.finder.found[row]
            open_article(self.w, self.state, ws, c.article_id)
            self.w.reader.select_span(c.start, c.end)  # shown selected: Mark claim would mark it
            self.w.reader.scroll_to(c.start, flash_end=c.end)

    def _open(self, article_id: int, highlight_id: int) -> None:
        ws = self.state.workspace
        if ws is not None:
            open_article(self.w, self.state, ws, article_id)
            show_highlight(self.w, self.state, highlight_id)


def _form(s: Any, claim_id: int) -> tuple[dict[str, Any], list[str], list[tuple[int, str]]]:
    """What the claim editor shows: the claim, the claimants' names, the scale."""
    c = claims.get(s, claim_id)
    people = claims.claimants(s)
    name = next((p.name for p in people if p.id == c.claimant_id), "")
    values = {
        "wording": c.wording,
        "claimant": name,
        "made_on": c.made_on,
        "status": c.status,
        "rating_id": c.rating_id,
        "reasoning": c.reasoning,
        "tags": json.loads(c.tags),
        "evidence": json.loads(c.evidence),
    }
    scale = [(r.id, r.label) for r in claims.scale(s) if r.id is not None]
    return values, [p.name for p in people], scale
