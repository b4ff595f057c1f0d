"""Samples and assignments: named sets of articles drawn for coding, and who codes which set.

A *set* is a named list of articles (:class:`SetView`) of one of three kinds: a ``sample`` drawn
by :func:`draw_sample`, a ``reliability`` subsample drawn by :func:`draw_reliability_sample`, or a
``manual`` set whose articles are added and removed by hand (:func:`add_articles`,
:func:`remove_articles`). Members keep the order they were drawn in (``position``), the order a
coder is offered them (:func:`next_uncoded`).

Drawing. The population is every article, or the articles of another set, taken in id order;
with ``one_per_story`` only the first article (lowest id) of each story in it. A simple random
sample is ``random.Random(seed).sample(population, n)``. A stratified one splits the population by
outlet, by month of ``published`` (``YYYY-MM``), by the first part of the section, or by an
article variable's value as one coder coded it (:data:`STRATA`; articles without one form the
stratum ``""``), allocates ``n`` proportionally (:func:`allocate`, largest remainder), draws
each stratum in stratum order with the same generator, then shuffles the whole sample with it.
A fraction ``p`` asks for ``n = floor(p * N + 0.5)`` articles of a population of ``N``.

Reproducibility. The seed (drawn from the system's randomness when none is given) is stored in
the set's ``method`` with everything else that decided the draw, and the size of the population
it was drawn from. The same call on the same project gives the same set for as long as the
population is unchanged: articles imported or deleted since, or a story regrouped, change the
list the generator walks and so the draw. :func:`redraw` makes the draw again from ``method``.

Reliability. :func:`reliability_size` is the minimum number of units Krippendorff recommends for
testing alpha against a smallest acceptable value (Bloch & Kraemer's formula); see there.

Progress. A coder has coded an article when the article has a highlight with that coder or a
variable value by that coder. Functions take a session and return plain values; :func:`delete`
returns a :class:`Snapshot` that :func:`restore` puts back with the same id.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from sqlalchemy import bindparam, insert, text
from sqlmodel import Session

from db.annotate import variables
from db.store.models import (
    ArticleSet,
    ArticleSetKind,
    ArticleSetMember,
    Assignment,
    utc_now,
)

KINDS = tuple(k.value for k in ArticleSetKind)
#: What a sample can be stratified by; ``variable:NAME`` names an article variable.
STRATA = ("outlet", "month", "section", "variable:NAME")


class SampleError(ValueError):
    """A set cannot be drawn or changed as asked (the message says why)."""


@dataclass(frozen=True)
class SetView:
    id: int
    uid: str
    name: str
    kind: str
    #: How it was drawn (empty for a manual set): see :func:`draw_sample`.
    method: dict[str, Any]
    created: str
    size: int
    #: The coders it is assigned to, by name.
    coders: tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    coder: str
    coded: int
    size: int

    @property
    def share(self) -> float:
        """The part of the set coded, 0 to 1 (1 for an empty set)."""
        return self.coded / self.size if self.size else 1.0


@dataclass(frozen=True)
class Snapshot:
    """Everything needed to put a deleted set back: its row, members and assignments."""

    row: dict[str, Any]
    members: list[dict[str, Any]]
    assignments: list[dict[str, Any]]


# ---- Sizing


def allocate(sizes: Mapping[str, int], n: int) -> dict[str, int]:
    """Split ``n`` across strata in proportion to their sizes, by largest remainder.

    Each stratum of ``N_h`` articles out of ``N`` gets the whole part of its quota
    ``n * N_h / N``; the units left go one each to the strata with the largest fractional parts
    (Hamilton's method), ties to the larger stratum, then to the stratum first in sorted order.
    The shares add up to ``n`` and none exceeds its stratum.

    Raises:
        SampleError: ``n`` is negative or more than the strata hold.
    """
    total = sum(sizes.values())
    if n < 0 or n > total:
        raise SampleError(f"cannot draw {n} articles from {total}")
    if total == 0:
        return {k: 0 for k in sizes}
    # Exact integer arithmetic: quota = n * N_h / N as quotient and remainder.
    whole = {k: n * size // total for k, size in sizes.items()}
    rest = {k: n * size % total for k, size in sizes.items()}
    left = n - sum(whole.values())
    for k in sorted(sizes, key=lambda k: (-rest[k], -sizes[k], k))[:left]:
        whole[k] += 1
    return whole


def size_of_fraction(fraction: float, population: int) -> int:
    """The articles a fraction of the population asks for: ``floor(p * N + 0.5)``.

    Raises:
        SampleError: the fraction is not between 0 and 1.
    """
    if not 0 < fraction <= 1:
        raise SampleError(f"a fraction is more than 0 and at most 1, not {fraction}")
    return math.floor(fraction * population + 0.5)


def reliability_size(alpha_min: float = 0.8, p: float = 0.05, p_c: float = 0.5) -> int:
    """The minimum number of units to test Krippendorff's alpha on, two coders coding each.

    Krippendorff (2004, *Content Analysis*, 2nd ed., §11.4.4; 2013, 3rd ed., §12.4.4) sizes the
    reliability data with Bloch & Kraemer's (1989, eq. 3.7) formula, so that alpha measured can
    be told apart from the smallest acceptable ``alpha_min`` at significance level ``p``, when
    the least frequent value of the variable occurs with probability ``p_c``::

        N_c = 2 z_p^2 * ((1 + a_min)(3 - a_min) / (4 (1 - a_min) p_c (1 - p_c)) - a_min)

    with ``z_p`` the one-tailed standard normal quantile for ``p`` (1.645 for 0.05), rounded up.
    For two equally likely values ``p_c = 0.5``; for ``k`` values at best ``1 / k``. His table
    gives 139 units for a_min = .800, p = .05 and p_c = .25 (four equally frequent values), and 81
    for a_min = .667.

    Raises:
        SampleError: a parameter out of range.
    """
    if not 0 < alpha_min < 1:
        raise SampleError(f"the smallest acceptable alpha is between 0 and 1, not {alpha_min}")
    if not 0 < p < 0.5:
        raise SampleError(f"the significance level is between 0 and 0.5, not {p}")
    if not 0 < p_c <= 0.5:
        raise SampleError(
            f"the probability of the least frequent value is more than 0 and at most 0.5, not {p_c}"
        )
    z = NormalDist().inv_cdf(1 - p)
    units = (
        2
        * z**2
        * ((1 + alpha_min) * (3 - alpha_min) / (4 * (1 - alpha_min) * p_c * (1 - p_c)) - alpha_min)
    )
    return math.ceil(units - 1e-9)  # a value that is whole up to rounding stays whole


# ---- Drawing


def population(
    s: Session, *, from_set: str | None = None, one_per_story: bool = False
) -> list[int]:
    """The article ids a sample is drawn from, in id order.

    Args:
        s: the session.
        from_set: the name of the set to draw from; all articles when None.
        one_per_story: only the first article (lowest id) of each story among them.

    Raises:
        SampleError: no set has that name.
    """
    if from_set is None:
        rows = s.execute(text("SELECT id, coalesce(story, id) FROM article ORDER BY id")).all()
    else:
        rows = s.execute(
            text(
                "SELECT a.id, coalesce(a.story, a.id) FROM article a "
                "JOIN article_set_member m ON m.article_id = a.id "
                "WHERE m.set_id = :s ORDER BY a.id"
            ),
            {"s": _by_name(s, from_set).id},
        ).all()
    if not one_per_story:
        return [aid for aid, _ in rows]
    seen: set[int] = set()
    first = []
    for aid, story in rows:
        if story not in seen:
            seen.add(story)
            first.append(aid)
    return first


def strata_of(s: Session, ids: Sequence[int], by: str, *, coder: str = "") -> dict[int, str]:
    """Each article's stratum (``""`` for none) under ``by``, one of :data:`STRATA`.

    ``variable:NAME`` takes the value ``coder`` coded for the article (canonical text).

    Raises:
        SampleError: an unknown stratification or variable.
    """
    wanted = set(ids)
    if by.startswith("variable:"):
        var = variables.find(s, by.removeprefix("variable:"))
        if var is None:
            raise SampleError(f"no variable named {by.removeprefix('variable:')!r}")
        found = dict(
            s.execute(
                text(
                    "SELECT article_id, value FROM variable_value "
                    "WHERE variable_id = :v AND coder = :c"
                ),
                {"v": var.id, "c": coder},
            ).all()
        )
        return {aid: str(found.get(aid, "")) for aid in ids}
    if by not in ("outlet", "month", "section"):
        raise SampleError(f"cannot stratify by {by!r}; use one of {', '.join(STRATA)}")
    out: dict[int, str] = {}
    for aid, outlet, published, section in s.execute(
        text("SELECT id, outlet, published, section FROM article ORDER BY id")
    ):
        if aid not in wanted:
            continue
        if by == "outlet":
            out[aid] = outlet or ""
        elif by == "month":
            out[aid] = (published or "")[:7]
        else:
            parts = json.loads(section or "[]")
            out[aid] = str(parts[0]) if parts else ""
    return out


def draw(
    ids: Sequence[int],
    n: int,
    seed: int,
    strata: Mapping[int, str] | None = None,
) -> tuple[list[int], dict[str, int]]:
    """Draw ``n`` of ``ids`` (in id order) with ``random.Random(seed)``: same call, same draw.

    Returns:
        The articles drawn in the order drawn, and each stratum's share (one stratum ``""``
        holding all when ``strata`` is None).

    Raises:
        SampleError: ``n`` is more than the population or not positive.
    """
    ordered = sorted(ids)
    if n > len(ordered):
        raise SampleError(f"cannot draw {n} articles: the population holds only {len(ordered)}")
    if n <= 0:
        raise SampleError(f"a sample holds at least one article, not {n}")
    rng = random.Random(seed)
    if strata is None:
        return rng.sample(ordered, n), {"": n}
    groups: dict[str, list[int]] = defaultdict(list)
    for aid in ordered:
        groups[strata[aid]].append(aid)
    shares = allocate({k: len(v) for k, v in groups.items()}, n)
    drawn: list[int] = []
    for key in sorted(groups):
        drawn += rng.sample(groups[key], shares[key])
    rng.shuffle(drawn)  # an order that does not run through the strata one after another
    return drawn, dict(sorted(shares.items()))


def draw_sample(
    s: Session,
    name: str,
    *,
    n: int | None = None,
    fraction: float | None = None,
    stratify: str | None = None,
    seed: int | None = None,
    one_per_story: bool = False,
    from_set: str | None = None,
    coder: str = "",
) -> int:
    """Draw a sample and save it as the set ``name``; returns its id.

    Exactly one of ``n`` and ``fraction`` is given. The set's ``method`` records ``design``
    (``simple`` or ``stratified``), ``stratify``, ``coder`` (for a variable), ``n``,
    ``fraction``, ``seed``, ``one_per_story``, ``from_set``, ``population`` (the number of
    articles drawn from) and ``allocation`` (each stratum's share).

    Raises:
        SampleError: the name is taken or empty, both or neither size given, the size does not
            fit the population, or the stratification is unknown.
    """
    if (n is None) == (fraction is None):
        raise SampleError("give either a number of articles or a fraction, not both or neither")
    _free(s, name)
    ids = population(s, from_set=from_set, one_per_story=one_per_story)
    size = n if n is not None else size_of_fraction(fraction or 0.0, len(ids))
    strata = strata_of(s, ids, stratify, coder=coder) if stratify else None
    seed = random.SystemRandom().randrange(2**32) if seed is None else seed
    drawn, shares = draw(ids, size, seed, strata)
    method = {
        "design": "stratified" if stratify else "simple",
        "stratify": stratify,
        "coder": coder if stratify and stratify.startswith("variable:") else None,
        "n": size,
        "fraction": fraction,
        "seed": seed,
        "one_per_story": one_per_story,
        "from_set": from_set,
        "population": len(ids),
        "allocation": shares,
    }
    return _save(s, name, ArticleSetKind.SAMPLE.value, method, drawn)


def draw_reliability_sample(
    s: Session,
    name: str,
    *,
    alpha_min: float = 0.8,
    p: float = 0.05,
    p_c: float = 0.5,
    seed: int | None = None,
    from_set: str | None = None,
) -> int:
    """Draw a simple random subsample of :func:`reliability_size` articles as the set ``name``.

    Raises:
        SampleError: the population holds fewer articles than the test needs (said with both
            numbers), the name is taken, or a parameter is out of range.
    """
    _free(s, name)
    size = reliability_size(alpha_min, p, p_c)
    ids = population(s, from_set=from_set)
    if size > len(ids):
        raise SampleError(
            f"a reliability test at alpha_min {alpha_min}, p {p} needs {size} articles; "
            f"the population holds only {len(ids)}"
        )
    seed = random.SystemRandom().randrange(2**32) if seed is None else seed
    drawn, _ = draw(ids, size, seed)
    method = {
        "design": "reliability",
        "alpha_min": alpha_min,
        "p": p,
        "p_c": p_c,
        "n": size,
        "seed": seed,
        "from_set": from_set,
        "population": len(ids),
    }
    return _save(s, name, ArticleSetKind.RELIABILITY.value, method, drawn)


def redraw(s: Session, set_id: int) -> list[int]:
    """The articles the set's recorded method draws today: its members while nothing changed."""
    m = get(s, set_id).method
    ids = population(s, from_set=m.get("from_set"), one_per_story=bool(m.get("one_per_story")))
    strata = (
        strata_of(s, ids, m["stratify"], coder=m.get("coder") or "") if m.get("stratify") else None
    )
    return draw(ids, int(m["n"]), int(m["seed"]), strata)[0]


# ---- Sets


def create(s: Session, name: str, article_ids: Iterable[int] = ()) -> int:
    """Make a manual set, optionally with articles (in that order); returns its id."""
    _free(s, name)
    return _save(s, name, ArticleSetKind.MANUAL.value, {}, list(dict.fromkeys(article_ids)))


def all_sets(s: Session) -> list[SetView]:
    """Every set, by name."""
    rows = s.execute(
        text(
            "SELECT s.id, s.uid, s.name, s.kind, s.method, s.created, "
            "(SELECT count(*) FROM article_set_member m WHERE m.set_id = s.id) "
            "FROM article_set s ORDER BY s.name COLLATE NOCASE, s.id"
        )
    ).all()
    coders: dict[int, list[str]] = defaultdict(list)
    for set_id, coder in s.execute(text("SELECT set_id, coder FROM assignment ORDER BY coder")):
        coders[set_id].append(coder)
    return [
        SetView(r[0], r[1], r[2], r[3], _method(r[4]), r[5], r[6], tuple(coders[r[0]]))
        for r in rows
    ]


def _method(stored: str) -> dict[str, Any]:
    """A set's recorded draw; one another program wrote as something else reads as none."""
    try:
        method = json.loads(stored)
    except ValueError:
        return {}
    return method if isinstance(method, dict) else {}


def get(s: Session, set_id: int) -> SetView:
    """One set. Raises :class:`SampleError` if there is none with that id."""
    for view in all_sets(s):
        if view.id == set_id:
            return view
    raise SampleError(f"no set {set_id}")


def find(s: Session, name: str) -> SetView | None:
    """The set of that name, or None."""
    row = s.execute(text("SELECT id FROM article_set WHERE name = :n"), {"n": name}).first()
    return get(s, row[0]) if row else None


def members(s: Session, set_id: int) -> list[int]:
    """The set's article ids in their order."""
    return list(
        s.execute(
            text("SELECT article_id FROM article_set_member WHERE set_id = :s ORDER BY position"),
            {"s": set_id},
        ).scalars()
    )


def rename(s: Session, set_id: int, name: str) -> str:
    """Rename the set; returns the old name (to undo)."""
    row = _row(s, set_id)
    old = row.name
    if name.strip() != old:
        _free(s, name)
        row.name = name.strip()
        s.add(row)
        s.flush()
    return old


def delete(s: Session, set_id: int) -> Snapshot:
    """Delete the set with its members and assignments; returns what :func:`restore` needs."""
    row = _row(s, set_id)
    snap = Snapshot(
        row.model_dump(),
        _dicts(s, "SELECT * FROM article_set_member WHERE set_id = :s", set_id),
        _dicts(s, "SELECT * FROM assignment WHERE set_id = :s", set_id),
    )
    s.delete(row)  # members and assignments go with it (ON DELETE CASCADE)
    s.flush()
    return snap


def restore(s: Session, snap: Snapshot) -> int:
    """Put a deleted set back with its id; members deleted meanwhile stay gone.

    Raises:
        SampleError: another set has taken its name meanwhile.
    """
    _free(s, str(snap.row["name"]))
    s.add(ArticleSet.model_validate(snap.row))
    s.flush()
    alive = set(s.execute(text("SELECT id FROM article")).scalars())
    kept = [m for m in snap.members if m["article_id"] in alive]
    if kept:
        s.execute(insert(ArticleSetMember), kept)
    if snap.assignments:
        s.execute(insert(Assignment), snap.assignments)
    s.flush()
    return int(snap.row["id"])


def add_articles(s: Session, set_id: int, article_ids: Iterable[int]) -> list[int]:
    """Add articles at the end of a manual set; returns those added (not already in it).

    Raises:
        SampleError: the set was drawn (its draw would no longer say what it holds), or an
            article does not exist.
    """
    _manual(s, set_id)
    held = set(members(s, set_id))
    new = [a for a in dict.fromkeys(article_ids) if a not in held]
    known = set(
        s.execute(
            text("SELECT id FROM article WHERE id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": new},
        ).scalars()
    )
    missing = [a for a in new if a not in known]
    if missing:
        raise SampleError(f"no article {', '.join(map(str, missing))}")
    last = s.execute(
        text("SELECT coalesce(max(position), -1) FROM article_set_member WHERE set_id = :s"),
        {"s": set_id},
    ).scalar_one()
    if new:
        s.execute(
            insert(ArticleSetMember),
            [
                {"set_id": set_id, "article_id": a, "position": last + 1 + i}
                for i, a in enumerate(new)
            ],
        )
    return new


def remove_articles(s: Session, set_id: int, article_ids: Iterable[int]) -> list[int]:
    """Take articles out of a manual set; returns those that were in it.

    To undo, :func:`put_back` what :func:`places` said of them before.

    Raises:
        SampleError: the set was drawn.
    """
    _manual(s, set_id)
    held = set(members(s, set_id))
    gone = [a for a in dict.fromkeys(article_ids) if a in held]
    if gone:
        s.execute(
            text(
                "DELETE FROM article_set_member WHERE set_id = :s AND article_id IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"s": set_id, "ids": gone},
        )
    return gone


def places(s: Session, set_id: int, article_ids: Iterable[int]) -> list[tuple[int, int]]:
    """Where these articles stand in the set: (article id, position), for those in it."""
    wanted = set(article_ids)
    rows = s.execute(
        text("SELECT article_id, position FROM article_set_member WHERE set_id = :s"),
        {"s": set_id},
    ).all()
    return [(a, p) for a, p in rows if a in wanted]


def put_back(s: Session, set_id: int, places_: Sequence[tuple[int, int]]) -> None:
    """Put articles taken out of a set back where they stood (what :func:`places` said)."""
    alive = set(s.execute(text("SELECT id FROM article")).scalars())
    rows = [
        {"set_id": set_id, "article_id": a, "position": p} for a, p in places_ if a in alive
    ]
    if rows:
        s.execute(insert(ArticleSetMember), rows)


# ---- Assignments and progress


def assign(s: Session, set_id: int, coders: Iterable[str]) -> list[str]:
    """Give the set to coders; returns those newly assigned (the others already were).

    Raises:
        SampleError: the set does not exist or a coder's name is empty.
    """
    _row(s, set_id)
    names = [c.strip() for c in coders]
    if any(not c for c in names):
        raise SampleError("a coder's name cannot be empty")
    held = set(get(s, set_id).coders)
    new = [c for c in dict.fromkeys(names) if c not in held]
    if new:
        now = utc_now()
        s.execute(insert(Assignment), [{"set_id": set_id, "coder": c, "created": now} for c in new])
    return new


def unassign(s: Session, set_id: int, coder: str) -> bool:
    """Take the set from a coder; returns whether it was assigned to them."""
    done = s.execute(
        text("DELETE FROM assignment WHERE set_id = :s AND coder = :c"), {"s": set_id, "c": coder}
    )
    return bool(getattr(done, "rowcount", 0))


def coded_by(s: Session, set_id: int, coder: str) -> set[int]:
    """The set's articles the coder has coded anything in (a highlight or a variable value)."""
    return set(
        s.execute(
            text(
                "SELECT m.article_id FROM article_set_member m WHERE m.set_id = :s AND ("
                "EXISTS (SELECT 1 FROM highlight h WHERE h.article_id = m.article_id "
                "AND h.coder = :c) OR "
                "EXISTS (SELECT 1 FROM variable_value v WHERE v.article_id = m.article_id "
                "AND v.coder = :c))"
            ),
            {"s": set_id, "c": coder},
        ).scalars()
    )


def progress(s: Session, set_id: int, coders: Sequence[str] | None = None) -> list[Progress]:
    """Each coder's progress through the set (its assigned coders unless named)."""
    view = get(s, set_id)
    return [
        Progress(c, len(coded_by(s, set_id, c)), view.size)
        for c in (view.coders if coders is None else coders)
    ]


def next_uncoded(s: Session, set_id: int, coder: str) -> int | None:
    """The coder's next article in the set: the first by position not coded by them, or None."""
    done = coded_by(s, set_id, coder)
    return next((a for a in members(s, set_id) if a not in done), None)


# ---- Helpers


def _save(s: Session, name: str, kind: str, method: dict[str, Any], ids: Sequence[int]) -> int:
    row = ArticleSet(uid=str(uuid.uuid4()), name=name.strip(), kind=kind, method=json.dumps(method))
    s.add(row)
    s.flush()
    assert row.id is not None
    if ids:
        s.execute(
            insert(ArticleSetMember),
            [{"set_id": row.id, "article_id": a, "position": i} for i, a in enumerate(ids)],
        )
    return row.id


def _free(s: Session, name: str) -> None:
    if not name.strip():
        raise SampleError("a set needs a name")
    if find(s, name.strip()) is not None:
        raise SampleError(f"there is already a set named {name.strip()!r}")


def _row(s: Session, set_id: int) -> ArticleSet:
    row = s.get(ArticleSet, set_id)
    if row is None:
        raise SampleError(f"no set {set_id}")
    return row


def _by_name(s: Session, name: str) -> SetView:
    view = find(s, name)
    if view is None:
        raise SampleError(f"no set named {name!r}")
    return view


def _manual(s: Session, set_id: int) -> None:
    if _row(s, set_id).kind != ArticleSetKind.MANUAL.value:
        raise SampleError("articles are added to and removed from manual sets only")


def _dicts(s: Session, sql: str, set_id: int) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in s.execute(text(sql), {"s": set_id})]
