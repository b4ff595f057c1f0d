"""Insert triggers of the search index can be switched off per connection for bulk imports.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op

from db.fts import SPECS, insert_trigger

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for spec in SPECS:
        op.execute(f"DROP TRIGGER IF EXISTS {spec.table}_fts_ai")
        op.execute(insert_trigger(spec))


def downgrade() -> None:
    for spec in SPECS:
        cols = ", ".join(spec.columns)
        op.execute(f"DROP TRIGGER IF EXISTS {spec.table}_fts_ai")
        op.execute(
            f"CREATE TRIGGER {spec.table}_fts_ai AFTER INSERT ON {spec.table} BEGIN "
            f"INSERT INTO {spec.fts}(rowid, {cols}) VALUES (new.id, {spec.exprs('new')}); END"
        )
