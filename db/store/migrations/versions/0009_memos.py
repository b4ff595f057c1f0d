"""Notes on the project as a whole (a journal, the project memo), apart from article notes.

The statements are literal: what this revision does never changes with the code.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLE = """CREATE TABLE memo (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	uid VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	body VARCHAR NOT NULL, 
	format VARCHAR NOT NULL, 
	lang VARCHAR, 
	created VARCHAR NOT NULL, 
	modified VARCHAR NOT NULL, 
	CONSTRAINT uq_memo_uid UNIQUE (uid)
)"""


def upgrade() -> None:
    op.execute(TABLE)


def downgrade() -> None:
    op.execute("DROP TABLE memo")
