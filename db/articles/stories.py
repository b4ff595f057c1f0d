"""Stories in a project: which articles are copies of one report, kept as imports add them.

Each compared article has a signature (``article_signature``) and a story (``article.story``):
an article id that its copies share. New articles are placed by :class:`StoryFiler` before
they are written, so their story goes in with the row; when a new article joins two stories
they become one under the smaller id. An article without a signature (from a project made
before stories, or a failed comparison) has no story until :func:`compare_unsigned` places it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from db.index.stories import Hasher, Signature, StoryIndex
from db.store.models import BODY_KINDS


class StoryFiler:
    """Places new articles in the project's stories; one a connection that writes articles.

    The project's signatures are read once, then only those added since (by this import or
    another), inside each write transaction, so every article is compared with all before it.
    Imports sign new articles, above every id read; :func:`compare_unsigned` signs old ones,
    below, and says so in ``project_info`` (:data:`SIGNED_BELOW`): then those are read too.
    """

    def __init__(self) -> None:
        self.index = StoryIndex()
        self._seen = 0  # the highest article id whose signature was read
        self._below: str | None = None  # SIGNED_BELOW as last read

    def _catch_up(self, conn: sqlite3.Connection) -> None:
        below = _signed_below(conn)
        if below != self._below and self._seen:  # old articles signed since: read them too
            self._below = below
            known = [i for (i,) in conn.execute("SELECT article_id FROM main.article_signature")]
            self._load(conn, [i for i in known if i <= self._seen and i not in self.index])
        rows = conn.execute(
            "SELECT s.article_id, s.signature, a.story FROM main.article_signature s "
            "JOIN main.article a ON a.id = s.article_id WHERE s.article_id > ? "
            "ORDER BY s.article_id",
            (self._seen,),
        ).fetchall()
        if rows:
            self._seen = int(rows[-1][0])
            self.index.load((int(i), bytes(b), s) for i, b, s in rows if int(i) not in self.index)

    def _load(self, conn: sqlite3.Connection, ids: list[int]) -> None:
        for n in range(0, len(ids), 500):
            part = ids[n : n + 500]
            rows = conn.execute(
                "SELECT s.article_id, s.signature, a.story FROM main.article_signature s "
                "JOIN main.article a ON a.id = s.article_id "
                f"WHERE s.article_id IN ({', '.join('?' * len(part))})",
                part,
            )
            self.index.load((int(i), bytes(b), s) for i, b, s in rows)

    def place(self, conn: sqlite3.Connection, items: Sequence[tuple[int, bytes]]) -> list[int]:
        """The story of each new article (id, signature), in order; merges stories it joins.

        Call inside the write transaction that inserts the articles, before inserting them:
        the stories of articles already in the project are updated here.
        """
        self._catch_up(conn)
        batch = [(aid, Signature.from_bytes(blob)) for aid, blob in items]
        matched = self.index.file(batch)
        new: dict[int, int] = {}  # this batch's stories
        for (aid, _), found in zip(batch, matched, strict=True):
            stored = [i for i in found if i not in new]
            labels = {new[i] for i in found if i in new} | set(_stories(conn, stored).values())
            label = min(labels | {aid})
            new[aid] = label
            if old := sorted(labels - {label}):
                _merge(conn, old, label)
                for i, s in new.items():
                    if s in old:
                        new[i] = label
        self._seen = max([self._seen, *(aid for aid, _ in items)])
        return [new[aid] for aid, _ in items]


#: The ``project_info`` key :func:`compare_unsigned` bumps as it signs articles that are not the
#: newest (the others' filers then read them: they look above the ids they have read only).
SIGNED_BELOW = "stories_signed_below"


def _signed_below(conn: sqlite3.Connection) -> str | None:
    row = conn.execute(
        "SELECT value FROM main.project_info WHERE key = ?", (SIGNED_BELOW,)
    ).fetchone()
    return str(row[0]) if row else None


def _stories(conn: sqlite3.Connection, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT id, coalesce(story, id) FROM main.article WHERE id IN ({marks})", ids
    )
    return {int(i): int(s) for i, s in rows}


def _merge(conn: sqlite3.Connection, old: list[int], label: int) -> None:
    marks = ", ".join("?" * len(old))
    conn.execute(f"UPDATE main.article SET story = ? WHERE story IN ({marks})", [label, *old])


_HASHER: Hasher | None = None


def signature_of(body: str) -> bytes:
    """The stored signature of an article body (the text of its body blocks)."""
    return signatures_of([body])[0]


def signatures_of(bodies: list[str]) -> list[bytes]:
    """The stored signatures of many bodies, made together (several times faster)."""
    global _HASHER  # one permutation set a process, made when first needed
    if _HASHER is None:
        _HASHER = Hasher()
    hasher = _HASHER  # a few hundred at a time: bigger batches outgrow the CPU's caches
    return [
        s.to_bytes()
        for n in range(0, len(bodies), 200)
        for s in hasher.signatures(bodies[n : n + 200])
    ]


def body_of(article_text: str, blocks: Sequence[tuple[str, int, int]]) -> str:
    """The body an article is compared on: its body blocks' text (kind, start, end)."""
    return "\n\n".join(article_text[a:b] for kind, a, b in blocks if kind in BODY_KINDS)


def compare_unsigned(
    conn: sqlite3.Connection, progress: Callable[[int, int], None] | None = None
) -> int:
    """Place every article that has no signature yet in its story; returns how many.

    Commits a batch at a time, so a stopped run keeps what it did.
    """
    filer = StoryFiler()
    todo = [
        int(i)
        for (i,) in conn.execute(
            "SELECT id FROM main.article WHERE id NOT IN "
            "(SELECT article_id FROM main.article_signature) ORDER BY id"
        )
    ]
    done = 0
    for start in range(0, len(todo), 500):
        part = todo[start : start + 500]
        marks = ", ".join("?" * len(part))
        texts = dict(conn.execute(f"SELECT id, text FROM main.article WHERE id IN ({marks})", part))
        part = [i for i in part if i in texts]  # not those deleted since the list was read
        marks = ", ".join("?" * len(part))
        blocks: dict[int, list[tuple[str, int, int]]] = {i: [] for i in part}
        for aid, kind, a, b in conn.execute(
            f'SELECT article_id, kind, start, "end" FROM main.block WHERE article_id IN ({marks})'
            " ORDER BY article_id, seq",
            part,
        ):
            blocks[int(aid)].append((kind, int(a), int(b)))
        made = signatures_of([body_of(texts[i], blocks[i]) for i in part])
        sigs = list(zip(part, made, strict=True))
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Those deleted since they were read, or signed by an import meanwhile, are left out.
            left = {
                int(i)
                for (i,) in conn.execute(
                    f"SELECT id FROM main.article WHERE id IN ({marks}) AND id NOT IN "
                    "(SELECT article_id FROM main.article_signature)",
                    part,
                )
            }
            sigs = [(i, sig) for i, sig in sigs if i in left]
            part = [i for i, _ in sigs]
            done += len(part)
            labels = filer.place(conn, sigs)
            conn.executemany(
                "INSERT INTO main.article_signature (article_id, signature) VALUES (?, ?)", sigs
            )
            conn.executemany(
                "UPDATE main.article SET story = ? WHERE id = ?",
                zip(labels, part, strict=True),
            )
            conn.execute(
                "INSERT INTO main.project_info (key, value) VALUES (?, '1') ON CONFLICT (key) "
                "DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                (SIGNED_BELOW,),
            )
            filer._below = _signed_below(conn)  # its own signing: nothing new to read
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if progress:
            progress(min(start + 500, len(todo)), len(todo))
    return done


def unsigned_count(s: Session) -> int:
    """How many articles have not been compared yet (see :func:`compare_unsigned`)."""
    unsigned = "SELECT id FROM article EXCEPT SELECT article_id FROM article_signature"
    return int(s.execute(text(f"SELECT count(*) FROM ({unsigned})")).scalar_one())


@dataclass(frozen=True)
class Copy:
    """Another article of the same story, as the reader lists it."""

    id: int
    title: str | None
    outlet: str | None
    published: str | None


_COPIES = text(
    "SELECT b.id, b.title, b.outlet, b.published FROM article a JOIN article b "
    "ON b.story = a.story WHERE a.id = :a ORDER BY b.published IS NULL, b.published, b.id"
)


def story_of(s: Session, article_id: int) -> list[Copy]:
    """The articles of ``article_id``'s story, earliest first, itself included (one: alone)."""
    rows = s.execute(_COPIES, {"a": article_id}).all()
    if not rows:
        row = s.execute(
            text("SELECT id, title, outlet, published FROM article WHERE id = :a"),
            {"a": article_id},
        ).first()
        rows = [row] if row else []
    return [Copy(int(r[0]), r[1], r[2], r[3]) for r in rows]


#: One article a story: the first of each (for "one per story" lists and exports).
FIRST_OF_STORY = "SELECT min(id) FROM article GROUP BY coalesce(story, id)"


def stories_count(s: Session) -> int:
    """How many stories the project's articles make (an article without copies is one)."""
    return int(s.execute(text("SELECT count(DISTINCT coalesce(story, id)) FROM article")).one()[0])
