"""The TOTP secret sealed like the other secrets of the database

Revision ID: 0029
Revises: 0028

A TOTP secret read from a copy of the database would let its holder make a caseworker's
codes; sealed under the identity key (selfservice/storage.py), the database alone gives
nothing. A secret set up before this migration stays in ``totp_secret`` until its next use
seals it (accounts/second_factor.py), or ``flask --app wsgi rotate-keys`` does.
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as table:
        table.add_column(sa.Column("totp_sealed", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_account") as table:
        table.drop_column("totp_sealed")
