"""Every action of the main window, from one table: name, label, keys, icon, tip."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

_MARK_KEY = "Meta+H" if sys.platform == "darwin" else "Ctrl+H"  # Cmd+H hides apps on macOS
Key = str | QKeySequence.StandardKey
_STD = QKeySequence.StandardKey


@dataclass(frozen=True)
class Spec:
    name: str
    text: str
    keys: tuple[Key, ...] = ()
    icon: str = ""
    tip: str = ""
    checkable: bool = False


TABLE = (
    Spec("new_project", "&New project…", (_STD.New,), "new-project"),
    Spec("open_project", "&Open project…", (_STD.Open,), "open-project"),
    Spec("import_files", "&Import files…", ("Ctrl+I",), "import-files"),
    Spec("import_folder", "Import &folder…", ("Ctrl+Shift+I",), "import-folder"),
    Spec("export", "&Export…", ("Ctrl+E",), "export", "Export to CSV, JSON, W3C, QDPX, reports"),
    Spec("merge_project", "&Merge a coder's project…", (), "",
         "Bring another coder's copy of this project in: articles, codings and notes, once"),
    Spec("quit", "&Quit", (_STD.Quit,)),
    Spec("undo", "&Undo", (_STD.Undo,), "undo"),
    Spec("redo", "&Redo", (_STD.Redo,), "redo"),
    Spec("mark_claim", "&Mark claim", (_MARK_KEY,), "mark",
         "Mark the selected text with the chosen code"),
    Spec("pick_code", "&Pick code…", ("Ctrl+K",), "pick-code"),
    Spec("delete_highlight", "&Delete highlight", (_STD.Delete,), "delete"),
    Spec("article_note", "Note on the &article", ("Ctrl+Shift+N",), "article-note"),
    Spec("link_claim", "&Link to claim…", ("Ctrl+L",), "",
         "The chosen highlight states a claim: link it to one, or make a new claim of it"),
    Spec("project_notes", "Notes on the &project…", ("Ctrl+Alt+N",), "",
         "Journals and memos about the whole project"),
    Spec("zoom_in", "Zoom &in", (_STD.ZoomIn, "Ctrl+="), "zoom-in"),
    Spec("zoom_out", "Zoom &out", (_STD.ZoomOut,), "zoom-out"),
    Spec("zoom_reset", "&Actual size", ("Ctrl+0",)),
    Spec(
        "show_set_aside",
        "Show &set-aside text",
        ("Ctrl+Shift+B",),
        "set-aside",
        "Show boilerplate and other text set aside from the article",
        checkable=True,
    ),
    Spec("blind", "&Blind coding: only mine", ("Ctrl+Alt+B",), "",
         "Hide the other coders' highlights while you code", checkable=True),
    Spec("focus_search", "Search", (_STD.Find,)),
    Spec("check_project", "&Check project…", (), "check",
         "Check the project file and repair its index"),
    Spec("coding_sheet", "Coding &sheet…", (), "",
         "Every article as a row of your variable values; double-click one to code it"),
    Spec("sets", "Samples and s&ets…", (), "",
         "Draw samples and reliability subsamples, give them to coders, follow their progress"),
    Spec("agreement", "&Agreement between coders…", (), "",
         "Krippendorff's alpha, Cohen's and Fleiss' kappa and % agreement, per code and overall"),
    Spec("settings", "Se&ttings…", (_STD.Preferences,), "",
         "Your name as a coder (on every highlight, note and claim link), and the colours"),
    # Moving around from the keyboard
    Spec("next_pane", "Next pane", ("F6",), tip="Move to the next pane: list, reader, panels"),
    Spec("previous_pane", "Previous pane", ("Shift+F6",)),
    Spec("focus_reader", "Go to the text", ("Ctrl+Shift+R",), tip="Move to the article's text"),
    Spec("next_article", "Next article", ("Ctrl+Down",)),
    Spec("previous_article", "Previous article", ("Ctrl+Up",)),
    # Search hits in the reader
    Spec("find_next", "Next match", ("F3", _STD.FindNext)),
    Spec("find_previous", "Previous match", ("Shift+F3", _STD.FindPrevious)),
    # The articles chosen in the list
    Spec("edit_articles", "Edit &details…", ("Ctrl+Shift+D",), "edit-details",
         "Edit title, outlet, section, date, byline and URL of the chosen articles"),
    Spec("delete_articles", "De&lete articles…", ("Ctrl+Shift+Del",), "delete-articles"),
    Spec("next_uncoded", "Next &uncoded article", ("Ctrl+J",), "",
         "The next article of your set (the one listed, or the first given to you) that you "
         "have not coded yet"),
    Spec("add_to_set", "Add to a s&et…", (), "",
         "Put this article in a set made by hand (or in a new one)"),
    Spec("remove_from_set", "Remove from the set", (), "",
         "Take this article out of the set the list shows (it stays in the project)"),
    Spec("show_source", "Show the &file it came from", (), "show-file"),
    # Copies of one story
    Spec("one_per_story", "One article &per story", ("Ctrl+Shift+O",), "",
         "List only the first of each story's copies, so wire copy counts once", checkable=True),
    Spec("next_copy", "Next cop&y of the story", ("Ctrl+]",)),
    Spec("previous_copy", "Previous copy of the story", ("Ctrl+[",)),
    Spec("compare_copy", "Compare with the &source…", ("Ctrl+Shift+M",), "",
         "Where this copy differs from the story's first article: passages cut, added, reworded"),
    Spec("compare_coders", "Compare the co&ders…", ("Ctrl+Alt+D",), "",
         "Each coder's highlights in this article side by side, where they disagree, and "
         "which version to keep"),
    Spec("carry_codes", "Carry &highlights to the copies…", (), "",
         "Put this article's highlights, with their codes and claims, on the story's other copies"),
    Spec("copy_quote", "&Copy the quote", (), "copy"),
    # Help
    Spec("shortcuts", "&Keyboard shortcuts", (_STD.HelpContents,)),
    Spec("about", "&About Claimdesk"),
)  # fmt: skip


class Actions:
    """The window's actions by name, with the icon each will get once icons are loaded."""

    new_project: QAction
    open_project: QAction
    import_files: QAction
    import_folder: QAction
    export: QAction
    merge_project: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    mark_claim: QAction
    pick_code: QAction
    delete_highlight: QAction
    article_note: QAction
    project_notes: QAction
    link_claim: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    show_set_aside: QAction
    blind: QAction
    focus_search: QAction
    check_project: QAction
    settings: QAction
    agreement: QAction
    coding_sheet: QAction
    sets: QAction
    next_uncoded: QAction
    add_to_set: QAction
    remove_from_set: QAction
    next_pane: QAction
    previous_pane: QAction
    focus_reader: QAction
    next_article: QAction
    previous_article: QAction
    find_next: QAction
    find_previous: QAction
    edit_articles: QAction
    delete_articles: QAction
    show_source: QAction
    one_per_story: QAction
    next_copy: QAction
    previous_copy: QAction
    compare_copy: QAction
    carry_codes: QAction
    compare_coders: QAction
    copy_quote: QAction
    shortcuts: QAction
    about: QAction

    def __init__(self, owner: QWidget) -> None:
        self.icons: dict[QAction, str] = {}
        for spec in TABLE:
            act = QAction(spec.text, owner)
            act.setObjectName(f"action_{spec.name}")
            act.setShortcuts(_once([QKeySequence(k) for k in spec.keys]))
            act.setToolTip(spec.tip or spec.text.replace("…", "").replace("&", ""))
            act.setStatusTip(act.toolTip())
            act.setCheckable(spec.checkable)
            if spec.icon:
                self.icons[act] = spec.icon
            owner.addAction(act)
            setattr(self, spec.name, act)
        #: Keys 1–9: mark the selection with that code, or re-code the chosen highlight.
        self.codes = []
        for n in range(1, 10):
            act = QAction(f"Use code {n}", owner)
            act.setObjectName(f"action_code_{n}")
            act.setShortcut(QKeySequence(str(n)))
            owner.addAction(act)
            self.codes.append(act)
        for act in (self.undo, self.redo):
            act.setEnabled(False)

    def editing(self) -> list[QAction]:
        """The actions that change the project (off for a read-only one)."""
        return [
            self.import_files, self.import_folder, self.mark_claim, self.pick_code,
            self.delete_highlight, self.edit_articles, self.delete_articles, self.link_claim,
            self.carry_codes, self.merge_project, self.add_to_set, self.remove_from_set,
            *self.codes,
        ]  # fmt: skip


def _once(keys: list[QKeySequence]) -> list[QKeySequence]:
    """Each key once.

    "F3" and the platform's Find next are often the same, and a key an action holds twice is
    ambiguous to Qt: the action would never fire.
    """
    out: list[QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in out:
            out.append(key)
    return out
