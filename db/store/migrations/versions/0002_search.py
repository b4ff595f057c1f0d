"""Full-text search: FTS5 indexes over articles, captions, highlight quotes and notes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

from db.index.fts import create_statements, drop_statements, rebuild_statements

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for sql in [*create_statements(), *rebuild_statements()]:
        op.execute(sql)


def downgrade() -> None:
    for sql in drop_statements():
        op.execute(sql)
