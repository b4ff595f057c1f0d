"""What the window shows as saved is in the file, even if the process is killed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from db.annotate import notes
from db.store.project import open_project

SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from PySide6.QtTest import QTest
    from desktop.app import App, make_app
    from desktop.views.main_window import MainWindow

    qapp = make_app()
    w = MainWindow()
    w.show()
    app = App(w)
    app.start(None)
    while app.state.article is None:
        qapp.processEvents()
    w.notes.editor.setFocus()
    QTest.keyClicks(w.notes.editor, "Seen as saved, then killed.")
    while not w.notes.status.text().startswith("Saved"):
        qapp.processEvents()
    print(app.state.article.id, app.state.workspace.path, flush=True)
    QTest.keyClicks(w.notes.editor, " Typed after.")  # not yet saved when the process dies
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_note_shown_as_saved_survives_a_killed_process(tmp_path: Path) -> None:
    env = {**os.environ, "CLAIMDESK_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == -9, proc.stderr
    article_id, project = proc.stdout.split(maxsplit=1)
    with open_project(Path(project.strip())) as p, p.session() as s:
        assert notes.body(s, article_id=int(article_id)) == "Seen as saved, then killed."
