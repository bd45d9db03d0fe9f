"""A second factor for staff: TOTP secret, last step used and recovery code hashes

Revision ID: 0027
Revises: 0025

Caseworkers and administrators read the most sensitive data a municipality holds; a password
alone is not enough. Existing users enrol at their next sign-in.
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as table:
        table.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        table.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        table.add_column(sa.Column("recovery_hashes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_account") as table:
        table.drop_column("recovery_hashes")
        table.drop_column("totp_last_step")
        table.drop_column("totp_secret")
