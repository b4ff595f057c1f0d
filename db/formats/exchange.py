"""Files that carry a project's work rather than one article: Claimdesk JSON, .qdpx and .qdc.

A REFI-QDA codebook (.qdc) carries codes alone: importing one adds the codes the project lacks.
"""

from __future__ import annotations

from pathlib import Path

from db.formats.collect import FormatError
from db.formats.project_json import is_project_json, load_json
from db.formats.qdc import load_qdc
from db.formats.qdpx_read import load_qdpx
from db.ingest.annotated import ExchangeError, store
from db.store.project import Project

#: The endings of the files :func:`is_exchange_file` may accept.
EXCHANGE_SUFFIXES = (".qdpx", ".qdc", ".json")


def is_exchange_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in (".qdpx", ".qdc") or (suffix == ".json" and is_project_json(path))


def import_exchange(
    project: Project, path: Path, warnings: list[str] | None = None
) -> tuple[int, int]:
    """Import a project export or a REFI-QDA archive in one transaction: all of it, or nothing.

    The whole file is read and checked before anything is written. Returns (articles added,
    duplicates skipped); what was left out of the file and why is added to ``warnings``.

    Raises:
        FormatError: the file is unsafe, not what its name says, or holds something out of
            place (the message says what and where); nothing of it was stored.
    """
    load = {".qdpx": load_qdpx, ".qdc": load_qdc}.get(path.suffix.lower(), load_json)
    incoming = load(path)
    try:
        with project.session() as s:
            counts = store(s, incoming)
    except ExchangeError as exc:
        raise FormatError(f"{path.name}: {exc}; nothing of it was imported") from exc
    if warnings is not None:
        warnings += incoming.warnings
    return counts
