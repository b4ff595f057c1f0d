"""REFI-QDA project exchange (.qdpx): NVivo, ATLAS.ti, MAXQDA and QualCoder read and write it.

A zip of ``project.qde`` (QDA-XML 1.0) and ``sources/<GUID>.txt``, each exactly an article's
canonical text (UTF-8, no BOM, LF); selections count code points from 0, end exclusive. An
article's metadata go out as source variables (Outlet, Section, Byline, Published, URL,
Language), notes as Notes with stable GUIDs (their uids), a note's format as the variable
``Note format`` where it is not plain text, and the project's memos as notes of the project.
The claim catalogue goes out as codes, one per claim, coding its mentions
(:mod:`db.formats.qdpx_claims`). Reading is :mod:`db.formats.qdpx_read`.
"""

from __future__ import annotations

import uuid
import zipfile
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy import text as sql

from db.annotate.codes import CodeView, path
from db.annotate.memos import all_memos
from db.formats.code_memo import memo_text
from db.formats.collect import ArticleData, ProjectData, Row, generator
from db.formats.qdpx_claims import CLAIM_COLOR, CLAIMS_GUID, ClaimCodes
from db.store.models import utc_now

NS = "urn:QDA-XML:project:1.0"
_Q = f"{{{NS}}}"


def guid(uid: str) -> str:
    """A GUID for a Claimdesk uid (itself a UUID, or hashed into one), upper case."""
    try:
        return str(uuid.UUID(uid)).upper()
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"claimdesk:{uid}")).upper()


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


#: Article fields carried as source variables, so NVivo, MAXQDA and QualCoder show them.
ARTICLE_VARIABLES = (
    ("Outlet", "outlet"),
    ("Section", "section"),
    ("Byline", "byline"),
    ("Published", "published"),
    ("URL", "url"),
    ("Language", "language"),
)
#: A note's format (plain text or Markdown), carried as a variable of the note.
FORMAT_VARIABLE = "Note format"


def variable_guid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"claimdesk:variable:{name}")).upper()


def article_values(a: Row) -> list[tuple[str, str]]:
    """(variable, value) of an article's metadata, those it has."""
    values = {**a, "section": " / ".join(a["section"])}
    return [(name, str(values[key])) for name, key in ARTICLE_VARIABLES if values[key]]


def _value(parent: etree._Element, variable: str, value: str) -> None:
    v = _el(parent, "VariableValue")
    _el(v, "VariableRef", targetGUID=variable_guid(variable))
    _text(v, "TextValue", value)


def _same(pos: int) -> int:
    return pos


def utf16_units(text: str) -> Callable[[int], int]:
    """A code point offset into ``text`` -> the same place counted in UTF-16 units (NVivo's)."""
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
    return (lambda pos: pos + bisect_left(astral, pos)) if astral else _same


class _Writer:
    """The project.qde tree, filled article by article; the source texts go straight to the zip."""

    def __init__(
        self, data: ProjectData, name: str, *, unique_names: bool = False, utf16: bool = False
    ) -> None:
        self.data, self.unique_names, self.utf16 = data, unique_names, utf16
        self.root = etree.Element(_Q + "Project", nsmap={None: NS})
        self.root.set("name", name)
        self.root.set("origin", generator())
        self.root.set("creationDateTime", utc_now())
        self.notes: list[tuple[str, Row]] = []  # (title, note row) in the order referred to
        self.variables: set[str] = set()
        self.names = code_names(data.codes, unique=unique_names)
        self.claims = ClaimCodes.of(data, {n.casefold() for n in self.names.values()})
        self._users()
        self._codebook()
        self.variables_at = len(self.root)  # Variables go here once their use is known
        self.sources = _el(self.root, "Sources")

    def _users(self) -> None:
        coders = sorted(
            self.data.s.execute(
                sql(
                    "SELECT coder FROM highlight WHERE coder != '' "
                    "UNION SELECT coder FROM mention WHERE coder != ''"
                )
            ).scalars()
        )
        if coders:
            users = _el(self.root, "Users")
            for c in coders:
                _el(users, "User", guid=_user(c), name=c)

    def _codebook(self) -> None:
        if not self.data.codes and not self.claims.codes:
            return
        tree = _el(_el(self.root, "CodeBook"), "Codes")
        code_tree(tree, self.data.codes, self.names, NS)
        if self.claims.codes:  # a category in QualCoder, each claim a code in it
            box = _el(tree, "Code", guid=CLAIMS_GUID, name=self.claims.name, isCodable="false")
            _text(box, "Description", self.claims.description)
            for claim in self.claims.codes:
                node = _el(
                    box,
                    "Code",
                    guid=claim.guid,
                    name=claim.name,
                    isCodable="true",
                    color=CLAIM_COLOR,
                )
                _text(node, "Description", claim.description)

    def _note_ref(self, parent: etree._Element, title: str, note: Row) -> None:
        _el(parent, "NoteRef", targetGUID=guid(note["uid"]))
        self.notes.append((title, note))

    def source(self, z: zipfile.ZipFile, art: ArticleData) -> int:
        """Add one article; returns its number of selections."""
        a = art.row
        sid = guid(a["uid"])
        z.writestr(f"sources/{sid}.txt", a["text"].encode("utf-8"))
        title = a["title"] or "(untitled)"
        src = _el(
            self.sources,
            "TextSource",
            guid=sid,
            name=title,
            plainTextPath=f"internal://{sid}.txt",
            creationDateTime=a["imported_at"],
        )
        if art.note:  # QualCoder keeps a source's description as its memo, not its notes
            _text(src, "Description", art.note["body"])
        unit = utf16_units(a["text"]) if self.utf16 else _same
        for h in art.highlights:
            self._selection(src, h, unit)
        if art.note:
            self._note_ref(src, f"Note on {title}", art.note)
        for variable, value in article_values(a):
            _value(src, variable, value)
            self.variables.add(variable)
        return len(art.highlights)

    def _selection(self, src: etree._Element, h: Row, unit: Callable[[int], int]) -> None:
        exact = " ".join(h["exact"].split())
        sel = _el(
            src,
            "PlainTextSelection",
            guid=guid(h["uid"]),
            name=exact[:60] + ("…" if len(exact) > 60 else ""),
            startPosition=unit(h["start"]),
            endPosition=unit(h["end"]),
            creatingUser=_user(h["coder"]),
            creationDateTime=h["created"],
            modifiedDateTime=h["modified"],
        )
        if h["note"]:  # the description tools show; the note keeps its GUID and format
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
        if mention := self.claims.mentions.get(h["id"]):  # beside its code: the claim it states
            coding = _el(
                sel,
                "Coding",
                guid=mention.guid,
                creatingUser=_user(mention.coder),
                creationDateTime=mention.created,
            )
            _el(coding, "CodeRef", targetGUID=mention.code_guid)
        if h["note"]:
            self._note_ref(sel, f"Note on {exact[:40]}", h["note"])

    def finish(self, z: zipfile.ZipFile) -> bytes:
        """The project.qde, with the variables used, the notes and the project's memos."""
        memos = all_memos(self.data.s)
        if any(m.format != "text/plain" for m in memos) or any(
            n["format"] != "text/plain" for _, n in self.notes
        ):
            self.variables.add(FORMAT_VARIABLE)
        if self.variables:
            box = etree.Element(_Q + "Variables")
            self.root.insert(self.variables_at, box)
            for name, _ in (*ARTICLE_VARIABLES, (FORMAT_VARIABLE, "")):
                if name in self.variables:
                    _el(box, "Variable", guid=variable_guid(name), name=name, typeOfVariable="Text")
        if not len(self.sources):
            self.root.remove(self.sources)  # an empty container is not valid QDA-XML
        notes = [*self.notes, *((m.title or "Project note", m.model_dump()) for m in memos)]
        journals = {m.uid for m in memos}
        if notes:
            box = _el(self.root, "Notes")
            for title, note in notes:
                nid = guid(note["uid"])
                n = _el(
                    box,
                    "Note",
                    guid=nid,
                    name=title,
                    # A project note's text is a file of its own: QualCoder's journals are.
                    plainTextPath=f"internal://{nid}.txt" if note["uid"] in journals else None,
                    creationDateTime=note["created"],
                    modifiedDateTime=note["modified"],
                )
                if note["uid"] in journals:
                    z.writestr(f"sources/{nid}.txt", note["body"].encode("utf-8"))
                else:
                    _text(n, "PlainTextContent", note["body"])
                if note["format"] != "text/plain":
                    _value(n, FORMAT_VARIABLE, note["format"])
        for m in memos:  # notes on the project as a whole
            _el(self.root, "NoteRef", targetGUID=guid(m.uid))
        return bytes(
            etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        )


def repeated_names(codes: list[CodeView]) -> dict[str, list[str]]:
    """Code names that more than one code has, with the paths of those codes."""
    paths: dict[str, list[str]] = {}
    for c in codes:
        paths.setdefault(c.name.casefold(), []).append(path(codes, c.id))
    return {p[0].rsplit("/", 1)[-1]: p for p in paths.values() if len(p) > 1}


def code_tree(tree: etree._Element, codes: list[CodeView], names: dict[int, str], ns: str) -> None:
    """The codes as ``Code`` elements (namespace ``ns``), nested in ``tree`` as they nest.

    Each code's memo is its ``Description`` (:func:`~db.formats.code_memo.memo_text`).
    """
    made: dict[int, etree._Element] = {}
    for c in codes:  # parents come before their children
        parent = made.get(c.parent_id, tree) if c.parent_id else tree
        attrs = {"guid": guid(c.uid), "name": names[c.id], "isCodable": "true"}
        node = etree.SubElement(parent, f"{{{ns}}}Code", {**attrs, "color": c.color.upper()})
        if memo := memo_text(c):
            etree.SubElement(node, f"{{{ns}}}Description").text = memo
        made[c.id] = node


def code_names(codes: list[CodeView], *, unique: bool) -> dict[int, str]:
    """Each code's name in the archive: with ``unique``, a repeated one gets its parent's path.

    QualCoder keeps one code of a name (its names are unique), so ``Economy/Claim`` and
    ``Politics/Claim`` are written ``Claim (Economy)`` and ``Claim (Politics)``; two of a name
    in one place are numbered, ``Claim (2)``.
    """
    repeated = {n.casefold() for n in repeated_names(codes)} if unique else set()
    names: dict[int, str] = {}
    written: dict[int | None, str] = {}  # each code's path as the archive nests it
    seen: set[str] = set()
    for c in codes:  # parents come before their children
        parent = written.get(c.parent_id, "") if c.parent_id else ""
        name = f"{c.name} ({parent})" if c.name.casefold() in repeated and parent else c.name
        n = 1
        while unique and name.casefold() in seen:  # the same name at the same place: numbered
            n += 1
            name = f"{c.name} ({parent}, {n})" if parent else f"{c.name} ({n})"
        seen.add(name.casefold())
        names[c.id] = name
        written[c.id] = f"{parent}/{name}" if parent else name
    return names


def name_warnings(codes: list[CodeView], *, unique: bool) -> list[str]:
    """What to tell the researcher about repeated code names before another tool reads them."""
    repeated = repeated_names(codes)
    if not repeated or unique:
        return []
    shown = "; ".join(f"{n}: {', '.join(p)}" for n, p in list(repeated.items())[:5])
    return [
        f"{len(repeated)} code name(s) are used by more than one code ({shown}). QualCoder keeps "
        "one code of each name, so the others' codings arrive uncoded there; export with unique "
        "code names to write them with their parent, as 'Claim (Economy)'."
    ]


def write_qdpx(
    data: ProjectData,
    output: Path,
    *,
    name: str,
    unique_names: bool = False,
    utf16: bool = False,
    warnings: list[str] | None = None,
) -> int:
    """Write the archive; returns the number of selections (highlights).

    ``utf16`` counts positions in UTF-16 units, as NVivo reads them, instead of the standard's
    code points (they differ after an emoji). What another tool may lose (repeated code names)
    is added to ``warnings``.
    """
    if warnings is not None:
        warnings += name_warnings(data.codes, unique=unique_names)
    selections = 0
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as z:
        writer = _Writer(data, name, unique_names=unique_names, utf16=utf16)
        for art in data.articles():
            selections += writer.source(z, art)
        z.writestr("project.qde", writer.finish(z))
    return selections
