"""a follow-up reading knows its code and the one session that holds it

Revision ID: 0031
Revises: 0030

A follow-up code opened its reading once, so a person who left quickly in the middle (the
quick exit ends the session) could not come back to it. Now the code opens its reading again
until the reading is finished, as a resume code opens a draft; and, as with drafts, only the
session that opened it last holds it (``holder_hash``), so a phone the person left loses it.
A reading opened before has no code to be found by and no holder: its session keeps it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("follow_up_reading") as batch:
        batch.add_column(sa.Column("code_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("holder_hash", sa.String(64), nullable=True))
        batch.create_foreign_key("fk_follow_up_reading_code", "follow_up_code",
                                 ["code_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_follow_up_reading_code_id", ["code_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("follow_up_reading") as batch:
        batch.drop_index("ix_follow_up_reading_code_id")
        batch.drop_constraint("fk_follow_up_reading_code", type_="foreignkey")
        batch.drop_column("holder_hash")
        batch.drop_column("code_id")
