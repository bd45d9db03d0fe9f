"""What of the interpreter booking was typed (a dialect, another language), sealed for the queue

Revision ID: 0030
Revises: 0029

The queue shows the booking in Swedish; what was chosen from a list is kept in clear
(``interpreter_booking``), what was typed is kept here, masked and sealed under the record
key, so the queue opens this small cell for the rows it shows instead of the answers. A
record sent before has none until the next key rotation re-seals it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submission") as table:
        table.add_column(sa.Column("interpreter_typed", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submission") as table:
        table.drop_column("interpreter_typed")
