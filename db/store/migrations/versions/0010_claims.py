"""Claims as records apart from the passages that state them, and who made them.

``claim``: the wording, claimant, date, status, verdict (a step of the project's ``rating``
scale) with its reasoning, tags, notes and evidence links. ``mention``: a highlight that
states a claim (one claim a highlight at most). ``rejection``: a passage the researcher said
does not mention a claim, so it is not offered again.

The statements are literal: what this revision does never changes with the code.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

UPGRADE = (
    """CREATE TABLE claimant (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	uid VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	aliases VARCHAR NOT NULL, 
	created VARCHAR NOT NULL, 
	CONSTRAINT ck_claimant_kind CHECK (kind IN ('person', 'organisation')), 
	CONSTRAINT uq_claimant_uid UNIQUE (uid)
)""",
    """CREATE TABLE rating (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	uid VARCHAR NOT NULL, 
	label VARCHAR NOT NULL, 
	value FLOAT NOT NULL, 
	CONSTRAINT uq_rating_uid UNIQUE (uid)
)""",
    """CREATE TABLE claim (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	uid VARCHAR NOT NULL, 
	wording VARCHAR NOT NULL, 
	claimant_id INTEGER, 
	made_on VARCHAR, 
	status VARCHAR NOT NULL, 
	rating_id INTEGER, 
	reasoning VARCHAR NOT NULL, 
	tags VARCHAR NOT NULL, 
	notes VARCHAR NOT NULL, 
	evidence VARCHAR NOT NULL, 
	created VARCHAR NOT NULL, 
	modified VARCHAR NOT NULL, 
	CONSTRAINT ck_claim_status CHECK (status IN ('open', 'checking', 'checked')), 
	CONSTRAINT uq_claim_uid UNIQUE (uid), 
	CONSTRAINT fk_claim_claimant_id_claimant FOREIGN KEY(claimant_id) REFERENCES claimant (id) ON DELETE SET NULL, 
	CONSTRAINT fk_claim_rating_id_rating FOREIGN KEY(rating_id) REFERENCES rating (id) ON DELETE SET NULL
)""",
    """CREATE TABLE mention (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	claim_id INTEGER NOT NULL, 
	highlight_id INTEGER NOT NULL, 
	coder VARCHAR NOT NULL, 
	created VARCHAR NOT NULL, 
	CONSTRAINT fk_mention_claim_id_claim FOREIGN KEY(claim_id) REFERENCES claim (id) ON DELETE CASCADE, 
	CONSTRAINT uq_mention_highlight_id UNIQUE (highlight_id), 
	CONSTRAINT fk_mention_highlight_id_highlight FOREIGN KEY(highlight_id) REFERENCES highlight (id) ON DELETE CASCADE
)""",
    """CREATE INDEX ix_mention_claim_id ON mention (claim_id)""",
    """CREATE TABLE rejection (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	claim_id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	created VARCHAR NOT NULL, 
	CONSTRAINT ck_rejection_span CHECK (start >= 0 AND end > start), 
	CONSTRAINT fk_rejection_claim_id_claim FOREIGN KEY(claim_id) REFERENCES claim (id) ON DELETE CASCADE, 
	CONSTRAINT fk_rejection_article_id_article FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE
)""",
    """CREATE INDEX ix_rejection_article_id ON rejection (article_id)""",
    """CREATE INDEX ix_rejection_claim_id ON rejection (claim_id)""",
)
DOWNGRADE = (
    "DROP TABLE rejection",
    "DROP INDEX ix_rejection_claim_id",
    "DROP INDEX ix_rejection_article_id",
    "DROP TABLE mention",
    "DROP INDEX ix_mention_claim_id",
    "DROP TABLE claim",
    "DROP TABLE rating",
    "DROP TABLE claimant",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
