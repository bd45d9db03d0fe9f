"""Audit chain head: appends to the audit log wait for one another

Revision ID: 0024
Revises: 0023

Two requests writing audit entries at the same moment could both link their entry to the same
one before, so the hash chain forked where nothing was changed. The chain head is one row
holding the newest entry's hash; every append writes it first and moves it in the same
transaction. It starts at the newest entry there is (a fork written before this migration
still shows in `flask --app wsgi audit-verify`, which says so).
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_audit_chain_head_one_row"),
        sa.PrimaryKeyConstraint("id"),
    )
    newest = op.get_bind().execute(sa.text(
        "SELECT id, entry_hash FROM audit_entry ORDER BY id DESC LIMIT 1")).first()
    op.bulk_insert(head, [{"id": 1, "entry_id": newest[0] if newest else None,
                           "entry_hash": newest[1] if newest else GENESIS}])


def downgrade() -> None:
    op.drop_table("audit_chain_head")
