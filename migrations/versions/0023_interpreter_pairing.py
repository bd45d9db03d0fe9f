"""An interpreter follows the applicant's screen; the interpreter booking in the queue

Revision ID: 0023
Revises: 0022

A pairing lets an interpreter's device show the applicant's current question. It holds where
the applicant is and hashes of the code and of the follower's token, never answers; it goes
with its draft, and once the application is sent it belongs to the record (start, end,
language). The record keeps the coded interpreter booking answers (language, dialect, phone
or on site, …) in clear for the queue, like the interpreter need beside them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pairing",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("draft_id", sa.String(length=32), nullable=True),
        sa.Column("submission_pk", sa.Integer(), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("follower_hash", sa.String(length=64), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("show_answers", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("ended_by", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["submission_pk"], ["submission.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index("ix_pairing_draft_id", "pairing", ["draft_id"])
    op.create_index("ix_pairing_submission_pk", "pairing", ["submission_pk"])
    with op.batch_alter_table("submission") as batch:
        batch.add_column(sa.Column("interpreter_booking", sa.String(length=400), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submission") as batch:
        batch.drop_column("interpreter_booking")
    op.drop_index("ix_pairing_submission_pk", table_name="pairing")
    op.drop_index("ix_pairing_draft_id", table_name="pairing")
    op.drop_table("pairing")
