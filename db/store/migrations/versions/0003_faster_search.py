"""Faster search index: insert triggers that bulk imports can defer; title weight in the config.

Each insert trigger first asks cd_index_on_insert(), a function the connection creating or
upgrading a file registers (db.store.legacy). The article index ranks with ``bm25(8.0, 1.0)`` by default,
so ``ORDER BY rank`` (which FTS5 sorts itself, computing snippets only for the rows returned)
weighs the title eight times.

Frozen: the statements are the ones this revision ran when it was released. Never change them;
a change of schema is a new revision.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UPGRADE = (
    "DROP TRIGGER IF EXISTS article_fts_ai",
    "CREATE TRIGGER article_fts_ai AFTER INSERT ON article WHEN cd_index_on_insert() BEGIN INSERT INTO article_fts(rowid, title, body) VALUES (new.id, cd_fold(new.title), cd_body(new.text, new.hidden_spans)); END",
    "DROP TRIGGER IF EXISTS caption_fts_ai",
    "CREATE TRIGGER caption_fts_ai AFTER INSERT ON caption WHEN cd_index_on_insert() BEGIN INSERT INTO caption_fts(rowid, text, credit) VALUES (new.id, cd_fold(new.text), cd_fold(new.credit)); END",
    "DROP TRIGGER IF EXISTS highlight_fts_ai",
    "CREATE TRIGGER highlight_fts_ai AFTER INSERT ON highlight WHEN cd_index_on_insert() BEGIN INSERT INTO highlight_fts(rowid, exact) VALUES (new.id, cd_fold(new.exact)); END",
    "DROP TRIGGER IF EXISTS note_fts_ai",
    "CREATE TRIGGER note_fts_ai AFTER INSERT ON note WHEN cd_index_on_insert() BEGIN INSERT INTO note_fts(rowid, body) VALUES (new.id, cd_fold(new.body)); END",
    "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(8.0, 1.0)')",
)

DOWNGRADE = (
    "DELETE FROM article_fts_config WHERE k = 'rank'",
    "DROP TRIGGER IF EXISTS article_fts_ai",
    "CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN INSERT INTO article_fts(rowid, title, body) VALUES (new.id, cd_fold(new.title), cd_body(new.text, new.hidden_spans)); END",
    "DROP TRIGGER IF EXISTS caption_fts_ai",
    "CREATE TRIGGER caption_fts_ai AFTER INSERT ON caption BEGIN INSERT INTO caption_fts(rowid, text, credit) VALUES (new.id, cd_fold(new.text), cd_fold(new.credit)); END",
    "DROP TRIGGER IF EXISTS highlight_fts_ai",
    "CREATE TRIGGER highlight_fts_ai AFTER INSERT ON highlight BEGIN INSERT INTO highlight_fts(rowid, exact) VALUES (new.id, cd_fold(new.exact)); END",
    "DROP TRIGGER IF EXISTS note_fts_ai",
    "CREATE TRIGGER note_fts_ai AFTER INSERT ON note BEGIN INSERT INTO note_fts(rowid, body) VALUES (new.id, cd_fold(new.body)); END",
)


def upgrade() -> None:
    for sql in UPGRADE:
        op.execute(sql)


def downgrade() -> None:
    for sql in DOWNGRADE:
        op.execute(sql)
