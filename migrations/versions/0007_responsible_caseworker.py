"""a responsible caseworker per record

Revision ID: 0007
Revises: 0006

"Assign to me" and the queue's "mine" filter and sort: the caseworker responsible for a
record, as in Nynäshamn's boards (who is responsible for which client). A removed account
leaves the record unassigned.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submission") as batch:
        batch.add_column(sa.Column("responsible_user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_submission_responsible_user", "user_account",
                                 ["responsible_user_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_submission_responsible_user_id", ["responsible_user_id"])


def downgrade() -> None:
    with op.batch_alter_table("submission") as batch:
        batch.drop_index("ix_submission_responsible_user_id")
        batch.drop_constraint("fk_submission_responsible_user", type_="foreignkey")
        batch.drop_column("responsible_user_id")
