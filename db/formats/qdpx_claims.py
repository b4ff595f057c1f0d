"""The claim catalogue in a REFI-QDA archive: one code per claim, coding its mentions.

QDA-XML has no claims, so they travel as what the tools keep of a codebook: a code ``Claims``
that is not codable (QualCoder's category), holding one code per claim. A claim's code is named
after its wording (shortened when long; QualCoder keeps one code of each name, so names are made
unique), and its description (QualCoder's code memo; NVivo writes its memos there too) holds the
claim's record as labelled lines, one field a line::

    Claim: Talks will resume in Geneva
    Claimant: Staffan de Mistura (person)
    Also known as: the UN envoy
    Made on: 2017-03-03
    Status: checked
    Verdict: True (5)
    Reasoning: They did, on 23 March.
    Tag: Syria
    Evidence: https://un.org/press — UN press release
    Notes: **Check** the date
    Claimdesk: claim <uid>; claimant <uid>; rating <uid>; created <time>; modified <time>

A value of several lines goes on in lines indented by two spaces; a list (aliases, tags,
evidence) is one line an item. The last line, ``Claimdesk: claim <uid>``, is what marks the code
as a claim when the archive is read: it survives another tool's export, where GUIDs do not.
The ``Claims`` code's description lists the rating scale the same way (``Rating: True (5)``,
then ``Claimdesk: claims; ratings <uid> …``). Each mention's selection has a coding of its
claim's code beside that of its own code (a highlight mentions at most one claim).

No ``Set`` per claim: QualCoder reads a set as a file variable of its member sources and leaves
its member codes out, so the codes alone say more.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field

from sqlalchemy import text

from db.annotate import claims
from db.annotate.claims import STATUSES
from db.formats.collect import ProjectData
from db.ingest.annotated import ClaimantIn, ClaimIn, RatingIn
from db.store.models import Claim, Claimant, Rating

#: The GUID of the ``Claims`` code, the same in every archive Claimdesk writes.
CLAIMS_GUID = str(uuid.uuid5(uuid.NAMESPACE_URL, "claimdesk:claims")).upper()
CLAIMS_NAME = "Claims"
CLAIM_COLOR = "#E67E22"
#: Longest code name a claim's wording is written as; the full wording is in the description.
MAX_NAME = 80
MARK = "Claimdesk:"
_LABELS = (
    "Claim", "Claimant", "Also known as", "Made on", "Status", "Verdict", "Reasoning", "Tag",
    "Evidence", "Notes", "Rating",
)  # fmt: skip
_LINE = re.compile(rf"^({'|'.join(map(re.escape, _LABELS))}): ?(.*)$")
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
_EVIDENCE_NOTE = " — "
_ABOUT = (
    "The claim catalogue from Claimdesk: each code in here is one claim, coding the passages "
    "that mention it; its description holds the claim's record."
)


def claim_code_guid(claim_uid: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"claimdesk:claim-code:{claim_uid}")).upper()


def mention_guid(highlight_uid: str, claim_uid: str) -> str:
    """The GUID of the coding that makes a highlight's selection a mention of a claim."""
    key = f"claimdesk:mention:{highlight_uid}:{claim_uid}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, key)).upper()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _field(label: str, value: str) -> list[str]:
    """``Label: value``, a value of several lines going on indented by two spaces."""
    first, *more = value.replace("\r\n", "\n").split("\n")
    return [f"{label}: {first}", *(f"  {line}" if line else "" for line in more)]


def short_name(wording: str, limit: int = MAX_NAME) -> str:
    """The wording as a code name: cut at a word before ``limit`` characters, with an ellipsis."""
    words = " ".join(wording.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def describe(claim: Claim, claimant: Claimant | None, rating: Rating | None) -> str:
    """The claim's record as its code's description (see the module's docstring)."""
    lines = _field("Claim", claim.wording)
    if claimant is not None:
        lines += _field("Claimant", f"{claimant.name} ({claimant.kind})")
        for alias in json.loads(claimant.aliases):
            lines += _field("Also known as", alias)
    if claim.made_on:
        lines += _field("Made on", claim.made_on)
    lines += _field("Status", claim.status)
    if rating is not None:
        lines += _field("Verdict", f"{rating.label} ({_number(rating.value)})")
    if claim.reasoning:
        lines += _field("Reasoning", claim.reasoning)
    for tag in json.loads(claim.tags):
        lines += _field("Tag", tag)
    for e in json.loads(claim.evidence):
        note = e.get("note") or ""
        lines += _field("Evidence", e["url"] + (_EVIDENCE_NOTE + note if note else ""))
    if claim.notes:
        lines += _field("Notes", claim.notes)
    ids = [f"claim {claim.uid}"]
    ids += [f"claimant {claimant.uid}"] if claimant is not None else []
    ids += [f"rating {rating.uid}"] if rating is not None else []
    ids += [f"created {claim.created}", f"modified {claim.modified}"]
    return "\n".join([*lines, f"{MARK} {'; '.join(ids)}"])


def describe_catalogue(scale: list[Rating]) -> str:
    """The ``Claims`` code's description: what it is, and the rating scale."""
    lines = [_ABOUT]
    for r in scale:
        lines += _field("Rating", f"{r.label} ({_number(r.value)})")
    uids = " ".join(r.uid for r in scale)
    return "\n".join([*lines, f"{MARK} claims" + (f"; ratings {uids}" if uids else "")])


# ---- Writing


@dataclass(frozen=True)
class ClaimCode:
    guid: str
    name: str
    description: str


@dataclass(frozen=True)
class MentionCoding:
    guid: str
    code_guid: str
    coder: str
    created: str


@dataclass
class ClaimCodes:
    """The claims an archive carries: their codes, and each mention's coding by highlight id."""

    name: str = CLAIMS_NAME
    description: str = ""
    codes: list[ClaimCode] = field(default_factory=list)
    mentions: dict[int, MentionCoding] = field(default_factory=dict)

    @classmethod
    def of(cls, data: ProjectData, taken: set[str]) -> ClaimCodes:
        """The claims in scope (with articles chosen, those mentioned in them).

        ``taken`` holds the (case-folded) names the archive's other codes have; a claim's code
        gets a name none of them has, numbered where two claims read the same.
        """
        s = data.s
        scale = claims.scale(s)
        ratings = {r.id: r for r in scale}
        people = {p.id: p for p in claims.claimants(s)}
        found = cls(description=describe_catalogue(scale))
        if CLAIMS_NAME.casefold() in taken:
            found.name = f"{CLAIMS_NAME} (Claimdesk)"
        used = set(taken)
        chosen: dict[int, tuple[str, str]] = {}  # claim id -> (uid, code GUID)
        for view in claims.all_claims(s):
            if data.claim_mentions(view.id) is None:
                continue
            claim = claims.get(s, view.id)
            name = base = short_name(claim.wording)
            n = 1
            while name.casefold() in used:
                n += 1
                name = f"{base} ({n})"
            used.add(name.casefold())
            code = claim_code_guid(claim.uid)
            chosen[view.id] = (claim.uid, code)
            found.codes.append(
                ClaimCode(
                    guid=code,
                    name=name,
                    description=describe(
                        claim,
                        people.get(claim.claimant_id) if claim.claimant_id else None,
                        ratings.get(claim.rating_id) if claim.rating_id else None,
                    ),
                )
            )
        rows = s.execute(
            text(
                "SELECT m.claim_id, m.coder, m.created, h.id, h.uid FROM mention m "
                "JOIN highlight h ON h.id = m.highlight_id"
            )
        )
        for claim_id, coder, created, hid, huid in rows:
            if claim_id in chosen:
                uid, code = chosen[claim_id]
                found.mentions[hid] = MentionCoding(mention_guid(huid, uid), code, coder, created)
        return found


# ---- Reading


def _fields(description: str) -> tuple[list[tuple[str, str]], str]:
    """(label, value) of each labelled line, in order, and the marking line after ``MARK``."""
    found: list[tuple[str, list[str]]] = []
    mark = ""
    for line in description.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith(MARK):
            mark = line.removeprefix(MARK).strip()
            continue
        m = _LINE.match(line)
        if m:
            found.append((m[1], [m[2]]))
        elif found:  # a value going on (lines before the first label are no field's)
            found[-1][1].append(line.removeprefix("  "))
    return [(label, "\n".join(parts).rstrip()) for label, parts in found], mark


def _ids(mark: str) -> dict[str, str]:
    """``claim <uid>; claimant <uid>; …`` as a dict; an unknown part is left out."""
    out: dict[str, str] = {}
    for part in mark.split(";"):
        key, _, value = part.strip().partition(" ")
        if key:
            out[key] = value.strip()
    return out


def _uuid(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(value.strip().strip("{}"))) if value else None
    except ValueError:
        return None


def _made(what: str, *parts: str) -> str:
    key = ":".join(p.casefold() for p in parts)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"claimdesk:qdpx:{what}:{key}"))


def _rating(value: str, uid: str | None) -> RatingIn | None:
    """``True (5)`` as a rating; None if it has no value in brackets."""
    label, sep, rest = value.rpartition(" (")
    if not sep or not rest.endswith(")"):
        return None
    try:
        number = float(rest[:-1])
    except ValueError:
        return None
    return RatingIn(uid=uid or _made("rating", label, _number(number)), label=label, value=number)


@dataclass
class ReadClaim:
    """A claim read from its code's description, with its claimant and verdict."""

    claim: ClaimIn
    claimant: ClaimantIn | None
    rating: RatingIn | None
    warnings: list[str] = field(default_factory=list)


def read_claim(description: str, name: str = "") -> ReadClaim | None:
    """The claim a code's description records, or None if it is not a claim's code.

    A field that cannot be read (a status or date edited out of shape in another tool) is left
    at its default, with a warning.
    """
    fields, mark = _fields(description)
    ids = _ids(mark)
    uid = _uuid(ids.get("claim"))
    if uid is None:
        return None
    got: dict[str, list[str]] = {}
    for label, value in fields:
        got.setdefault(label, []).append(value)

    def one(label: str) -> str:
        return got.get(label, [""])[0].strip()

    wording = " ".join(one("Claim").split()) or " ".join(name.split()) or "Untitled claim"
    where = f"the claim {wording[:40]!r}"
    warnings: list[str] = []
    status = one("Status") or "open"
    if status not in STATUSES:
        warnings.append(f"{where}: its status {status!r} is not one of {', '.join(STATUSES)}")
        status = "open"
    made_on = one("Made on") or None
    if made_on and not _DATE.fullmatch(made_on):
        warnings.append(f"{where}: its date {made_on!r} is not a date; it was left out")
        made_on = None
    claimant = None
    if who := one("Claimant"):
        name_, sep, kind = who.rpartition(" (")
        kind = kind.removesuffix(")")
        if not sep or kind not in ("person", "organisation"):
            name_, kind = who, "person"
        claimant = ClaimantIn(
            uid=_uuid(ids.get("claimant")) or _made("claimant", name_),
            name=name_.strip(),
            kind=kind,
            aliases=[a.strip() for a in got.get("Also known as", []) if a.strip()],
        )
    rating = None
    if verdict := one("Verdict"):
        rating = _rating(verdict, _uuid(ids.get("rating")))
        if rating is None:
            warnings.append(f"{where}: its verdict {verdict!r} has no value; it was left out")
    evidence = []
    for e in got.get("Evidence", []):
        url, _, note = e.strip().partition(_EVIDENCE_NOTE)
        evidence.append({"url": url.strip(), "note": note.strip()})
    claim = ClaimIn(
        uid=uid,
        wording=wording,
        claimant=claimant.uid if claimant else None,
        made_on=made_on,
        status=status,
        rating=rating.uid if rating else None,
        reasoning=got.get("Reasoning", [""])[0],
        tags=[t.strip() for t in got.get("Tag", []) if t.strip()],
        notes=got.get("Notes", [""])[0],
        evidence=evidence,
        created=ids.get("created") or None,
        modified=ids.get("modified") or None,
    )
    return ReadClaim(claim, claimant, rating, warnings)


def read_catalogue(description: str) -> list[RatingIn] | None:
    """The rating scale the ``Claims`` code's description lists; None if it is not that code."""
    fields, mark = _fields(description)
    ids = _ids(mark)
    if "claims" not in ids:
        return None
    uids = [_uuid(u) for u in ids.get("ratings", "").split()]
    values = [v for label, v in fields if label == "Rating"]
    scale = []
    for n, value in enumerate(values):
        rating = _rating(value, uids[n] if n < len(uids) else None)
        if rating is not None:
            scale.append(rating)
    return scale
