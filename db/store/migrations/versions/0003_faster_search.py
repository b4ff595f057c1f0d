"""Faster search index: insert triggers that bulk imports can defer; title weight in the config.

The article index ranks with ``bm25(8.0, 1.0)`` by default, so ``ORDER BY rank`` (which FTS5
sorts itself, computing snippets only for the rows returned) weighs the title eight times.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op

from db.index.fts import RANK, SPECS, insert_trigger

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for spec in SPECS:
        op.execute(f"DROP TRIGGER IF EXISTS {spec.table}_fts_ai")
        op.execute(insert_trigger(spec))
    op.execute(RANK)


def downgrade() -> None:
    op.execute("DELETE FROM article_fts_config WHERE k = 'rank'")
    for spec in SPECS:
        cols = ", ".join(spec.columns)
        op.execute(f"DROP TRIGGER IF EXISTS {spec.table}_fts_ai")
        op.execute(
            f"CREATE TRIGGER {spec.table}_fts_ai AFTER INSERT ON {spec.table} BEGIN "
            f"INSERT INTO {spec.fts}(rowid, {cols}) VALUES (new.id, {spec.exprs('new')}); END"
        )
