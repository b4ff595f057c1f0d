"""Reading a REFI-QDA archive (.qdpx) into an :class:`Incoming`, storing nothing.

Positions are read the way the producer counts them (:mod:`db.formats.qdpx_positions`) and
carried onto the canonical text. What tools keep beside codings arrives too: a selection's
description and notes become its highlight's note (a selection with no code is a positioned
note: a highlight with a note); a source's description and notes, its article's note; the
project's notes and any note nothing refers to (a journal), project notes. Source variables
named like an article's fields (Outlet, Section, Byline, Published, URL, Language) fill them.
Every note keeps its GUID, so importing the same file twice gives the same uids. The codes of a
claim catalogue Claimdesk wrote (:mod:`db.formats.qdpx_claims`) come back as its claims, never
as codes, and the selections they code as the claims' mentions.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from db.annotate import codes as codebook
from db.annotate.notes import FORMATS
from db.formats.code_memo import read_memo
from db.formats.collect import FormatError
from db.formats.qdpx import ARTICLE_VARIABLES, FORMAT_VARIABLE, NS
from db.formats.qdpx_archive import ZIP_ERRORS, read_member, safe_members
from db.formats.qdpx_claims import CLAIMS_GUID, read_catalogue, read_claim
from db.formats.qdpx_positions import (
    CODE_POINTS,
    Reading,
    SourceText,
    Span,
    choose,
    producer_counts_utf16,
)
from db.ingest.annotated import (
    ArticleIn,
    ClaimIn,
    CodeIn,
    ExchangeError,
    HighlightIn,
    Incoming,
    MemoIn,
    NoteIn,
    check,
    clean_uid,
)
from db.ingest.decode import DecodeError, decode_raw
from db.ingest.files import open_regular
from db.ingest.parse_text import parse_text

_Q = f"{{{NS}}}"
_FIELDS = {name.lower(): key for name, key in ARTICLE_VARIABLES} | {"date": "published"}


def load_qdpx(path: Path) -> Incoming:
    """Read and check a .qdpx archive, storing nothing.

    Sources whose text is missing or unreadable, and selections whose positions do not fit
    their text, are left out with a warning in the result; how positions were read is said
    there too.

    Raises:
        FormatError: the archive is unsafe, not a REFI-QDA project, or holds something out of
            place (the message says what and where).
    """
    try:
        with open_regular(path) as f, zipfile.ZipFile(f) as z:
            members = safe_members(z)
            qde = next((i for n, i in members.items() if "/" not in n and n.endswith(".qde")), None)
            if qde is None:
                raise FormatError(f"{path.name} holds no project.qde; it is not a REFI-QDA project")
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            root = etree.fromstring(read_member(z, qde), parser)
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
    except ZIP_ERRORS as exc:
        raise FormatError(f"{path.name}: the archive could not be read ({exc})") from exc


def _all_text(node: etree._Element | None) -> str:
    """All the text inside ``node``: an entity left unresolved is kept as written (``&name;``)."""
    return "" if node is None else "".join(node.itertext())


def _guid(node: etree._Element, attr: str = "guid") -> str:
    return (node.get(attr) or "").strip().strip("{}").upper()


def _derived(guid: str, what: str) -> str:
    """A uid made from an element's GUID: the same for the same file, every time."""
    if not guid:
        return str(uuid.uuid4())
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"claimdesk:qdpx:{guid}:{what}"))


def _note_uid(guid: str) -> str:
    """A note's uid: its GUID, or one made from it where it is not a UUID."""
    try:
        return str(uuid.UUID(guid))
    except ValueError:
        return _derived(guid, "note")


def _values(node: etree._Element, variables: dict[str, str]) -> dict[str, str]:
    """A source's or note's variable values by variable name (lower case), as text."""
    out: dict[str, str] = {}
    for v in node.iterfind(_Q + "VariableValue"):
        ref = v.find(_Q + "VariableRef")
        name = variables.get(_guid(ref, "targetGUID")) if ref is not None else None
        value = next((c for c in v if c.tag != _Q + "VariableRef"), None)
        if name and value is not None and (value.text or "").strip():
            out[name.lower()] = value.text.strip() if value.text else ""
    return out


@dataclass
class _Note:
    guid: str
    name: str
    body: str
    format: str
    created: str | None
    modified: str | None
    spans: list[tuple[str, Span]]  # a positioned note's (selection GUID, span) in its source
    user: str = ""  # the GUID of who wrote it


def _spans(node: etree._Element) -> list[tuple[etree._Element, Span]]:
    """The selections of ``node`` whose positions are numbers, with their spans."""
    found = []
    for sel in node.iterfind(_Q + "PlainTextSelection"):
        start, end = sel.get("startPosition") or "", sel.get("endPosition") or ""
        if start.isdigit() and end.isdigit():
            found.append((sel, Span(int(start), int(end), sel.get("name") or "")))
    return found


def _cut(text: str, locate: Callable[[int], int | None], span: Span) -> tuple[int, int] | None:
    """Where ``span`` falls in ``text``, if it marks some of it."""
    start, end = locate(span.start), locate(span.end)
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    return (start, end) if text[start:end].strip() else None


@dataclass
class _Source:
    node: etree._Element
    where: str
    text: SourceText
    spans: list[Span]
    positioned: list[_Note] = field(default_factory=list)  # notes with a position in it


def read_codebook(codes: etree._Element) -> Incoming:
    """The codes under a ``Codes`` element in the project's namespace, as a project's are read.

    Raises:
        ExchangeError: a code is out of place (the message says which).
    """
    reader = _Reader(zipfile.ZipFile(io.BytesIO(), "w"), {}, etree.Element(_Q + "Project"))
    reader._codes(codes, None)
    check(reader.inc)
    return reader.inc


class _Reader:
    """The parts of one archive read into an :class:`Incoming`."""

    def __init__(
        self, z: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], root: etree._Element
    ) -> None:
        self.z, self.members, self.root = z, members, root
        self.inc = Incoming()
        self.users = {_guid(u): u.get("name") or "" for u in root.iter(_Q + "User")}
        self.variables = {_guid(v): v.get("name") or "" for v in root.iter(_Q + "Variable")}
        self.notes = {_guid(n): self._note(n) for n in root.iterfind(f"{_Q}Notes/{_Q}Note")}
        self.referred: set[str] = set()  # notes something other than the project refers to
        self.code_uids: dict[str, str] = {}  # GUID as written -> uid
        self.claim_codes: dict[str, ClaimIn] = {}  # a claim's code's GUID -> the claim
        self.mention_of: dict[str, ClaimIn] = {}  # highlight uid -> the claim it mentions
        self.used: set[str] = set()  # note uids given out
        self.reading: Reading = CODE_POINTS

    def _note(self, n: etree._Element) -> _Note:
        fmt = _values(n, self.variables).get(FORMAT_VARIABLE.lower(), "text/plain")
        where = f"note {n.get('name') or _guid(n)!r}"
        has_text = n.find(_Q + "PlainTextContent") is not None or n.get("plainTextPath")
        return _Note(
            guid=_guid(n),
            name=n.get("name") or "",
            body=(self._source_text(n, where) or "") if has_text else "",
            format=fmt if fmt in FORMATS else "text/plain",
            created=n.get("creationDateTime"),
            modified=n.get("modifiedDateTime"),
            spans=[(_guid(sel), span) for sel, span in _spans(n)],
            user=_guid(n, "creatingUser"),
        )

    def incoming(self) -> Incoming:
        for codes in self.root.iterfind(f"{_Q}CodeBook/{_Q}Codes"):
            self._codes(codes, None)
        sources = list(self._sources())
        self._place_positioned_notes(sources)
        self.reading = choose(
            self.root.get("origin") or "",
            [
                (s.text, [*s.spans, *(sp for n in s.positioned for _, sp in n.spans)])
                for s in sources
            ],
        )
        if self.reading != CODE_POINTS:
            origin = self.root.get("origin") or ""
            why = (
                f"the way {origin} counts them"
                if producer_counts_utf16(origin) == self.reading.utf16
                else "the reading that cuts the selections on their quotes and word boundaries"
            )
            self.inc.warnings.append(f"positions were read as {self.reading.describe()}, {why}")
        for source in sources:
            self._article(source)
        self._memos()
        return self.inc

    def _place_positioned_notes(self, sources: list[_Source]) -> None:
        """Give each note with a position the source that refers to it.

        A positioned note nothing refers to belongs with the one before it (QualCoder refers
        only to each source's first).
        """
        owner = {
            _guid(r, "targetGUID"): source
            for source in sources
            for r in source.node.iterfind(_Q + "NoteRef")
        }
        last: _Source | None = None
        for note in self.notes.values():
            if not note.spans:
                continue
            source = owner.get(note.guid, last)
            if source is None:
                continue  # kept as a project note
            if note.guid not in owner:
                self.inc.warnings.append(
                    f"the note {note.body[:40]!r} has a position but no source refers to it; it "
                    f"was placed in {source.where}, with the note before it"
                )
            source.positioned.append(note)
            self.referred.add(note.guid)
            last = source

    def _claim_code(self, c: etree._Element) -> bool:
        """Whether ``c`` is the claim catalogue or a claim's code; if so, what it holds is read."""
        description = _all_text(c.find(_Q + "Description"))
        scale = read_catalogue(description)
        if scale is not None or _guid(c) == CLAIMS_GUID:
            for r in scale or []:
                if all(r.uid != held.uid for held in self.inc.ratings):
                    self.inc.ratings.append(r)
            return True
        found = read_claim(description, c.get("name") or "")
        if found is None:
            return False
        self.inc.warnings += found.warnings
        claim = next((k for k in self.inc.claims if k.uid == found.claim.uid), None)
        if claim is None:  # a claim's second code in the file codes its mentions too
            claim = found.claim
            self.inc.claims.append(claim)
        self.claim_codes[_guid(c)] = claim
        if found.claimant and all(found.claimant.uid != p.uid for p in self.inc.claimants):
            self.inc.claimants.append(found.claimant)
        if found.rating and all(found.rating.uid != r.uid for r in self.inc.ratings):
            self.inc.ratings.append(found.rating)
        return True

    def _codes(self, node: etree._Element, parent: str | None, within: str = "") -> None:
        """The codes nested in ``node``; ``within`` is the path of names around them."""
        for c in node.iterfind(_Q + "Code"):
            if self._claim_code(c):  # codes some other tool nested in it stay codes
                self._codes(c, parent, within)
                continue
            where = f"code {len(self.inc.codes) + 1} ({c.get('name') or ''!r})"
            uid = clean_uid(_guid(c), where)
            self.code_uids[_guid(c)] = uid
            self.referred |= {_guid(r, "targetGUID") for r in c.iterfind(_Q + "NoteRef")}
            name = c.get("name") or ""
            # A repeated name written with its parent's path for tools that need unique ones.
            name = name.removesuffix(f" ({within})") if within else name
            self.inc.codes.append(
                CodeIn(
                    uid=uid,
                    name=name,
                    color=c.get("color") or codebook.FALLBACK_COLOR,
                    parent=parent,
                    **read_memo(_all_text(c.find(_Q + "Description"))),
                )
            )
            self._codes(c, uid, f"{within}/{name}" if within else name)

    def _sources(self) -> list[_Source]:
        found = []
        for n, src in enumerate(self.root.iterfind(f"{_Q}Sources/*"), start=1):
            where = f"source {n} ({src.get('name') or '(untitled)'!r})"
            if src.tag != _Q + "TextSource":
                self.inc.warnings.append(f"{where} is not a text source; it was left out")
                continue
            raw = self._source_text(src, where)
            if raw is None:
                continue
            text = SourceText.of(raw)
            if not text.text.strip():
                self.inc.warnings.append(f"{where}: its text is empty; it was left out")
                continue
            found.append(_Source(src, where, text, [span for _, span in _spans(src)]))
        return found

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
            decoded = decode_raw(read_member(self.z, info))
        except DecodeError as exc:
            self.inc.warnings.append(
                f"{where}: its text could not be read ({exc}); it was left out"
            )
            return None
        if decoded.encoding != "utf-8":
            self.inc.warnings.append(f"{where}: its text was read as {decoded.encoding}")
        self.inc.warnings += [f"{where}: {w}" for w in decoded.warnings]
        return decoded.text

    def _note_in(self, node: etree._Element, what: str) -> NoteIn | None:
        """The description and notes of ``node`` as one note; the uid is the note's GUID."""
        refs = [_guid(r, "targetGUID") for r in node.iterfind(_Q + "NoteRef")]
        self.referred.update(refs)
        refs = [g for g in refs if g in self.notes and self.notes[g].body.strip()]
        refs = [g for g in refs if not self.notes[g].spans]  # positioned notes are highlights
        notes = [self.notes[g] for g in refs]
        description = _all_text(node.find(_Q + "Description"))
        if description.strip() and not any(n.body == description for n in notes):
            refs = ["", *refs]
            notes = [_Note("", "", description, "text/plain", None, None, []), *notes]
        if not notes:
            return None
        joined = _Note("", "", "\n\n".join(n.body for n in notes), "text/plain", None, None, [])
        # A description that is also a note is that note, once; several are joined as text.
        first = notes[0] if len(notes) == 1 else joined
        return self._note_of(first, self._uid_for(refs[0], _guid(node)))

    def _article(self, source: _Source) -> None:
        src, text = source.node, source.text
        art = parse_text(text.text)
        art.title = src.get("name") or art.title
        for name, value in _values(src, self.variables).items():
            key = _FIELDS.get(name)
            if key == "section":
                art.section = [p.strip() for p in value.split(" / ") if p.strip()]
            elif key:
                setattr(art, key, value)
        item = ArticleIn(
            uid=clean_uid(_guid(src), source.where),
            article=art,
            note=self._note_in(src, "note"),
        )
        locate = text.locate(self.reading)
        for m, sel in enumerate(src.iterfind(_Q + "PlainTextSelection"), start=1):
            found = self._selection(sel, text.text, locate, f"{source.where}, selection {m}")
            if found:
                item.highlights.append(found)
        item.highlights = self._fold_mentions(item.highlights)
        for note in source.positioned:
            for sel_guid, span in note.spans:
                where = f"{source.where}, the note {note.body[:40]!r}"
                bounds = _cut(text.text, locate, span)
                if bounds is None:
                    self._misplaced(where, span)
                    continue
                item.highlights.append(
                    HighlightIn(
                        uid=_note_uid(sel_guid) if sel_guid else str(uuid.uuid4()),
                        start=bounds[0],
                        end=bounds[1],
                        coder=self.users.get(note.user, ""),
                        created=note.created,
                        modified=note.modified,
                        note=self._note_of(note, self._uid_for(note.guid, sel_guid))
                        if note.body.strip()
                        else None,
                    )
                )
        self.inc.articles.append(item)

    def _selection(
        self, sel: etree._Element, text: str, locate: Callable[[int], int | None], where: str
    ) -> HighlightIn | None:
        raw = (sel.get("startPosition") or "", sel.get("endPosition") or "")
        span = Span(int(raw[0]), int(raw[1])) if raw[0].isdigit() and raw[1].isdigit() else None
        bounds = _cut(text, locate, span) if span else None
        if bounds is None:
            self._misplaced(where, Span(-1, -1), raw)
            return None
        start, end = bounds
        refs = list(sel.iterfind(f"{_Q}Coding/{_Q}CodeRef"))
        stated = [
            self.claim_codes[g] for r in refs if (g := _guid(r, "targetGUID")) in self.claim_codes
        ]
        ref = next((r for r in refs if _guid(r, "targetGUID") not in self.claim_codes), None)
        code = None
        if ref is not None:
            code = self.code_uids.get(_guid(ref, "targetGUID"))
            if code is None:
                self.inc.warnings.append(
                    f"{where}: its code {ref.get('targetGUID')} is not in the codebook; it was "
                    "imported without a code"
                )
        found = HighlightIn(
            uid=clean_uid(_guid(sel), where) if sel.get("guid") else str(uuid.uuid4()),
            start=start,
            end=end,
            code=code,
            coder=self.users.get(_guid(sel, "creatingUser"), ""),
            created=sel.get("creationDateTime"),
            modified=sel.get("modifiedDateTime"),
            note=self._note_in(sel, "note"),
        )
        if stated:
            if len({c.uid for c in stated}) > 1:
                self.inc.warnings.append(
                    f"{where}: it is coded with {len(stated)} claims; a passage mentions one, so "
                    f"it mentions the first, {stated[0].wording[:40]!r}"
                )
            self.mention_of[found.uid] = stated[0]
            stated[0].mentions.append(found.uid)
        return found

    def _fold_mentions(self, found: list[HighlightIn]) -> list[HighlightIn]:
        """A mention's own selection folded into the coded selection of the same passage.

        Tools that write one selection a coding (QualCoder) give a mention two: one coded with
        its code, one with its claim; they are one highlight.
        """
        spans = {(h.start, h.end): h for h in reversed(found) if h.uid not in self.mention_of}
        kept = []
        for h in found:
            claim = self.mention_of.get(h.uid)
            twin = spans.get((h.start, h.end))
            if claim is None or h.code is not None or h.note is not None or twin is None:
                kept.append(h)
                continue
            claim.mentions = [twin.uid if m == h.uid else m for m in claim.mentions]
            self.mention_of[twin.uid] = claim
            del spans[(h.start, h.end)]
        return kept

    def _misplaced(self, where: str, span: Span, raw: tuple[str, str] | None = None) -> None:
        shown = raw or (str(span.start), str(span.end))
        self.inc.warnings.append(
            f"{where}: its positions ({shown[0]}-{shown[1]}) do not mark text of the source; "
            "it was left out"
        )

    def _uid_for(self, guid: str, owner: str) -> str:
        """A note's uid: its GUID the first time it is used, then one made from ``owner``."""
        uid = _note_uid(guid) if guid else _derived(owner, "note")
        if uid in self.used:
            uid = _derived(owner, "note")
        self.used.add(uid)
        return uid

    def _note_of(self, note: _Note, uid: str) -> NoteIn:
        return NoteIn(
            uid=uid,
            body=note.body,
            format=note.format,
            created=note.created,
            modified=note.modified,
        )

    def _memos(self) -> None:
        """The project's notes, and notes nothing else refers to, as project notes."""
        about = _all_text(self.root.find(_Q + "Description"))
        if about.strip():
            self.inc.memos.append(
                MemoIn(
                    uid=_derived(f"project:{self.root.get('name') or ''}", "memo"),
                    title="Project memo",
                    body=about,
                )
            )
        mine = [_guid(r, "targetGUID") for r in self.root.iterfind(_Q + "NoteRef")]
        loose = [g for g in self.notes if g not in self.referred]
        for g in dict.fromkeys([*mine, *loose]):
            note = self.notes.get(g)
            if note is None or not note.body.strip():
                continue
            self.inc.memos.append(
                MemoIn(
                    uid=_note_uid(g),
                    title=note.name,
                    body=note.body,
                    format=note.format,
                    created=note.created,
                    modified=note.modified,
                )
            )
