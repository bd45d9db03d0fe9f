"""Rating stretches indexed by their end, so the open ones are read on their own

Revision ID: 0016
Revises: 0015

A period ending today needs only the stretches still open; indexed by where they end, those
are one short range instead of every stretch of the period's applications.
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_stats_state_period", table_name="stats_state")
    op.create_index("ix_stats_state_in_force", "stats_state",
                    ["valid_to", "applied_on", "valid_from", "profile"])


def downgrade() -> None:
    op.drop_index("ix_stats_state_in_force", table_name="stats_state")
    op.create_index("ix_stats_state_period", "stats_state",
                    ["applied_on", "valid_from", "valid_to", "profile"])
