"""The self-rating nearest work per household, for the queue's sort by self-rating

Revision ID: 0014
Revises: 0013

Sorting by a value computed from every record's adults read all 100 000 households; kept on
the record and indexed with the queue's other columns, a page is read in order. Records sent
before this migration get the alphabetically first category code of their adults, which is
the nearest for the shipped codes (am1, am2, am3).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submission") as batch:
        batch.add_column(sa.Column("nearest_self_rating", sa.String(16), nullable=True))
    op.execute("UPDATE submission SET nearest_self_rating = (SELECT MIN(self_rated_category) "
               "FROM submission_person WHERE submission_person.submission_pk = submission.id)")
    op.create_index("ix_submission_nearest_created_at", "submission",
                    ["nearest_self_rating", "created_at", "status", "locale",
                     "interpreter_needed"])


def downgrade() -> None:
    op.drop_index("ix_submission_nearest_created_at", table_name="submission")
    with op.batch_alter_table("submission") as batch:
        batch.drop_column("nearest_self_rating")
