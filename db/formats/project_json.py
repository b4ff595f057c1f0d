"""The whole project as JSON, in a documented, versioned shape that imports back losslessly.

Shape (``"format": "claimdesk-project"``, ``"version": 1``)::

    {"format", "version", "generator", "exported",
     "codes": [{"uid", "name", "color", "description", "parent", "sort"}],   # parent: a uid
     "memos": [{"title", **NOTE}],                    # notes on the project as a whole
     "claimants": [{"uid", "name", "kind", "aliases": [..]}],
     "ratings": [{"uid", "label", "value"}],          # the rating scale
     "claims": [{"uid", "wording", "claimant", "made_on", "status", "rating", "reasoning",
                 "tags": [..], "notes", "evidence": [{"url", "note"}], "created",
                 "modified", "mentions": [..]}],  # claimant, rating, mentions: uids
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
from typing import Any, overload

from sqlalchemy import text

from db.annotate import claims
from db.annotate.memos import all_memos
from db.formats.collect import FormatError, ProjectData, Row, generator
from db.index.fold import parse_spans
from db.ingest.annotated import (
    ArticleIn,
    ClaimantIn,
    ClaimIn,
    CodeIn,
    ExchangeError,
    HighlightIn,
    Incoming,
    MemoIn,
    NoteIn,
    RatingIn,
    check,
)
from db.ingest.article import BlockSpan, CaptionDraft, ParsedArticle
from db.ingest.decode import DecodeError, canonical
from db.ingest.files import read_file, read_head
from db.store.models import BlockKind, utc_now

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


@overload
def _note(n: Row) -> Row: ...
@overload
def _note(n: None) -> None: ...
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
                "when_to_use": c.when_to_use,
                "when_not": c.when_not,
                "example": c.example,
                "parent": by_id[c.parent_id].uid if c.parent_id in by_id else None,
                "sort": c.sort,
            }
            for c in data.codes
        ]
        project_notes = [{"title": m.title, **_note(m.model_dump())} for m in all_memos(data.s)]
        f.write(', "codes": ' + json.dumps(codes, ensure_ascii=False))
        f.write(', "memos": ' + json.dumps(project_notes, ensure_ascii=False))
        for key, value in catalogue(data).items():
            f.write(f', "{key}": ' + json.dumps(value, ensure_ascii=False))
        f.write(', "articles": [')
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


def catalogue(data: ProjectData) -> dict[str, list[Row]]:
    """The claimants, rating scale and claims, each claim with its mentions' highlight uids."""
    s = data.s
    people = claims.claimants(s)
    scale = claims.scale(s)
    uid_of = {p.id: p.uid for p in people}
    rating_of = {r.id: r.uid for r in scale}
    items = []
    for view in claims.all_claims(s):
        c = claims.get(s, view.id)
        mentions = s.execute(
            text(
                "SELECT h.uid FROM mention m JOIN highlight h ON h.id = m.highlight_id "
                "WHERE m.claim_id = :c ORDER BY m.id"
            ),
            {"c": c.id},
        ).scalars()
        items.append(
            {
                "uid": c.uid,
                "wording": c.wording,
                "claimant": uid_of.get(c.claimant_id) if c.claimant_id else None,
                "made_on": c.made_on,
                "status": c.status,
                "rating": rating_of.get(c.rating_id) if c.rating_id else None,
                "reasoning": c.reasoning,
                "tags": json.loads(c.tags),
                "notes": c.notes,
                "evidence": json.loads(c.evidence),
                "created": c.created,
                "modified": c.modified,
                "mentions": list(mentions),
            }
        )
    return {
        "claimants": [
            {"uid": p.uid, "name": p.name, "kind": p.kind, "aliases": json.loads(p.aliases)}
            for p in people
        ],
        "ratings": [{"uid": r.uid, "label": r.label, "value": r.value} for r in scale],
        "claims": items,
    }


MAX_JSON_BYTES = 1 << 30  # an export of 30,000 articles is some hundreds of MB


def is_project_json(path: Path) -> bool:
    """Whether ``path`` looks like a Claimdesk project export (read from its first bytes)."""
    head = read_head(path, 400)
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) : len(head) - len(head) % 2].decode(encoding, "replace").encode()
    return f'"format": "{FORMAT}"'.encode() in head


def load_json(path: Path) -> Incoming:
    """Read and check a project export, storing nothing.

    Raises:
        FormatError: the file is not a readable Claimdesk project export, or something in it
            is out of place (the message says what and where).
    """
    try:
        doc = json.loads(read_file(path, MAX_JSON_BYTES))  # UTF-8, or UTF-16/32 with a BOM
    except DecodeError as exc:
        raise FormatError(f"{path.name} could not be read ({exc})") from exc
    except (ValueError, RecursionError) as exc:
        raise FormatError(f"{path.name} is not readable JSON ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise FormatError(f"{path.name} is not a Claimdesk project export")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatError(f"{path.name} has no valid format version ({version!r})")
    if version > VERSION:
        raise FormatError(f"{path.name} comes from a newer Claimdesk; update to import it")
    try:
        inc = Incoming(
            codes=[_code(c, f"code {n}") for n, c in enumerate(_list(doc, "codes", "the file"), 1)],
            articles=[
                _article(a, f"article {n}")
                for n, a in enumerate(_list(doc, "articles", "the file"), 1)
            ],
            claimants=[
                _claimant(p, f"claimant {n}")
                for n, p in enumerate(_list(doc, "claimants", "the file"), 1)
            ],
            ratings=[
                _rating(r, f"rating {n}")
                for n, r in enumerate(_list(doc, "ratings", "the file"), 1)
            ],
            claims=[
                _claim(c, f"claim {n}") for n, c in enumerate(_list(doc, "claims", "the file"), 1)
            ],
            memos=[
                _memo(m, f"project note {n}")
                for n, m in enumerate(_list(doc, "memos", "the file"), 1)
            ],
        )
        check(inc)
    except ExchangeError as exc:
        raise FormatError(f"{path.name}: {exc}; nothing of it was imported") from exc
    return inc


# ---- Reading what the file holds, each value of the type the format says


def _obj(value: object, where: str) -> Row:
    if not isinstance(value, dict):
        raise ExchangeError(f"{where} is not an object")
    return value


def _list(d: Row, key: str, where: str) -> list[Any]:
    value = d.get(key, [])
    if not isinstance(value, list):
        raise ExchangeError(f"{where}: {key!r} is not a list")
    return value


def _str(d: Row, key: str, where: str, default: str | None = None) -> str | None:
    value = d.get(key, default)
    if value is not None and not isinstance(value, str):
        raise ExchangeError(f"{where}: {key!r} is not a string")
    return value


def _text(d: Row, key: str, where: str, default: str = "") -> str:
    return _str(d, key, where) or default


def _int(d: Row, key: str, where: str) -> int:
    value = d.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ExchangeError(f"{where}: {key!r} is not a whole number ({value!r})")
    return value


def _code(item: object, where: str) -> CodeIn:
    c = _obj(item, where)
    sort = c.get("sort", 0)
    return CodeIn(
        uid=_text(c, "uid", where),
        name=_text(c, "name", where),
        color=_str(c, "color", where),
        description=_text(c, "description", where),
        parent=_str(c, "parent", where),
        sort=_int(c, "sort", where) if sort is not None else 0,
        when_to_use=_text(c, "when_to_use", where),
        when_not=_text(c, "when_not", where),
        example=_text(c, "example", where),
    )


def _read_note(item: object, where: str) -> NoteIn | None:
    if item is None:
        return None
    n = _obj(item, where)
    return NoteIn(
        uid=_text(n, "uid", where),
        body=_text(n, "body", where),
        format=_text(n, "format", where, "text/plain"),
        lang=_str(n, "lang", where),
        created=_str(n, "created", where),
        modified=_str(n, "modified", where),
    )


def _strings(d: Row, key: str, where: str) -> list[str]:
    values = _list(d, key, where)
    if not all(isinstance(v, str) for v in values):
        raise ExchangeError(f"{where}: {key!r} is not a list of strings")
    return values


def _claimant(item: object, where: str) -> ClaimantIn:
    p = _obj(item, where)
    return ClaimantIn(
        uid=_text(p, "uid", where),
        name=_text(p, "name", where),
        kind=_text(p, "kind", where, "person"),
        aliases=_strings(p, "aliases", where),
    )


def _rating(item: object, where: str) -> RatingIn:
    r = _obj(item, where)
    value = r.get("value")
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ExchangeError(f"{where}: 'value' is not a number ({value!r})")
    return RatingIn(uid=_text(r, "uid", where), label=_text(r, "label", where), value=float(value))


def _claim(item: object, where: str) -> ClaimIn:
    c = _obj(item, where)
    evidence = _list(c, "evidence", where)
    if not all(isinstance(e, dict) and isinstance(e.get("url"), str) for e in evidence):
        raise ExchangeError(f"{where}: 'evidence' is not a list of links")
    return ClaimIn(
        uid=_text(c, "uid", where),
        wording=_text(c, "wording", where),
        claimant=_str(c, "claimant", where),
        made_on=_str(c, "made_on", where),
        status=_text(c, "status", where, "open"),
        rating=_str(c, "rating", where),
        reasoning=_text(c, "reasoning", where),
        tags=_strings(c, "tags", where),
        notes=_text(c, "notes", where),
        evidence=[{"url": e["url"], "note": str(e.get("note") or "")} for e in evidence],
        created=_str(c, "created", where),
        modified=_str(c, "modified", where),
        mentions=_strings(c, "mentions", where),
    )


def _memo(item: object, where: str) -> MemoIn:
    m = _obj(item, where)
    note = _read_note(m, where)
    assert note is not None  # only None is read as no note
    return MemoIn(**vars(note), title=_text(m, "title", where))


def _article(item: object, where: str) -> ArticleIn:
    a = _obj(item, where)
    body = _str(a, "text", where)
    if not body:
        raise ExchangeError(f"{where} has no text")
    if canonical(body)[0] != body:
        raise ExchangeError(
            f"{where}: its text is not in canonical form (line ends, NFC, control "
            "characters), so its offsets cannot be trusted"
        )
    section = _list(a, "section", where)
    if not all(isinstance(p, str) for p in section):
        raise ExchangeError(f"{where}: 'section' is not a list of strings")
    art = ParsedArticle(
        text=body,
        section=section,
        blocks=[
            _block(b, f"{where}, block {n}") for n, b in enumerate(_list(a, "blocks", where), 1)
        ],
        captions=[
            _caption(c, f"{where}, caption {n}")
            for n, c in enumerate(_list(a, "captions", where), 1)
        ],
    )
    for key in _META_KEYS:
        if key != "section":
            setattr(art, key, _str(a, key, where))
    try:
        spans = parse_spans(_text(a, "hidden_spans", where))
    except (ValueError, TypeError) as exc:
        raise ExchangeError(f"{where}: its hidden spans are not readable") from exc
    if spans != art.hidden_spans():
        raise ExchangeError(f"{where}: its blocks do not match its hidden spans")
    highlights = [
        _highlight(h, body, f"{where}, highlight {n}")
        for n, h in enumerate(_list(a, "highlights", where), 1)
    ]
    return ArticleIn(
        uid=_text(a, "uid", where),
        article=art,
        origin_path=_str(a, "origin_path", where),
        imported_at=_str(a, "imported_at", where),
        note=_read_note(a.get("note"), f"{where}'s note"),
        highlights=highlights,
    )


def _block(item: object, where: str) -> BlockSpan:
    b = _obj(item, where)
    try:
        kind = BlockKind(_text(b, "kind", where))
    except ValueError as exc:
        raise ExchangeError(f"{where}: {b.get('kind')!r} is not a kind of block") from exc
    return BlockSpan(kind, _int(b, "start", where), _int(b, "end", where))


def _caption(item: object, where: str) -> CaptionDraft:
    c = _obj(item, where)
    return CaptionDraft(
        _text(c, "text", where),
        _str(c, "credit", where),
        _int(c, "start", where),
        _int(c, "end", where),
        _int(c, "anchor", where),
    )


def _highlight(item: object, body: str, where: str) -> HighlightIn:
    h = _obj(item, where)
    start, end = _int(h, "start", where), _int(h, "end", where)
    exact = _str(h, "exact", where)
    if exact is not None and 0 <= start < end <= len(body) and body[start:end] != exact:
        raise ExchangeError(f"{where}: its quote does not match the text at {start}-{end}")
    return HighlightIn(
        uid=_text(h, "uid", where),
        start=start,
        end=end,
        code=_str(h, "code", where),
        coder=_text(h, "coder", where),
        status=_text(h, "status", where, "anchored"),
        created=_str(h, "created", where),
        modified=_str(h, "modified", where),
        note=_read_note(h.get("note"), f"{where}'s note"),
    )
