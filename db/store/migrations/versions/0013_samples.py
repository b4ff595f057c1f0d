"""Samples and assignments: named sets of articles, and the coders each set is given to.

``article_set``: a named set of articles, drawn (a sample, a reliability subsample) or made by
hand, with JSON saying how it was drawn. ``article_set_member``: the articles of a set, in the
order they were drawn. ``assignment``: a set given to a coder.

The statements are literal: what this revision does never changes with the code.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

UPGRADE = (
    """CREATE TABLE article_set (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	uid VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	method VARCHAR NOT NULL, 
	created VARCHAR NOT NULL, 
	CONSTRAINT ck_article_set_kind CHECK (kind IN ('sample', 'reliability', 'manual')), 
	CONSTRAINT uq_article_set_uid UNIQUE (uid), 
	CONSTRAINT uq_article_set_name UNIQUE (name)
)""",
    """CREATE TABLE article_set_member (
	set_id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_article_set_member PRIMARY KEY (set_id, article_id), 
	CONSTRAINT fk_article_set_member_set_id_article_set FOREIGN KEY(set_id) REFERENCES article_set (id) ON DELETE CASCADE, 
	CONSTRAINT fk_article_set_member_article_id_article FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE
)""",
    "CREATE INDEX ix_article_set_member_article ON article_set_member (article_id)",
    """CREATE TABLE assignment (
	set_id INTEGER NOT NULL, 
	coder VARCHAR NOT NULL, 
	created VARCHAR NOT NULL, 
	CONSTRAINT pk_assignment PRIMARY KEY (set_id, coder), 
	CONSTRAINT fk_assignment_set_id_article_set FOREIGN KEY(set_id) REFERENCES article_set (id) ON DELETE CASCADE
)""",
)
DOWNGRADE = (
    "DROP TABLE assignment",
    "DROP INDEX ix_article_set_member_article",
    "DROP TABLE article_set_member",
    "DROP TABLE article_set",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
