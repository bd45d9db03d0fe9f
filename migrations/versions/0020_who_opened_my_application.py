"""Who opened my application: audit entries name their application, and a secret opens them

Revision ID: 0020
Revises: 0019

An applicant can see when their application was opened, by which unit and for what, with the
reference code and a secret given at submission. Audit entries about one application now name
its reference code (entries from before name none, and keep the hash they were written with);
the secret is stored only as a keyed hash, for as long as the audit entries it opens.

The column is added in place, never by rebuilding ``audit_entry``: a rebuilt table on SQLite
would lose the trigger that refuses changes to entries.
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_entry", sa.Column("reference_code", sa.String(length=16), nullable=True))
    op.create_index("ix_audit_entry_reference_code", "audit_entry", ["reference_code"])
    op.create_table(
        "access_log_secret",
        sa.Column("reference_code", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("reference_code"),
    )
    op.create_index("ix_access_log_secret_created_at", "access_log_secret", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_access_log_secret_created_at", table_name="access_log_secret")
    op.drop_table("access_log_secret")
    op.drop_index("ix_audit_entry_reference_code", table_name="audit_entry")
    # SQLite 3.35+ drops a column in place, keeping the append-only trigger.
    op.drop_column("audit_entry", "reference_code")
