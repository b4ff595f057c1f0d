"""Claims as records: wording, claimant, date, status, verdict; the highlights that mention them.

A highlight mentions at most one claim. Linking a highlight that mentions another claim moves it
(the earlier claim is returned, for undo). Merging moves every mention and rejection of one
claim to another and deletes it; :class:`Merged` holds what undoing it needs.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from db.store.models import Claim, Claimant, ClaimStatus, Mention, Rating, Rejection, utc_now

STATUSES = tuple(s.value for s in ClaimStatus)
CLAIMANT_KINDS = ("person", "organisation")
#: The fields :func:`update` may set, with the type each takes.
FIELDS = ("wording", "claimant_id", "made_on", "status", "rating_id", "reasoning", "notes")
LIST_FIELDS = ("tags", "evidence")
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


class ClaimError(ValueError):
    """The claim cannot be changed as asked (the message says why)."""


@dataclass(frozen=True)
class ClaimView:
    id: int
    uid: str
    wording: str
    claimant: str
    made_on: str | None
    status: str
    verdict: str  # the rating's label, or ""
    mentions: int
    outlets: int
    first_seen: str | None  # the earliest publication date of an article that mentions it
    tags: tuple[str, ...] = ()
    #: The stories its mentions are in: copies of one wire story count once.
    stories: int = 0


@dataclass(frozen=True)
class MentionView:
    """A mention as a keyword-in-context line."""

    highlight_id: int
    article_id: int
    title: str
    outlet: str
    published: str | None
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    story: int = 0  # the article's story (its own id when it has no copies)

    def kwic(self, width: int = 40) -> str:
        """The mention as a keyword-in-context line: «the quote» within ``width`` characters."""
        before = " ".join(self.prefix.split())[-width:]
        after = " ".join(self.suffix.split())[:width]
        return f"…{before} «{' '.join(self.exact.split())}» {after}…"

    def where(self) -> str:
        """Outlet, date and headline of the article, those it has."""
        return " · ".join(p for p in (self.outlet, self.published or "", self.title) if p)


@dataclass
class Merged:
    """What :func:`merge` changed, for :func:`unmerge`."""

    kept: int
    gone: dict[str, Any]  # the deleted claim's row
    mentions: list[int] = field(default_factory=list)  # highlight ids moved
    rejections: list[int] = field(default_factory=list)  # rejection ids moved
    kept_lists: dict[str, str] = field(default_factory=dict)  # the kept claim's tags, evidence


def add(
    s: Session,
    wording: str,
    *,
    claimant_id: int | None = None,
    made_on: str | None = None,
    uid: str | None = None,
) -> int:
    """A new open claim; returns its id.

    Raises:
        ClaimError: the wording is empty.
    """
    if not wording.strip():
        raise ClaimError("a claim needs its wording")
    claim = Claim(
        uid=uid or str(uuid.uuid4()),
        wording=" ".join(wording.split()),
        claimant_id=claimant_id,
        made_on=made_on or None,
    )
    s.add(claim)
    s.flush()
    assert claim.id is not None
    return claim.id


def get(s: Session, claim_id: int) -> Claim:
    claim = s.get(Claim, claim_id)
    if claim is None:
        raise ClaimError("that claim is no longer in the project")
    return claim


def update(s: Session, claim_id: int, **values: Any) -> dict[str, Any]:
    """Set fields of :data:`FIELDS` (and lists of :data:`LIST_FIELDS`); returns the old values.

    Raises:
        ClaimError: an unknown field or status, an empty wording, or no such claim.
    """
    claim = get(s, claim_id)
    old: dict[str, Any] = {}
    for name, value in values.items():
        if name in LIST_FIELDS:
            old[name] = json.loads(getattr(claim, name))
            setattr(claim, name, json.dumps(list(value), ensure_ascii=False))
            continue
        if name not in FIELDS:
            raise ClaimError(f"a claim has no field {name!r}")
        if name == "status" and value not in STATUSES:
            raise ClaimError(f"a claim's status is one of {', '.join(STATUSES)}, not {value!r}")
        if name == "wording" and not str(value).strip():
            raise ClaimError("a claim needs its wording")
        if name == "made_on" and value and not _DATE.fullmatch(str(value)):
            raise ClaimError(f"a date is written YYYY-MM-DD (or YYYY-MM, YYYY), not {value!r}")
        old[name] = getattr(claim, name)
        setattr(claim, name, value)
    claim.modified = utc_now()
    s.add(claim)
    return old


def delete(s: Session, claim_id: int) -> None:
    """Delete the claim; its highlights stay, mentioning nothing."""
    s.delete(get(s, claim_id))


def link(s: Session, claim_id: int, highlight_id: int, *, coder: str = "") -> int | None:
    """Make the highlight a mention of the claim; returns the claim it mentioned before, if any."""
    get(s, claim_id)
    mention = s.exec(select(Mention).where(Mention.highlight_id == highlight_id)).first()
    before = mention.claim_id if mention else None
    mention = mention or Mention(claim_id=claim_id, highlight_id=highlight_id)
    mention.claim_id, mention.coder, mention.created = claim_id, coder, utc_now()
    s.add(mention)
    s.flush()
    return before


def unlink(s: Session, highlight_id: int) -> int | None:
    """The highlight mentions no claim any more; returns the one it mentioned."""
    mention = s.exec(select(Mention).where(Mention.highlight_id == highlight_id)).first()
    if mention is None:
        return None
    s.delete(mention)
    s.flush()
    return mention.claim_id


def claim_of(s: Session, highlight_id: int) -> int | None:
    mention = s.exec(select(Mention).where(Mention.highlight_id == highlight_id)).first()
    return mention.claim_id if mention else None


def merge(s: Session, keep: int, other: int) -> Merged:
    """Move the mentions and rejections of ``other`` to ``keep``, then delete ``other``.

    Tags and evidence links are joined.

    Raises:
        ClaimError: the two are the same claim, or one is gone.
    """
    if keep == other:
        raise ClaimError("a claim cannot be merged with itself")
    kept, gone = get(s, keep), get(s, other)
    done = Merged(
        keep, gone.model_dump(), kept_lists={"tags": kept.tags, "evidence": kept.evidence}
    )
    for m in s.exec(select(Mention).where(Mention.claim_id == other)):
        m.claim_id = keep
        s.add(m)
        done.mentions.append(m.highlight_id)
    for r in s.exec(select(Rejection).where(Rejection.claim_id == other)):
        r.claim_id = keep
        s.add(r)
        assert r.id is not None
        done.rejections.append(r.id)
    for name in LIST_FIELDS:
        joined = _union(json.loads(getattr(kept, name)), json.loads(getattr(gone, name)))
        setattr(kept, name, json.dumps(joined, ensure_ascii=False))
    kept.modified = utc_now()
    s.add(kept)
    s.flush()
    s.delete(gone)
    s.flush()
    return done


def unmerge(s: Session, done: Merged) -> None:
    """Undo :func:`merge`: the deleted claim back with its id, its mentions and rejections."""
    s.add(Claim(**done.gone))
    s.flush()
    gone = done.gone["id"]
    for m in s.exec(select(Mention).where(col(Mention.highlight_id).in_(done.mentions))):
        m.claim_id = gone
        s.add(m)
    for r in s.exec(select(Rejection).where(col(Rejection.id).in_(done.rejections))):
        r.claim_id = gone
        s.add(r)
    kept = get(s, done.kept)
    kept.tags, kept.evidence = done.kept_lists["tags"], done.kept_lists["evidence"]
    s.add(kept)
    s.flush()


def _union(a: Sequence[Any], b: Sequence[Any]) -> list[Any]:
    out = list(a)
    out += [x for x in b if x not in out]
    return out


def reject(s: Session, claim_id: int, article_id: int, start: int, end: int) -> int:
    """Remember that ``[start, end)`` of the article does not mention the claim."""
    row = Rejection(claim_id=claim_id, article_id=article_id, start=start, end=end)
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def rejected(s: Session, claim_id: int) -> set[tuple[int, int, int]]:
    """(article id, start, end) of every passage said not to mention the claim."""
    rows = s.exec(select(Rejection).where(Rejection.claim_id == claim_id))
    return {(r.article_id, r.start, r.end) for r in rows}


# ---- Claimants and the rating scale


def add_claimant(
    s: Session, name: str, aliases: Iterable[str] = (), *, kind: str = "person"
) -> int:
    """A person or organisation (``kind``); ``aliases`` are other names for it ("the UN envoy").

    Raises:
        ClaimError: no name, or a kind other than ``person`` or ``organisation``.
    """
    if not name.strip():
        raise ClaimError("a claimant needs a name")
    if kind not in CLAIMANT_KINDS:
        raise ClaimError(f"a claimant is a person or an organisation, not {kind!r}")
    row = Claimant(
        uid=str(uuid.uuid4()),
        name=name.strip(),
        kind=kind,
        aliases=json.dumps([a.strip() for a in aliases if a.strip()], ensure_ascii=False),
    )
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def find_claimant(s: Session, name: str) -> int | None:
    """The claimant called ``name`` or known by it as an alias (case ignored)."""
    wanted = " ".join(name.split()).casefold()
    for c in s.exec(select(Claimant)):
        if wanted in {c.name.casefold(), *(a.casefold() for a in json.loads(c.aliases))}:
            return c.id
    return None


def claimants(s: Session) -> list[Claimant]:
    return list(s.exec(select(Claimant).order_by(col(Claimant.name))))


def add_rating(s: Session, label: str, value: float) -> int:
    """A step of the project's rating scale."""
    row = Rating(uid=str(uuid.uuid4()), label=label.strip(), value=float(value))
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def scale(s: Session) -> list[Rating]:
    """The rating scale, best (highest value) first."""
    return list(s.exec(select(Rating).order_by(col(Rating.value).desc(), col(Rating.id))))


# ---- Reading


_CLAIMS = """
SELECT c.id, c.uid, c.wording, coalesce(p.name, ''), c.made_on, c.status,
       coalesce(r.label, ''), count(m.id), count(DISTINCT nullif(a.outlet, '')),
       min(nullif(a.published, '')), c.tags, count(DISTINCT coalesce(a.story, a.id))
FROM claim c
LEFT JOIN claimant p ON p.id = c.claimant_id
LEFT JOIN rating r ON r.id = c.rating_id
LEFT JOIN mention m ON m.claim_id = c.id
LEFT JOIN highlight h ON h.id = m.highlight_id
LEFT JOIN article a ON a.id = h.article_id
WHERE (:status IS NULL OR c.status = :status)
  AND (:words IS NULL OR c.wording LIKE :words ESCAPE '\\' OR p.name LIKE :words ESCAPE '\\')
GROUP BY c.id
ORDER BY c.id
"""


def all_claims(s: Session, *, status: str | None = None, words: str = "") -> list[ClaimView]:
    """The claims, optionally of one status or whose wording or claimant holds ``words``."""
    like = None
    if words.strip():
        escaped = words.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
    rows = s.execute(text(_CLAIMS), {"status": status, "words": like})
    return [
        ClaimView(
            id=r[0],
            uid=r[1],
            wording=r[2],
            claimant=r[3],
            made_on=r[4],
            status=r[5],
            verdict=r[6],
            mentions=r[7],
            outlets=r[8],
            first_seen=r[9],
            tags=tuple(json.loads(r[10])),
            stories=r[11],
        )
        for r in rows
    ]


_MENTIONS = """
SELECT h.id, a.id, coalesce(a.title, ''), coalesce(a.outlet, ''), a.published, h.exact,
       h.prefix, h.suffix, h.start, h."end", coalesce(a.story, a.id)
FROM mention m JOIN highlight h ON h.id = m.highlight_id JOIN article a ON a.id = h.article_id
WHERE m.claim_id = :c
ORDER BY coalesce(nullif(a.published, ''), '9999'), a.id, h.start
"""


def mentions(s: Session, claim_id: int) -> list[MentionView]:
    """The claim's mentions, earliest publication first: the first is its first appearance."""
    return [MentionView(*r) for r in s.execute(text(_MENTIONS), {"c": claim_id})]
