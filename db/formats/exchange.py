"""Files that carry a whole project's work rather than one article: Claimdesk JSON and .qdpx."""

from __future__ import annotations

from pathlib import Path

from db.formats.project_json import is_project_json, read_json
from db.formats.qdpx import read_qdpx
from db.store.project import Project

#: The endings of the files :func:`is_exchange_file` may accept.
EXCHANGE_SUFFIXES = (".qdpx", ".json")


def is_exchange_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix == ".qdpx" or (suffix == ".json" and is_project_json(path))


def import_exchange(project: Project, path: Path) -> tuple[int, int]:
    """Import a project export or a REFI-QDA archive in one transaction.

    Returns (articles added, duplicates skipped).

    Raises:
        FormatError: the file is unsafe or not what its name says (the message says why).
    """
    read = read_qdpx if path.suffix.lower() == ".qdpx" else read_json
    with project.session() as s:
        return read(s, path)
