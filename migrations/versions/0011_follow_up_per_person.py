"""Follow-up per person: each person's groups and the categories in force over time

Revision ID: 0011
Revises: 0010

Filled by `flask --app wsgi stats-rebuild` (run it once after this upgrade) and then kept up
to date in the same transaction as every record, rating and purge.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stats_person",
        sa.Column("person_key", sa.String(80), nullable=False),
        sa.Column("gender", sa.String(16), nullable=True),
        sa.Column("age_band", sa.String(8), nullable=True),
        sa.Column("locale", sa.String(16), nullable=True),
        sa.Column("interpreter", sa.Boolean(), nullable=True),
        sa.Column("household", sa.String(16), nullable=True),
        sa.Column("applications", sa.Integer(), nullable=True),
        sa.Column("first_submitted_on", sa.Date(), nullable=True),
        sa.Column("first_assessed_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("person_key"))
    op.create_table(
        "stats_span",
        sa.Column("person_key", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("category", sa.String(16), nullable=True),
        sa.Column("rehabilitation", sa.String(16), nullable=True),
        sa.PrimaryKeyConstraint("person_key", "kind", "number"))
    op.create_index("ix_stats_span_in_force", "stats_span",
                    ["kind", "valid_from", "valid_to", "person_key", "number", "category",
                     "rehabilitation"])


def downgrade() -> None:
    op.drop_index("ix_stats_span_in_force", table_name="stats_span")
    op.drop_table("stats_span")
    op.drop_table("stats_person")
