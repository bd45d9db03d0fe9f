"""Follow-up rows read in one pass: transition pairs, rating stretches, days to assessment

Revision ID: 0012
Revises: 0011

A period's tables joined each person's spans, which at 100 000 households took a second;
these rows carry everything a table groups by, so a table is one pass over an index. Also the
days from a person's first application to their first assessment. Filled by `stats-rebuild`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stats_person") as batch:
        batch.add_column(sa.Column("days_to_assessment", sa.Integer(), nullable=True))
    op.create_index("ix_stats_person_waiting", "stats_person",
                    ["first_submitted_on", "first_assessed_on", "days_to_assessment"])
    op.create_table(
        "stats_pair",
        sa.Column("person_key", sa.String(80), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("start_from", sa.Date(), nullable=True),
        sa.Column("start_to", sa.Date(), nullable=True),
        sa.Column("end_from", sa.Date(), nullable=False),
        sa.Column("end_to", sa.Date(), nullable=True),
        sa.Column("profile", sa.String(160), nullable=False),
        sa.PrimaryKeyConstraint("person_key", "number"))
    op.create_index("ix_stats_pair_period", "stats_pair",
                    ["end_from", "end_to", "start_from", "start_to", "profile"])
    op.create_table(
        "stats_state",
        sa.Column("person_key", sa.String(80), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("profile", sa.String(160), nullable=False),
        sa.PrimaryKeyConstraint("person_key", "number"))
    op.create_index("ix_stats_state_period", "stats_state",
                    ["applied_on", "valid_from", "valid_to", "profile"])


def downgrade() -> None:
    op.drop_index("ix_stats_state_period", table_name="stats_state")
    op.drop_table("stats_state")
    op.drop_index("ix_stats_pair_period", table_name="stats_pair")
    op.drop_table("stats_pair")
    op.drop_index("ix_stats_person_waiting", table_name="stats_person")
    with op.batch_alter_table("stats_person") as batch:
        batch.drop_column("days_to_assessment")
