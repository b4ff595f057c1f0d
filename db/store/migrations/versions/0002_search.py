"""Full-text search: FTS5 indexes over articles, captions, highlight quotes and notes.

Each indexed table gets an external-content FTS5 table whose content is a view of the folded
text, and three triggers keeping the index in step. The views and triggers call cd_fold and
cd_body, which the connection creating or upgrading a file registers (db.store.legacy).

Frozen: the statements are the ones this revision ran when it was released. Never change them;
a change of schema is a new revision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UPGRADE = (
    # article
    "CREATE VIEW article_search AS SELECT id, cd_fold(article.title) AS title, cd_body(article.text, article.hidden_spans) AS body FROM article",
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, body, content='article_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN INSERT INTO article_fts(rowid, title, body) VALUES (new.id, cd_fold(new.title), cd_body(new.text, new.hidden_spans)); END",
    "CREATE TRIGGER article_fts_ad AFTER DELETE ON article BEGIN INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', old.id, cd_fold(old.title), cd_body(old.text, old.hidden_spans)); END",
    "CREATE TRIGGER article_fts_au AFTER UPDATE OF hidden_spans, text, title ON article BEGIN INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', old.id, cd_fold(old.title), cd_body(old.text, old.hidden_spans)); INSERT INTO article_fts(rowid, title, body) VALUES (new.id, cd_fold(new.title), cd_body(new.text, new.hidden_spans)); END",
    # caption
    "CREATE VIEW caption_search AS SELECT id, cd_fold(caption.text) AS text, cd_fold(caption.credit) AS credit FROM caption",
    "CREATE VIRTUAL TABLE caption_fts USING fts5(text, credit, content='caption_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER caption_fts_ai AFTER INSERT ON caption BEGIN INSERT INTO caption_fts(rowid, text, credit) VALUES (new.id, cd_fold(new.text), cd_fold(new.credit)); END",
    "CREATE TRIGGER caption_fts_ad AFTER DELETE ON caption BEGIN INSERT INTO caption_fts(caption_fts, rowid, text, credit) VALUES ('delete', old.id, cd_fold(old.text), cd_fold(old.credit)); END",
    "CREATE TRIGGER caption_fts_au AFTER UPDATE OF credit, text ON caption BEGIN INSERT INTO caption_fts(caption_fts, rowid, text, credit) VALUES ('delete', old.id, cd_fold(old.text), cd_fold(old.credit)); INSERT INTO caption_fts(rowid, text, credit) VALUES (new.id, cd_fold(new.text), cd_fold(new.credit)); END",
    # highlight
    "CREATE VIEW highlight_search AS SELECT id, cd_fold(highlight.exact) AS exact FROM highlight",
    "CREATE VIRTUAL TABLE highlight_fts USING fts5(exact, content='highlight_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER highlight_fts_ai AFTER INSERT ON highlight BEGIN INSERT INTO highlight_fts(rowid, exact) VALUES (new.id, cd_fold(new.exact)); END",
    "CREATE TRIGGER highlight_fts_ad AFTER DELETE ON highlight BEGIN INSERT INTO highlight_fts(highlight_fts, rowid, exact) VALUES ('delete', old.id, cd_fold(old.exact)); END",
    "CREATE TRIGGER highlight_fts_au AFTER UPDATE OF exact ON highlight BEGIN INSERT INTO highlight_fts(highlight_fts, rowid, exact) VALUES ('delete', old.id, cd_fold(old.exact)); INSERT INTO highlight_fts(rowid, exact) VALUES (new.id, cd_fold(new.exact)); END",
    # note
    "CREATE VIEW note_search AS SELECT id, cd_fold(note.body) AS body FROM note",
    "CREATE VIRTUAL TABLE note_fts USING fts5(body, content='note_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER note_fts_ai AFTER INSERT ON note BEGIN INSERT INTO note_fts(rowid, body) VALUES (new.id, cd_fold(new.body)); END",
    "CREATE TRIGGER note_fts_ad AFTER DELETE ON note BEGIN INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, cd_fold(old.body)); END",
    "CREATE TRIGGER note_fts_au AFTER UPDATE OF body ON note BEGIN INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, cd_fold(old.body)); INSERT INTO note_fts(rowid, body) VALUES (new.id, cd_fold(new.body)); END",
    # index what a file at 0001 already holds
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
    "INSERT INTO caption_fts(caption_fts) VALUES ('rebuild')",
    "INSERT INTO highlight_fts(highlight_fts) VALUES ('rebuild')",
    "INSERT INTO note_fts(note_fts) VALUES ('rebuild')",
)

DOWNGRADE = (
    "DROP TRIGGER IF EXISTS article_fts_ai",
    "DROP TRIGGER IF EXISTS article_fts_ad",
    "DROP TRIGGER IF EXISTS article_fts_au",
    "DROP TABLE IF EXISTS article_fts",
    "DROP VIEW IF EXISTS article_search",
    "DROP TRIGGER IF EXISTS caption_fts_ai",
    "DROP TRIGGER IF EXISTS caption_fts_ad",
    "DROP TRIGGER IF EXISTS caption_fts_au",
    "DROP TABLE IF EXISTS caption_fts",
    "DROP VIEW IF EXISTS caption_search",
    "DROP TRIGGER IF EXISTS highlight_fts_ai",
    "DROP TRIGGER IF EXISTS highlight_fts_ad",
    "DROP TRIGGER IF EXISTS highlight_fts_au",
    "DROP TABLE IF EXISTS highlight_fts",
    "DROP VIEW IF EXISTS highlight_search",
    "DROP TRIGGER IF EXISTS note_fts_ai",
    "DROP TRIGGER IF EXISTS note_fts_ad",
    "DROP TRIGGER IF EXISTS note_fts_au",
    "DROP TABLE IF EXISTS note_fts",
    "DROP VIEW IF EXISTS note_search",
)


def upgrade() -> None:
    for sql in UPGRADE:
        op.execute(sql)


def downgrade() -> None:
    for sql in DOWNGRADE:
        op.execute(sql)
