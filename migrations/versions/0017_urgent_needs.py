"""Urgent needs: a sent application says whether the household needs help today

Revision ID: 0017
Revises: 0016

The questionnaire now asks first whether someone has nowhere to sleep tonight, no food today,
is unsafe at home, lacks medicine or a child lacks care. The answers stay sealed; the record
keeps in clear only that the household needs help today, so the queue can show those first
(read from an index: urgent, status, time sent). Records sent before were never asked.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submission") as batch:
        batch.add_column(sa.Column("urgent", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_index("ix_submission_urgent_status_created_at", "submission",
                    ["urgent", "status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_submission_urgent_status_created_at", table_name="submission")
    with op.batch_alter_table("submission") as batch:
        batch.drop_column("urgent")
