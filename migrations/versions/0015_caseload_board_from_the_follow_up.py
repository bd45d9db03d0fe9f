"""The caseload board read from the follow-up state per person

Revision ID: 0015
Revises: 0014

The unit's board read every adult and rating of 100 000 households in Python (0.8 s); each
person's latest application, own rating and category in force now are kept with the
follow-up state instead. Filled by `stats-rebuild` (run it after this upgrade).
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stats_person") as batch:
        batch.add_column(sa.Column("latest_submission_pk", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("latest_position", sa.Integer(), nullable=True))
        for name in ("self_am_now", "am_now", "rh_now"):
            batch.add_column(sa.Column(name, sa.String(16), nullable=True))
    op.create_index("ix_stats_person_board", "stats_person",
                    ["am_now", "first_submitted_on", "self_am_now"])
    op.create_index("ix_stats_person_latest", "stats_person", ["latest_submission_pk"])
    with op.batch_alter_table("stats_pair") as batch:
        batch.add_column(sa.Column("first_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("am_from", sa.String(16), nullable=True))
        batch.add_column(sa.Column("am_to", sa.String(16), nullable=True))
    op.create_index("ix_stats_pair_moves", "stats_pair",
                    ["end_from", "end_to", "start_from", "start_to", "first_from", "am_from",
                     "am_to", "person_key"])


def downgrade() -> None:
    op.drop_index("ix_stats_pair_moves", table_name="stats_pair")
    with op.batch_alter_table("stats_pair") as batch:
        for name in ("am_to", "am_from", "first_from"):
            batch.drop_column(name)
    op.drop_index("ix_stats_person_latest", table_name="stats_person")
    op.drop_index("ix_stats_person_board", table_name="stats_person")
    with op.batch_alter_table("stats_person") as batch:
        for name in ("rh_now", "am_now", "self_am_now", "latest_position",
                     "latest_submission_pk"):
            batch.drop_column(name)
