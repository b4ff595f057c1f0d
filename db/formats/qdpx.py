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
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree
from sqlalchemy import text as sql

from db.annotate import codes as codebook
from db.formats.collect import FormatError, ProjectData, generator
from db.ingest.annotated import (
    ArticleIn,
    CodeIn,
    ExchangeError,
    HighlightIn,
    Incoming,
    NoteIn,
    check,
    clean_uid,
)
from db.ingest.decode import DecodeError, canonical_positions, decode_raw
from db.ingest.files import open_regular
from db.ingest.parse_text import parse_text
from db.store.models import utc_now

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


# What a damaged or unusual archive raises while it is read.
_ZIP_ERRORS = (zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError)


def load_qdpx(path: Path) -> Incoming:
    """Read and check a .qdpx archive, storing nothing.

    Sources whose text is missing or unreadable, and selections whose positions do not fit
    their text, are left out with a warning in the result.

    Raises:
        FormatError: the archive is unsafe, not a REFI-QDA project, or holds something out of
            place (the message says what and where).
    """
    try:
        with open_regular(path) as f, zipfile.ZipFile(f) as z:
            members = _safe_members(z)
            qde = next((i for n, i in members.items() if "/" not in n and n.endswith(".qde")), None)
            if qde is None:
                raise FormatError(f"{path.name} holds no project.qde; it is not a REFI-QDA project")
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            root = etree.fromstring(_read(z, qde), parser)
            if root.tag != _Q + "Project":
                raise FormatError(f"{path.name}: project.qde is not a REFI-QDA project")
            inc = _Reader(z, members, root).incoming()
            check(inc)
            return inc
    except FormatError:
        raise
    except DecodeError as exc:
        raise FormatError(f"{path.name} could not be read ({exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"{path.name}: project.qde is not well-formed XML ({exc})") from exc
    except ExchangeError as exc:
        raise FormatError(f"{path.name}: {exc}; nothing of it was imported") from exc
    except zipfile.BadZipFile as exc:
        raise FormatError(f"{path.name} is not a zip archive ({exc})") from exc
    except _ZIP_ERRORS as exc:
        raise FormatError(f"{path.name}: the archive could not be read ({exc})") from exc


def _all_text(node: etree._Element | None) -> str:
    """All the text inside ``node``: an entity left unresolved is kept as written (``&name;``)."""
    return "" if node is None else "".join(node.itertext())


def _guid(node: etree._Element, attr: str = "guid") -> str:
    return (node.get(attr) or "").strip().strip("{}").upper()


class _Reader:
    """The parts of one archive read into an :class:`Incoming`."""

    def __init__(
        self, z: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], root: etree._Element
    ) -> None:
        self.z, self.members, self.root = z, members, root
        self.inc = Incoming()
        self.users = {_guid(u): u.get("name") or "" for u in root.iter(_Q + "User")}
        self.notes = {
            _guid(n): _all_text(n.find(_Q + "PlainTextContent"))
            for n in root.iterfind(f"{_Q}Notes/{_Q}Note")
        }
        self.code_uids: dict[str, str] = {}  # GUID as written -> uid

    def incoming(self) -> Incoming:
        for codes in self.root.iterfind(f"{_Q}CodeBook/{_Q}Codes"):
            self._codes(codes, None)
        for n, src in enumerate(self.root.iterfind(f"{_Q}Sources/*"), start=1):
            name = src.get("name") or "(untitled)"
            where = f"source {n} ({name!r})"
            if src.tag != _Q + "TextSource":
                self.inc.warnings.append(f"{where} is not a text source; it was left out")
                continue
            raw = self._source_text(src, where)
            if raw is not None:
                self._article(src, raw, where)
        return self.inc

    def _codes(self, node: etree._Element, parent: str | None) -> None:
        for c in node.iterfind(_Q + "Code"):
            where = f"code {len(self.inc.codes) + 1} ({c.get('name') or ''!r})"
            uid = clean_uid(_guid(c), where)
            self.code_uids[_guid(c)] = uid
            self.inc.codes.append(
                CodeIn(
                    uid=uid,
                    name=c.get("name") or "",
                    color=c.get("color") or codebook.FALLBACK_COLOR,
                    description=_all_text(c.find(_Q + "Description")),
                    parent=parent,
                )
            )
            self._codes(c, uid)

    def _source_text(self, src: etree._Element, where: str) -> str | None:
        content = src.find(_Q + "PlainTextContent")
        if content is not None:
            return _all_text(content)
        path = src.get("plainTextPath") or ""
        ref = path.removeprefix("internal://")
        info = self.members.get(f"sources/{ref}".lower()) if ref != path else None
        if info is None:
            self.inc.warnings.append(
                f"{where}: its text ({path or 'no path given'}) is not in the archive; it was "
                "left out"
            )
            return None
        try:
            decoded = decode_raw(_read(self.z, info))
        except DecodeError as exc:
            self.inc.warnings.append(
                f"{where}: its text could not be read ({exc}); it was left out"
            )
            return None
        if decoded.encoding != "utf-8":
            self.inc.warnings.append(f"{where}: its text was read as {decoded.encoding}")
        self.inc.warnings += [f"{where}: {w}" for w in decoded.warnings]
        return decoded.text

    def _article(self, src: etree._Element, raw: str, where: str) -> None:
        text, position = canonical_positions(raw)
        if not text.strip():
            self.inc.warnings.append(f"{where}: its text is empty; it was left out")
            return
        art = parse_text(text)
        art.title = src.get("name") or art.title
        note_refs = [
            self.notes.get(_guid(r, "targetGUID"), "") for r in src.iterfind(_Q + "NoteRef")
        ]
        body = "\n\n".join(n for n in note_refs if n)
        item = ArticleIn(
            uid=clean_uid(_guid(src), where),
            article=art,
            note=NoteIn(uid=str(uuid.uuid4()), body=body) if body else None,
        )
        for m, sel in enumerate(src.iterfind(_Q + "PlainTextSelection"), start=1):
            found = self._selection(sel, text, position, f"{where}, selection {m}")
            if found:
                item.highlights.append(found)
        self.inc.articles.append(item)

    def _selection(
        self, sel: etree._Element, text: str, position: Callable[[int], int], where: str
    ) -> HighlightIn | None:
        raw = (sel.get("startPosition"), sel.get("endPosition"))
        try:
            start, end = (position(int(v or "")) for v in raw)
        except ValueError:
            start = end = -1
        if not 0 <= start < end <= len(text) or not text[start:end].strip():
            self.inc.warnings.append(
                f"{where}: its positions ({raw[0]}-{raw[1]}) do not mark text of the source; "
                "it was left out"
            )
            return None
        ref = sel.find(f"{_Q}Coding/{_Q}CodeRef")
        code = None
        if ref is not None:
            code = self.code_uids.get(_guid(ref, "targetGUID"))
            if code is None:
                self.inc.warnings.append(
                    f"{where}: its code {ref.get('targetGUID')} is not in the codebook; it was "
                    "imported without a code"
                )
        memo = [_all_text(sel.find(_Q + "Description"))]
        memo += [self.notes.get(_guid(r, "targetGUID"), "") for r in sel.iterfind(_Q + "NoteRef")]
        body = "\n\n".join(m for m in memo if m)
        return HighlightIn(
            uid=clean_uid(_guid(sel), where) if sel.get("guid") else str(uuid.uuid4()),
            start=start,
            end=end,
            code=code,
            coder=self.users.get(_guid(sel, "creatingUser"), ""),
            created=sel.get("creationDateTime"),
            modified=sel.get("modifiedDateTime"),
            note=NoteIn(uid=str(uuid.uuid4()), body=body) if body else None,
        )
