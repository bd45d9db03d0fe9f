"""Rate-limit counters and sign-in failures in the database, shared by every process

Revision ID: 0025
Revises: 0024

Rate-limit counters lived in each worker's memory, so two workers allowed twice the limit;
they now live in `rate_limit_counter` (unless Redis is configured). Sign-in no longer locks an
account after five wrong passwords – which anyone could do to anyone – but makes each key
(account and address, account, address) wait longer after each failure: `sign_in_failures`.
The account's own failure count and lock go.
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_counter",
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_rate_limit_counter_expires_at", "rate_limit_counter", ["expires_at"])
    op.create_table(
        "sign_in_failures",
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column("account_hash", sa.String(64), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_sign_in_failures_account_hash", "sign_in_failures", ["account_hash"])
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("failed_sign_ins")
        batch.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("failed_sign_ins", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
    op.drop_index("ix_sign_in_failures_account_hash", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
    op.drop_index("ix_rate_limit_counter_expires_at", table_name="rate_limit_counter")
    op.drop_table("rate_limit_counter")
