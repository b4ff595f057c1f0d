"""The whole project as JSON, in a documented, versioned shape that imports back losslessly.

Shape (``"format": "claimdesk-project"``, ``"version": 1``)::

    {"format", "version", "generator", "exported",
     "codes": [{"uid", "name", "color", "description", "parent", "sort"}],   # parent: a uid
     "articles": [{"uid", "title", "section": [..], "byline", "published", "outlet", "url",
                   "language", "text", "text_sha256", "hidden_spans", "origin_path",
                   "encoding", "imported_at",
                   "blocks": [{"kind", "start", "end"}],
                   "captions": [{"text", "credit", "start", "end", "anchor"}],
                   "note": NOTE | null,
                   "highlights": [{"uid", "start", "end", "exact", "prefix", "suffix",
                                   "text_sha256", "code", "coder", "status", "created",
                                   "modified", "note": NOTE | null}]}]}   # code: a uid
    NOTE = {"uid", "body", "format", "lang", "created", "modified"}

Offsets count code points of ``text``, end exclusive.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from db.annotate import codes as codebook
from db.formats.collect import FormatError, ProjectData, Row, generator
from db.index.fold import parse_spans
from db.ingest.article import BlockSpan, CaptionDraft, ParsedArticle
from db.ingest.rows import store_articles
from db.store.models import BlockKind, Code, Highlight, Note, utc_now

FORMAT, VERSION = "claimdesk-project", 1
_META_KEYS = ("title", "section", "byline", "published", "outlet", "url", "language", "encoding")
_ARTICLE_KEYS = (
    "uid",
    *_META_KEYS,
    "text",
    "text_sha256",
    "hidden_spans",
    "origin_path",
    "imported_at",
)
_HIGHLIGHT_KEYS = (
    "uid",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "text_sha256",
    "coder",
    "status",
    "created",
    "modified",
)
_NOTE_KEYS = ("uid", "body", "format", "lang", "created", "modified")


def _note(n: Row | None) -> Row | None:
    return {k: n[k] for k in _NOTE_KEYS} if n else None


def write_json(data: ProjectData, output: Path) -> int:
    """Write the project; returns the number of articles."""
    by_id = {c.id: c for c in data.codes}
    count = 0
    with output.open("w", encoding="utf-8") as f:
        head = {
            "format": FORMAT,
            "version": VERSION,
            "generator": generator(),
            "exported": utc_now(),
        }
        f.write(json.dumps(head, ensure_ascii=False)[:-1])
        codes = [
            {
                "uid": c.uid,
                "name": c.name,
                "color": c.color,
                "description": c.description,
                "parent": by_id[c.parent_id].uid if c.parent_id in by_id else None,
                "sort": c.sort,
            }
            for c in data.codes
        ]
        f.write(', "codes": ' + json.dumps(codes, ensure_ascii=False) + ', "articles": [')
        for art in data.articles():
            item = {k: art.row[k] for k in _ARTICLE_KEYS}
            item["blocks"] = art.blocks
            item["captions"] = art.captions
            item["note"] = _note(art.note)
            item["highlights"] = [
                {
                    **{k: h[k] for k in _HIGHLIGHT_KEYS},
                    "code": h["code_uid"],
                    "note": _note(h["note"]),
                }
                for h in art.highlights
            ]
            f.write((",\n" if count else "\n") + json.dumps(item, ensure_ascii=False))
            count += 1
        f.write("\n]}\n")
    return count


def is_project_json(path: Path) -> bool:
    """Whether ``path`` looks like a Claimdesk project export (read from its first bytes)."""
    try:
        with path.open("rb") as f:
            head = f.read(200)
    except OSError:
        return False
    return f'"format": "{FORMAT}"'.encode() in head


def read_json(s: Session, path: Path) -> tuple[int, int]:
    """Import a project export; returns (articles added, duplicates skipped).

    Codes are matched by uid; a new project's untouched default codebook gives way to the one
    in the file. Articles whose text is already in the project are skipped with their notes.

    Raises:
        FormatError: the file is not a readable Claimdesk project export.
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"{path.name} is not readable JSON ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise FormatError(f"{path.name} is not a Claimdesk project export")
    if doc.get("version", 0) > VERSION:
        raise FormatError(f"{path.name} comes from a newer Claimdesk; update to import it")
    code_ids = _import_codes(s, doc.get("codes", []))
    known = set(s.execute(text("SELECT text_sha256 FROM article")).scalars())
    added = dupes = 0
    for item in doc.get("articles", []):
        if item["text_sha256"] in known:
            dupes += 1
            continue
        known.add(item["text_sha256"])
        _import_article(s, item, code_ids)
        added += 1
    return added, dupes


def _import_codes(s: Session, items: list[Row]) -> dict[str, int]:
    if items and codebook.is_untouched_default(s):
        for default in codebook.all_codes(s):
            codebook.delete(s, default.id)
    ids = {c.uid: c.id for c in codebook.all_codes(s)}
    for c in items:  # parents come before their children
        if c["uid"] not in ids:
            row = Code(
                uid=c["uid"],
                name=c["name"],
                color=c["color"],
                description=c["description"],
                parent_id=ids.get(c["parent"]) if c["parent"] else None,
                sort=c["sort"],
            )
            s.add(row)
            s.flush()
            assert row.id is not None
            ids[c["uid"]] = row.id
    return ids


def _import_article(s: Session, item: Row, code_ids: dict[str, int]) -> None:
    art = ParsedArticle(
        text=item["text"],
        **{k: item[k] for k in _META_KEYS},
        blocks=[BlockSpan(BlockKind(b["kind"]), b["start"], b["end"]) for b in item["blocks"]],
        captions=[CaptionDraft(**c) for c in item["captions"]],
    )
    if parse_spans(item["hidden_spans"]) != art.hidden_spans():
        raise FormatError(f"article {item['uid']}: its blocks do not match its hidden spans")
    (aid,) = store_articles(s, [(art, item["origin_path"])])
    s.execute(
        text("UPDATE article SET uid = :u, imported_at = :t WHERE id = :a"),
        {"u": item["uid"], "t": item["imported_at"], "a": aid},
    )
    if item["note"]:
        s.add(Note(article_id=aid, **item["note"]))
    for h in item["highlights"]:
        row = Highlight(
            article_id=aid,
            code_id=code_ids.get(h["code"]) if h["code"] else None,
            **{k: h[k] for k in _HIGHLIGHT_KEYS},
        )
        s.add(row)
        s.flush()
        if h["note"]:
            s.add(Note(highlight_id=row.id, **h["note"]))
    s.flush()
