"""The first meeting's arrangements

Revision ID: 0010
Revises: 0009

The day, the expected length and whether the interpreter is booked, for the agenda and for
the follow-up's days from application to first meeting.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "first_meeting",
        sa.Column("submission_pk", sa.Integer(), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("interpreter_booked", sa.Boolean(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["submission_pk"], ["submission.id"], ondelete="CASCADE",
                                name="fk_first_meeting_submission"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="SET NULL",
                                name="fk_first_meeting_user"),
        sa.PrimaryKeyConstraint("submission_pk", name="pk_first_meeting"))


def downgrade() -> None:
    op.drop_table("first_meeting")
