"""What a unit reports to Socialstyrelsen: försörjningshinder, separate meetings, the plan

Revision ID: 0013
Revises: 0012

Per adult the caseworker's försörjningshinder; per household whether the adults had separate
meetings and the day a plan for self-support was made.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("first_meeting") as batch:
        batch.add_column(sa.Column("separate_meetings", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("plan_made_on", sa.Date(), nullable=True))
    op.create_table(
        "support_obstacle",
        sa.Column("submission_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["submission_pk"], ["submission.id"], ondelete="CASCADE",
                                name="fk_support_obstacle_submission"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="SET NULL",
                                name="fk_support_obstacle_user"),
        sa.PrimaryKeyConstraint("submission_pk", "position"))


def downgrade() -> None:
    op.drop_table("support_obstacle")
    with op.batch_alter_table("first_meeting") as batch:
        batch.drop_column("plan_made_on")
        batch.drop_column("separate_meetings")
