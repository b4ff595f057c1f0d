"""Articles that are the same story: each article's story and the signature that placed it.

``article.story``: the story an article belongs to, named by an article id (its copies share
it); empty for an article not yet compared. ``article_signature``: the MinHash signature of
each compared article's body, so that a later import compares new files with it.

The statements are literal: what this revision does never changes with the code.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

UPGRADE = (
    "ALTER TABLE article ADD COLUMN story INTEGER",
    "CREATE INDEX ix_article_story ON article (story)",
    """CREATE TABLE article_signature (
	article_id INTEGER NOT NULL, 
	signature BLOB NOT NULL, 
	PRIMARY KEY (article_id), 
	FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE
)""",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE article_signature")
    op.execute("DROP INDEX ix_article_story")
    op.execute("ALTER TABLE article DROP COLUMN story")
