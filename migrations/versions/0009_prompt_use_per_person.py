"""MI prompts used, per adult

Revision ID: 0009
Revises: 0008

A prompt about one adult ("Du har nämnt …") is recorded for that adult; a household prompt
has no position. Ticks can now be undone, so a row is removed when its tick is.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("prompt_use") as batch:
        batch.add_column(sa.Column("position", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("prompt_use") as batch:
        batch.drop_column("position")
