"""Indexes for the article list's orders, so every sort of 100,000 articles stays fast.

Sorting by title, section or date otherwise reads every article row (their texts included);
with these, SQLite walks an index in order. The list asks ``ORDER BY <column>, id``, and these
indexes end in the rowid, so no sort step is left.

The statements are literal: what this revision does never changes with the code.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_article_title_nocase": "CREATE INDEX ix_article_title_nocase ON article (title COLLATE NOCASE)",
    "ix_article_section_nocase": "CREATE INDEX ix_article_section_nocase ON article (section COLLATE NOCASE)",
    "ix_article_published": "CREATE INDEX ix_article_published ON article (published)",
}


def upgrade() -> None:
    for sql in INDEXES.values():
        op.execute(sql)


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
