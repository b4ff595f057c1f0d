"""The project file's tables.

Ids of articles, codes, highlights and notes are never reused (AUTOINCREMENT). Offsets
(``start``/``end``) are code points of ``Article.text``, the canonical text (LF only, NFC,
no BOM), end exclusive, as in W3C Web Annotation and REFI-QDA. Timestamps are UTC ISO 8601 strings
ending in ``Z``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    text,
)
from sqlmodel import Field, SQLModel

# Stable constraint names so that Alembic batch migrations can address them.
SQLModel.metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def utc_now() -> str:
    """The current time as an ISO 8601 UTC string with a ``Z`` suffix."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class BlockKind(StrEnum):
    HEADLINE = "headline"
    BREADCRUMB = "breadcrumb"
    BYLINE = "byline"
    DATELINE = "dateline"
    STANDFIRST = "standfirst"
    CAPTION = "caption"
    SUBHEADING = "subheading"
    PARAGRAPH = "paragraph"
    BOILERPLATE = "boilerplate"
    COMMENT = "comment"
    OTHER = "other"


#: Kinds shown as the article's body in the reader and indexed for search.
BODY_KINDS = frozenset({BlockKind.STANDFIRST, BlockKind.SUBHEADING, BlockKind.PARAGRAPH})


def _cascade(table: str) -> Column[int]:
    return Column(
        Integer, ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False, index=True
    )


class ProjectInfo(SQLModel, table=True):
    """Key/value facts about the project; ``app = claimdesk`` marks the file as ours."""

    __tablename__ = "project_info"
    key: str = Field(primary_key=True)
    value: str


class Article(SQLModel, table=True):
    __table_args__ = (
        # The list's orders (migration 0006)
        Index("ix_article_title_nocase", text("title COLLATE NOCASE")),
        Index("ix_article_section_nocase", text("section COLLATE NOCASE")),
        Index("ix_article_published", "published"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    title: str | None = None
    section: str = "[]"  # JSON list of breadcrumb parts, outermost first
    byline: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    text: str
    text_sha256: str = Field(unique=True)
    #: Spans set aside from the body ("start-end,start-end"), blanked out of the search index.
    hidden_spans: str = ""
    origin_path: str | None = None
    encoding: str | None = None
    imported_at: str = Field(default_factory=utc_now)
    #: The story (its copies share it), named by an article id; None until compared (0011).
    story: int | None = Field(default=None, index=True)


class ArticleSignature(SQLModel, table=True):
    """The MinHash signature of an article's body (:mod:`db.index.stories`), for later imports."""

    __tablename__ = "article_signature"
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    )
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Block(SQLModel, table=True):
    __table_args__ = (Index("ix_block_article_seq", "article_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=_cascade("article"))
    seq: int
    kind: str
    start: int
    end: int


class Caption(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=_cascade("article"))
    seq: int
    text: str
    credit: str | None = None
    start: int  # where the caption itself stands in the canonical text
    end: int
    anchor: int  # start of the body text it stood beside (the next body block)


class Code(SQLModel, table=True):
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    name: str
    color: str = "#F4D03F"
    description: str = ""  # the definition, the first of a codebook entry's memo fields
    parent_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("code.id", ondelete="CASCADE"), nullable=True),
    )
    sort: int = 0
    #: The rest of the code's memo (0014): when to use it, when not to, an example.
    when_to_use: str = Field(default="", sa_column_kwargs={"server_default": ""})
    when_not: str = Field(default="", sa_column_kwargs={"server_default": ""})
    example: str = Field(default="", sa_column_kwargs={"server_default": ""})


#: What an entry of the codebook's audit trail records.
CODE_ACTIONS = ("create", "rename", "move", "recolour", "describe", "merge", "delete", "restore")


class CodeEvent(SQLModel, table=True):
    """A change to a code, for the codebook's audit trail (0014).

    The code is named by its uid, with no foreign key: the trail outlives the code. ``detail``
    is JSON: the old and new values, the code merged into, how many highlights moved.
    """

    __tablename__ = "code_event"
    __table_args__ = (
        CheckConstraint(
            "action IN (" + ", ".join(f"'{a}'" for a in CODE_ACTIONS) + ")", name="action"
        ),
        Index("ix_code_event_code", "code_uid"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    code_uid: str
    action: str
    coder: str = ""
    at: str = Field(default_factory=utc_now)
    detail: str = "{}"


class Highlight(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("start >= 0 AND end > start", name="span"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    article_id: int = Field(sa_column=_cascade("article"))
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    text_sha256: str
    code_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("code.id", ondelete="SET NULL"), nullable=True),
    )
    coder: str = ""
    status: str = "anchored"
    created: str = Field(default_factory=utc_now)
    modified: str = Field(default_factory=utc_now)


class Note(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("(article_id IS NULL) <> (highlight_id IS NULL)", name="one_target"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    article_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=True, unique=True
        ),
    )
    highlight_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("highlight.id", ondelete="CASCADE"), nullable=True, unique=True
        ),
    )
    body: str = ""
    format: str = "text/plain"
    lang: str | None = None
    created: str = Field(default_factory=utc_now)
    modified: str = Field(default_factory=utc_now)
    #: Who wrote it, as highlights name their coder (0012); empty for notes made before.
    coder: str = Field(default="", sa_column_kwargs={"server_default": ""})


class StructureEdit(SQLModel, table=True):
    """A correction of an article's structure by the researcher, kept apart from the parser's.

    ``kind`` set: the text ``[start, end)`` is that kind of line. ``kind`` None: the line is
    split at ``start`` (``end == start``). Corrections apply in id order, over the blocks a
    parse gave; the canonical text is never changed.
    """

    __tablename__ = "structure_edit"
    __table_args__ = (
        CheckConstraint("start >= 0 AND end >= start", name="span"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=_cascade("article"))
    start: int
    end: int
    kind: str | None = None
    created: str = Field(default_factory=utc_now)


class Memo(SQLModel, table=True):
    """A note on the project as a whole: a journal, the project memo, a memo from another tool."""

    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    title: str = ""
    body: str = ""
    format: str = "text/plain"
    lang: str | None = None
    created: str = Field(default_factory=utc_now)
    modified: str = Field(default_factory=utc_now)


class ClaimStatus(StrEnum):
    OPEN = "open"
    CHECKING = "checking"
    CHECKED = "checked"


class Claimant(SQLModel, table=True):
    """A person or organisation that makes claims; ``aliases`` (JSON list) name it too."""

    __table_args__ = (
        CheckConstraint("kind IN ('person', 'organisation')", name="kind"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    name: str
    kind: str = "person"
    aliases: str = "[]"
    created: str = Field(default_factory=utc_now)


class Rating(SQLModel, table=True):
    """One step of the project's rating scale (``value`` orders it: True 5 … False 1)."""

    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    label: str
    value: float


class Claim(SQLModel, table=True):
    """A claim as a record apart from the passages that state it (its mentions)."""

    __table_args__ = (
        CheckConstraint("status IN ('open', 'checking', 'checked')", name="status"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    wording: str
    claimant_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("claimant.id", ondelete="SET NULL"), nullable=True),
    )
    made_on: str | None = None  # the date the claim was made, ISO 8601
    status: str = ClaimStatus.OPEN.value
    rating_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("rating.id", ondelete="SET NULL"), nullable=True),
    )
    reasoning: str = ""
    tags: str = "[]"  # JSON list
    notes: str = ""  # Markdown
    evidence: str = "[]"  # JSON list of {"url", "note"}
    created: str = Field(default_factory=utc_now)
    modified: str = Field(default_factory=utc_now)


class Mention(SQLModel, table=True):
    """A highlight that states a claim: a highlight states at most one."""

    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=_cascade("claim"))
    highlight_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("highlight.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    coder: str = ""
    created: str = Field(default_factory=utc_now)


class Rejection(SQLModel, table=True):
    """A passage the researcher said does not mention the claim: not offered again."""

    __table_args__ = (
        CheckConstraint("start >= 0 AND end > start", name="span"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=_cascade("claim"))
    article_id: int = Field(sa_column=_cascade("article"))
    start: int
    end: int
    created: str = Field(default_factory=utc_now)


class VariableKind(StrEnum):
    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    NUMERIC = "numeric"
    YESNO = "yesno"
    DATE = "date"
    TEXT = "text"


class Variable(SQLModel, table=True):
    """A variable of the coding sheet, coded once per article per coder (0012).

    ``name`` is the column name exports use; ``label`` the longer wording (SPSS and Stata's
    variable label). Nominal and ordinal variables take the values of their options.
    """

    __table_args__ = (
        CheckConstraint(
            "kind IN ('nominal', 'ordinal', 'numeric', 'yesno', 'date', 'text')", name="kind"
        ),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    name: str = Field(unique=True)
    label: str = ""
    kind: str
    description: str = ""
    position: int = 0


class VariableOption(SQLModel, table=True):
    """One value of a nominal or ordinal variable: its code (1) and label ("positive")."""

    __tablename__ = "variable_option"
    __table_args__ = (PrimaryKeyConstraint("variable_id", "value"),)
    variable_id: int = Field(
        sa_column=Column(Integer, ForeignKey("variable.id", ondelete="CASCADE"), primary_key=True)
    )
    value: int = Field(primary_key=True)
    label: str = ""
    position: int = 0


class VariableValue(SQLModel, table=True):
    """What a coder coded for an article on a variable, stored canonically as text.

    Numbers as Python writes them (``3``, ``2.5``), yes/no as ``1``/``0``, dates ISO 8601
    (``2024-03-01``, ``2024-03``, ``2024``), options by their code.
    """

    __tablename__ = "variable_value"
    __table_args__ = (
        PrimaryKeyConstraint("article_id", "variable_id", "coder"),
        # Cascades from a variable, and whether an option is in use.
        Index("ix_variable_value_variable", "variable_id", "value"),
    )
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    )
    variable_id: int = Field(
        sa_column=Column(Integer, ForeignKey("variable.id", ondelete="CASCADE"), primary_key=True)
    )
    coder: str = Field(default="", primary_key=True, sa_column_kwargs={"server_default": ""})
    value: str
    created: str = Field(default_factory=utc_now)
    modified: str = Field(default_factory=utc_now)


class ArticleSetKind(StrEnum):
    SAMPLE = "sample"
    RELIABILITY = "reliability"
    MANUAL = "manual"


class ArticleSet(SQLModel, table=True):
    """A named set of articles: a drawn sample, a reliability subsample or a hand-made set (0013).

    ``method`` is JSON saying how a drawn set was drawn (design, strata, size, seed, the size of
    the population it was drawn from), so that the same draw can be made again.
    """

    __tablename__ = "article_set"
    __table_args__ = (
        CheckConstraint("kind IN ('sample', 'reliability', 'manual')", name="kind"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    name: str = Field(unique=True)
    kind: str
    method: str = "{}"
    created: str = Field(default_factory=utc_now)


class ArticleSetMember(SQLModel, table=True):
    """An article of a set, at its place in the set's order (the order it was drawn in)."""

    __tablename__ = "article_set_member"
    __table_args__ = (
        PrimaryKeyConstraint("set_id", "article_id"),
        # Cascades from an article, and the sets an article is in.
        Index("ix_article_set_member_article", "article_id"),
    )
    set_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("article_set.id", ondelete="CASCADE"), primary_key=True
        )
    )
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    )
    position: int


class Assignment(SQLModel, table=True):
    """A set given to a coder to code."""

    __table_args__ = (PrimaryKeyConstraint("set_id", "coder"),)
    set_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("article_set.id", ondelete="CASCADE"), primary_key=True
        )
    )
    coder: str = Field(primary_key=True)
    created: str = Field(default_factory=utc_now)
