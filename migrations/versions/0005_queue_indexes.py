"""indexes for the caseworker queue's filters

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_submission_status_created_at", "submission", ["status", "created_at"])
    op.create_index("ix_submission_locale_created_at", "submission", ["locale", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_submission_locale_created_at", table_name="submission")
    op.drop_index("ix_submission_status_created_at", table_name="submission")
