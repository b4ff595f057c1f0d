"""REFI-QDA project exchange (.qdpx): NVivo, ATLAS.ti, MAXQDA and QualCoder read and write it.

A zip of ``project.qde`` (QDA-XML 1.0) and ``sources/<GUID>.txt``, each exactly an article's
canonical text (UTF-8, no BOM, LF); selections count code points from 0, end exclusive.
Reading one back refuses archives with paths that escape their folder or that expand past a
sane size, and parses the XML without entities or network access.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from bisect import bisect_left
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree
from sqlalchemy import text as sql
from sqlmodel import Session

from db.annotate import codes as codebook
from db.formats.collect import FormatError, ProjectData, generator
from db.ingest.decode import canonical
from db.ingest.parse_text import parse_text
from db.ingest.rows import sha256, store_articles
from db.store.models import Code, Highlight, Note, utc_now

NS = "urn:QDA-XML:project:1.0"
MAX_MEMBERS = 200_000
MAX_TOTAL = 1 << 30  # bytes, all members uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for members over a megabyte
_Q = f"{{{NS}}}"


def guid(uid: str) -> str:
    """A GUID for a Claimdesk uid (itself a UUID, or hashed into one), upper case."""
    try:
        return str(uuid.UUID(uid)).upper()
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"claimdesk:{uid}")).upper()


def _uid(g: str) -> str:
    return str(uuid.UUID(g.strip("{}")))


def _el(parent: etree._Element, tag: str, **attrs: Any) -> etree._Element:
    return etree.SubElement(
        parent, _Q + tag, {k: str(v) for k, v in attrs.items() if v is not None}
    )


def _text(parent: etree._Element, tag: str, value: str) -> None:
    _el(parent, tag).text = value


def _user(coder: str) -> str | None:
    return (
        str(uuid.uuid5(uuid.NAMESPACE_URL, f"claimdesk:coder:{coder}")).upper() if coder else None
    )


def write_qdpx(data: ProjectData, output: Path, *, name: str) -> int:
    """Write the archive; returns the number of selections (highlights)."""
    root = etree.Element(_Q + "Project", nsmap={None: NS})
    root.set("name", name)
    root.set("origin", generator())
    root.set("creationDateTime", utc_now())
    # Users come before Sources in the XML; the articles then stream through one at a time.
    coders = sorted(
        data.s.execute(sql("SELECT DISTINCT coder FROM highlight WHERE coder != ''")).scalars()
    )
    if coders:
        users = _el(root, "Users")
        for c in coders:
            _el(users, "User", guid=_user(c), name=c)
    if data.codes:
        tree = _el(_el(root, "CodeBook"), "Codes")
        made: dict[int, etree._Element] = {}
        for c in data.codes:
            parent = made.get(c.parent_id) if c.parent_id else tree
            node = _el(
                parent if parent is not None else tree,
                "Code",
                guid=guid(c.uid),
                name=c.name,
                isCodable="true",
                color=c.color.upper(),
            )
            if c.description:
                _text(node, "Description", c.description)
            made[c.id] = node
    selections = 0
    notes: list[tuple[str, str, dict[str, Any]]] = []
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as z:
        sources = _el(root, "Sources")
        for art in data.articles():
            a = art.row
            sid = guid(a["uid"])
            z.writestr(f"sources/{sid}.txt", a["text"].encode("utf-8"))
            src = _el(
                sources,
                "TextSource",
                guid=sid,
                name=a["title"] or "(untitled)",
                plainTextPath=f"internal://{sid}.txt",
                creationDateTime=a["imported_at"],
            )
            meta = [a["outlet"], " / ".join(a["section"]), a["published"], a["url"]]
            if any(meta):
                _text(src, "Description", "\n".join(m for m in meta if m))
            for h in art.highlights:
                exact = " ".join(h["exact"].split())
                sel = _el(
                    src,
                    "PlainTextSelection",
                    guid=guid(h["uid"]),
                    name=exact[:60] + ("…" if len(exact) > 60 else ""),
                    startPosition=h["start"],
                    endPosition=h["end"],
                    creatingUser=_user(h["coder"]),
                    creationDateTime=h["created"],
                    modifiedDateTime=h["modified"],
                )
                if h["note"]:
                    _text(sel, "Description", h["note"]["body"])
                if h["code_uid"]:
                    coding = _el(
                        sel,
                        "Coding",
                        guid=guid(h["uid"] + ":" + h["code_uid"]),
                        creatingUser=_user(h["coder"]),
                        creationDateTime=h["created"],
                    )
                    _el(coding, "CodeRef", targetGUID=guid(h["code_uid"]))
                selections += 1
            if art.note:
                nid = guid(art.note["uid"])
                _el(src, "NoteRef", targetGUID=nid)
                notes.append((nid, f"Note on {a['title'] or '(untitled)'}", art.note))
        if not len(sources):
            root.remove(sources)  # an empty container is not valid QDA-XML
        if notes:
            box = _el(root, "Notes")
            for nid, title, note in notes:
                n = _el(
                    box,
                    "Note",
                    guid=nid,
                    name=title,
                    creationDateTime=note["created"],
                    modifiedDateTime=note["modified"],
                )
                _text(n, "PlainTextContent", note["body"])
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        z.writestr("project.qde", xml)
    return selections


# ---- Reading


def _safe_members(z: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise FormatError(f"the archive holds {len(infos):,} files; that is not a REFI-QDA project")
    total = 0
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
            raise FormatError(
                f"the archive holds a path that leaves its folder ({name!r}); refused"
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_TOTAL or (info.file_size > 1 << 20 and ratio > MAX_RATIO):
            raise FormatError("the archive expands to far more than it holds; refused as unsafe")
        members[name.replace("\\", "/").lower()] = info
    return members


def _read(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with z.open(info) as f:  # read no more than the header claims, whatever the stream says
        data = f.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise FormatError("the archive's sizes do not add up; refused as unsafe")
    return data


def read_qdpx(s: Session, path: Path) -> tuple[int, int]:
    """Import a .qdpx archive; returns (articles added, duplicates skipped).

    Raises:
        FormatError: the archive is unsafe, or not a REFI-QDA project (the message says why).
    """
    try:
        with zipfile.ZipFile(path) as z:
            members = _safe_members(z)
            qde = next((i for n, i in members.items() if "/" not in n and n.endswith(".qde")), None)
            if qde is None:
                raise FormatError(f"{path.name} holds no project.qde; it is not a REFI-QDA project")
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            root = etree.fromstring(_read(z, qde), parser)

            def source_text(src: etree._Element) -> str | None:
                content = src.find(_Q + "PlainTextContent")
                if content is not None:
                    return content.text or ""
                ref = (src.get("plainTextPath") or "").removeprefix("internal://")
                info = members.get(f"sources/{ref}".lower())
                return _read(z, info).decode("utf-8-sig") if info else None

            return _import(s, root, source_text)
    except zipfile.BadZipFile as exc:
        raise FormatError(f"{path.name} is not a zip archive ({exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"{path.name}: project.qde is not well-formed XML ({exc})") from exc


def _import(s: Session, root: etree._Element, source_text: Any) -> tuple[int, int]:
    users = {u.get("guid", "").upper(): u.get("name") or "" for u in root.iter(_Q + "User")}
    code_ids = _import_codes(s, root)
    notes = {
        n.get("guid", "").upper(): (n.findtext(_Q + "PlainTextContent") or "")
        for n in root.iterfind(f"{_Q}Notes/{_Q}Note")
    }
    known = set(s.execute(sql("SELECT text_sha256 FROM article")).scalars())
    added = dupes = 0
    for src in root.iterfind(f"{_Q}Sources/{_Q}TextSource"):
        raw = source_text(src)
        if raw is None:
            continue
        text, shift = _canonical_with_shift(raw)
        if sha256(text) in known:
            dupes += 1
            continue
        known.add(sha256(text))
        art = parse_text(text)
        art.title = src.get("name") or art.title
        (aid,) = store_articles(s, [(art, None)])
        s.execute(
            sql("UPDATE article SET uid = :u WHERE id = :a"),
            {"u": _uid(src.get("guid", "")), "a": aid},
        )
        article_notes = [
            notes.get(r.get("targetGUID", "").upper(), "") for r in src.iterfind(_Q + "NoteRef")
        ]
        if body := "\n\n".join(n for n in article_notes if n):
            s.add(Note(uid=str(uuid.uuid4()), article_id=aid, body=body))
        for sel in src.iterfind(_Q + "PlainTextSelection"):
            _import_selection(s, sel, aid, text, shift, code_ids, users, notes)
        added += 1
    return added, dupes


def _import_codes(s: Session, root: etree._Element) -> dict[str, int]:
    found = list(root.iter(_Q + "Code"))
    if found and codebook.is_untouched_default(s):
        for default in codebook.all_codes(s):
            codebook.delete(s, default.id)
    ids = {guid(c.uid): c.id for c in codebook.all_codes(s)}

    def walk(node: etree._Element, parent: int | None) -> None:
        for c in node.iterfind(_Q + "Code"):
            g = c.get("guid", "").upper().strip("{}")
            if g not in ids:
                color = c.get("color") or "#BBBBBB"
                if len(color) == 4:
                    color = "#" + "".join(ch * 2 for ch in color[1:])
                row = Code(
                    uid=_uid(g),
                    name=c.get("name") or "Untitled code",
                    color=color.upper(),
                    description=c.findtext(_Q + "Description") or "",
                    parent_id=parent,
                )
                s.add(row)
                s.flush()
                assert row.id is not None
                ids[g] = row.id
            walk(c, ids[g])

    for codes_el in root.iterfind(f"{_Q}CodeBook/{_Q}Codes"):
        walk(codes_el, None)
    return ids


def _import_selection(
    s: Session,
    sel: etree._Element,
    aid: int,
    text: str,
    shift: list[int],
    code_ids: dict[str, int],
    users: dict[str, str],
    notes: dict[str, str],
) -> None:
    try:
        start, end = (
            _shifted(int(sel.get(k, "")), shift) for k in ("startPosition", "endPosition")
        )
    except ValueError:
        return
    if not 0 <= start < end <= len(text):
        return
    ref = sel.find(f"{_Q}Coding/{_Q}CodeRef")
    code_id = (
        code_ids.get((ref.get("targetGUID") or "").upper().strip("{}")) if ref is not None else None
    )
    now = utc_now()
    row = Highlight(
        uid=_uid(sel.get("guid", "")) if sel.get("guid") else str(uuid.uuid4()),
        article_id=aid,
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - 32) : start],
        suffix=text[end : end + 32],
        text_sha256=sha256(text),
        code_id=code_id,
        coder=users.get((sel.get("creatingUser") or "").upper(), ""),
        created=sel.get("creationDateTime") or now,
        modified=sel.get("modifiedDateTime") or now,
    )
    s.add(row)
    s.flush()
    memo = [sel.findtext(_Q + "Description") or ""]
    memo += [
        notes.get((r.get("targetGUID") or "").upper(), "") for r in sel.iterfind(_Q + "NoteRef")
    ]
    if body := "\n\n".join(m for m in memo if m):
        s.add(Note(uid=str(uuid.uuid4()), highlight_id=row.id, body=body))


def _canonical_with_shift(raw: str) -> tuple[str, list[int]]:
    """Canonical text, and where carriage returns were dropped (to move positions with them)."""
    dropped = [i for i, ch in enumerate(raw) if ch == "\r" and raw[i + 1 : i + 2] == "\n"]
    text, _ = canonical(raw)
    return text, dropped


def _shifted(pos: int, dropped: list[int]) -> int:
    return pos - bisect_left(dropped, pos)
