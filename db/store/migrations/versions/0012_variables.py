"""Article variables, the content analyst's coding sheet, and who wrote each note.

``variable``: a variable coded once per article per coder (nominal, ordinal, numeric, yes/no,
date or text), in the sheet's order. ``variable_option``: the values of a nominal or ordinal
variable, a code and its label each. ``variable_value``: what a coder coded for an article,
stored canonically as text. ``note.coder``: who wrote a note, as highlights have it.

The statements are literal: what this revision does never changes with the code.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

UPGRADE = (
    "ALTER TABLE note ADD COLUMN coder VARCHAR DEFAULT '' NOT NULL",
    """CREATE TABLE variable (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	uid VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	label VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	description VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT ck_variable_kind CHECK (kind IN ('nominal', 'ordinal', 'numeric', 'yesno', 'date', 'text')), 
	CONSTRAINT uq_variable_uid UNIQUE (uid), 
	CONSTRAINT uq_variable_name UNIQUE (name)
)""",
    """CREATE TABLE variable_option (
	variable_id INTEGER NOT NULL, 
	value INTEGER NOT NULL, 
	label VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_variable_option PRIMARY KEY (variable_id, value), 
	CONSTRAINT fk_variable_option_variable_id_variable FOREIGN KEY(variable_id) REFERENCES variable (id) ON DELETE CASCADE
)""",
    """CREATE TABLE variable_value (
	article_id INTEGER NOT NULL, 
	variable_id INTEGER NOT NULL, 
	coder VARCHAR DEFAULT '' NOT NULL, 
	value VARCHAR NOT NULL, 
	created VARCHAR NOT NULL, 
	modified VARCHAR NOT NULL, 
	CONSTRAINT pk_variable_value PRIMARY KEY (article_id, variable_id, coder), 
	CONSTRAINT fk_variable_value_article_id_article FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE, 
	CONSTRAINT fk_variable_value_variable_id_variable FOREIGN KEY(variable_id) REFERENCES variable (id) ON DELETE CASCADE
)""",
    "CREATE INDEX ix_variable_value_variable ON variable_value (variable_id, value)",
)
DOWNGRADE = (
    "DROP INDEX ix_variable_value_variable",
    "DROP TABLE variable_value",
    "DROP TABLE variable_option",
    "DROP TABLE variable",
    "ALTER TABLE note DROP COLUMN coder",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
