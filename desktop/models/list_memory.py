"""How a project's list was left: order, column widths, article open, one article a story or all.

Kept in the settings (window state, not research data), under the project's own identity: the
moment its file was made, stored in the file. So the memory follows the file when it is moved or
renamed; a copy starts from the original's. A file without one (made elsewhere) is known by its
path.
"""

from __future__ import annotations

import hashlib
import json

from sqlmodel import Session

from db.store.models import ProjectInfo
from desktop.core.workspace import Workspace
from desktop.support import settings


def identity(s: Session) -> str | None:
    """What tells this project from others wherever its file is: when it was made."""
    row = s.get(ProjectInfo, "created")
    return f"created {row.value}" if row and row.value else None


class ListMemory:
    """The remembered state of one project's list, read and written in the settings."""

    def __init__(self, key: str) -> None:
        self.group = "projects/" + hashlib.sha256(key.encode()).hexdigest()[:20]

    @classmethod
    def of(cls, ws: Workspace) -> ListMemory:
        return cls(ws.read_now(identity, None) or f"path {ws.path.resolve()}")

    def _load(self) -> dict[str, object]:
        value = settings.settings().value(f"{self.group}/list", "")
        try:
            data = json.loads(str(value)) if value else {}
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def order(self) -> tuple[str, bool]:
        """The sort key (of :data:`db.articles.listing.ORDERS`) and whether it runs downwards."""
        order = self._load().get("order")
        if isinstance(order, list) and len(order) == 2 and isinstance(order[0], str):
            return order[0], bool(order[1])
        return "id", False

    def widths(self) -> dict[str, int]:
        """The widths the researcher gave columns, by column name.

        Kept under ``sized``: the ``widths`` of earlier versions held every column's, sized by
        hand or not, and are left unread so that the columns nobody sized can fit the list.
        """
        widths = self._load().get("sized")
        if not isinstance(widths, dict):
            return {}
        return {str(k): v for k, v in widths.items() if type(v) is int and v > 0}

    def article(self) -> int | None:
        """The article open last."""
        aid = self._load().get("article")
        return aid if type(aid) is int else None

    def per_story(self) -> bool:
        """Whether the list showed one article a story."""
        return self._load().get("per_story") is True

    def save(
        self,
        order: tuple[str, bool],
        widths: dict[str, int],
        article: int | None,
        per_story: bool = False,
    ) -> None:
        """Remember these; ``widths`` are those the researcher gave (the others fit the list)."""
        data = {
            "order": list(order),
            "sized": dict(widths),
            "article": article if article is not None else self.article(),
            "per_story": per_story,
        }
        s = settings.settings()
        s.setValue(f"{self.group}/list", json.dumps(data, sort_keys=True))
        s.sync()
