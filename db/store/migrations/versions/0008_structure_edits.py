"""The researcher's corrections of an article's structure, kept apart from the parser's blocks.

One row per correction: a span given a kind (``kind`` set), or a line split at ``start``
(``kind`` NULL). The blocks shown are the parser's with these applied in order; a new parse
of the same text applies them again. Nothing else changes: no text, no offset, no index.

The statements are literal: what this revision does never changes with the code.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLE = """CREATE TABLE structure_edit (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	article_id INTEGER NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	kind VARCHAR, 
	created VARCHAR NOT NULL, 
	CONSTRAINT ck_structure_edit_span CHECK (start >= 0 AND end >= start), 
	CONSTRAINT fk_structure_edit_article_id_article FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE
)"""
INDEX = "CREATE INDEX ix_structure_edit_article_id ON structure_edit (article_id)"


def upgrade() -> None:
    op.execute(TABLE)
    op.execute(INDEX)


def downgrade() -> None:
    op.execute("DROP INDEX ix_structure_edit_article_id")
    op.execute("DROP TABLE structure_edit")
