"""Readings over time: follow-up codes and the readings they open

Revision ID: 0021
Revises: 0020

A caseworker gives an adult a follow-up code at a later meeting; with it the person rates
themselves again. The code is stored only as a keyed hash; the reading's ratings are sealed
under the record key, its category is in clear for the follow-up statistics. Both belong to
the record's adult they were given for and go with the record.
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def _person_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    ]


def _person_constraints() -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(["submission_pk"], ["submission.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["issued_by"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    ]


def upgrade() -> None:
    op.create_table(
        "follow_up_code",
        *_person_columns(),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        *_person_constraints(),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index("ix_follow_up_code_record_person", "follow_up_code",
                    ["submission_pk", "position"])
    op.create_table(
        "follow_up_reading",
        *_person_columns(),
        sa.Column("reading_id", sa.String(length=32), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.LargeBinary(), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=True),
        sa.Column("rehabilitation", sa.String(length=16), nullable=True),
        *_person_constraints(),
        sa.UniqueConstraint("reading_id"),
    )
    op.create_index("ix_follow_up_reading_record_person", "follow_up_reading",
                    ["submission_pk", "position"])


def downgrade() -> None:
    op.drop_index("ix_follow_up_reading_record_person", table_name="follow_up_reading")
    op.drop_table("follow_up_reading")
    op.drop_index("ix_follow_up_code_record_person", table_name="follow_up_code")
    op.drop_table("follow_up_code")
