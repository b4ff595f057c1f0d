"""Code memos and the codebook's audit trail.

``code.when_to_use``, ``code.when_not``, ``code.example``: the rest of a code's memo, the
standard codebook fields beside ``description`` (its definition). ``code_event``: who created,
renamed, moved, recoloured, described, merged, deleted or restored a code, and when, naming the
code by uid so the trail outlives it, with JSON detail (old and new values, the code merged into).

The statements are literal: what this revision does never changes with the code.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

UPGRADE = (
    "ALTER TABLE code ADD COLUMN when_to_use VARCHAR DEFAULT '' NOT NULL",
    "ALTER TABLE code ADD COLUMN when_not VARCHAR DEFAULT '' NOT NULL",
    "ALTER TABLE code ADD COLUMN example VARCHAR DEFAULT '' NOT NULL",
    """CREATE TABLE code_event (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	code_uid VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	coder VARCHAR NOT NULL, 
	at VARCHAR NOT NULL, 
	detail VARCHAR NOT NULL, 
	CONSTRAINT ck_code_event_action CHECK (action IN ('create', 'rename', 'move', 'recolour', 'describe', 'merge', 'delete', 'restore'))
)""",
    "CREATE INDEX ix_code_event_code ON code_event (code_uid)",
)
DOWNGRADE = (
    "DROP INDEX ix_code_event_code",
    "DROP TABLE code_event",
    "ALTER TABLE code DROP COLUMN example",
    "ALTER TABLE code DROP COLUMN when_not",
    "ALTER TABLE code DROP COLUMN when_to_use",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
