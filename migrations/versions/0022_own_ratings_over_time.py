"""Transition pairs of the person's own ratings beside the caseworker's

Revision ID: 0022
Revises: 0021

With follow-up readings a person rates themselves more than once, so their own category has
a start and an end in a period as the caseworker's has: the pairs get a kind, and the indexes
lead with it so each table still reads only its own kind. The pairs of the own ratings are
made by `flask --app wsgi stats-rebuild` (run it once after this upgrade) and from then on
with every write; until then the table of own ratings is empty.
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_stats_pair_period", table_name="stats_pair")
    op.drop_index("ix_stats_pair_moves", table_name="stats_pair")
    with op.batch_alter_table("stats_pair") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False,
                                   server_default="caseworker"))
    op.create_index("ix_stats_pair_period", "stats_pair",
                    ["kind", "end_to", "profile", "end_from", "start_from", "start_to"])
    op.create_index("ix_stats_pair_moves", "stats_pair",
                    ["kind", "end_from", "end_to", "start_from", "start_to", "first_from",
                     "am_from", "am_to", "person_key"])


def downgrade() -> None:
    op.drop_index("ix_stats_pair_moves", table_name="stats_pair")
    op.drop_index("ix_stats_pair_period", table_name="stats_pair")
    op.execute("DELETE FROM stats_pair WHERE kind <> 'caseworker'")
    with op.batch_alter_table("stats_pair") as batch:
        batch.drop_column("kind")
    op.create_index("ix_stats_pair_period", "stats_pair",
                    ["end_to", "profile", "end_from", "start_from", "start_to"])
    op.create_index("ix_stats_pair_moves", "stats_pair",
                    ["end_from", "end_to", "start_from", "start_to", "first_from", "am_from",
                     "am_to", "person_key"])
