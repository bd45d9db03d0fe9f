"""Follow-up state indexed in the order the tables group it

Revision ID: 0019
Revises: 0018

A period's count, agreement and transition tables group the stretches and pairs in force on
its end day by their profile. Indexed by end and then profile, the rows still in force come
out of the index already in profile order, so SQLite counts them as it reads them instead of
sorting 100 000 strings first (at 100 000 households: 64 ms to 35 ms for the persons, 87 ms
to 48 ms for the transitions, CPU, on the development machine).
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_stats_state_in_force", table_name="stats_state")
    op.create_index("ix_stats_state_in_force", "stats_state",
                    ["valid_to", "profile", "applied_on", "valid_from"])
    op.drop_index("ix_stats_pair_period", table_name="stats_pair")
    op.create_index("ix_stats_pair_period", "stats_pair",
                    ["end_to", "profile", "end_from", "start_from", "start_to"])


def downgrade() -> None:
    op.drop_index("ix_stats_pair_period", table_name="stats_pair")
    op.create_index("ix_stats_pair_period", "stats_pair",
                    ["end_from", "end_to", "start_from", "start_to", "profile"])
    op.drop_index("ix_stats_state_in_force", table_name="stats_state")
    op.create_index("ix_stats_state_in_force", "stats_state",
                    ["valid_to", "applied_on", "valid_from", "profile"])
