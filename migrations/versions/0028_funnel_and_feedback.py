"""Where applicants stop and what they say after sending, counted without tracking anyone

Revision ID: 0028
Revises: 0027

Counters per day, language, channel and step (reached, completed), a histogram of the time
from the first step to sending, and the answers to the question after sending with their
month, language and channel. None of the three tables has a foreign key or any column that
names a draft, a record, a session or a person. A draft keeps which steps it has counted
(``funnel_marks``), so that a step counts once per draft; it goes with the draft.
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def _counted_under() -> list[sa.Column]:
    """What a counter is counted under: a Swedish day, a language and a channel."""
    return [sa.Column("day", sa.Date(), nullable=False),
            sa.Column("locale", sa.String(length=16), nullable=False),
            sa.Column("channel", sa.String(length=8), nullable=False)]


def upgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("funnel_marks", sa.Text(), nullable=True))
    op.create_table(
        "funnel_step",
        *_counted_under(),
        sa.Column("step", sa.String(length=64), nullable=False),
        sa.Column("reached", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "locale", "channel", "step"),
    )
    op.create_table(
        "funnel_duration",
        *_counted_under(),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "locale", "channel", "minutes"),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("ease", sa.String(length=16), nullable=True),
        sa.Column("helped", sa.String(length=16), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_feedback_month", "feedback", ["month"])


def downgrade() -> None:
    op.drop_index("ix_feedback_month", table_name="feedback")
    op.drop_table("feedback")
    op.drop_table("funnel_duration")
    op.drop_table("funnel_step")
    with op.batch_alter_table("draft") as batch:
        batch.drop_column("funnel_marks")
