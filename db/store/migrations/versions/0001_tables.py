"""Core tables: articles with their structure, codes, highlights and notes.

Frozen: the statements are the ones this revision ran when it was released, as SQLite stored them
in sqlite_master. Never change them; a change of schema is a new revision.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ARTICLE = """\
CREATE TABLE article (
\tid INTEGER NOT NULL, 
\tuid VARCHAR NOT NULL, 
\ttitle VARCHAR, 
\tsection VARCHAR NOT NULL, 
\tbyline VARCHAR, 
\tpublished VARCHAR, 
\toutlet VARCHAR, 
\turl VARCHAR, 
\tlanguage VARCHAR, 
\ttext VARCHAR NOT NULL, 
\ttext_sha256 VARCHAR NOT NULL, 
\thidden_spans VARCHAR NOT NULL, 
\torigin_path VARCHAR, 
\tencoding VARCHAR, 
\timported_at VARCHAR NOT NULL, 
\tCONSTRAINT pk_article PRIMARY KEY (id), 
\tCONSTRAINT uq_article_text_sha256 UNIQUE (text_sha256), 
\tCONSTRAINT uq_article_uid UNIQUE (uid)
)"""

CODE = """\
CREATE TABLE code (
\tid INTEGER NOT NULL, 
\tuid VARCHAR NOT NULL, 
\tname VARCHAR NOT NULL, 
\tcolor VARCHAR NOT NULL, 
\tdescription VARCHAR NOT NULL, 
\tparent_id INTEGER, 
\tsort INTEGER NOT NULL, 
\tCONSTRAINT pk_code PRIMARY KEY (id), 
\tCONSTRAINT fk_code_parent_id_code FOREIGN KEY(parent_id) REFERENCES code (id) ON DELETE CASCADE, 
\tCONSTRAINT uq_code_uid UNIQUE (uid)
)"""

PROJECT_INFO = """\
CREATE TABLE project_info (
\t"key" VARCHAR NOT NULL, 
\tvalue VARCHAR NOT NULL, 
\tCONSTRAINT pk_project_info PRIMARY KEY ("key")
)"""

BLOCK = """\
CREATE TABLE block (
\tid INTEGER NOT NULL, 
\tarticle_id INTEGER NOT NULL, 
\tseq INTEGER NOT NULL, 
\tkind VARCHAR NOT NULL, 
\tstart INTEGER NOT NULL, 
\t"end" INTEGER NOT NULL, 
\tCONSTRAINT pk_block PRIMARY KEY (id), 
\tCONSTRAINT fk_block_article_id_article FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE
)"""

IX_BLOCK_ARTICLE_ID = "CREATE INDEX ix_block_article_id ON block (article_id)"

IX_BLOCK_ARTICLE_SEQ = "CREATE INDEX ix_block_article_seq ON block (article_id, seq)"

CAPTION = """\
CREATE TABLE caption (
\tid INTEGER NOT NULL, 
\tarticle_id INTEGER NOT NULL, 
\tseq INTEGER NOT NULL, 
\ttext VARCHAR NOT NULL, 
\tcredit VARCHAR, 
\tstart INTEGER NOT NULL, 
\t"end" INTEGER NOT NULL, 
\tanchor INTEGER NOT NULL, 
\tCONSTRAINT pk_caption PRIMARY KEY (id), 
\tCONSTRAINT fk_caption_article_id_article FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE
)"""

IX_CAPTION_ARTICLE_ID = "CREATE INDEX ix_caption_article_id ON caption (article_id)"

HIGHLIGHT = """\
CREATE TABLE highlight (
\tid INTEGER NOT NULL, 
\tuid VARCHAR NOT NULL, 
\tarticle_id INTEGER NOT NULL, 
\tstart INTEGER NOT NULL, 
\t"end" INTEGER NOT NULL, 
\texact VARCHAR NOT NULL, 
\tprefix VARCHAR NOT NULL, 
\tsuffix VARCHAR NOT NULL, 
\ttext_sha256 VARCHAR NOT NULL, 
\tcode_id INTEGER, 
\tcoder VARCHAR NOT NULL, 
\tstatus VARCHAR NOT NULL, 
\tcreated VARCHAR NOT NULL, 
\tmodified VARCHAR NOT NULL, 
\tCONSTRAINT pk_highlight PRIMARY KEY (id), 
\tCONSTRAINT ck_highlight_span CHECK (start >= 0 AND end > start), 
\tCONSTRAINT fk_highlight_article_id_article FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE, 
\tCONSTRAINT fk_highlight_code_id_code FOREIGN KEY(code_id) REFERENCES code (id) ON DELETE SET NULL, 
\tCONSTRAINT uq_highlight_uid UNIQUE (uid)
)"""

IX_HIGHLIGHT_ARTICLE_ID = "CREATE INDEX ix_highlight_article_id ON highlight (article_id)"

NOTE = """\
CREATE TABLE note (
\tid INTEGER NOT NULL, 
\tuid VARCHAR NOT NULL, 
\tarticle_id INTEGER, 
\thighlight_id INTEGER, 
\tbody VARCHAR NOT NULL, 
\tformat VARCHAR NOT NULL, 
\tlang VARCHAR, 
\tcreated VARCHAR NOT NULL, 
\tmodified VARCHAR NOT NULL, 
\tCONSTRAINT pk_note PRIMARY KEY (id), 
\tCONSTRAINT ck_note_one_target CHECK ((article_id IS NULL) <> (highlight_id IS NULL)), 
\tCONSTRAINT fk_note_article_id_article FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE, 
\tCONSTRAINT fk_note_highlight_id_highlight FOREIGN KEY(highlight_id) REFERENCES highlight (id) ON DELETE CASCADE, 
\tCONSTRAINT uq_note_article_id UNIQUE (article_id), 
\tCONSTRAINT uq_note_highlight_id UNIQUE (highlight_id), 
\tCONSTRAINT uq_note_uid UNIQUE (uid)
)"""


def upgrade() -> None:
    for sql in (
        ARTICLE,
        CODE,
        PROJECT_INFO,
        BLOCK,
        IX_BLOCK_ARTICLE_ID,
        IX_BLOCK_ARTICLE_SEQ,
        CAPTION,
        IX_CAPTION_ARTICLE_ID,
        HIGHLIGHT,
        IX_HIGHLIGHT_ARTICLE_ID,
        NOTE,
    ):
        op.execute(sql)


def downgrade() -> None:
    for sql in (
        "DROP TABLE note",
        "DROP INDEX ix_highlight_article_id",
        "DROP TABLE highlight",
        "DROP INDEX ix_caption_article_id",
        "DROP TABLE caption",
        "DROP INDEX ix_block_article_seq",
        "DROP INDEX ix_block_article_id",
        "DROP TABLE block",
        "DROP TABLE project_info",
        "DROP TABLE code",
        "DROP TABLE article",
    ):
        op.execute(sql)
