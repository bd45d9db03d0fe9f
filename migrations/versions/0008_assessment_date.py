"""the date of the assessment with each caseworker rating

Revision ID: 0008
Revises: 0007

KNUT compares the category in force at the start and the end of a period: a rating counts
from the meeting it was made at, which may be days before it was typed in. Earlier ratings
take the date they were saved.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("caseworker_rating") as batch:
        batch.add_column(sa.Column("assessed_on", sa.Date(), nullable=True))
    op.execute("UPDATE caseworker_rating SET assessed_on = DATE(created_at)")


def downgrade() -> None:
    with op.batch_alter_table("caseworker_rating") as batch:
        batch.drop_column("assessed_on")
